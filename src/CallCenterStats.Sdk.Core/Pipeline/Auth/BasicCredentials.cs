using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// A user name and password for HTTP Basic authentication (RFC 7617). The password never appears in
/// <see cref="ToString"/> or the debugger display.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class BasicCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="username">The user name; must not be empty or contain a colon.</param>
    /// <param name="password">The password (or API token); must not be empty.</param>
    /// <exception cref="ArgumentException">A value is empty, or the user name contains a colon.</exception>
    public BasicCredentials(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Basic-auth user name cannot contain ':'.", nameof(username));
        }

        Username = username;
        Password = password;
    }

    /// <summary>The user name.</summary>
    public string Username { get; }

    /// <summary>The password. Handle with care: it is a secret (hidden from the debugger's views).</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string Password { get; }

    /// <summary>Builds the <c>Authorization: Basic …</c> header value (UTF-8, base64).</summary>
    /// <returns>The header value.</returns>
    public AuthenticationHeaderValue ToAuthenticationHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password)));

    /// <summary>
    /// The values to hide wherever a server could echo them: the password, and the Base64 <c>user:password</c> of the
    /// <c>Authorization: Basic …</c> header (it decodes straight back to the password).
    /// </summary>
    /// <returns>The secrets.</returns>
    public IEnumerable<string> GetSecrets() => [Password, ToAuthenticationHeader().Parameter!];

    /// <summary>
    /// The secrets of a user name and password pair that may still be invalid (options before validation): the
    /// password, and the Base64 header value when the pair can form one.
    /// </summary>
    /// <param name="username">The user name, or null.</param>
    /// <param name="password">The password, or null.</param>
    /// <returns>The secrets; empty without a password.</returns>
    public static IEnumerable<string> SecretsOf(string? username, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [];
        }

        // Invalid user names (empty, or with ':') are rejected by options validation, and no header is sent for them.
        return string.IsNullOrEmpty(username) || username.Contains(':', StringComparison.Ordinal)
            ? [password]
            : new BasicCredentials(username, password).GetSecrets();
    }

    /// <summary>Returns the user name with the password redacted.</summary>
    /// <returns><c>BasicCredentials { Username = …, Password = *** }</c>.</returns>
    public override string ToString() => $"BasicCredentials {{ Username = {Username}, Password = {Redaction.Mask} }}";
}
