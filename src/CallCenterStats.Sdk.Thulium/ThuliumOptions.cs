using System.Diagnostics;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// Options of a <see cref="ThuliumClient"/>: which Thulium system to call, the API user's credentials, and
/// the time zone the system reads and writes dates in.
/// </summary>
/// <remarks>
/// Every Thulium customer has its own host, <c>https://{SystemName}.thulium.com</c>. Set
/// <see cref="SystemName"/> for that host, or <see cref="VendorClientOptions.Endpoint"/> for any other
/// (a proxy, a test server); when both are set, <see cref="VendorClientOptions.Endpoint"/> wins.
/// The password never appears in <see cref="ToString"/>.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class ThuliumOptions : VendorClientOptions
{
    /// <summary>The zone used when <see cref="TimeZone"/> is not set: UTC.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>
    /// The system name, the first label of the system's host: <c>acme</c> for <c>https://acme.thulium.com</c>.
    /// Letters, digits and hyphens only. Used when <see cref="VendorClientOptions.Endpoint"/> is not set.
    /// </summary>
    public string? SystemName { get; set; }

    /// <summary>The API user's login (HTTP Basic user name); the user needs the agents work report permission.</summary>
    public string? Username { get; set; }

    /// <summary>The API user's password (HTTP Basic). A secret: kept out of logs, messages and <see cref="ToString"/>.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? Password { get; set; }

    /// <summary>
    /// The zone the Thulium system reads and writes wall-clock values in: an IANA id (e.g. <c>Europe/Warsaw</c>).
    /// The request's <c>date_from</c>/<c>date_to</c> are written in it, and the answer's <c>login_date</c>,
    /// <c>logout_date</c> and <c>period</c> are read in it. Thulium does not document the zone of its wall-clock dates;
    /// set it to the zone configured on the system. <see cref="DefaultTimeZone"/> (UTC) by default. Resolved once, when
    /// the client is built.
    /// </summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>The largest <see cref="MaxConcurrentPageRequests"/> allowed: 10.</summary>
    public const int MaxPageConcurrency = 10;

    /// <summary>The default <see cref="MaxConcurrentPageRequests"/>: 10.</summary>
    public const int DefaultMaxConcurrentPageRequests = 10;

    /// <summary>
    /// How many pages <see cref="ThuliumClient.GetAgentsWorkReportAsync"/> may have in flight at once, 1 to
    /// <see cref="MaxPageConcurrency"/>; <see cref="DefaultMaxConcurrentPageRequests"/> (10) by default, and never more than
    /// <see cref="VendorClientOptions.MaxConcurrentRequests"/> when that is set.
    /// </summary>
    /// <remarks>
    /// <para>The first page is always fetched alone. Each full page read lets one more page be in flight (the window
    /// doubles every round trip: 1, 2, 4, 8, 10), so a long report is fetched about 10 pages per round trip (300 pages
    /// from a server 20 ms away: about 7 times faster than page after page) while a short one costs what it needs: a
    /// report that fits in one page is one request.</para>
    /// <para>Rows always come in Thulium's order. Thulium returns no total, so the end is only known from a short page:
    /// a report of <c>n</c> pages may cost up to <c>min(n - 1, MaxConcurrentPageRequests - 1)</c> requests past its end
    /// (9 with the default; they are cancelled and their results discarded). Set 1 for strictly sequential paging (the
    /// next page is requested only when the caller has read the current one), e.g. when the API user's rate limit is
    /// tight.</para>
    /// </remarks>
    public int MaxConcurrentPageRequests { get; set; } = DefaultMaxConcurrentPageRequests;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        if (Endpoint is null && string.IsNullOrWhiteSpace(SystemName))
        {
            yield return $"{nameof(SystemName)} or {nameof(Endpoint)} is required.";
        }
        else if (Endpoint is null && !HostLabel.IsValid(SystemName))
        {
            yield return $"{nameof(SystemName)} must be a host label (letters, digits and hyphens), e.g. 'acme' for https://acme.thulium.com.";
        }
        else
        {
            // Endpoint is filled from SystemName before validation runs, so the base checks see the real endpoint.
            foreach (var problem in base.Validate())
            {
                yield return problem;
            }
        }

        if (string.IsNullOrEmpty(Username))
        {
            yield return $"{nameof(Username)} is required.";
        }
        else if (Username.Contains(':', StringComparison.Ordinal))
        {
            yield return $"{nameof(Username)} cannot contain ':' (HTTP Basic authentication).";
        }
        else if (CheckHeaderValue(Username, nameof(Username)) is { } usernameProblem)
        {
            yield return usernameProblem;
        }

        if (string.IsNullOrEmpty(Password))
        {
            yield return $"{nameof(Password)} is required.";
        }
        else if (CheckHeaderValue(Password, nameof(Password)) is { } passwordProblem)
        {
            yield return passwordProblem;
        }

        if (MaxConcurrentPageRequests is < 1 or > MaxPageConcurrency)
        {
            yield return $"{nameof(MaxConcurrentPageRequests)} must be between 1 and {MaxPageConcurrency}.";
        }

        if (TimeZoneIds.Validate(TimeZone, nameof(TimeZone)) is { } zoneProblem)
        {
            yield return zoneProblem;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The password, and the base64 <c>user:password</c> credentials of the <c>Authorization: Basic …</c> header
    /// the client sends (built by the same <see cref="BasicCredentials"/>), so that a server or proxy echoing the
    /// request's headers in an error body cannot leak them either (base64 decodes straight back to the password).
    /// </remarks>
    public override IEnumerable<string?> GetSecrets() => BasicCredentials.SecretsOf(Username, Password);

    /// <summary>Describes the options with the password masked.</summary>
    /// <returns>A one-line description without secrets.</returns>
    public override string ToString() =>
        $"ThuliumOptions {{ SystemName = {SystemName}, Endpoint = {Endpoint}, Username = {Username}, Password = {(string.IsNullOrEmpty(Password) ? string.Empty : Redaction.Mask)}, TimeZone = {TimeZone} }}";

    /// <summary>The endpoint a system name stands for: <c>https://{systemName}.thulium.com/</c>.</summary>
    /// <param name="systemName">The system name.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException">The name is not a host label.</exception>
    public static Uri EndpointForSystem(string systemName)
    {
        if (!HostLabel.IsValid(systemName))
        {
            throw new ArgumentException("A system name is a host label: letters, digits and hyphens.", nameof(systemName));
        }

        return new Uri($"https://{systemName.Trim()}.thulium.com/");
    }

    /// <summary>The endpoint derived from <see cref="SystemName"/> when <see cref="VendorClientOptions.Endpoint"/> is not set.</summary>
    protected override Uri? DefaultEndpoint => HostLabel.IsValid(SystemName) ? EndpointForSystem(SystemName!) : null;
}
