using System.Globalization;
using System.Text;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Hosting;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>
/// VCC Live statistics API: <c>GET /v2/statistics/userbased</c>, HTTP Basic (customer name + API token).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Parameters: <c>from</c>/<c>to</c> (<c>yyyymmdd</c>, required, local days in the center's zone), <c>dimensions</c>
/// (required comma list of <c>project</c>, <c>user</c>, <c>date</c>, <c>time</c>; items are trimmed and case-insensitive),
/// <c>projects</c>/<c>users</c> (comma lists of ids; default all; unknown ids just match nothing),
/// <c>hide_system_users</c> (<c>true</c>/<c>false</c>; the simulation has no system users, so it changes nothing),
/// <c>fields</c> (comma list of KPI names, default all), <c>preset</c> (used only without <c>fields</c>: 1 =
/// userstateAvailable, userstateCall, callIn; 2 = the five user states; 3 = callIn, callMissed), <c>of</c>
/// (<c>json</c> default, <c>tab</c>, and both <c>cvs</c> and <c>csv</c> for CSV).</item>
/// <item>Rows: one per group of the requested dimensions, aggregated over the others, ordered project, user, date,
/// time; only groups with activity (a logged-in state or a call offered) give a row. A row carries only the requested
/// dimensions. <c>time</c> is the <c>hhmm</c> start of the local 15-minute slot. <c>level</c> = number of requested
/// dimensions - 1 (the vendor's example shows 3 for all four). KPIs: see <see cref="VccLiveKpis"/>; every requested KPI
/// is in every row (zero when nothing happened).</item>
/// <item>Tab / CSV: a header line with the requested dimension columns (<c>date</c>, <c>time</c>, <c>projectId</c>,
/// <c>userId</c>, in that order) then one column per KPI; a KPI cell holds its <c>sum</c> (seconds), or its
/// <c>count</c> for count-only KPIs (callMissed). RFC 4180: CRLF line ends, fields quoted when they hold the
/// separator, a quote or a line break.</item>
/// <item>Errors: the envelope <c>{"response": [], "errors": ["message"]}</c>, always JSON whatever <c>of</c> says,
/// with HTTP 200 (as VCC Live does) for bad parameters and for the transient "Service temporarily unavailable";
/// HTTP 401 for bad credentials.</item>
/// <item>Answers are streamed row by row: a month of 15-minute rows for hundreds of agents is never held in memory.</item>
/// </list>
/// </remarks>
internal static class VccLiveRoutes
{
    public const string UserBasedPath = "/v2/statistics/userbased";

    public const string TransientMessage = "Service temporarily unavailable";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.MapGet(UserBasedPath, context => HandleUserBasedAsync(context, state));
    }

    private static async Task HandleUserBasedAsync(HttpContext context, EmulatorState state)
    {
        if (!EmulatorHttp.HasBasic(context, state.Credentials.VccLiveCustomer, state.Credentials.VccLiveApiToken))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"VCC Live API\"";
            await ErrorAsync(context, 401, "Authentication failed: invalid customer name or API token.").ConfigureAwait(false);
            return;
        }

        if (FaultInjector.IsVendorTransient(context))
        {
            await ErrorAsync(context, 200, TransientMessage).ConfigureAwait(false);
            return;
        }

        var parameters = await EmulatorHttp.ReadParametersAsync(context).ConfigureAwait(false);
        if (!VccLiveUserBasedQuery.TryParse(parameters, out var query, out var error))
        {
            await ErrorAsync(context, 200, error).ConfigureAwait(false);
            return;
        }

        var report = new VccLiveUserBasedReport(state.Center, query);
        if (query.Format == VccLiveOutputFormat.Json)
        {
            await StreamJsonAsync(context, report).ConfigureAwait(false);
        }
        else
        {
            await StreamDelimitedAsync(context, report, query.Format == VccLiveOutputFormat.Tab ? '\t' : ',').ConfigureAwait(false);
        }
    }

    private static Task StreamJsonAsync(HttpContext context, VccLiveUserBasedReport report) =>
        EmulatorHttp.StreamJsonAsync(context, 200, async w =>
        {
            var kpis = report.Query.Kpis;
            var level = report.Level;
            w.WriteStartObject();
            w.WriteStartArray("response");
            await report.ForEachRowAsync(async row =>
            {
                w.WriteStartObject();
                if (row.Date is { } date)
                {
                    w.WriteString("date", EmulatorWire.DashedDateText(date));
                }

                if (row.Time is { } time)
                {
                    w.WriteNumber("time", time);
                }

                if (row.ProjectId is { } projectId)
                {
                    w.WriteNumber("projectId", projectId);
                }

                if (row.UserId is { } userId)
                {
                    w.WriteNumber("userId", userId);
                }

                w.WriteStartArray("data");
                foreach (var kpi in kpis)
                {
                    w.WriteStartObject();
                    w.WriteString("field", VccLiveKpis.Names[kpi]);
                    w.WriteNumber("count", row.Values.Count(kpi));
                    w.WritePropertyName("sum");
                    if (VccLiveKpis.IsCountOnly(kpi))
                    {
                        w.WriteNullValue();
                    }
                    else if (row.Values.TryGetWholeSeconds(kpi, out var seconds))
                    {
                        w.WriteNumberValue(seconds);
                    }
                    else
                    {
                        w.WriteNumberValue(row.Values.Sum(kpi)!.Value);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("level", level);
                w.WriteEndObject();
                await EmulatorHttp.FlushIfFullAsync(w, context).ConfigureAwait(false);
            }).ConfigureAwait(false);
            w.WriteEndArray();
            w.WriteStartArray("errors");
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static Task StreamDelimitedAsync(HttpContext context, VccLiveUserBasedReport report, char separator)
    {
        var contentType = separator == '\t' ? "text/tab-separated-values; charset=utf-8" : "text/csv; charset=utf-8";
        return EmulatorHttp.StreamTextAsync(context, 200, contentType, async append =>
        {
            var kpis = report.Query.Kpis;
            var line = new StringBuilder();
            var header = new List<string>();
            if (report.Has(VccLiveDimensions.Date))
            {
                header.Add("date");
            }

            if (report.Has(VccLiveDimensions.Time))
            {
                header.Add("time");
            }

            if (report.Has(VccLiveDimensions.Project))
            {
                header.Add("projectId");
            }

            if (report.Has(VccLiveDimensions.User))
            {
                header.Add("userId");
            }

            header.AddRange(kpis.Select(k => VccLiveKpis.Names[k]));
            for (var i = 0; i < header.Count; i++)
            {
                AppendCell(line, header[i], separator, i == 0);
            }

            line.Append("\r\n");
            await append(line.ToString()).ConfigureAwait(false);

            await report.ForEachRowAsync(row =>
            {
                line.Clear();
                var first = true;
                void Cell(string text)
                {
                    AppendCell(line, text, separator, first);
                    first = false;
                }

                if (row.Date is { } date)
                {
                    Cell(EmulatorWire.DashedDateText(date));
                }

                if (row.Time is { } time)
                {
                    Cell(time.ToString(CultureInfo.InvariantCulture));
                }

                if (row.ProjectId is { } projectId)
                {
                    Cell(projectId.ToString(CultureInfo.InvariantCulture));
                }

                if (row.UserId is { } userId)
                {
                    Cell(userId.ToString(CultureInfo.InvariantCulture));
                }

                foreach (var kpi in kpis)
                {
                    if (VccLiveKpis.IsCountOnly(kpi))
                    {
                        Cell(row.Values.Count(kpi).ToString(CultureInfo.InvariantCulture));
                    }
                    else if (row.Values.TryGetWholeSeconds(kpi, out var seconds))
                    {
                        Cell(seconds.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        Cell(row.Values.Sum(kpi)!.Value.ToString(CultureInfo.InvariantCulture));
                    }
                }

                line.Append("\r\n");
                return append(line.ToString());
            }).ConfigureAwait(false);
        });
    }

    /// <summary>Appends one cell, quoted as RFC 4180 says when it holds the separator, a quote or a line break.</summary>
    private static void AppendCell(StringBuilder line, string text, char separator, bool first)
    {
        if (!first)
        {
            line.Append(separator);
        }

        if (text.AsSpan().IndexOfAny(['"', '\r', '\n', separator]) < 0)
        {
            line.Append(text);
            return;
        }

        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        EmulatorHttp.WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("response");
            w.WriteEndArray();
            w.WriteStartArray("errors");
            w.WriteStringValue(message);
            w.WriteEndArray();
            w.WriteEndObject();
        });
}
