using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// Client of the Thulium REST API's agents work report (<c>GET {endpoint}/api/agents_work_report</c>), with
/// HTTP Basic authentication. Thread-safe; meant to be a singleton (resolve it from DI, or build one with
/// <see cref="Create"/> and dispose it when done).
/// </summary>
/// <remarks>
/// Thulium reports errors as <c>{"request_id", "errors": [...]}</c> in any HTTP status, including 200; every
/// such answer becomes a <see cref="VendorApiException"/> carrying all the errors and the request id.
/// </remarks>
public class ThuliumClient : VendorClient<ThuliumOptions>
{
    private const string ReportPath = "api/agents_work_report";

    private static readonly VendorOperation ReportOperation = new("agents_work_report");

    private const int InitialBodyBuffer = 64 * 1024;
    private const int InitialBodyBufferLimit = 16 * 1024 * 1024;

    private readonly BucketCalendar _calendar = BucketCalendar.Utc;
    private readonly int _pageConcurrency = 1;

    /// <summary>The system's wall clock (<see cref="ThuliumOptions.TimeZone"/>).</summary>
    internal BucketCalendar Calendar => _calendar;

    /// <summary>For mocking: a client built this way sends nothing (see <see cref="VendorClient"/>).</summary>
    protected ThuliumClient()
    {
    }

    internal ThuliumClient(VendorClientContext<ThuliumOptions> context)
        : base(context)
    {
        _calendar = new BucketCalendar(TimeZoneIds.Resolve(context.Options.TimeZone));
        // More pages in flight than the account may send at once would only queue behind the limit, and could send more
        // requests past the end of the report.
        _pageConcurrency = Math.Min(context.Options.MaxConcurrentPageRequests, context.Options.MaxConcurrentRequests ?? int.MaxValue);
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same pipeline (auth, errors, retries, timeouts,
    /// telemetry) as <see cref="ThuliumServiceCollectionExtensions.AddThuliumClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{ThuliumOptions})"/>.
    /// Dispose it when done.
    /// </summary>
    /// <param name="options">The options; copied, so later changes do not reach the client.</param>
    /// <param name="services">A handler, logger factory, clock or time provider to use instead of the defaults.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static ThuliumClient Create(ThuliumOptions options, VendorClientServices? services = null) =>
        VendorClientRegistration.CreateStandalone(ThuliumDescriptor.Instance, options, services);

    /// <summary>
    /// Streams the whole agents work report, fetching pages of <see cref="AgentsWorkReportRequest.PageSize"/> rows
    /// (<c>limit</c>, <c>offset</c> 0, PageSize, 2 × PageSize, …) as the caller enumerates, rows always in Thulium's
    /// order. The first page is fetched alone; each full page read lets one more page be prefetched, up to
    /// <see cref="ThuliumOptions.MaxConcurrentPageRequests"/> (and <see cref="VendorClientOptions.MaxConcurrentRequests"/>)
    /// in flight. Paging stops at the first page shorter than the page size (Thulium returns no total): a report of
    /// <c>n</c> pages may cost up to <c>min(n - 1, MaxConcurrentPageRequests - 1)</c> requests past its end, whose
    /// results are discarded. No page is fetched twice, and a page that fails transiently is retried on its own, so
    /// paging resumes where it failed.
    /// </summary>
    /// <param name="request">What to report on; validated by this call, before any I/O.</param>
    /// <param name="cancellationToken">Cancels the enumeration (combined with any token given to <c>WithCancellation</c>).</param>
    /// <returns>The rows in Thulium's order; nothing is sent until the enumeration starts.</returns>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    /// <exception cref="VendorApiException">Thulium answered a page with an error, or could not be reached (thrown while enumerating).</exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and this method is not overridden.</exception>
    public virtual IAsyncEnumerable<AgentsWorkReportRow> GetAgentsWorkReportAsync(
        AgentsWorkReportRequest request,
        CancellationToken cancellationToken = default)
    {
        ValidateRequest(request);
        if (request.PageSize is < 1 or > AgentsWorkReportRequest.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(
                $"{nameof(request)}.{nameof(request.PageSize)}",
                request.PageSize,
                $"The page size must be between 1 and {AgentsWorkReportRequest.MaxPageSize}.");
        }

        var pipeline = GetPipeline();
        return EnumerateAsync(pipeline, request, request.PageSize, cancellationToken);
    }

    /// <summary>
    /// Fetches one page of the agents work report, for callers who page themselves. The page is the last one
    /// when Thulium sent fewer than <paramref name="limit"/> items (<see cref="AgentsWorkReportPage.NextOffset"/> is then null);
    /// <c>null</c> items of Thulium's array are left out of the rows but counted.
    /// <see cref="AgentsWorkReportRequest.PageSize"/> is not used here.
    /// </summary>
    /// <param name="request">What to report on.</param>
    /// <param name="offset">Rows to skip (<c>offset</c>), zero or more.</param>
    /// <param name="limit">Rows to return at most (<c>limit</c>), 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The request, the offset or the limit is invalid (thrown by this call, before any I/O).</exception>
    /// <exception cref="VendorApiException">Thulium answered with an error, or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and this method is not overridden.</exception>
    public virtual Task<AgentsWorkReportPage> GetAgentsWorkReportPageAsync(
        AgentsWorkReportRequest request,
        long offset,
        int limit,
        CancellationToken cancellationToken = default)
    {
        ValidateRequest(request);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (limit is < 1 or > AgentsWorkReportRequest.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {AgentsWorkReportRequest.MaxPageSize}.");
        }

        var pipeline = GetPipeline();
        return FetchPageAsync(pipeline, request, offset, limit, cancellationToken);
    }

    private RequestParameters BuildParameters(AgentsWorkReportRequest request, long offset, int limit)
    {
        var parameters = new RequestParameters()
            .AddRepeated("agent_logins[]", request.AgentLogins)
            .AddRepeated("agent_group_ids[]", request.AgentGroupIds?.Select(Invariant))
            .AddRepeated("queues_ids[]", request.QueueIds?.Select(Invariant))
            .Add("date_from", WireFormat.LocalDateTime(request.Range.Start, _calendar.Zone))
            .Add("date_to", WireFormat.LocalDateTime(request.Range.End, _calendar.Zone))
            .Add("aggregate_by", request.Aggregation is { } bucket ? AggregateBy(bucket) : null)
            .Add("outbound_threshold", request.OutboundThreshold is { } threshold ? (long)threshold.TotalSeconds : null)
            .Add("limit", limit)
            .Add("offset", offset);
        return parameters;
    }

    private async IAsyncEnumerable<AgentsWorkReportRow> EnumerateAsync(
        VendorPipeline pipeline,
        AgentsWorkReportRequest request,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Pages in flight, oldest first: rows are yielded in page order whatever order the pages complete in.
        // The window starts at one page and grows by one for every full page read (so it doubles per round trip) up to
        // _pageConcurrency: a report that fits in one page costs one request, and a report of n pages at most n - 1
        // requests past its end (never more than _pageConcurrency - 1). With a window of one this is plain sequential
        // paging, fetching the next page only when the caller has read the current one.
        var inFlight = new Queue<Task<AgentsWorkReportPage>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long nextOffset = 0;
        var window = 1;
        try
        {
            while (true)
            {
                while (inFlight.Count < window)
                {
                    inFlight.Enqueue(FetchPageAsync(pipeline, request, nextOffset, pageSize, stop.Token));
                    nextOffset += pageSize;
                }

                var page = await inFlight.Dequeue().ConfigureAwait(false);
                foreach (var row in page.Rows)
                {
                    yield return row;
                }

                // Null items Thulium sent count towards a full page: only a short answer ends the report.
                if (page.ItemCount < pageSize)
                {
                    yield break;
                }

                window = Math.Min(window + 1, _pageConcurrency);
            }
        }
        finally
        {
            // The end was reached, the caller stopped early, or a page failed: cancel the prefetched pages.
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in inFlight)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Results of pages past the end (or after a failure) are discarded on purpose.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private Task<AgentsWorkReportPage> FetchPageAsync(VendorPipeline pipeline, AgentsWorkReportRequest request, long offset, int limit, CancellationToken cancellationToken)
    {
        var uri = new Uri(BuildParameters(request, offset, limit).AppendTo(ReportPath), UriKind.Relative);
        var aggregation = request.Aggregation;
        var calendar = _calendar;
        return pipeline.SendAsync(
            ReportOperation,
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Get, uri);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return message;
            },
            async (response, token) =>
            {
                // Success is a bare array, an error an object, whatever the status. A page is at most 100 rows: it is
                // read whole (within MaxResponseBytes) into a pooled buffer, then parsed in one pass.
                var (buffer, length) = await ReadBodyAsync(response, token).ConfigureAwait(false);
                PageBody body;
                try
                {
                    body = AgentsWorkReportReader.Read(buffer.AsSpan(0, length), limit, aggregation, calendar);
                }
                catch (JsonException ex)
                {
                    throw response.CreateInvalidResponseException(ex.Message.TrimEnd('.'));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                if (body.Errors is { } report)
                {
                    throw response.CreateException(report);
                }

                // A null item in the array ([null, {...}]) carries no row: it is skipped, the other rows are kept. It still
                // used up a place of the page, so paging counts it (ReceivedItems) to find the end and the next offset.
                return new AgentsWorkReportPage { Rows = body.Rows, Offset = offset, Limit = limit, ReceivedItems = body.ItemCount };
            },
            page => page.Rows.Count,
            cancellationToken);
    }

    /// <summary>Reads the whole body into a buffer rented from the shared pool (the caller returns it).</summary>
    private static async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(VendorResponse response, CancellationToken cancellationToken)
    {
        var expected = response.ContentHeaders.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(expected is > 0 and < InitialBodyBufferLimit ? (int)expected.Value + 1 : InitialBodyBuffer);
        var length = 0;
        try
        {
            int read;
            while ((read = await response.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static void ValidateRequest(AgentsWorkReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        InstantRange.ThrowIfDefault(request.Range, $"{nameof(request)}.{nameof(request.Range)}");

        var hasLogins = request.AgentLogins is { Count: > 0 };
        var hasGroups = request.AgentGroupIds is { Count: > 0 };
        if (!hasLogins && !hasGroups)
        {
            throw new ArgumentException(
                "Thulium needs agent logins, agent group ids or both; neither was given.",
                $"{nameof(request)}.{nameof(request.AgentLogins)}");
        }

        if (hasLogins)
        {
            foreach (var login in request.AgentLogins!)
            {
                if (string.IsNullOrWhiteSpace(login))
                {
                    throw new ArgumentException("Agent logins cannot be null, empty or blank.", $"{nameof(request)}.{nameof(request.AgentLogins)}");
                }

                ParameterValues.EnsureText(login, $"{nameof(request)}.{nameof(request.AgentLogins)}");
            }
        }

        ParameterValues.EnsurePositive(request.AgentGroupIds ?? [], $"{nameof(request)}.{nameof(request.AgentGroupIds)}");
        ParameterValues.EnsurePositive(request.QueueIds ?? [], $"{nameof(request)}.{nameof(request.QueueIds)}");

        if (request.Aggregation is { } bucket && (bucket == TimeBucket.None || !Enum.IsDefined(bucket)))
        {
            throw new ArgumentException(
                $"Thulium cannot aggregate by '{bucket}'; use HourOfDay, Minute, Hour, Day, Week, Month or Year, or null for Thulium's default (month).",
                $"{nameof(request)}.{nameof(request.Aggregation)}");
        }

        if (request.OutboundThreshold is { } threshold)
        {
            if (threshold < Duration.Zero)
            {
                throw new ArgumentException("The outbound threshold cannot be negative.", $"{nameof(request)}.{nameof(request.OutboundThreshold)}");
            }

            if (threshold.SubsecondNanoseconds != 0)
            {
                throw new ArgumentException(
                    "The outbound threshold must be a whole number of seconds (Thulium takes seconds).",
                    $"{nameof(request)}.{nameof(request.OutboundThreshold)}");
            }
        }
    }

    private static string AggregateBy(TimeBucket bucket) => bucket switch
    {
        TimeBucket.HourOfDay => "hour_of_day",
        TimeBucket.Minute => "minute",
        TimeBucket.Hour => "hour",
        TimeBucket.Day => "day",
        TimeBucket.Week => "week",
        TimeBucket.Month => "month",
        TimeBucket.Year => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a Thulium aggregation."),
    };

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
