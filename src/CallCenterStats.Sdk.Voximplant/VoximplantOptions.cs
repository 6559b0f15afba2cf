using System.Diagnostics;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// Options of a <see cref="VoximplantClient"/>: the endpoint, the service account and how to read hours.
/// The service account comes from <see cref="CredentialsPath"/> or <see cref="CredentialsJson"/> (set one), or,
/// when neither is set, from the file named by the <c>VOXIMPLANT_CREDENTIALS</c> environment variable.
/// Secrets never appear in <see cref="ToString"/>.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class VoximplantOptions : VendorClientOptions
{
    /// <summary>The environment variable read when neither <see cref="CredentialsPath"/> nor <see cref="CredentialsJson"/> is set: the path of <c>credentials.json</c>.</summary>
    public const string CredentialsEnvironmentVariable = "VOXIMPLANT_CREDENTIALS";

    /// <summary>The public Management API host, used when <see cref="VendorClientOptions.Endpoint"/> is not set.</summary>
    public static readonly Uri PublicEndpoint = new("https://api.voximplant.com");

    /// <inheritdoc />
    protected override Uri? DefaultEndpoint => PublicEndpoint;

    /// <summary>The path of the service account's <c>credentials.json</c>.</summary>
    public string? CredentialsPath { get; set; }

    /// <summary>The text of the service account's <c>credentials.json</c> (e.g. from a secret store). A secret.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? CredentialsJson { get; set; }

    /// <summary>How long each minted JWT is valid, from <c>iat</c> to <c>exp</c>: 30 minutes by default; more than 2 minutes, at most 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = VoximplantTokenSource.DefaultLifetime.ToTimeSpan();

    /// <summary>
    /// How the <c>hour</c> field of results is read; <see cref="HourNumbering.ZeroBased"/> (0–23) by default. See
    /// <see cref="Voximplant.HourNumbering"/> for why this is a setting.
    /// </summary>
    public HourNumbering HourNumbering { get; set; } = HourNumbering.ZeroBased;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var message in base.Validate())
        {
            yield return message;
        }

        if (TokenLifetime <= TimeSpan.FromMinutes(2) || TokenLifetime > VoximplantTokenSource.MaxLifetime.ToTimeSpan())
        {
            yield return $"{nameof(TokenLifetime)} must be more than 2 minutes and at most 1 hour.";
        }

        if (!Enum.IsDefined(HourNumbering))
        {
            yield return $"{nameof(HourNumbering)} must be ZeroBased or OneBased.";
        }

        if (!string.IsNullOrWhiteSpace(CredentialsPath) && !string.IsNullOrWhiteSpace(CredentialsJson))
        {
            yield return $"Set either {nameof(CredentialsPath)} or {nameof(CredentialsJson)}, not both.";
            yield break;
        }

        string? problem = null;
        try
        {
            LoadCredentials();
        }
        catch (InvalidOperationException ex)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }

    /// <inheritdoc />
    public override IEnumerable<string?> GetSecrets()
    {
        yield return CredentialsJson;
        VoximplantCredentials? credentials = null;
        try
        {
            credentials = LoadCredentials();
        }
        catch (InvalidOperationException)
        {
            // Invalid options never reach a client; nothing to redact.
        }

        foreach (var secret in credentials?.GetSecrets() ?? [])
        {
            yield return secret;
        }
    }

    /// <summary>Returns the endpoint and where the credentials come from, without any secret.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() =>
        $"VoximplantOptions {{ Endpoint = {ResolveEndpoint()}, CredentialsPath = {CredentialsPath}, CredentialsJson = {(CredentialsJson is null ? "null" : Redaction.Mask)}, TokenLifetime = {TokenLifetime}, HourNumbering = {HourNumbering} }}";

    /// <summary>Loads the service account from wherever the options point.</summary>
    /// <exception cref="InvalidOperationException">The credentials are missing or unreadable; the message names the option and never shows the key.</exception>
    internal VoximplantCredentials LoadCredentials()
    {
        if (!string.IsNullOrWhiteSpace(CredentialsJson))
        {
            return Load(nameof(CredentialsJson), () => VoximplantCredentials.Parse(CredentialsJson));
        }

        if (!string.IsNullOrWhiteSpace(CredentialsPath))
        {
            return Load(nameof(CredentialsPath), () => VoximplantCredentials.FromFile(CredentialsPath));
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(CredentialsEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Load($"{nameof(CredentialsPath)} (from the {CredentialsEnvironmentVariable} environment variable)", () => VoximplantCredentials.FromFile(fromEnvironment));
        }

        throw new InvalidOperationException(
            $"{nameof(CredentialsPath)} or {nameof(CredentialsJson)} is required (or set the {CredentialsEnvironmentVariable} environment variable to the path of credentials.json).");
    }

    private static VoximplantCredentials Load(string option, Func<VoximplantCredentials> load)
    {
        try
        {
            return load();
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{option} does not hold valid Voximplant credentials: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"{option}: the credentials file cannot be read ({ex.Message}).", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidOperationException($"{option}: the credentials file cannot be read ({ex.Message}).", ex);
        }
    }
}
