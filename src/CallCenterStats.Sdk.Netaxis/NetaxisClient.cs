using CallCenterStats.Sdk.Pipeline;
using System.Collections.ObjectModel;
using System.Net.Http.Headers;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Client for the Netaxis APIO call-center statistics API: a call center's instance statistics reporting
/// settings (read and change) and its queue and agent statistics. Thread-safe; meant to be a singleton.
/// </summary>
/// <remarks>
/// Build it with <see cref="Create(NetaxisOptions, VendorClientServices)"/> or resolve it after
/// <see cref="NetaxisServiceCollectionExtensions.AddNetaxisClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{NetaxisOptions})"/>.
/// Failed calls throw <see cref="VendorApiException"/>; bad arguments throw <see cref="ArgumentException"/> before any I/O.
/// </remarks>
public class NetaxisClient : VendorClient<NetaxisOptions>
{
    private static readonly VendorOperation GetReportingOperation = new("instance_statistics_reporting/get");
    private static readonly VendorOperation SetReportingOperation = new("instance_statistics_reporting/put", IsSafeToRepeat: false);
    private static readonly VendorOperation StatisticsOperation = new("statistics/get");

    /// <summary>The longest collection period read: a million minutes (almost two years); BroadWorks offers 15 to 60.</summary>
    private const long MaxCollectionPeriodMinutes = 1_000_000;

    private readonly IClock _clock = SystemClock.Instance;

    /// <summary>The clock that decides what "the future" is.</summary>
    internal IClock Clock => _clock;
    private readonly DateTimeZone _zone = DateTimeZone.Utc;
    private readonly string _pathPrefix = NetaxisOptions.DefaultPathPrefix;

    /// <summary>For mocking: a client built this way sends nothing (see <see cref="VendorClient"/>).</summary>
    protected NetaxisClient()
    {
    }

    internal NetaxisClient(VendorClientContext<NetaxisOptions> context)
        : base(context)
    {
        _clock = context.Clock;
        _zone = TimeZoneIds.Resolve(context.Options.TimeZone);
        _pathPrefix = context.Options.PathPrefix;
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same pipeline (auth, errors, retries, timeouts,
    /// telemetry) as the DI registration. Keep it for the life of the application and dispose it when done.
    /// </summary>
    /// <param name="options">The options; validated now and copied.</param>
    /// <param name="services">A handler, logger factory, clock or time provider to use instead of the defaults.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static NetaxisClient Create(NetaxisOptions options, VendorClientServices? services = null) =>
        VendorClientRegistration.CreateStandalone(NetaxisDescriptor.Instance, options, services);

    /// <summary>
    /// Reads a call center's statistics reporting settings
    /// (<c>GET {prefix}/tenants/{tenant}/groups/{group}/services/call_centers/{name}/instance_statistics_reporting/</c>).
    /// </summary>
    /// <param name="callCenter">The call center.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callCenter"/> is null.</exception>
    /// <exception cref="VendorApiException">APIO answered with an error or could not be reached.</exception>
    public virtual Task<StatisticsReporting> GetStatisticsReportingAsync(CallCenterId callCenter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callCenter);
        var path = NetaxisPaths.CallCenter(_pathPrefix, callCenter, "instance_statistics_reporting");
        return SendReportingAsync(GetPipeline(), GetReportingOperation, HttpMethod.Get, path, createBody: null, cancellationToken);
    }

    /// <summary>
    /// Changes a call center's statistics reporting settings
    /// (<c>PUT …/instance_statistics_reporting/</c>). Fields of <paramref name="update"/> left at their defaults are
    /// left out of the request, so APIO keeps them; <see cref="EmailAddressUpdate.Clear"/> deletes an address.
    /// </summary>
    /// <param name="callCenter">The call center.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings after the change, as APIO returns them (including <c>statisticsSource</c>).</returns>
    /// <remarks>
    /// An update is not safe to repeat: a failed update is never retried (whatever the failure), except that it is sent
    /// again once with a renewed token when APIO rejects the access token (HTTP 401), which it does before acting.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="callCenter"/> or <paramref name="update"/> is null.</exception>
    /// <exception cref="ArgumentException">The collection period is not a positive whole number of minutes (<see cref="ArgumentException.ParamName"/> is <c>update.CollectionPeriod</c>).</exception>
    /// <exception cref="VendorApiException">APIO answered with an error or could not be reached.</exception>
    public virtual Task<StatisticsReporting> SetStatisticsReportingAsync(
        CallCenterId callCenter,
        StatisticsReportingUpdate update,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callCenter);
        ArgumentNullException.ThrowIfNull(update);
        if (update.CollectionPeriod is { } period
            && (period <= Duration.Zero || period != Duration.FromMinutes((long)period.TotalMinutes)))
        {
            throw new ArgumentException(
                $"{nameof(StatisticsReportingUpdate.CollectionPeriod)} must be a positive whole number of minutes (was {period.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)} minutes).",
                $"{nameof(update)}.{nameof(update.CollectionPeriod)}");
        }

        var path = NetaxisPaths.CallCenter(_pathPrefix, callCenter, "instance_statistics_reporting");
        return SendReportingAsync(GetPipeline(), SetReportingOperation, HttpMethod.Put, path, () => NetaxisRequestBodies.ReportingUpdate(update), cancellationToken);
    }

    /// <summary>
    /// Reads the queue and agent statistics of a call center over a range
    /// (<c>GET …/statistics/</c> with the JSON body <c>{"statisticsRange": {"start", "end"}}</c>).
    /// </summary>
    /// <param name="request">The call center and the range; validated by this call, before any I/O.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its call center is null.</exception>
    /// <exception cref="ArgumentException">The range is <see langword="default"/> (no start and end), or its start or end is in the future.</exception>
    /// <exception cref="VendorApiException">APIO answered with an error (e.g. 400 INVALID_PARAMETERS) or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and this method is not overridden.</exception>
    public virtual Task<CallCenterStatistics> GetStatisticsAsync(
        CallCenterStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.CallCenter, $"{nameof(request)}.{nameof(request.CallCenter)}");
        InstantRange.ThrowIfDefault(request.Range, $"{nameof(request)}.{nameof(request.Range)}");
        var range = request.Range.EnsureNotInFuture(_clock, $"{nameof(request)}.{nameof(request.Range)}");
        var pipeline = GetPipeline();
        var path = NetaxisPaths.CallCenter(_pathPrefix, request.CallCenter, "statistics");
        var zone = _zone;
        return pipeline.SendAsync(
            StatisticsOperation,
            () => CreateRequest(HttpMethod.Get, path, NetaxisRequestBodies.Statistics(range, zone)),
            async (response, token) =>
            {
                var body = await response.ReadJsonAsync(NetaxisJsonContext.Default.CallCenterStatisticsDto, token).ConfigureAwait(false);
                ThrowIfErrors(response, body.Extra);
                if (FindProblem(body) is { } problem)
                {
                    throw response.CreateInvalidResponseException(problem);
                }

                return ToModel(body);
            },
            statistics => statistics.Agents.Count,
            cancellationToken);
    }

    private static Task<StatisticsReporting> SendReportingAsync(
        VendorPipeline pipeline,
        VendorOperation operation,
        HttpMethod method,
        string path,
        Func<HttpContent>? createBody,
        CancellationToken cancellationToken) =>
        pipeline.SendAsync(
            operation,
            () => CreateRequest(method, path, createBody?.Invoke()),
            async (response, token) =>
            {
                var body = await response.ReadJsonAsync(NetaxisJsonContext.Default.StatisticsReportingDto, token).ConfigureAwait(false);
                ThrowIfErrors(response, body.Extra);
                if (FindProblem(body) is { } problem)
                {
                    throw response.CreateInvalidResponseException(problem);
                }

                return ToModel(body);
            },
            cancellationToken);

    /// <summary>Throws the vendor's errors when a 2xx body carries APIO's error envelope.</summary>
    private static void ThrowIfErrors(VendorResponse response, Dictionary<string, JsonElement>? extra)
    {
        if (NetaxisErrorPolicy.FindErrorException(response, extra) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// What makes a statistics answer structurally wrong (see the README, "Answers the client refuses"), or null: it
    /// must have <c>queueStatistics</c> or <c>agentStatistics</c>, and every agent an <c>agentUserId</c>.
    /// </summary>
    private static string? FindProblem(CallCenterStatisticsDto body)
    {
        if (body.QueueStatistics is null && body.AgentStatistics is null)
        {
            return "the answer has neither \"queueStatistics\" nor \"agentStatistics\"";
        }

        for (var i = 0; i < (body.AgentStatistics?.Count ?? 0); i++)
        {
            if (body.AgentStatistics![i] is { } agent && string.IsNullOrEmpty(agent.AgentUserId))
            {
                return $"agent {(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} of \"agentStatistics\" has no \"agentUserId\"";
            }
        }

        return null;
    }

    /// <summary>What makes a reporting-settings answer structurally wrong, or null: it must hold at least one setting.</summary>
    private static string? FindProblem(StatisticsReportingDto body)
    {
        if (body.GenerateDailyReport is null && body.CollectionPeriodMinutes is null && body.ReportingEmailAddress1 is null
            && body.ReportingEmailAddress2 is null && body.StatisticsSource is null)
        {
            return "the answer holds none of the reporting settings (generateDailyReport, collectionPeriodMinutes, reportingEmailAddress1, reportingEmailAddress2, statisticsSource)";
        }

        return body.CollectionPeriodMinutes is < 0 or > MaxCollectionPeriodMinutes
            ? $"collectionPeriodMinutes is not between 0 and {MaxCollectionPeriodMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : null;
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static StatisticsReporting ToModel(StatisticsReportingDto dto) => new()
    {
        GenerateDailyReport = dto.GenerateDailyReport,
        CollectionPeriod = dto.CollectionPeriodMinutes is { } minutes ? Duration.FromMinutes(minutes) : null,
        ReportingEmailAddress1 = EmptyAsNull(dto.ReportingEmailAddress1),
        ReportingEmailAddress2 = EmptyAsNull(dto.ReportingEmailAddress2),
        StatisticsSource = dto.StatisticsSource,
        AdditionalData = ExtensionData.From(dto.Extra),
    };

    private static CallCenterStatistics ToModel(CallCenterStatisticsDto dto) => new()
    {
        Range = dto.StatisticsRange is { } range ? ToModel(range) : null,
        Queue = dto.QueueStatistics is { } queue ? ToModel(queue) : null,
        Agents = dto.AgentStatistics?.Where(a => a is not null).Select(a => ToModel(a!)).ToArray() ?? [],
        AdditionalData = ExtensionData.From(dto.Extra),
    };

    private static StatisticsRange ToModel(StatisticsRangeDto dto)
    {
        // The echo of the range is informational: a value APIO writes in an unexpected format is kept as
        // text in AdditionalData instead of failing the whole answer.
        var extra = dto.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(dto.Extra);
        return new StatisticsRange
        {
            Start = ParseOffsetDateTime(dto.Start, "start", extra),
            End = ParseOffsetDateTime(dto.End, "end", extra),
            AdditionalData = ExtensionData.From(extra),
        };
    }

    private static OffsetDateTime? ParseOffsetDateTime(string? text, string name, Dictionary<string, JsonElement> extra)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (WireFormat.TryParseIsoWithOffset(text.Trim(), out var value))
        {
            return value;
        }

        extra[name] = JsonSerializer.SerializeToElement(text, NetaxisJsonContext.Default.String);
        return null;
    }

    private static QueueStatistics ToModel(QueueStatisticsDto dto) => new()
    {
        BusyOverflows = dto.BusyOverflows,
        CallsAnswered = dto.CallsAnswered,
        CallsAbandoned = dto.CallsAbandoned,
        CallsTransferred = dto.CallsTransferred,
        CallsTimedOut = dto.CallsTimedOut,
        AverageAgentsTalking = dto.AverageAgentsTalking,
        AverageAgentsStaffed = dto.AverageAgentsStaffed,
        AverageWait = dto.AverageWait,
        AverageAbandonment = dto.AverageAbandonment,
        AdditionalData = ExtensionData.From(dto.Extra),
    };

    private static CallCenterAgentStatistics ToModel(AgentStatisticsDto dto) => new()
    {
        AgentUserId = dto.AgentUserId,
        DisplayNames = dto.AgentDisplayNames is { } names
            ? new AgentDisplayNames { FirstName = names.FirstName, LastName = names.LastName, AdditionalData = ExtensionData.From(names.Extra) }
            : null,
        Available = dto.Available,
        Statistics = dto.Statistics is { } stats
            ? new AgentCallStatistics
            {
                CallsHandled = stats.CallsHandled,
                CallsUnanswered = stats.CallsUnanswered,
                AverageCall = stats.AverageCall,
                TotalTalk = stats.TotalTalk,
                TotalStaffed = stats.TotalStaffed,
                AdditionalData = ExtensionData.From(stats.Extra),
            }
            : null,
        AdditionalData = ExtensionData.From(dto.Extra),
    };

    private static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

}
