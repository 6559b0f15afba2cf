using CallCenterStats.Sdk.Emulator.Faults;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator;

/// <summary>How the emulator is started: the simulated center's size and seed, the listening port, and faults.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Number of simulated agents; 20 by default.</summary>
    public int Agents { get; set; } = 20;

    /// <summary>Number of simulated days; 7 by default.</summary>
    public int Days { get; set; } = 7;

    /// <summary>The first simulated day; Monday 2024-03-11 by default (a fixed past week keeps tests reproducible).</summary>
    public LocalDate FirstDay { get; set; } = new(2024, 3, 11);

    /// <summary>The seed of the simulation and of fault injection; the same seed gives the same answers.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>The contact center's time zone (IANA id); shifts follow its wall clock. <c>Europe/Warsaw</c> by default.</summary>
    public string TimeZone { get; set; } = "Europe/Warsaw";

    /// <summary>How long Netaxis access tokens stay valid; 15 minutes by default.</summary>
    public Duration NetaxisTokenLifetime { get; set; } = Duration.FromMinutes(15);

    /// <summary>The clock the emulator judges "now" and token expiry by; the system clock by default.</summary>
    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>The faults to inject; none by default. Can be changed while running through <see cref="ContactCenterEmulator.Faults"/>.</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>
    /// The public key (PEM, <c>BEGIN PUBLIC KEY</c> or <c>BEGIN RSA PUBLIC KEY</c>) Voximplant JWTs are verified with,
    /// for tests that use a service account of their own (a fixed <c>credentials.json</c>). Null by default: the
    /// emulator makes a fresh key pair per start and hands out its <c>credentials.json</c> through
    /// <see cref="EmulatorCredentials.VoximplantCredentialsJson"/>, which has no private key to give when this is set.
    /// </summary>
    public string? VoximplantPublicKeyPem { get; set; }

    /// <summary>The Voximplant account id JWTs must name as <c>iss</c>; 1000001 by default.</summary>
    public long VoximplantAccountId { get; set; } = EmulatorCredentials.DefaultVoximplantAccountId;

    /// <summary>The Voximplant key id JWTs must name as <c>kid</c>; <c>emulator-key-1</c> by default.</summary>
    public string VoximplantKeyId { get; set; } = EmulatorCredentials.DefaultVoximplantKeyId;

    internal IEnumerable<string> Validate()
    {
        if (Clock is null)
        {
            yield return $"{nameof(Clock)} is required.";
        }

        if (Faults is null)
        {
            yield return $"{nameof(Faults)} is required (new FaultOptions() for none).";
        }

        if (Port is < 0 or > 65535)
        {
            yield return $"{nameof(Port)} must be between 0 and 65535.";
        }

        if (Agents < 1)
        {
            yield return $"{nameof(Agents)} must be at least 1.";
        }

        if (Days < 1)
        {
            yield return $"{nameof(Days)} must be at least 1.";
        }

        if (TimeZone is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            yield return $"{nameof(TimeZone)} '{TimeZone}' is not an IANA time zone id.";
        }

        if (NetaxisTokenLifetime <= Duration.Zero)
        {
            yield return $"{nameof(NetaxisTokenLifetime)} must be positive.";
        }

        if (VoximplantAccountId <= 0)
        {
            yield return $"{nameof(VoximplantAccountId)} must be positive.";
        }

        if (string.IsNullOrWhiteSpace(VoximplantKeyId))
        {
            yield return $"{nameof(VoximplantKeyId)} is required.";
        }

        if (VoximplantPublicKeyPem is not null && !EmulatorCredentials.IsRsaPublicKeyPem(VoximplantPublicKeyPem))
        {
            yield return $"{nameof(VoximplantPublicKeyPem)} is not a PEM-encoded RSA public key.";
        }

        foreach (var failure in Faults?.Validate() ?? [])
        {
            yield return $"{nameof(Faults)}.{failure}";
        }
    }
}
