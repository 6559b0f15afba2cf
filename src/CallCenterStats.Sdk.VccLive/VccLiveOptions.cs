using System.Diagnostics;
using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Options of a <see cref="VccLiveClient"/>: the customer (call-centre) name, the API token, and how to read
/// what VCC Live sends back. The API token never appears in <see cref="ToString"/>, logs or exceptions.
/// </summary>
/// <remarks>
/// VCC Live only accepts API calls from IP addresses registered for the account: calls from other addresses
/// are answered with HTTP 403 (<see cref="Errors.VendorErrorKind.PermissionDenied"/>).
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class VccLiveOptions : VendorClientOptions
{
    /// <summary>The host name suffix of every VCC Live customer: <c>https://{customer}.asp.virtual-call-center.eu</c>.</summary>
    public const string HostSuffix = ".asp.virtual-call-center.eu";

    /// <summary>
    /// The customer name: your call centre's unique identifier, the sub-domain of its API host
    /// (<c>mycc</c> in <c>https://mycc.asp.virtual-call-center.eu</c>). Required: it is also the HTTP Basic
    /// user name. Must be a valid DNS label (letters, digits and hyphens, 1 to 63 characters, no leading or
    /// trailing hyphen). When <see cref="VendorClientOptions.Endpoint"/> is not set it becomes
    /// <c>https://{Customer}.asp.virtual-call-center.eu/</c>.
    /// </summary>
    public string? Customer { get; set; }

    /// <summary>The API token, sent as the HTTP Basic password. Required; a secret.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? ApiToken { get; set; }

    /// <summary>
    /// The zone the call centre reads and writes wall-clock values in: an IANA id (e.g. <c>Europe/Budapest</c>). The
    /// request's days are the call centre's days in this zone, and each row's <c>date</c> and <c>time</c> are read in it
    /// to give <see cref="UserBasedStatisticsRow.Period"/>. VCC Live does not document the zone; <c>UTC</c> (the default)
    /// is an assumption: set the call centre's zone. Resolved once, when the client is built.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// How <see cref="UserBasedStatisticsFormat.Csv"/> is spelled in the <c>of</c> parameter. The vendor page lists
    /// <c>cvs</c> (the default here, as documented); a sibling endpoint spells it <c>csv</c>. Switch to
    /// <see cref="CsvFormatSpelling.Csv"/> if your server rejects or ignores <c>cvs</c>.
    /// </summary>
    public CsvFormatSpelling CsvSpelling { get; set; } = CsvFormatSpelling.Cvs;

    /// <summary>
    /// How long one time slot of the <c>time</c> dimension lasts: <see cref="TimeBucket.QuarterHour"/> (the default),
    /// <see cref="TimeBucket.Hour"/> or <see cref="TimeBucket.Minute"/>. VCC Live does not document it; each row's
    /// <c>time</c> is the start of its slot, and the slot decides the end of <see cref="UserBasedStatisticsRow.Period"/>.
    /// </summary>
    public TimeBucket TimeSlot { get; set; } = TimeBucket.QuarterHour;

    /// <summary>Checks the options; each message names the option.</summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public override IEnumerable<string> Validate()
    {
        // Both go into the Authorization header: a CR, LF, NUL or lone surrogate is refused before the DNS-label rule.
        if (string.IsNullOrWhiteSpace(Customer))
        {
            yield return $"{nameof(Customer)} is required: it is the call centre's sub-domain and the HTTP Basic user name.";
        }
        else if (CheckHeaderValue(Customer, nameof(Customer)) is { } customerProblem)
        {
            yield return customerProblem;
        }
        else if (!HostLabel.IsValid(Customer))
        {
            yield return $"{nameof(Customer)} must be a DNS label (letters, digits and hyphens, 1 to 63 characters, not starting or ending with a hyphen).";
        }

        if (string.IsNullOrEmpty(ApiToken))
        {
            yield return $"{nameof(ApiToken)} is required.";
        }
        else if (CheckHeaderValue(ApiToken, nameof(ApiToken)) is { } tokenProblem)
        {
            yield return tokenProblem;
        }

        if (TimeZoneIds.Validate(TimeZone, nameof(TimeZone)) is { } zoneProblem)
        {
            yield return zoneProblem;
        }

        if (TimeSlot is not (TimeBucket.Minute or TimeBucket.QuarterHour or TimeBucket.Hour))
        {
            yield return $"{nameof(TimeSlot)} must be Minute, QuarterHour or Hour.";
        }

        if (!Enum.IsDefined(CsvSpelling))
        {
            yield return $"{nameof(CsvSpelling)} must be {nameof(CsvFormatSpelling.Cvs)} or {nameof(CsvFormatSpelling.Csv)}.";
        }

        foreach (var problem in base.Validate())
        {
            // Without an explicit endpoint the customer decides it, and a bad customer was reported above.
            if (Endpoint is null && problem.StartsWith(nameof(Endpoint), StringComparison.Ordinal))
            {
                continue;
            }

            yield return problem;
        }
    }

    /// <inheritdoc />
    /// <remarks>The token, and the <c>Authorization: Basic</c> value it is sent in (a server may echo the header).</remarks>
    public override IEnumerable<string?> GetSecrets() => BasicCredentials.SecretsOf(Customer, ApiToken);

    /// <summary>Describes the options without the API token.</summary>
    /// <returns>The customer, endpoint and time zone; the token is masked.</returns>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"VccLiveOptions {{ Customer = {Customer}, Endpoint = {Endpoint?.AbsoluteUri ?? "(from customer)"}, ApiToken = {(string.IsNullOrEmpty(ApiToken) ? "(none)" : Redaction.Mask)}, TimeZone = {TimeZone} }}");

    /// <summary>The endpoint derived from a customer name: <c>https://{customer}.asp.virtual-call-center.eu/</c>.</summary>
    /// <param name="customer">The customer name (a DNS label).</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="customer"/> is not a DNS label.</exception>
    public static Uri EndpointForCustomer(string customer)
    {
        if (!HostLabel.IsValid(customer))
        {
            throw new ArgumentException("The customer name must be a DNS label.", nameof(customer));
        }

        return new Uri($"https://{customer.Trim().ToLowerInvariant()}{HostSuffix}/");
    }

    /// <summary>The endpoint derived from <see cref="Customer"/> when <see cref="VendorClientOptions.Endpoint"/> is not set.</summary>
    protected override Uri? DefaultEndpoint => HostLabel.IsValid(Customer) ? EndpointForCustomer(Customer!) : null;
}

/// <summary>How the CSV output format is spelled in the <c>of</c> query parameter.</summary>
public enum CsvFormatSpelling
{
    /// <summary><c>of=cvs</c>, as the vendor's user-based statistics page spells it (the default).</summary>
    Cvs = 0,

    /// <summary><c>of=csv</c>, as a sibling VCC Live endpoint spells it.</summary>
    Csv = 1,
}
