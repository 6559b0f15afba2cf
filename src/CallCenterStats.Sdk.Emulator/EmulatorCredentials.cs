using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CallCenterStats.Sdk.Emulator;

/// <summary>
/// The demo credentials every emulated vendor accepts. They are not secrets (the emulator listens on
/// 127.0.0.1 only), but they are still kept out of <see cref="ToString"/> so that the habit holds.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class EmulatorCredentials
{
    internal const long DefaultVoximplantAccountId = 1000001;
    internal const string DefaultVoximplantKeyId = "emulator-key-1";

    private readonly RSA _voximplantKey;
    private readonly bool _hasPrivateKey;

    internal EmulatorCredentials(string? voximplantPublicKeyPem, long voximplantAccountId, string voximplantKeyId)
    {
        VoximplantAccountId = voximplantAccountId;
        VoximplantKeyId = voximplantKeyId;
        _voximplantKey = RSA.Create(2048);
        _hasPrivateKey = voximplantPublicKeyPem is null;
        if (voximplantPublicKeyPem is not null)
        {
            _voximplantKey.ImportFromPem(voximplantPublicKeyPem);
        }
    }

    /// <summary>Voximplant account id (the JWT <c>iss</c>).</summary>
    public long VoximplantAccountId { get; }

    /// <summary>Voximplant service-account key id (the JWT <c>kid</c>).</summary>
    public string VoximplantKeyId { get; }

    /// <summary>
    /// Whether <see cref="VoximplantCredentialsJson"/> can be used: false when the emulator was given a public key
    /// (<see cref="EmulatorOptions.VoximplantPublicKeyPem"/>) and the private half stays with the test.
    /// </summary>
    public bool HasVoximplantCredentialsJson => _hasPrivateKey;

    /// <summary>VCC Live customer (account) name, the Basic-auth user.</summary>
    public string VccLiveCustomer { get; } = "emulator";

    /// <summary>VCC Live API token, the Basic-auth password.</summary>
    public string VccLiveApiToken { get; } = "vcc-emulator-token";

    /// <summary>Netaxis APIO user name.</summary>
    public string NetaxisUsername { get; } = "apio-admin";

    /// <summary>Netaxis APIO password.</summary>
    public string NetaxisPassword { get; } = "apio-password";

    /// <summary>A Netaxis APIO long-lived machine token.</summary>
    public string NetaxisToken { get; } = "netaxis-emulator-machine-token";

    /// <summary>Netaxis tenant of the simulated call centers.</summary>
    public string NetaxisTenant { get; } = "emulator";

    /// <summary>Netaxis group of the simulated call centers.</summary>
    public string NetaxisGroup { get; } = "contact-center";

    /// <summary>Enswitch user name.</summary>
    public string EnswitchUsername { get; } = "enswitch-user";

    /// <summary>Enswitch password.</summary>
    public string EnswitchPassword { get; } = "enswitch-password";

    /// <summary>
    /// An Enswitch user whose role may not use the statistics method (same password as
    /// <see cref="EnswitchUsername"/>): answered with code 402.
    /// </summary>
    public string EnswitchRestrictedUsername { get; } = "enswitch-restricted";

    /// <summary>Thulium system name.</summary>
    public string ThuliumSystemName { get; } = "emulator";

    /// <summary>Thulium API user.</summary>
    public string ThuliumUsername { get; } = "thulium-api";

    /// <summary>Thulium API password.</summary>
    public string ThuliumPassword { get; } = "thulium-password";

    /// <summary>The public half of the Voximplant service-account key, which the emulator verifies JWTs with.</summary>
    internal RSA VoximplantPublicKey => _voximplantKey;

    /// <summary>The text of a Voximplant <c>credentials.json</c> for the emulated account (holds the private key).</summary>
    /// <returns>The JSON text.</returns>
    /// <exception cref="InvalidOperationException">The emulator was given a public key only.</exception>
    public string VoximplantCredentialsJson()
    {
        if (!_hasPrivateKey)
        {
            throw new InvalidOperationException(
                "The emulator verifies Voximplant JWTs with the configured EmulatorOptions.VoximplantPublicKeyPem and has no private key to hand out: use the credentials.json that goes with that key.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("account_email", "service-account@emulator.voximplant.test");
            writer.WriteNumber("account_id", VoximplantAccountId);
            writer.WriteString("key_id", VoximplantKeyId);
            writer.WriteString("private_key", _voximplantKey.ExportPkcs8PrivateKeyPem());
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Whether <paramref name="pem"/> holds an RSA public key the emulator can verify with.</summary>
    internal static bool IsRsaPublicKeyPem(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Releases the Voximplant key when the emulator stops.</summary>
    internal void Dispose() => _voximplantKey.Dispose();

    /// <summary>Names the accounts without their secrets.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() =>
        $"EmulatorCredentials {{ Voximplant = {VoximplantAccountId}, VccLive = {VccLiveCustomer}, Netaxis = {NetaxisUsername}, Enswitch = {EnswitchUsername}, Thulium = {ThuliumUsername} }}";
}
