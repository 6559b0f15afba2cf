using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Hosting;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>
/// Thulium REST API: <c>GET /api/agents_work_report</c> with HTTP Basic auth, answering a bare JSON array of
/// rows, one per agent and period with activity, ordered by agent (login order) then period, paged by
/// <c>limit</c>/<c>offset</c> over that order. Errors are <c>{"request_id", "errors": [{"message", "code"}]}</c>
/// with the request id also in <c>X-Request-Id</c>; the HTTP status equals the code, except the transient error
/// (code 503 inside an HTTP 200 body).
/// </summary>
/// <remarks>
/// <para>Choices where Thulium's page is silent: <c>date_from</c>/<c>date_to</c> are wall-clock times in the
/// center's zone, read as the half-open range [date_from, date_to) (so a range of whole days adds up exactly);
/// a date without a time is also accepted (date_from: that day's start; date_to: the end of that day, as in the
/// spec's example <c>date_from=2024-12-19&amp;date_to=2025-01-18</c>). Agents are the union of
/// <c>agent_logins[]</c> and the members of <c>agent_group_ids[]</c> (a group is a queue); unknown logins, groups
/// or queues answer 404. <c>queues_ids[]</c> filters the calls: only calls that came through the listed queues
/// count, so an agent of another queue keeps its state figures (login, pauses, free time) but shows no inbound
/// calls. Periods without activity (no logged-in time and no counted call) have no row. Outbound, chat and
/// ticket figures are always zero (the simulation has none), whatever <c>outbound_threshold</c> is.</para>
/// <para><c>wait_sum</c> is written as a number of seconds in even rows and as <c>"HH:MM:SS"</c> in odd rows
/// (row position in the whole report), since Thulium shows both; numeric pause ids omit <c>average</c> when
/// their count is zero, as Thulium's example does for some ids.</para>
/// </remarks>
internal static class ThuliumRoutes
{
    public const string ReportPath = "/api/agents_work_report";

    public const int MaxLimit = 100;

    private static readonly Dictionary<string, ThuliumAggregation> Aggregations = new(StringComparer.Ordinal)
    {
        ["hour_of_day"] = ThuliumAggregation.HourOfDay,
        ["minute"] = ThuliumAggregation.Minute,
        ["hour"] = ThuliumAggregation.Hour,
        ["day"] = ThuliumAggregation.Day,
        ["week"] = ThuliumAggregation.Week,
        ["month"] = ThuliumAggregation.Month,
        ["year"] = ThuliumAggregation.Year,
    };

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.MapGet(ReportPath, context => HandleAsync(context, state));

        // Anything else under the prefix gets Thulium's envelope too (the report path with another method: 405).
        routes.MapFallback(context => FallbackAsync(context, state));
    }

    /// <summary>Gives the request its id header and checks Basic auth; null when it was answered with 401.</summary>
    private static async Task<string?> AuthenticateAsync(HttpContext context, EmulatorState state)
    {
        var requestId = Guid.NewGuid().ToString("N");
        context.Response.Headers["X-Request-Id"] = requestId;
        if (EmulatorHttp.HasBasic(context, state.Credentials.ThuliumUsername, state.Credentials.ThuliumPassword))
        {
            return requestId;
        }

        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Thulium API\"";
        await ErrorAsync(context, requestId, 401, [new("Unauthorized", 401)]).ConfigureAwait(false);
        return null;
    }

    private static async Task FallbackAsync(HttpContext context, EmulatorState state)
    {
        if (await AuthenticateAsync(context, state).ConfigureAwait(false) is not { } requestId)
        {
            return;
        }

        if (context.Request.Path.Value?.EndsWith(ReportPath, StringComparison.Ordinal) == true)
        {
            context.Response.Headers.Allow = "GET";
            await ErrorAsync(context, requestId, 405, [new("Method not allowed", 405)]).ConfigureAwait(false);
            return;
        }

        await ErrorAsync(context, requestId, 404, [new("Not found", 404)]).ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context, EmulatorState state)
    {
        if (await AuthenticateAsync(context, state).ConfigureAwait(false) is not { } requestId)
        {
            return;
        }

        if (FaultInjector.IsVendorTransient(context))
        {
            await ErrorAsync(context, requestId, 200, [new("Service temporarily unavailable", 503)]).ConfigureAwait(false);
            return;
        }

        var p = await EmulatorHttp.ReadParametersAsync(context).ConfigureAwait(false);
        var zone = state.Center.Zone;
        var errors = new List<ThuliumError>();

        var limit = ReadInteger(p, "limit", MaxLimit, 1, MaxLimit, errors, $"Parameter limit must be an integer between 1 and {MaxLimit}.");
        var offset = ReadInteger(p, "offset", 0, 0, long.MaxValue, errors, "Parameter offset must be a non-negative integer.");
        ReadInteger(p, "outbound_threshold", 0, 0, long.MaxValue, errors, "Parameter outbound_threshold must be a non-negative integer number of seconds.");

        var logins = ListValues(p, "agent_logins");
        var groupTexts = ListValues(p, "agent_group_ids");
        var queueTexts = ListValues(p, "queues_ids");
        if (logins.Count == 0 && groupTexts.Count == 0)
        {
            errors.Add(new("Parameter agent_logins or agent_group_ids is required.", 400));
        }

        if (logins.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new("Parameter agent_logins cannot contain empty logins.", 400));
        }

        var groupIds = ReadIds(groupTexts, "agent_group_ids", errors);
        var queueIds = ReadIds(queueTexts, "queues_ids", errors);

        var from = ReadDate(p, "date_from", endOfDay: false, zone, errors);
        var to = ReadDate(p, "date_to", endOfDay: true, zone, errors);
        if (from is { } f && to is { } t && t <= f)
        {
            errors.Add(new("Parameter date_to must be later than date_from.", 400));
        }

        var bucket = ThuliumAggregation.Month;
        if (p.Get("aggregate_by") is { } aggregateBy && !Aggregations.TryGetValue(aggregateBy, out bucket))
        {
            errors.Add(new("Parameter aggregate_by must be one of: hour_of_day, minute, hour, day, week, month, year.", 400));
        }

        if (errors.Count > 0)
        {
            await ErrorAsync(context, requestId, 400, errors).ConfigureAwait(false);
            return;
        }

        var center = state.Center;
        var selected = new SortedSet<int>();
        foreach (var login in logins)
        {
            if (center.FindAgent(login) is { } agent)
            {
                selected.Add(agent.Index);
            }
            else
            {
                errors.Add(new($"Agent with login '{login}' not found.", 404));
            }
        }

        foreach (var groupId in groupIds)
        {
            if (center.FindQueue(groupId) is { } group)
            {
                selected.UnionWith(center.Agents.Where(a => a.Queue == group).Select(a => a.Index));
            }
            else
            {
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"Agent group {groupId} not found."), 404));
            }
        }

        foreach (var queueId in queueIds.Where(id => center.FindQueue(id) is null))
        {
            errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"Queue {queueId} not found."), 404));
        }

        if (errors.Count > 0)
        {
            await ErrorAsync(context, requestId, 404, errors).ConfigureAwait(false);
            return;
        }

        // Outside the simulated days every agent is offline: no activity, so clipping changes no row and spares
        // generating empty days for far-reaching ranges.
        var start = Max(from!.Value, center.Span.Start);
        var end = Min(to!.Value, center.Span.End);
        var range = start < end ? new Interval(start, end) : (Interval?)null;
        var queueFilter = queueIds.Count > 0 ? queueIds.ToHashSet() : null;

        await EmulatorHttp.StreamJsonAsync(context, 200, async w =>
        {
            w.WriteStartArray();
            long position = 0;
            var written = 0;
            IEnumerable<int> agents = range is null ? [] : selected;
            foreach (var index in agents)
            {
                var agent = center.Agents[index];
                var rows = ThuliumWorkReport.Compute(center, agent, range!.Value, bucket, queueFilter is null || queueFilter.Contains(agent.Queue.Id));
                if (position + rows.Count <= offset)
                {
                    position += rows.Count;
                    continue;
                }

                foreach (var row in rows)
                {
                    if (position++ < offset)
                    {
                        continue;
                    }

                    WriteRow(w, agent, row, bucket, zone, waitAsNumber: (position - 1) % 2 == 0);
                    await EmulatorHttp.FlushIfFullAsync(w, context).ConfigureAwait(false);
                    if (++written == limit)
                    {
                        break;
                    }
                }

                if (written == limit)
                {
                    break;
                }
            }

            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static void WriteRow(Utf8JsonWriter w, SimulatedAgent agent, ThuliumReportBucket row, ThuliumAggregation bucket, DateTimeZone zone, bool waitAsNumber)
    {
        w.WriteStartObject();
        w.WriteStartObject("agent");
        w.WriteString("login", agent.Login);
        w.WriteString("name", agent.FirstName);
        w.WriteString("surname", agent.LastName);
        w.WriteEndObject();
        w.WriteString("period", ThuliumWorkReport.Period(row, bucket, zone));

        w.WriteStartObject("inbound");
        w.WriteNumber("count", row.Offered);
        w.WriteNumber("answered_count", row.Answered);
        w.WriteNumber("not_answered_count", row.Offered - row.Answered);
        w.WriteNumber("transferred_count", 0);
        w.WriteString("sum", EmulatorWire.ClockText(row.Talk));
        w.WriteString("average", Average(row.Talk, row.Answered));
        if (waitAsNumber)
        {
            w.WriteNumber("wait_sum", ThuliumWorkReport.Seconds(row.AnsweredWait));
        }
        else
        {
            w.WriteString("wait_sum", EmulatorWire.ClockText(row.AnsweredWait));
        }

        w.WriteString("wait_average", Average(row.AnsweredWait, row.Answered));
        w.WriteNumber("calls_per_hour", CallsPerHour(row.Answered, row.Staffed));
        w.WriteEndObject();

        w.WriteStartObject("chat");
        w.WriteNumber("closed", 0);
        w.WriteNumber("responded", 0);
        w.WriteEndObject();
        w.WriteStartObject("ticket");
        w.WriteNumber("closed", 0);
        w.WriteNumber("responded", 0);
        w.WriteNumber("total_responded", 0);
        w.WriteEndObject();
        WriteZeroOutbound(w, "outbound_above_threshold");
        WriteZeroOutbound(w, "outbound_below_threshold");

        WriteLocal(w, "login_date", row.FirstLoggedIn, zone);
        WriteLocal(w, "logout_date", row.LastLoggedIn, zone);

        w.WriteStartArray("pauses");
        WritePause(w, "all", row.PausedCount, row.Paused, withAverage: true);
        WritePause(w, "free", row.ReadyCount, row.Ready, withAverage: true);
        for (var reason = 1; reason <= ThuliumWorkReport.PauseReasons; reason++)
        {
            WritePause(w, reason, row.ReasonCount[reason], row.ReasonTime[reason], withAverage: row.ReasonCount[reason] > 0);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePause(Utf8JsonWriter w, object id, long count, Duration sum, bool withAverage)
    {
        w.WriteStartObject();
        if (id is int number)
        {
            w.WriteNumber("id", number);
        }
        else
        {
            w.WriteString("id", (string)id);
        }

        w.WriteNumber("count", count);
        w.WriteString("sum", EmulatorWire.ClockText(sum));
        if (withAverage)
        {
            w.WriteString("average", Average(sum, count));
        }

        w.WriteEndObject();
    }

    private static void WriteZeroOutbound(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", 0);
        w.WriteString("sum", "00:00:00");
        w.WriteString("average", "00:00:00");
        w.WriteEndObject();
    }

    private static void WriteLocal(Utf8JsonWriter w, string name, Instant? value, DateTimeZone zone)
    {
        if (value is { } instant)
        {
            w.WriteString(name, EmulatorWire.SpacedDateTimeText(instant, zone));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>floor(sum / count) as <c>HH:MM:SS</c>; zero when there is nothing to average.</summary>
    private static string Average(Duration sum, long count) =>
        EmulatorWire.ClockText(count == 0 ? Duration.Zero : Duration.FromSeconds(ThuliumWorkReport.Seconds(sum) / count));

    /// <summary>Answered calls per logged-in hour of the period, to two decimals; 0 without logged-in time.</summary>
    private static decimal CallsPerHour(int answered, Duration staffed)
    {
        var seconds = ThuliumWorkReport.Seconds(staffed);
        return seconds == 0 ? 0m : Math.Round(answered * 3600m / seconds, 2, MidpointRounding.AwayFromZero);
    }

    private static Task ErrorAsync(HttpContext context, string requestId, int status, IReadOnlyList<ThuliumError> errors) =>
        EmulatorHttp.WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("request_id", requestId);
            w.WriteStartArray("errors");
            foreach (var error in errors)
            {
                w.WriteStartObject();
                w.WriteString("message", error.Message);
                w.WriteNumber("code", error.Code);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>
    /// Every value of a list parameter, PHP style: <c>name[]=a&amp;name[]=b</c>, also <c>name[0]=a</c> and a
    /// plain <c>name=a</c>.
    /// </summary>
    private static List<string> ListValues(IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        parameters
            .Where(p => p.Key == name || (p.Key.Length > name.Length + 1 && p.Key.StartsWith(name + "[", StringComparison.Ordinal) && p.Key.EndsWith(']')))
            .Select(p => p.Value)
            .ToList();

    private static List<long> ReadIds(List<string> texts, string name, List<ThuliumError> errors)
    {
        var ids = new List<long>();
        foreach (var text in texts)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else
            {
                errors.Add(new($"Parameter {name} must hold integer ids; '{text}' is not one.", 400));
            }
        }

        return ids;
    }

    private static long ReadInteger(IReadOnlyList<KeyValuePair<string, string>> parameters, string name, long fallback, long min, long max, List<ThuliumError> errors, string message)
    {
        var text = parameters.Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new(message, 400));
        return fallback;
    }

    private static Instant? ReadDate(IReadOnlyList<KeyValuePair<string, string>> parameters, string name, bool endOfDay, DateTimeZone zone, List<ThuliumError> errors)
    {
        var text = parameters.Get(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new($"Parameter {name} is required.", 400));
            return null;
        }

        // Skipped wall-clock times (spring forward) move on by the gap; repeated ones take the earlier instant.
        if (EmulatorWire.TryParseSpacedDateTime(text, out var dateTime))
        {
            return zone.AtLeniently(dateTime).ToInstant();
        }

        if (EmulatorWire.TryParseDashedDate(text, out var date))
        {
            return zone.AtStartOfDay(endOfDay ? date.PlusDays(1) : date).ToInstant();
        }

        errors.Add(new($"Parameter {name} must be a date in the format YYYY-MM-DD HH:mm:ss.", 400));
        return null;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private sealed record ThuliumError(string Message, int Code);
}
