using System.Collections.Concurrent;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Hosting;

/// <summary>What the vendor routes share: the simulated center, the credentials, the clock and token state.</summary>
internal sealed class EmulatorState(SimulatedContactCenter center, EmulatorCredentials credentials, EmulatorOptions options, FaultInjector faults)
{
    private long _tokensNotBeforeTicks = long.MinValue;
    private long _issued;

    public SimulatedContactCenter Center { get; } = center;

    public EmulatorCredentials Credentials { get; } = credentials;

    public EmulatorOptions Options { get; } = options;

    public IClock Clock => Options.Clock;

    public FaultInjector Faults { get; } = faults;

    /// <summary>Netaxis tokens issued: value → (expiry, is a refresh token).</summary>
    public ConcurrentDictionary<string, IssuedToken> NetaxisTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Tokens issued (or, for JWTs, dated) before this instant are rejected.</summary>
    public Instant TokensNotBefore => Instant.FromUnixTimeTicks(Interlocked.Read(ref _tokensNotBeforeTicks));

    public void ExpireTokens() => Interlocked.Exchange(ref _tokensNotBeforeTicks, Clock.GetCurrentInstant().ToUnixTimeTicks());

    public string NewTokenValue(string prefix) => $"{prefix}-{Interlocked.Increment(ref _issued)}-{Guid.NewGuid():N}";
}

/// <summary>A token the emulator issued.</summary>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="IsRefreshToken">Whether it is a refresh token (only good for getting a new access token).</param>
internal sealed record IssuedToken(Instant IssuedAt, Instant ExpiresAt, bool IsRefreshToken);
