using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Voximplant.Wire;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// A Voximplant service account, as in the <c>credentials.json</c> file the control panel issues
/// (<c>account_email</c>, <c>account_id</c>, <c>key_id</c>, <c>private_key</c>). The private key is kept in memory
/// only: it is not exposed by any public member, <see cref="ToString"/> or the debugger display, and never
/// appears in an exception message.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class VoximplantCredentials
{
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly string _privateKeyPem;

    /// <summary>Creates credentials from their parts.</summary>
    /// <param name="accountId">The account id (the JWT <c>iss</c> claim); positive.</param>
    /// <param name="keyId">The service-account key id (the JWT <c>kid</c> header).</param>
    /// <param name="privateKeyPem">The RSA private key, PEM (<c>-----BEGIN PRIVATE KEY-----</c>, PKCS#8; PKCS#1 is accepted too).</param>
    /// <param name="accountEmail">The account e-mail, informational; optional.</param>
    /// <exception cref="ArgumentException">A value is missing, or the key is not an RSA private key in PEM.</exception>
    public VoximplantCredentials(long accountId, string keyId, string privateKeyPem, string? accountEmail = null)
    {
        if (accountId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(accountId), accountId, "The Voximplant account id must be positive.");
        }

        if (string.IsNullOrWhiteSpace(keyId))
        {
            throw new ArgumentException("The service-account key id is required.", nameof(keyId));
        }

        if (string.IsNullOrWhiteSpace(privateKeyPem))
        {
            throw new ArgumentException("The service-account private key is required.", nameof(privateKeyPem));
        }

        EnsureRsaPrivateKey(privateKeyPem);
        AccountId = accountId;
        KeyId = keyId;
        AccountEmail = string.IsNullOrWhiteSpace(accountEmail) ? null : accountEmail;
        _privateKeyPem = privateKeyPem;
    }

    /// <summary>The Voximplant account id (<c>account_id</c>); the JWT issuer.</summary>
    public long AccountId { get; }

    /// <summary>The service-account key id (<c>key_id</c>); the JWT <c>kid</c>.</summary>
    public string KeyId { get; }

    /// <summary>The account e-mail (<c>account_email</c>), when the file has one.</summary>
    public string? AccountEmail { get; }

    /// <summary>Reads credentials from the text of a <c>credentials.json</c> file.</summary>
    /// <param name="json">The file's JSON text.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="FormatException">The text is not JSON, or a field is missing or invalid. The message names the field and never shows the key.</exception>
    public static VoximplantCredentials Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CredentialsDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, VoximplantJsonContext.Default.CredentialsDto);
        }
        catch (JsonException ex)
        {
            // JsonException messages carry positions, not values; still, state the problem in our own words.
            throw new FormatException($"The Voximplant credentials are not valid JSON (line {ex.LineNumber + 1}).", ex);
        }

        if (dto is null)
        {
            throw new FormatException("The Voximplant credentials are empty.");
        }

        if (dto.AccountId is not > 0)
        {
            throw new FormatException("The Voximplant credentials have no valid 'account_id' (a positive integer).");
        }

        if (string.IsNullOrWhiteSpace(dto.KeyId))
        {
            throw new FormatException("The Voximplant credentials have no 'key_id'.");
        }

        if (string.IsNullOrWhiteSpace(dto.PrivateKey))
        {
            throw new FormatException("The Voximplant credentials have no 'private_key'.");
        }

        try
        {
            return new VoximplantCredentials(dto.AccountId.Value, dto.KeyId, dto.PrivateKey, dto.AccountEmail);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"The Voximplant credentials' 'private_key' is not usable: {ex.Message}", ex);
        }
    }

    /// <summary>Reads credentials from a <c>credentials.json</c> file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not a valid credentials file.</exception>
    public static VoximplantCredentials FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Returns the account and key id with the private key redacted.</summary>
    /// <returns><c>VoximplantCredentials { AccountId = …, KeyId = …, AccountEmail = …, PrivateKey = *** }</c>.</returns>
    public override string ToString() =>
        $"VoximplantCredentials {{ AccountId = {AccountId}, KeyId = {KeyId}, AccountEmail = {AccountEmail}, PrivateKey = {Redaction.Mask} }}";

    /// <summary>Creates an RSA key from the private key; the caller disposes it.</summary>
    internal RSA CreateRsa()
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(_privateKeyPem);
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>The values to redact from anything printable: the whole PEM and its base64 body.</summary>
    internal IEnumerable<string> GetSecrets()
    {
        yield return _privateKeyPem;
        foreach (var line in _privateKeyPem.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("-----", StringComparison.Ordinal) && line.Length >= 16)
            {
                yield return line;
            }
        }
    }

    private static void EnsureRsaPrivateKey(string privateKeyPem)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("The private key is not an RSA private key in PEM format.", nameof(privateKeyPem));
        }
        catch (CryptographicException)
        {
            throw new ArgumentException("The private key is not an RSA private key in PEM format.", nameof(privateKeyPem));
        }

        try
        {
            // A public key imports fine but cannot sign; find out now rather than at the first request.
            rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            throw new ArgumentException("The key is a public key; the service account's private key is required.", nameof(privateKeyPem));
        }
    }
}
