using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Voximplant.Wire;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// A client of the Voximplant Management API's ACD statistics. Thread-safe and meant to live as long as the
/// application (register it with <c>services.AddVoximplantClient(…)</c>, or build one with <see cref="Create"/> and
/// dispose it when done). Every request carries a cached RS256 JWT minted from the service account; when Voximplant
/// answers "authorization failed" (code 100, usually inside an HTTP 200 body) a fresh token is minted and the request
/// is sent once more.
/// </summary>
public class VoximplantClient : VendorClient<VoximplantOptions>
{
    private const string StatisticsPath = "platform_api/GetACDOperatorStatusStatistics";
    private const char ListSeparator = ';';

    private static readonly VendorOperation StatisticsOperation = new("GetACDOperatorStatusStatistics");

    private readonly IClock _clock = SystemClock.Instance;
    private readonly HourNumbering _hourNumbering;

    /// <summary>For mocking: a client built this way sends nothing (see <see cref="VendorClient"/>).</summary>
    protected VoximplantClient()
    {
    }

    internal VoximplantClient(VendorClientContext<VoximplantOptions> context)
        : base(context)
    {
        _clock = context.Clock;
        _hourNumbering = context.Options.HourNumbering;
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same auth, error handling, retries, timeouts and
    /// telemetry as a registered one: <c>using var client = VoximplantClient.Create(new() { CredentialsPath = "credentials.json" });</c>
    /// </summary>
    /// <param name="options">The options; validated now and copied, so later changes do not reach the client.</param>
    /// <param name="services">A handler, logger factory, clock or time provider to use instead of the defaults.</param>
    /// <returns>The client; dispose it when done.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static VoximplantClient Create(VoximplantOptions options, VendorClientServices? services = null) =>
        VendorClientRegistration.CreateStandalone(VoximplantDescriptor.Instance, options, services);

    /// <summary>
    /// Gets the time operators spent in each ACD status (<c>GetACDOperatorStatusStatistics</c>), per user and,
    /// when aggregated, per UTC day or hour.
    /// </summary>
    /// <param name="request">What to report; validated by this call, before any I/O.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter is invalid; <see cref="ArgumentException.ParamName"/> names it (e.g. <c>request.Range</c>).</exception>
    /// <exception cref="VendorApiException">
    /// Voximplant reported an error (whatever the HTTP status), could not be reached, or sent an answer that cannot be
    /// read (<see cref="VendorErrorKind.InvalidResponse"/>, e.g. <c>{}</c>, an answer without <c>result</c>, a <c>date</c> or
    /// <c>hour</c> that cannot be read; the message says why), after
    /// the retries of transient failures (see <see cref="VendorClientOptions.Retry"/>).
    /// </exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and this method is not overridden.</exception>
    public virtual Task<AcdOperatorStatusStatistics> GetAcdOperatorStatusStatisticsAsync(
        AcdOperatorStatusStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (parameters, range) = BuildParameters(request, _clock);
        var pipeline = GetPipeline();
        var grouping = request.Group ?? StatisticsGrouping.ByAgent;
        var numbering = _hourNumbering;
        return pipeline.SendAsync(
            StatisticsOperation,
            () => new HttpRequestMessage(HttpMethod.Post, StatisticsPath) { Content = parameters.ToFormContent() },
            (response, token) => StatisticsReader.ReadAsync(response, range, grouping, numbering, token),
            statistics => statistics.Groups.Sum(g => (long)g.Statistics.Count),
            cancellationToken);
    }

    /// <summary>Validates the request and encodes it as form fields, in the documented order.</summary>
    internal static (RequestParameters Parameters, InstantRange Range) BuildParameters(AcdOperatorStatusStatisticsRequest request, IClock clock)
    {
        InstantRange.ThrowIfDefault(request.Range, $"{nameof(request)}.{nameof(request.Range)}");
        var now = clock.GetCurrentInstant();
        var from = request.Range.Start;
        if (from > now)
        {
            throw new ArgumentException(
                $"The range starts at {WireFormat.IsoUtc(from)}, in the future (now is {WireFormat.IsoUtc(now)}).",
                $"{nameof(request)}.{nameof(request.Range)}");
        }

        // Whole seconds are what goes on the wire; compare what Voximplant will see.
        var to = request.Range.End;
        if (Truncate(to) <= Truncate(from))
        {
            throw new ArgumentException(
                $"The range [{WireFormat.IsoUtc(from)}, {WireFormat.IsoUtc(to)}) does not span a whole second on the wire (Voximplant takes whole seconds).",
                $"{nameof(request)}.{nameof(request.Range)}");
        }
        string? statuses = null;
        if (request.Statuses is { } list)
        {
            if (list.Count == 0)
            {
                throw new ArgumentException("Statuses cannot be empty; leave it null to report every status.", $"{nameof(request)}.{nameof(request.Statuses)}");
            }

            statuses = ParameterValues.Join(list.Select(s => s.Value).Distinct(StringComparer.Ordinal), ListSeparator, $"{nameof(request)}.{nameof(request.Statuses)}");
        }

        var users = "all";
        if (request.UserIds is { } ids)
        {
            if (ids.Count == 0)
            {
                throw new ArgumentException("UserIds cannot be empty; leave it null to report all users.", $"{nameof(request)}.{nameof(request.UserIds)}");
            }

            ParameterValues.EnsurePositive(ids, $"{nameof(request)}.{nameof(request.UserIds)}");

            users = ParameterValues.Join(ids.Distinct(), ListSeparator);
        }

        string? aggregation = request.Aggregation switch
        {
            null => null,
            TimeBucket.None => "none",
            TimeBucket.Day => "day",
            TimeBucket.HourOfDay => "hour_of_day",
            TimeBucket.Hour => "hour",
            var other => throw new ArgumentException(
                $"Voximplant aggregates by None, Day, HourOfDay or Hour, not {other}.",
                $"{nameof(request)}.{nameof(request.Aggregation)}"),
        };

        string? group = request.Group switch
        {
            null => null,
            StatisticsGrouping.ByAgent => "user",
            StatisticsGrouping.ByPeriod => "aggregation",
            var other => throw new ArgumentException(
                $"Group must be ByAgent or ByPeriod, not {other}.",
                $"{nameof(request)}.{nameof(request.Group)}"),
        };

        var parameters = new RequestParameters()
            .Add("from_date", WireFormat.UtcDateTime(from))
            .Add("to_date", WireFormat.UtcDateTime(to))
            .Add("acd_status", statuses)
            .Add("user_id", users)
            .Add("aggregation", aggregation)
            .Add("group", group);
        return (parameters, new InstantRange(Truncate(from), Truncate(to)));
    }

    private static Instant Truncate(Instant instant) => Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
