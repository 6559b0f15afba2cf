using System.Globalization;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Hosting;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors.Voximplant;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>
/// Voximplant Management API: <c>platform_api/GetACDOperatorStatusStatistics</c>, by POST (form fields) or GET, with
/// parameters in the form and/or the query string (the form wins). Every agent is a Voximplant user
/// (<c>user_id</c> = agent id); statistics are computed from the simulation's state segments in UTC buckets (see
/// <see cref="AcdStatusBuckets"/>). Auth: <c>Authorization: Bearer</c> with a service-account RS256 JWT (see
/// <see cref="VoximplantJwtValidator"/>). Every error, auth included, is <c>{"error": {"code", "msg"}}</c> in HTTP 200,
/// as Voximplant does.
/// </summary>
/// <remarks>
/// Choices where the vendor's docs are silent: <c>hour</c> is 0–23; a range longer than <see cref="MaxRange"/> is
/// code 569; an unknown <c>group</c> is code 101; <c>to_date</c> equal to <c>from_date</c> gives an empty result;
/// statistics stop at the emulator clock's "now" (there are none for the future); users and buckets with no interval
/// of a requested status are left out; users come in ascending id order whatever the order asked for.
/// </remarks>
internal static class VoximplantRoutes
{
    public const string StatisticsPath = "/platform_api/GetACDOperatorStatusStatistics";

    /// <summary>The longest <c>to_date - from_date</c> answered; longer ranges are code 569.</summary>
    public static readonly Duration MaxRange = Duration.FromDays(366);

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        var tokens = new VoximplantJwtValidator(state);
        routes.MapMethods(StatisticsPath, ["GET", "POST"], context => HandleAsync(context, state, tokens));
    }

    private static async Task HandleAsync(HttpContext context, EmulatorState state, VoximplantJwtValidator tokens)
    {
        if (!tokens.IsValid(EmulatorHttp.GetBearer(context)))
        {
            await ErrorAsync(context, 100, "Authorization failed").ConfigureAwait(false);
            return;
        }

        if (FaultInjector.IsVendorTransient(context))
        {
            // Voximplant's transient codes, one per draw: try later, repeat after N seconds, rate and concurrency limits.
            var retryAfter = (long)Math.Ceiling(state.Faults.Options.RetryAfter.TotalSeconds);
            var (transientCode, transientMessage) = (FaultInjector.VendorTransientVariant(context) % 4) switch
            {
                0 => (162, "Try again later"),
                1 => (416, string.Create(CultureInfo.InvariantCulture, $"Too many requests. Repeat the request after {retryAfter} seconds")),
                2 => (340, "Request rate limit exceeded"),
                _ => (314, "Concurrent requests limit exceeded"),
            };
            await ErrorAsync(context, transientCode, transientMessage).ConfigureAwait(false);
            return;
        }

        var parameters = await EmulatorHttp.ReadParametersAsync(context).ConfigureAwait(false);
        var (query, code, message) = ParseQuery(parameters, state);
        if (query is null)
        {
            await ErrorAsync(context, code, message).ConfigureAwait(false);
            return;
        }

        await EmulatorHttp.StreamJsonAsync(context, 200, async w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("result");
            if (query.Range is { } range)
            {
                if (query.GroupByUser)
                {
                    await WriteByUserAsync(w, context, state.Center, query, range).ConfigureAwait(false);
                }
                else
                {
                    await WriteByAggregationAsync(w, context, state.Center, query, range).ConfigureAwait(false);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>group=user</c>: one group per user (<c>user_id</c>), its buckets in <c>statistics</c>.</summary>
    private static async Task WriteByUserAsync(System.Text.Json.Utf8JsonWriter w, HttpContext context, SimulatedContactCenter center, StatisticsQuery query, Interval range)
    {
        foreach (var agent in query.Agents)
        {
            var buckets = AcdStatusBuckets.Collect(center, agent, range, query.Aggregation, query.Statuses);
            if (buckets.Count == 0)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteNumber("user_id", agent.Id);
            w.WriteStartArray("statistics");
            foreach (var (key, figures) in buckets)
            {
                w.WriteStartObject();
                AcdStatusBuckets.WriteKey(w, key, query.Aggregation);
                AcdStatusBuckets.WriteStatuses(w, figures);
                w.WriteEndObject();
                await EmulatorHttp.FlushIfFullAsync(w, context).ConfigureAwait(false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary><c>group=aggregation</c>: one group per bucket (<c>date</c>/<c>hour</c>), its users in <c>statistics</c>.</summary>
    private static async Task WriteByAggregationAsync(System.Text.Json.Utf8JsonWriter w, HttpContext context, SimulatedContactCenter center, StatisticsQuery query, Interval range)
    {
        foreach (var chunk in AcdStatusBuckets.Chunks(range, query.Aggregation))
        {
            var perAgent = query.Agents
                .Select(agent => (Agent: agent, Buckets: AcdStatusBuckets.Collect(center, agent, chunk, query.Aggregation, query.Statuses)))
                .Where(x => x.Buckets.Count > 0)
                .ToList();
            var keys = new SortedSet<long>(perAgent.SelectMany(x => x.Buckets.Keys));
            foreach (var key in keys)
            {
                w.WriteStartObject();
                AcdStatusBuckets.WriteKey(w, key, query.Aggregation);
                w.WriteStartArray("statistics");
                foreach (var (agent, buckets) in perAgent)
                {
                    if (buckets.TryGetValue(key, out var figures))
                    {
                        w.WriteStartObject();
                        w.WriteNumber("user_id", agent.Id);
                        AcdStatusBuckets.WriteStatuses(w, figures);
                        w.WriteEndObject();
                        await EmulatorHttp.FlushIfFullAsync(w, context).ConfigureAwait(false);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
        }
    }

    /// <summary>Validates the parameters in the order Voximplant's codes suggest; returns the query or the error.</summary>
    private static (StatisticsQuery? Query, int Code, string Message) ParseQuery(IReadOnlyList<KeyValuePair<string, string>> p, EmulatorState state)
    {
        var fromText = Value(p, "from_date");
        var userText = Value(p, "user_id");
        if (fromText is null)
        {
            return (null, 101, "Invalid arguments: 'from_date' is required.");
        }

        if (userText is null)
        {
            return (null, 101, "Invalid arguments: 'user_id' is required.");
        }

        if (!TryParseDate(fromText, out var from))
        {
            return (null, 111, $"Invalid date format of 'from_date': '{fromText}' (expected 'YYYY-MM-DD HH:mm:ss', UTC).");
        }

        // Whole seconds, as on the wire, so every interval is a whole number of seconds.
        var now = NodaConstants.UnixEpoch + Duration.FromSeconds(EmulatorWire.UnixSeconds(state.Clock.GetCurrentInstant()));
        var to = now;
        if (Value(p, "to_date") is { } toText && !TryParseDate(toText, out to))
        {
            return (null, 111, $"Invalid date format of 'to_date': '{toText}' (expected 'YYYY-MM-DD HH:mm:ss', UTC).");
        }

        var statuses = new bool[AcdStatusBuckets.Names.Length];
        var statusItems = Items(Value(p, "acd_status"));
        foreach (var item in statusItems)
        {
            var index = Array.IndexOf(AcdStatusBuckets.Names, item);
            if (index < 0)
            {
                return (null, 227, $"Invalid acd_status: '{item}'.");
            }

            statuses[index] = true;
        }

        if (statusItems.Length == 0)
        {
            Array.Fill(statuses, true);
        }

        IReadOnlyList<SimulatedAgent> agents;
        if (string.Equals(userText, "all", StringComparison.OrdinalIgnoreCase))
        {
            agents = state.Center.Agents;
        }
        else
        {
            var selected = new SortedDictionary<long, SimulatedAgent>();
            var userItems = Items(userText);
            if (userItems.Length == 0)
            {
                return (null, 101, "Invalid arguments: 'user_id' is required.");
            }

            foreach (var item in userItems)
            {
                var agent = long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Center.FindAgent(id) : null;
                if (agent is null)
                {
                    return (null, 117, $"Invalid user_id: '{item}'.");
                }

                selected[agent.Id] = agent;
            }

            agents = [.. selected.Values];
        }

        var aggregationText = Value(p, "aggregation");
        AcdAggregation? aggregation = aggregationText switch
        {
            null or "none" => AcdAggregation.None,
            "day" => AcdAggregation.Day,
            "hour_of_day" => AcdAggregation.HourOfDay,
            "hour" => AcdAggregation.Hour,
            _ => null,
        };
        if (aggregation is null)
        {
            return (null, 228, $"Invalid aggregation: '{aggregationText}' (expected none, day, hour_of_day or hour).");
        }

        var groupText = Value(p, "group");
        if (groupText is not (null or "user" or "aggregation"))
        {
            return (null, 101, $"Invalid arguments: 'group' must be 'user' or 'aggregation', not '{groupText}'.");
        }

        // The range is checked once every parameter has parsed: a malformed parameter is reported as such
        // even when the range (to_date defaults to now) is also too long.
        if (to < from)
        {
            return (null, 123, "Invalid date range: 'to_date' is before 'from_date'.");
        }

        if (to - from > MaxRange)
        {
            return (null, 569, $"The date range is too long: at most {MaxRange.Days.ToString(CultureInfo.InvariantCulture)} days.");
        }

        // No statistics exist for the future: the range stops at "now".
        var end = to < now ? to : now;
        Interval? range = end > from ? new Interval(from, end) : null;
        return (new StatisticsQuery(range, statuses, agents, aggregation.Value, groupText != "aggregation"), 0, string.Empty);
    }

    /// <summary>A parameter's value, trimmed; null when absent or blank (an empty field means "not given").</summary>
    private static string? Value(IReadOnlyList<KeyValuePair<string, string>> p, string name) =>
        p.Get(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The items of a <c>;</c>-separated list, trimmed, empty items dropped.</summary>
    private static string[] Items(string? list) =>
        list is null ? [] : list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool TryParseDate(string text, out Instant value)
    {
        var parsed = EmulatorWire.TryParseSpacedDateTime(text, out var local);
        value = parsed ? local.InUtc().ToInstant() : default;
        return parsed;
    }

    private static Task ErrorAsync(HttpContext context, int code, string message) =>
        EmulatorHttp.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("msg", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    /// <summary>A validated request: the range to report (null when empty), the statuses wanted (by index in
    /// <see cref="AcdStatusBuckets.Names"/>), the users in id order, the buckets and which level comes first.</summary>
    private sealed record StatisticsQuery(Interval? Range, bool[] Statuses, IReadOnlyList<SimulatedAgent> Agents, AcdAggregation Aggregation, bool GroupByUser);
}
