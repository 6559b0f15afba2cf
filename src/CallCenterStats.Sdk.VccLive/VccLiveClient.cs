using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Client of the VCC Live statistics API (<c>https://{customer}.asp.virtual-call-center.eu/v2/…</c>), HTTP Basic
/// authenticated with the customer name and API token. Thread-safe; register it once per account (DI) or build it
/// with <see cref="Create"/>.
/// </summary>
/// <remarks>
/// VCC Live only accepts calls from registered IP addresses; others get HTTP 403, thrown as a
/// <see cref="VendorApiException"/> of kind <see cref="VendorErrorKind.PermissionDenied"/>.
/// </remarks>
public class VccLiveClient : VendorClient<VccLiveOptions>
{
    private const string UserBasedPath = "v2/statistics/userbased";

    /// <summary>The largest single row (or property of the JSON envelope) read: 4 MiB, far above any real row.</summary>
    internal const int MaxRowBytes = 4 * 1024 * 1024;

    private const int RereadThreshold = 4 * 1024;

    private const int BatchRows = 32;

    private static readonly VendorOperation UserBasedOperation = new("statistics/userbased");
    private static readonly SearchValues<byte> BlankBeforeTab = SearchValues.Create(" \r\n"u8);
    private static readonly SearchValues<byte> BlankBeforeJsonOrCsv = SearchValues.Create(" \t\r\n"u8);

    private readonly CsvFormatSpelling _csvSpelling;
    private readonly UserBasedRowMapping.RowPeriods _periods = new(BucketCalendar.Utc, TimeBucket.QuarterHour);

    /// <summary>The call centre's wall clock (<see cref="VccLiveOptions.TimeZone"/>).</summary>
    internal BucketCalendar Calendar => _periods.Calendar;

    /// <summary>The length of a <c>time</c> slot (<see cref="VccLiveOptions.TimeSlot"/>).</summary>
    internal TimeBucket TimeSlot => _periods.Slot;

    /// <summary>For mocking: a client built this way sends nothing (see <see cref="VendorClient"/>).</summary>
    protected VccLiveClient()
    {
    }

    internal VccLiveClient(VendorClientContext<VccLiveOptions> context)
        : base(context)
    {
        _csvSpelling = context.Options.CsvSpelling;
        _periods = new UserBasedRowMapping.RowPeriods(new BucketCalendar(TimeZoneIds.Resolve(context.Options.TimeZone)), context.Options.TimeSlot);
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same auth, error handling, retries, timeouts and
    /// telemetry as <see cref="VccLiveServiceCollectionExtensions.AddVccLiveClient(IServiceCollection, Action{VccLiveOptions})"/>.
    /// Dispose it when done.
    /// </summary>
    /// <param name="options">The options; validated now and copied.</param>
    /// <param name="services">A handler, logger factory, clock or time provider to use instead of the defaults.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static VccLiveClient Create(VccLiveOptions options, VendorClientServices? services = null) =>
        VendorClientRegistration.CreateStandalone(VccLiveDescriptor.Instance, options, services);

    /// <summary>
    /// Streams user-based statistics (<c>GET /v2/statistics/userbased</c>) row by row as the response arrives, so a
    /// month of time-slot rows for hundreds of agents never sits in memory at once. JSON, tab and CSV outputs give
    /// the same rows. The request is checked by this call, before any I/O; it is sent when enumeration starts, and
    /// retried (when the failure is transient) only until the first row reaches the caller. Collect a small result with
    /// <c>await client.GetUserBasedStatisticsAsync(request).ToListAsync()</c>.
    /// </summary>
    /// <param name="request">What to report on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows in the vendor's order.</returns>
    /// <exception cref="ArgumentException">The request is invalid; the parameter name says which property.</exception>
    /// <exception cref="InvalidOperationException">The client was built for mocking and this method is not overridden.</exception>
    /// <exception cref="VendorApiException">
    /// Thrown during enumeration: the vendor answered with an error status, its body carried <c>errors</c> (VCC Live
    /// reports errors with HTTP 200; when errors follow rows already returned, they are thrown after the last row),
    /// or the body could not be read.
    /// </exception>
    public virtual IAsyncEnumerable<UserBasedStatisticsRow> GetUserBasedStatisticsAsync(
        UserBasedStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        var query = BuildQuery(request);
        var pipeline = GetPipeline();
        var uri = new Uri(query.AppendTo(UserBasedPath), UriKind.Relative);
        var format = request.Format;
        var dimensions = request.Dimensions;
        UserBasedKpi[]? fields = request.Fields is { Count: > 0 } asked ? [.. asked.Distinct()] : null;
        return pipeline.StreamAsync(
            UserBasedOperation,
            () => new HttpRequestMessage(HttpMethod.Get, uri),
            (response, token) => ReadAsync(response, format, dimensions, fields, token),
            cancellationToken);
    }

    internal RequestParameters BuildQuery(UserBasedStatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string Prefix = nameof(request) + ".";
        if (request.Dimensions == UserBasedStatisticsDimensions.None)
        {
            throw new ArgumentException("At least one dimension (project, user, date, time) is required.", Prefix + nameof(request.Dimensions));
        }

        if ((request.Dimensions & ~UserBasedStatisticsDimensions.All) != 0)
        {
            throw new ArgumentException($"'{request.Dimensions}' contains values that are not dimensions.", Prefix + nameof(request.Dimensions));
        }

        if (request.Range == default)
        {
            throw new ArgumentException("The date range is required.", Prefix + nameof(request.Range));
        }

        var fields = request.Fields is { Count: > 0 } f ? ParameterValues.Join(f.Select(kpi => kpi.Name), ',', Prefix + nameof(request.Fields)) : null;
        if (fields is not null && request.Preset is not null)
        {
            throw new ArgumentException(
                "Preset cannot be combined with Fields: VCC Live ignores the preset when fields are given.",
                Prefix + nameof(request.Preset));
        }

        if (request.Preset is <= 0)
        {
            throw new ArgumentException("A preset id must be positive.", Prefix + nameof(request.Preset));
        }

        if (!Enum.IsDefined(request.Format))
        {
            throw new ArgumentException($"'{request.Format}' is not an output format.", Prefix + nameof(request.Format));
        }

        var projects = IdList(request.Projects, "Projects", "active projects", Prefix + nameof(request.Projects));
        var users = IdList(request.Users, "Users", "all users", Prefix + nameof(request.Users));

        // The wire dates are ISO (Gregorian) dates whatever calendar the caller's LocalDate uses.
        return new RequestParameters()
            .Add("from", WireFormat.BasicDate(request.Range.Start.WithCalendar(CalendarSystem.Iso)))
            .Add("to", WireFormat.BasicDate(request.Range.End.WithCalendar(CalendarSystem.Iso)))
            .Add("dimensions", DimensionsText(request.Dimensions))
            .Add("projects", projects)
            .Add("users", users)
            .Add("hide_system_users", request.HideSystemUsers)
            .Add("fields", fields)
            .Add("preset", request.Preset)
            .Add("of", FormatText(request.Format));
    }

    private static string? IdList(IReadOnlyList<long>? ids, string property, string vendorDefault, string paramName)
    {
        if (ids is null)
        {
            return null;
        }

        // An empty list would be sent as "not given", and the vendor would report on everyone: reject it.
        if (ids.Count == 0)
        {
            throw new ArgumentException($"{property} cannot be empty; leave it null to report on the vendor's default ({vendorDefault}).", paramName);
        }

        ParameterValues.EnsurePositive(ids, paramName);

        return ParameterValues.Join(ids, ',');
    }

    private string? FormatText(UserBasedStatisticsFormat format) => format switch
    {
        UserBasedStatisticsFormat.Tab => "tab",
        UserBasedStatisticsFormat.Csv => _csvSpelling == CsvFormatSpelling.Csv ? "csv" : "cvs",
        _ => null,
    };

    private static string DimensionsText(UserBasedStatisticsDimensions dimensions)
    {
        var names = new List<string>(4);
        if (dimensions.HasFlag(UserBasedStatisticsDimensions.Project))
        {
            names.Add("project");
        }

        if (dimensions.HasFlag(UserBasedStatisticsDimensions.User))
        {
            names.Add("user");
        }

        if (dimensions.HasFlag(UserBasedStatisticsDimensions.Date))
        {
            names.Add("date");
        }

        if (dimensions.HasFlag(UserBasedStatisticsDimensions.Time))
        {
            names.Add("time");
        }

        return string.Join(',', names);
    }

    private async IAsyncEnumerable<UserBasedStatisticsRow> ReadAsync(
        VendorResponse response,
        UserBasedStatisticsFormat format,
        UserBasedStatisticsDimensions dimensions,
        UserBasedKpi[]? fields,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var body = new BodyBuffer(response.Body, MaxRowBytes);
        var periods = new UserBasedRowMapping.PeriodCache(_periods);
        var first = await SkipLeadingAsync(body, format, cancellationToken).ConfigureAwait(false);
        var asked = format switch
        {
            UserBasedStatisticsFormat.Tab => "tab-separated",
            UserBasedStatisticsFormat.Csv => "CSV",
            _ => "JSON",
        };
        if (first is null)
        {
            throw response.CreateInvalidResponseException($"the answer is empty where {asked} output was asked");
        }

        if (first == (byte)'<')
        {
            throw response.CreateInvalidResponseException($"the answer is an HTML page (or other markup) where {asked} output was asked");
        }

        // The envelope is JSON whatever was asked for: a tab or CSV request may still be answered with {"errors": [...]}.
        IRowReader reader = format == UserBasedStatisticsFormat.Json || first is (byte)'{' or (byte)'['
            ? new JsonRows(new UserBasedJsonReader(response, periods, format == UserBasedStatisticsFormat.Json ? null : asked))
            : new DelimitedRows(new DelimitedRowReader(format, dimensions, fields, periods));
        // Small batches: the rows of a batch are alive together, and a garbage collection meanwhile would promote them.
        var batch = new List<UserBasedStatisticsRow>(BatchRows);
        while (true)
        {
            var progressed = Parse(reader, body, batch, response);
            foreach (var row in batch)
            {
                yield return row;
            }

            batch.Clear();
            if (reader.IsDone)
            {
                break;
            }

            if (progressed)
            {
                continue;
            }

            if (body.Ended)
            {
                Finish(reader, body, response);
                yield break;
            }

            // A JSON reader that made no progress parses its unit again from the start: past a few KiB (far more than a
            // row), wait for twice the data first, so a huge unit is parsed a few times, not once per network read. A
            // normal row is parsed again after every read, so it is handed out as soon as its last byte arrives.
            var stuck = reader.RestartsUnits && body.Data.Length >= RereadThreshold;
            await ReadMoreAsync(body, untilDoubled: stuck, response, cancellationToken).ConfigureAwait(false);
        }

        // After the envelope, only white space.
        while (true)
        {
            if (body.Data.IndexOfAnyExcept(BlankBeforeJsonOrCsv) >= 0)
            {
                throw response.CreateInvalidResponseException("the answer goes on after the JSON envelope");
            }

            body.Consume(body.Data.Length);
            if (!await ReadMoreAsync(body, untilDoubled: false, response, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    /// <summary>Skips a UTF-8 byte-order mark and leading white space (consumed as it comes: bounded memory).</summary>
    /// <returns>The first byte of the content, or null when the body holds nothing else.</returns>
    private static async ValueTask<byte?> SkipLeadingAsync(BodyBuffer body, UserBasedStatisticsFormat format, CancellationToken cancellationToken)
    {
        // A tab is a separator in tab output: it is not skipped there.
        var blank = format == UserBasedStatisticsFormat.Tab ? BlankBeforeTab : BlankBeforeJsonOrCsv;
        var bomChecked = false;
        while (true)
        {
            if (!bomChecked && (body.Data.Length >= 3 || body.Ended))
            {
                bomChecked = true;
                if (body.Data.StartsWith("\uFEFF"u8))
                {
                    body.Consume(3);
                }
            }

            if (bomChecked)
            {
                var start = body.Data.IndexOfAnyExcept(blank);
                if (start >= 0)
                {
                    body.Consume(start);
                    return body.Data[0];
                }

                body.Consume(body.Data.Length);
            }

            if (!await body.ReadMoreAsync(untilDoubled: false, cancellationToken).ConfigureAwait(false))
            {
                if (bomChecked)
                {
                    return null;
                }
            }
        }
    }

    private static bool Parse(IRowReader reader, BodyBuffer body, List<UserBasedStatisticsRow> batch, VendorResponse response)
    {
        try
        {
            return reader.Read(body, batch, BatchRows);
        }
        catch (FormatException ex)
        {
            throw response.CreateInvalidResponseException(ex.Message);
        }
        catch (JsonException ex)
        {
            throw response.CreateInvalidResponseException("the answer is not valid JSON: " + ex.Message.TrimEnd('.'));
        }
    }

    private static void Finish(IRowReader reader, BodyBuffer body, VendorResponse response)
    {
        try
        {
            reader.Finish(body);
        }
        catch (FormatException ex)
        {
            throw response.CreateInvalidResponseException(ex.Message);
        }
    }

    private static async ValueTask<bool> ReadMoreAsync(BodyBuffer body, bool untilDoubled, VendorResponse response, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadMoreAsync(untilDoubled, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw response.CreateInvalidResponseException(ex.Message);
        }
    }

    /// <summary>One of the two row readers, as the read loop drives it.</summary>
    private interface IRowReader
    {
        bool IsDone { get; }

        /// <summary>Whether a unit that was not complete is parsed again from its start (JSON), rather than resumed (tab/CSV).</summary>
        bool RestartsUnits { get; }

        bool Read(BodyBuffer body, List<UserBasedStatisticsRow> batch, int maxRows);

        void Finish(BodyBuffer body);
    }

    private sealed class JsonRows(UserBasedJsonReader reader) : IRowReader
    {
        public bool IsDone => reader.IsDone;

        public bool RestartsUnits => true;

        public bool Read(BodyBuffer body, List<UserBasedStatisticsRow> batch, int maxRows) => reader.Read(body, batch, maxRows);

        // Read fails on its own when the body ends inside the envelope.
        public void Finish(BodyBuffer body) => throw new FormatException("the answer ends before its JSON is complete (cut off)");
    }

    private sealed class DelimitedRows(DelimitedRowReader reader) : IRowReader
    {
        public bool IsDone => false;

        public bool RestartsUnits => false;

        public bool Read(BodyBuffer body, List<UserBasedStatisticsRow> batch, int maxRows) => reader.Read(body, batch, maxRows);

        public void Finish(BodyBuffer body) => reader.Finish(body);
    }
}
