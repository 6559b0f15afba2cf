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
/// Enswitch JSON API: <c>queues/destinations/statistics/get</c>, by GET (query) or POST (form), with the
/// <c>responses[]</c> envelope. Every agent is a destination (<c>dtype</c> <c>phone</c>, id = agent id) of its queue.
/// The HTTP status mirrors the envelope's code (the vendor's docs leave it open; clients read the body anyway).
/// Parameters come from the query string (separated by <c>&amp;</c> or, as the vendor's docs write them, <c>;</c>)
/// and the form body. Codes: 400 with <c>key</c> naming the bad parameter, 401 bad credentials, 402 for
/// <see cref="EmulatorCredentials.EnswitchRestrictedUsername"/> (role not allowed), 404 unknown destination or queue.
/// </summary>
internal static class EnswitchRoutes
{
    public const string StatisticsPath = "/api/json/queues/destinations/statistics/get/";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.MapMethods(StatisticsPath, ["GET", "POST"], context => HandleAsync(context, state));
    }

    private static async Task HandleAsync(HttpContext context, EmulatorState state)
    {
        var p = await EmulatorHttp.ReadParametersAsync(context, semicolonSeparatesQuery: true).ConfigureAwait(false);
        var user = p.Get("auth_username");
        if ((user != state.Credentials.EnswitchUsername && user != state.Credentials.EnswitchRestrictedUsername)
            || p.Get("auth_password") != state.Credentials.EnswitchPassword)
        {
            await ErrorAsync(context, 401, string.Empty, "The authentication details provided are invalid.").ConfigureAwait(false);
            return;
        }

        if (user == state.Credentials.EnswitchRestrictedUsername)
        {
            await ErrorAsync(context, 402, string.Empty, "Your role does not allow you to use this method.").ConfigureAwait(false);
            return;
        }

        if (FaultInjector.IsVendorTransient(context))
        {
            await ErrorAsync(context, 503, string.Empty, "Service temporarily unavailable, try again later.", httpStatus: 200).ConfigureAwait(false);
            return;
        }

        var destination = p.Get("destination");
        var queue = p.Get("queue");
        if (destination is not null && queue is not null)
        {
            await ErrorAsync(context, 400, "queue", "Specify destination or queue, but not both.").ConfigureAwait(false);
            return;
        }

        if (destination is null && queue is null)
        {
            await ErrorAsync(context, 400, "destination", "Either destination or queue is required.").ConfigureAwait(false);
            return;
        }

        if (!TryReadTime(p.Get("start"), 0, out var start))
        {
            await ErrorAsync(context, 400, "start", "Invalid start time.").ConfigureAwait(false);
            return;
        }

        if (!TryReadTime(p.Get("end"), EmulatorWire.UnixSeconds(state.Clock.GetCurrentInstant()), out var end) || end <= start)
        {
            await ErrorAsync(context, 400, "end", "Invalid end time.").ConfigureAwait(false);
            return;
        }

        var range = new Interval(start, end);
        if (destination is not null)
        {
            var agent = long.TryParse(destination, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Center.FindAgent(id) : null;
            if (agent is null)
            {
                await ErrorAsync(context, 404, "destination", "The destination does not exist, or you do not have permission to view it.").ConfigureAwait(false);
                return;
            }

            await EmulatorHttp.WriteJsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                WriteOk(w);
                w.WritePropertyName("data");
                WriteStatistics(w, state.Center, agent, range, withDestination: false);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        var queueInfo = long.TryParse(queue, NumberStyles.None, CultureInfo.InvariantCulture, out var queueId) ? state.Center.FindQueue(queueId) : null;
        if (queueInfo is null)
        {
            await ErrorAsync(context, 404, "queue", "The queue does not exist, or you do not have permission to view it.").ConfigureAwait(false);
            return;
        }

        await EmulatorHttp.StreamJsonAsync(context, 200, async w =>
        {
            w.WriteStartObject();
            WriteOk(w);
            w.WriteStartArray("data");
            foreach (var agent in state.Center.Agents.Where(a => a.Queue == queueInfo))
            {
                WriteStatistics(w, state.Center, agent, range, withDestination: true);
                await EmulatorHttp.FlushIfFullAsync(w, context).ConfigureAwait(false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The statistics of one destination: calls offered in the range, answered or not.</summary>
    internal static void WriteStatistics(Utf8JsonWriter w, SimulatedContactCenter center, SimulatedAgent agent, Interval range, bool withDestination)
    {
        var calls = center.GetCalls(agent, range).ToList();
        var answered = calls.Where(c => c.Answered).ToList();
        var talk = answered.Aggregate(Duration.Zero, (s, c) => s + c.Talk);
        var wait = answered.Aggregate(Duration.Zero, (s, c) => s + c.Wait);
        w.WriteStartObject();
        if (withDestination)
        {
            w.WriteString("dtype", "phone");
            w.WriteString("dnumber", agent.DestinationNumber);
        }

        w.WriteNumber("calls", calls.Count);
        w.WriteNumber("answered", answered.Count);
        w.WriteNumber("missed", calls.Count - answered.Count);
        w.WriteNumber("talktime_sum", EmulatorWire.WholeSeconds(talk));
        w.WriteNumber("talktime_max", answered.Count == 0 ? 0 : EmulatorWire.WholeSeconds(answered.Max(c => c.Talk)));
        w.WriteNumber("holdtime_sum", EmulatorWire.WholeSeconds(wait));
        w.WriteEndObject();
    }

    private static void WriteOk(Utf8JsonWriter w)
    {
        w.WriteStartArray("responses");
        w.WriteStartObject();
        w.WriteString("code", "200");
        w.WriteString("key", string.Empty);
        w.WriteString("message", "OK");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static Task ErrorAsync(HttpContext context, int code, string key, string message, int? httpStatus = null) =>
        EmulatorHttp.WriteJsonAsync(context, httpStatus ?? code, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("responses");
            w.WriteStartObject();
            w.WriteString("code", code.ToString(CultureInfo.InvariantCulture));
            w.WriteString("key", key);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static bool TryReadTime(string? text, long fallback, out Instant value)
    {
        var ok = text is null ? (fallback, true) : (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? (s, true) : (0, false));
        value = Instant.FromUnixTimeSeconds(ok.Item1);
        return ok.Item2 && ok.Item1 >= 0;
    }
}
