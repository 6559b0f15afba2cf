using System.Diagnostics;
using System.Net;
using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.DependencyInjection;
using CallCenterStats.Sdk.Http;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Options of an <see cref="EnswitchClient"/>: the deployment's endpoint, the API user's credentials and how
/// requests are sent. Enswitch is self-hosted, so there is no default endpoint: every deployment has its own
/// host (and Enswitch version).
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class EnswitchOptions : VendorClientOptions
{
    /// <summary>
    /// The Enswitch user name, sent as <c>auth_username</c>. The user needs the "user" role privilege and must be
    /// allowed to see the queues it asks about.
    /// </summary>
    public string? Username { get; set; }

    /// <summary>The Enswitch password, sent as <c>auth_password</c>. A secret: it never appears in <see cref="ToString"/>, logs or exceptions.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? Password { get; set; }

    /// <summary>
    /// <see cref="EnswitchRequestMethod.Post"/> (default) sends a form body and keeps the credentials out of every URL;
    /// <see cref="EnswitchRequestMethod.Get"/> puts them in the query string, for deployments that need it.
    /// </summary>
    public EnswitchRequestMethod RequestMethod { get; set; } = EnswitchRequestMethod.Post;

    /// <inheritdoc />
    /// <remarks>The endpoint is required (Enswitch has no public host); the user name and password are required.</remarks>
    public override IEnumerable<string> Validate()
    {
        foreach (var failure in base.Validate())
        {
            yield return failure;
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            yield return $"{nameof(Username)} is required.";
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return $"{nameof(Password)} is required.";
        }

        if (!Enum.IsDefined(RequestMethod))
        {
            yield return $"{nameof(RequestMethod)} must be {nameof(EnswitchRequestMethod.Post)} or {nameof(EnswitchRequestMethod.Get)}.";
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The password as written and in every encoding a request or an echo of it may carry, so that an error page
    /// quoting the request URL (GET mode) or body cannot leak it in escaped form either: the query-string encoding
    /// the client actually sends (Core's <see cref="RequestParameters"/>, which leaves <c>@ , : /</c> as they are),
    /// the form-body encoding (POST mode, <c>+</c> for spaces), RFC 3986 escaping (everything but unreserved
    /// characters escaped) and <see cref="WebUtility.UrlEncode(string)"/>; each with upper-case and lower-case hex
    /// digits (<c>%2F</c> and <c>%2f</c>), as servers differ in which they echo.
    /// </remarks>
    public override IEnumerable<string?> GetSecrets()
    {
        if (string.IsNullOrEmpty(Password))
        {
            return [];
        }

        var escaped = Uri.EscapeDataString(Password);
        string[] encodings =
        [
            Password,
            QueryEncoding(Password),
            escaped,
            escaped.Replace("%20", "+", StringComparison.Ordinal),
            WebUtility.UrlEncode(Password),
        ];
        return encodings
            .SelectMany(encoding => new[] { encoding, LowerCaseHex(encoding) })
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Describes the options with the password masked.</summary>
    /// <returns><c>EnswitchOptions { Endpoint = …, Username = …, Password = ***, RequestMethod = … }</c>.</returns>
    public override string ToString() =>
        $"EnswitchOptions {{ Endpoint = {Endpoint}, Username = {Username}, Password = {(string.IsNullOrEmpty(Password) ? "(none)" : Redaction.Mask)}, RequestMethod = {RequestMethod}, Timeout = {Timeout} }}";

    // Exactly how the client's GET requests encode the value: through the same RequestParameters.
    private static string QueryEncoding(string value)
    {
        const string Name = "p";
        return new RequestParameters().Add(Name, value).ToQueryString()[(Name.Length + 1)..];
    }

    // "%2F" → "%2f": only the two hex digits after each '%' change, never the text around them.
    private static string LowerCaseHex(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var chars = encoded.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%' && char.IsAsciiHexDigit(chars[i + 1]) && char.IsAsciiHexDigit(chars[i + 2]))
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
                i += 2;
            }
        }

        return new string(chars);
    }
}
