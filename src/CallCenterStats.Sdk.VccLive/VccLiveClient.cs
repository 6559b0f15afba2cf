using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.DependencyInjection;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Http;
using CallCenterStats.Sdk.Json;
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
public class VccLiveClient
{
    private const string UserBasedPath = "v2/statistics/userbased";

    private readonly VendorRequestPipeline? _pipeline;
    private readonly VccLiveOptions? _options;
    private readonly DateTimeZone _zone = DateTimeZone.Utc;

    /// <summary>For mocking: a client built with this constructor cannot send requests.</summary>
    protected VccLiveClient()
    {
    }

    internal VccLiveClient(VendorClientContext<VccLiveOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = context.Options;
        _zone = context.Options.ResolveTimeZone();
        _pipeline = context.CreatePipeline(VccLiveErrorPolicy.Instance);
    }

    /// <summary>
    /// Builds a client without dependency injection, with the same auth and error handling as
    /// <see cref="VccLiveServiceCollectionExtensions.AddVccLiveClient(IServiceCollection, Action{VccLiveOptions})"/>.
    /// </summary>
    /// <param name="options">The options; the client reads this instance, so do not change it afterwards.</param>
    /// <returns>The client.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static VccLiveClient Create(VccLiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return VendorClientRegistration.CreateStandalone<VccLiveClient, VccLiveOptions>(options, services => services.AddVccLiveClient(_ => { }));
    }

    /// <summary>
    /// Streams user-based statistics (<c>GET /v2/statistics/userbased</c>) row by row as the response arrives, so a
    /// month of time-slot rows for hundreds of agents never sits in memory at once. JSON, tab and CSV outputs give
    /// the same rows. The request is checked when this method is called; it is sent when enumeration starts.
    /// </summary>
    /// <param name="request">What to report on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows in the vendor's order.</returns>
    /// <exception cref="ArgumentException">The request is invalid (thrown by this call, before any I/O); the parameter name says which property.</exception>
    /// <exception cref="VendorApiException">
    /// Thrown during enumeration: the vendor answered with an error status, its body carried <c>errors</c> (VCC Live
    /// reports errors with HTTP 200; when errors follow rows already returned, they are thrown after the last row),
    /// or the body could not be read.
    /// </exception>
    public virtual IAsyncEnumerable<UserBasedStatisticsRow> StreamUserBasedStatisticsAsync(
        UserBasedStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        var query = BuildQuery(request);
        var path = query.AppendTo(UserBasedPath);
        return SendAndReadAsync(path, request.Format, cancellationToken);
    }

    /// <summary>
    /// Gets user-based statistics (<c>GET /v2/statistics/userbased</c>) as one list: a convenience over
    /// <see cref="StreamUserBasedStatisticsAsync"/> for small results.
    /// </summary>
    /// <param name="request">What to report on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every row, in the vendor's order.</returns>
    /// <exception cref="ArgumentException">The request is invalid (thrown before any I/O); the parameter name says which property.</exception>
    /// <exception cref="VendorApiException">The vendor answered with an error (in any HTTP status) or the body could not be read.</exception>
    public virtual Task<IReadOnlyList<UserBasedStatisticsRow>> GetUserBasedStatisticsAsync(
        UserBasedStatisticsRequest request,
        CancellationToken cancellationToken = default)
    {
        var rows = StreamUserBasedStatisticsAsync(request, cancellationToken);
        return CollectAsync(rows, cancellationToken);
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

        if (request.Dates == default)
        {
            throw new ArgumentException("The date range is required.", Prefix + nameof(request.Dates));
        }

        var fields = request.Fields is { Count: > 0 } f ? ParameterValues.Join(f, ',', Prefix + nameof(request.Fields)) : null;
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
            .Add("from", WireFormat.BasicDate(request.Dates.Start.WithCalendar(CalendarSystem.Iso)))
            .Add("to", WireFormat.BasicDate(request.Dates.End.WithCalendar(CalendarSystem.Iso)))
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
        UserBasedStatisticsFormat.Csv => _options?.CsvSpelling == CsvFormatSpelling.Csv ? "csv" : "cvs",
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

    private static async Task<IReadOnlyList<UserBasedStatisticsRow>> CollectAsync(
        IAsyncEnumerable<UserBasedStatisticsRow> rows,
        CancellationToken cancellationToken)
    {
        var list = new List<UserBasedStatisticsRow>();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(row);
        }

        return list;
    }

    private async IAsyncEnumerable<UserBasedStatisticsRow> SendAndReadAsync(
        string path,
        UserBasedStatisticsFormat format,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pipeline = _pipeline ?? throw new InvalidOperationException("This client was created for mocking and cannot send requests.");
        using var response = await pipeline
            .SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), cancellationToken)
            .ConfigureAwait(false);

        (byte? first, Stream body) peeked;
        try
        {
            peeked = await PeekableBody.PeekAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw response.CreateInvalidResponseException(ex);
        }

        // The envelope is JSON whatever was asked for: a tab or CSV request may still be answered with {"errors": [...]}.
        var rows = peeked.first is (byte)'{' or (byte)'[' || format == UserBasedStatisticsFormat.Json
            ? ReadJsonAsync(response, peeked.body, isArray: peeked.first == (byte)'[', cancellationToken)
            : ReadDelimitedAsync(response, peeked.body, format == UserBasedStatisticsFormat.Tab ? '\t' : ',', cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private async IAsyncEnumerable<UserBasedStatisticsRow> ReadJsonAsync(
        VendorResponse response,
        Stream body,
        bool isArray,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var errors = new List<VendorError>();
        var source = JsonArrayStreamReader.ReadAsync(
            body,
            isArray ? null : "response",
            VccLiveJsonContext.Default.UserBasedRowDto,
            (name, value) =>
            {
                if (string.Equals(name, "errors", StringComparison.OrdinalIgnoreCase))
                {
                    errors.AddRange(VccLiveErrorPolicy.ReadErrors(value));
                }
            },
            cancellationToken);
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool hasRow;
                try
                {
                    hasRow = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is JsonException or IOException)
                {
                    throw errors.Count > 0
                        ? response.CreateException(new VendorErrorReport(errors))
                        : response.CreateInvalidResponseException(ex);
                }

                // Rows are only good when errors is empty: stop at the first sign of errors, wherever they appear.
                if (errors.Count > 0)
                {
                    throw response.CreateException(new VendorErrorReport(errors));
                }

                if (!hasRow)
                {
                    yield break;
                }

                UserBasedStatisticsRow row;
                try
                {
                    row = UserBasedRowMapping.FromJson(enumerator.Current ?? throw new FormatException("A row is null."), _zone);
                }
                catch (FormatException ex)
                {
                    throw response.CreateInvalidResponseException(ex);
                }

                yield return row;
            }
        }
    }

    private async IAsyncEnumerable<UserBasedStatisticsRow> ReadDelimitedAsync(
        VendorResponse response,
        Stream body,
        char separator,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        var reader = new DelimitedTextReader(text, separator);
        UserBasedRowMapping.DelimitedMapper? mapper = null;
        while (true)
        {
            UserBasedStatisticsRow row;
            try
            {
                var record = await reader.ReadRecordAsync(cancellationToken).ConfigureAwait(false);
                if (record is null)
                {
                    yield break;
                }

                if (mapper is null)
                {
                    mapper = new UserBasedRowMapping.DelimitedMapper(record, _zone);
                    continue;
                }

                row = mapper.Map(record);
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                throw response.CreateInvalidResponseException(ex);
            }

            yield return row;
        }
    }
}
