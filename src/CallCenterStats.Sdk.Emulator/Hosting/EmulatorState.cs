using System.Collections.Concurrent;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Hosting;

/// <summary>What the vendor routes share: the simulated center, the credentials, the clock and token state.</summary>
internal sealed class EmulatorState(SimulatedContactCenter center, EmulatorCredentials credentials, EmulatorOptions options, FaultInjector faults)
{
    private long _tokensNotBeforeTicks = long.MinValue;
    private long _jwtsNotBeforeTicks = long.MinValue;
    private long _issued;

    public SimulatedContactCenter Center { get; } = center;

    public EmulatorCredentials Credentials { get; } = credentials;

    public EmulatorOptions Options { get; } = options;

    public IClock Clock => Options.Clock;

    public FaultInjector Faults { get; } = faults;

    /// <summary>Netaxis tokens issued: value → (expiry, is a refresh token).</summary>
    public ConcurrentDictionary<string, IssuedToken> NetaxisTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Netaxis tokens issued before this instant are rejected (<see cref="ExpireTokens"/>).</summary>
    public Instant TokensNotBefore => Instant.FromUnixTimeTicks(Interlocked.Read(ref _tokensNotBeforeTicks));

    /// <summary>
    /// The last expiry of Voximplant JWTs (<see cref="ExpireTokens"/> or <see cref="ExpireTokensInUse"/>): the JWTs
    /// presented before it, and those dated well before it, are rejected.
    /// </summary>
    public Instant JwtsNotBefore => Instant.FromUnixTimeTicks(Interlocked.Read(ref _jwtsNotBeforeTicks));

    /// <summary>Every token issued so far stops working: Netaxis access and refresh tokens, Voximplant JWTs.</summary>
    public void ExpireTokens()
    {
        var now = Clock.GetCurrentInstant().ToUnixTimeTicks();
        Interlocked.Exchange(ref _tokensNotBeforeTicks, now);
        Interlocked.Exchange(ref _jwtsNotBeforeTicks, now);
    }

    /// <summary>
    /// The tokens in use run out (the token-expiry fault): every token a client has already presented stops working
    /// (Netaxis access and refresh tokens, Voximplant JWTs; Voximplant also refuses JWTs dated well before now), while
    /// a token issued but not yet presented, as the one a client has just obtained by renewing, is spared. A token
    /// does not run out the moment it is issued; <see cref="ExpireTokens"/> voids those too.
    /// </summary>
    public void ExpireTokensInUse()
    {
        var now = Clock.GetCurrentInstant();
        Interlocked.Exchange(ref _jwtsNotBeforeTicks, now.ToUnixTimeTicks());
        foreach (var (value, token) in NetaxisTokens)
        {
            if (token.Presented && token.ExpiresAt > now)
            {
                NetaxisTokens.TryUpdate(value, token with { ExpiresAt = now }, token);
            }
        }
    }

    public string NewTokenValue(string prefix) => $"{prefix}-{Interlocked.Increment(ref _issued)}-{Guid.NewGuid():N}";
}

/// <summary>A token the emulator issued.</summary>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="IsRefreshToken">Whether it is a refresh token (only good for getting a new access token).</param>
/// <param name="Presented">Whether a client has presented it (and had it accepted) at least once.</param>
internal sealed record IssuedToken(Instant IssuedAt, Instant ExpiresAt, bool IsRefreshToken, bool Presented = false);
