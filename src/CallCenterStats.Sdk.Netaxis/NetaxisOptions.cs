using System.Diagnostics;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Options of a <see cref="NetaxisClient"/>: where the APIO gateway is, how to authenticate, and how to write
/// dates. Validated at start-up; every message names the option.
/// </summary>
/// <remarks>
/// Authenticate with either <see cref="Token"/> (a long-lived token, e.g. a machine user's) or
/// <see cref="Username"/> and <see cref="Password"/> (log in, then refresh). Secrets never appear in
/// <see cref="ToString"/>, logs or exception messages.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class NetaxisOptions : VendorClientOptions
{
    /// <summary>The default <see cref="PathPrefix"/>: the gateway's documented <c>/api/v1</c>.</summary>
    public const string DefaultPathPrefix = "/api/v1";

    /// <summary>The default <see cref="AuthPathPrefix"/>: <c>/api/v01/auth</c>.</summary>
    public const string DefaultAuthPathPrefix = "/api/v01/auth";

    /// <summary>
    /// The path the call-center routes live under, relative to <see cref="VendorClientOptions.Endpoint"/>:
    /// <c>/api/v1</c> (the default) on the gateway, <c>/api/v01/p{N}</c> (e.g. <c>/api/v01/p3</c>) on proxied
    /// deployments; empty when the routes sit at the endpoint itself. Leading and trailing slashes are optional.
    /// </summary>
    public string PathPrefix { get; set; } = DefaultPathPrefix;

    /// <summary>
    /// The path of the login and refresh endpoints (<c>{AuthPathPrefix}/login</c>, <c>{AuthPathPrefix}/access_token</c>),
    /// relative to <see cref="VendorClientOptions.Endpoint"/>. It does not follow <see cref="PathPrefix"/>: APIO serves
    /// auth at <c>/api/v01/auth</c> on the same host whatever the prefix of the proxied routes.
    /// </summary>
    public string AuthPathPrefix { get; set; } = DefaultAuthPathPrefix;

    /// <summary>
    /// A preconfigured long-lived bearer token (e.g. the <c>token</c> a machine user gets). When set, the client
    /// never logs in; leave <see cref="Username"/> and <see cref="Password"/> empty. A secret.
    /// </summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? Token { get; set; }

    /// <summary>The APIO user name to log in with (<c>POST {AuthPathPrefix}/login</c>). Requires <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The password of <see cref="Username"/>. A secret.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? Password { get; set; }

    /// <summary>
    /// How long an access token is assumed to live when the login answer has no <c>expires_in</c> and the token is
    /// not a JWT with an <c>exp</c> claim; 15 minutes by default. The token is renewed one minute before that;
    /// a token the server rejects earlier is renewed at once, so a too-long guess costs one extra round trip.
    /// </summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The zone the APIO deployment reads and writes wall-clock values in: an IANA id such as <c>Europe/Brussels</c>,
    /// <c>UTC</c> (the default), or a fixed offset such as <c>UTC+01:00</c>. The statistics range is written with this
    /// zone's UTC offset (<c>2021-01-01T00:00:00+01:00</c>); since the offset is written too, it changes only how the
    /// instants are written, never which instants are asked for. Resolved once, when the client is built.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var message in base.Validate())
        {
            yield return message;
        }

        if (CheckPathPrefix(PathPrefix) is { } pathProblem)
        {
            yield return $"{nameof(PathPrefix)} {pathProblem}";
        }

        if (CheckPathPrefix(AuthPathPrefix) is { } authProblem)
        {
            yield return $"{nameof(AuthPathPrefix)} {authProblem}";
        }

        var hasToken = !string.IsNullOrEmpty(Token);
        var hasLogin = !string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password);
        if (hasToken && hasLogin)
        {
            yield return $"{nameof(Token)}, or {nameof(Username)} and {nameof(Password)}: set one, not both (both are set).";
        }
        else if (!hasToken && !hasLogin)
        {
            yield return $"{nameof(Token)}, or {nameof(Username)} and {nameof(Password)}, is required (set one, not both).";
        }
        else if (hasToken && CheckHeaderValue(Token, nameof(Token)) is { } tokenProblem)
        {
            yield return tokenProblem;
        }
        else if (hasToken && Token!.Any(char.IsWhiteSpace))
        {
            yield return $"{nameof(Token)} cannot contain whitespace.";
        }
        else if (hasToken && !NetaxisTokenSource.IsHeaderToken(Token))
        {
            yield return $"{nameof(Token)} can only hold visible ASCII characters (it is sent in the Authorization header).";
        }
        else if (hasLogin && string.IsNullOrEmpty(Username))
        {
            yield return $"{nameof(Username)} is required when {nameof(Password)} is set.";
        }
        else if (hasLogin && string.IsNullOrEmpty(Password))
        {
            yield return $"{nameof(Password)} is required when {nameof(Username)} is set.";
        }

        // The user name and password are sent in the login's JSON body, the token in a header: a line break, a NUL or a
        // lone surrogate (which the JSON writer refuses) in any of them is refused here, without showing the value.
        if (CheckHeaderValue(Username, nameof(Username)) is { } usernameProblem)
        {
            yield return usernameProblem;
        }

        if (CheckHeaderValue(Password, nameof(Password)) is { } passwordProblem)
        {
            yield return passwordProblem;
        }

        if (AccessTokenLifetime <= TimeSpan.FromMinutes(1))
        {
            yield return $"{nameof(AccessTokenLifetime)} must be longer than one minute (tokens are renewed one minute before they expire).";
        }

        if (TimeZoneIds.Validate(TimeZone, nameof(TimeZone)) is { } zoneProblem)
        {
            yield return zoneProblem;
        }
    }

    /// <inheritdoc />
    public override IEnumerable<string?> GetSecrets() => [Password, Token];

    /// <summary>Returns a description with the secrets redacted.</summary>
    /// <returns><c>NetaxisOptions { Endpoint = …, Username = …, Password = ***, Token = *** }</c>.</returns>
    public override string ToString() =>
        $"NetaxisOptions {{ Endpoint = {Endpoint}, PathPrefix = {PathPrefix}, Username = {Username}, " +
        $"Password = {(string.IsNullOrEmpty(Password) ? "(none)" : Redaction.Mask)}, Token = {(string.IsNullOrEmpty(Token) ? "(none)" : Redaction.Mask)} }}";


    /// <summary>Returns the prefix without leading or trailing slashes, e.g. <c>api/v1</c>; empty for none.</summary>
    internal static string NormalizePathPrefix(string prefix) => prefix.Trim().Trim('/');

    private static string? CheckPathPrefix(string? prefix)
    {
        if (prefix is null)
        {
            return "cannot be null (use an empty string for no prefix).";
        }

        if (ParameterValues.FindProblem(prefix) is { } problem)
        {
            return $"{problem} and cannot be sent in a request.";
        }

        var normalized = NormalizePathPrefix(prefix);
        if (normalized.Length == 0)
        {
            return null;
        }

        if (normalized.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#' or '\\' or '%'))
        {
            return "must be a plain path such as /api/v1 (no whitespace, '?', '#', '%' or '\\').";
        }

        if (normalized.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return "cannot contain empty, '.' or '..' segments.";
        }

        return null;
    }
}
