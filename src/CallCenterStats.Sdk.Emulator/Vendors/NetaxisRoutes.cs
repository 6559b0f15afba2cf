using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Hosting;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>
/// Netaxis APIO: the call-center statistics routes under the gateway prefix <c>/api/v1</c> and the proxied prefix
/// <c>/api/v01/p{N}</c> (any N, e.g. <c>/api/v01/p1</c>), and the auth routes under <c>/api/v01/auth</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Tenant <see cref="EmulatorCredentials.NetaxisTenant"/>, group <see cref="EmulatorCredentials.NetaxisGroup"/>;
/// each queue is a call center named <see cref="QueueInfo.CallCenterName"/>, its agents are the queue's agents
/// (<c>agentUserId</c> = <see cref="SimulatedAgent.Email"/>). Anything else is 404.</item>
/// <item>Auth: <c>POST /api/v01/auth/login</c> gives an access token (lifetime
/// <see cref="EmulatorOptions.NetaxisTokenLifetime"/>, announced in <c>expires_in</c>) and a refresh token (24 h);
/// <c>GET /api/v01/auth/access_token</c> with the refresh token as bearer gives a new access token. The user name
/// <c>2fa-user</c> (any password) is answered with a <c>2fa_payload</c> challenge. The machine token
/// <see cref="EmulatorCredentials.NetaxisToken"/> is always valid, even after <c>ExpireTokens()</c> (a long-lived token
/// is configured, not issued, and a client holding one cannot log in again). Every issued token is void once
/// <c>ExpireTokens()</c> has been called, even at the same instant of a fake clock; the token-expiry fault
/// (<see cref="Faults.FaultOptions.TokenExpiryRate"/>) voids the tokens already presented, not one just issued.</item>
/// <item>Errors: auth and routing answer the core shape <c>{"error": "…"}</c>; the call-center routes answer the
/// gateway shape <c>{"errors": [{"message": …, "details": …}]}</c>, with <c>details</c> <c>2: INVALID_PARAMETERS</c>
/// for bad parameters. The vendor transient error is HTTP 503 <c>{"error": "Service temporarily unavailable"}</c>.</item>
/// <item>Statistics over <c>[start, end)</c>: calls are counted when offered within it; talk/staffed averages use the
/// state segments clipped to it. Averages in seconds are whole seconds, rounded down; the average agent counts are
/// decimals rounded to two places. <c>available</c> is whether the agent is Ready at the emulator's "now".</item>
/// </list>
/// </remarks>
internal static class NetaxisRoutes
{
    public const string AuthPrefix = "/api/v01/auth";
    public const string GatewayPrefix = "/api/v1";
    public const string ProxiedPrefix = "/api/v01/{proxy}";
    public const string CallCenterPath = "/tenants/{tenant}/groups/{group}/services/call_centers/{name}/";
    public const string InvalidParameters = "2: INVALID_PARAMETERS";
    public const string TwoFactorUser = "2fa-user";
    public const string DefaultStatisticsSource = "DEFAULT";
    public const long DefaultCollectionPeriodMinutes = 30;

    public static readonly Duration RefreshTokenLifetime = Duration.FromHours(24);

    private static readonly ConditionalWeakTable<EmulatorState, NetaxisStore> Stores = new();

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        var store = Stores.GetValue(state, _ => new NetaxisStore());
        RequestDelegate login = context => LoginAsync(context, state, store);
        RequestDelegate refresh = context => RefreshAsync(context, state, store);
        RequestDelegate getReporting = context => GetReportingAsync(context, state, store);
        RequestDelegate putReporting = context => PutReportingAsync(context, state, store);
        RequestDelegate statistics = context => GetStatisticsAsync(context, state, store);

        routes.MapPost(AuthPrefix + "/login", login);
        routes.MapGet(AuthPrefix + "/access_token", refresh);
        foreach (var prefix in new[] { GatewayPrefix, ProxiedPrefix })
        {
            routes.MapGet(prefix + CallCenterPath + "instance_statistics_reporting/", getReporting);
            routes.MapPut(prefix + CallCenterPath + "instance_statistics_reporting/", putReporting);
            routes.MapGet(prefix + CallCenterPath + "statistics/", statistics);
        }
    }

    // ---- auth -------------------------------------------------------------------------------------------------

    private static async Task LoginAsync(HttpContext context, EmulatorState state, NetaxisStore store)
    {
        if (FaultInjector.IsVendorTransient(context))
        {
            await TransientAsync(context).ConfigureAwait(false);
            return;
        }

        string? username = null, password = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                username = StringProperty(body.RootElement, "username");
                password = StringProperty(body.RootElement, "password");
            }
        }
        catch (JsonException)
        {
            // Answered below as a missing user name or password.
        }

        if (string.IsNullOrEmpty(username) || password is null)
        {
            await CoreErrorAsync(context, 400, "Missing username or password").ConfigureAwait(false);
            return;
        }

        if (username == TwoFactorUser)
        {
            await EmulatorHttp.WriteJsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("2fa_payload");
                w.WriteString("method", "totp");
                w.WriteString("id", state.NewTokenValue("netaxis-2fa"));
                w.WriteEndObject();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        if (username != state.Credentials.NetaxisUsername || password != state.Credentials.NetaxisPassword)
        {
            await CoreErrorAsync(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }

        store.SyncRevocations(state);
        var now = state.Clock.GetCurrentInstant();
        var lifetime = state.Options.NetaxisTokenLifetime;
        var access = state.NewTokenValue("netaxis-access");
        var refreshToken = state.NewTokenValue("netaxis-refresh");
        state.NetaxisTokens[access] = new IssuedToken(now, now + lifetime, IsRefreshToken: false);
        state.NetaxisTokens[refreshToken] = new IssuedToken(now, now + RefreshTokenLifetime, IsRefreshToken: true);
        NetaxisStore.PruneIfLarge(state, now);

        await EmulatorHttp.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", access);
            w.WriteString("refresh_token", refreshToken);
            w.WriteNumber("expires_in", (long)lifetime.TotalSeconds);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task RefreshAsync(HttpContext context, EmulatorState state, NetaxisStore store)
    {
        if (FaultInjector.IsVendorTransient(context))
        {
            await TransientAsync(context).ConfigureAwait(false);
            return;
        }

        store.SyncRevocations(state);
        var problem = CheckToken(context, state, refreshToken: true);
        if (problem is not null)
        {
            await CoreErrorAsync(context, 401, problem).ConfigureAwait(false);
            return;
        }

        var now = state.Clock.GetCurrentInstant();
        var lifetime = state.Options.NetaxisTokenLifetime;
        var access = state.NewTokenValue("netaxis-access");
        state.NetaxisTokens[access] = new IssuedToken(now, now + lifetime, IsRefreshToken: false);
        await EmulatorHttp.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", access);
            w.WriteNumber("expires_in", (long)lifetime.TotalSeconds);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Returns why the bearer token is refused (the message of the 401), or null when it is good.</summary>
    private static string? CheckToken(HttpContext context, EmulatorState state, bool refreshToken)
    {
        var bearer = EmulatorHttp.GetBearer(context);
        if (string.IsNullOrEmpty(bearer))
        {
            return "Missing Authorization Header";
        }

        if (!refreshToken && bearer == state.Credentials.NetaxisToken)
        {
            return null;
        }

        if (!state.NetaxisTokens.TryGetValue(bearer, out var token))
        {
            return "Invalid token";
        }

        if (token.IsRefreshToken != refreshToken)
        {
            return refreshToken ? "Only refresh tokens are allowed" : "Only access tokens are allowed";
        }

        var now = state.Clock.GetCurrentInstant();
        if (now >= token.ExpiresAt || token.IssuedAt < TokensNotBefore(state))
        {
            return "Token expired";
        }

        if (!token.Presented)
        {
            // In use from now on: the token-expiry fault ends it (EmulatorState.ExpireTokensInUse).
            state.NetaxisTokens.TryUpdate(bearer, token with { Presented = true }, token);
        }

        return null;
    }

    /// <summary>
    /// <see cref="EmulatorState.TokensNotBefore"/>, or <see cref="Instant.MinValue"/> while it cannot be read: before
    /// the first <c>ExpireTokens()</c> its backing value (long.MinValue ticks) is outside NodaTime's range.
    /// </summary>
    private static Instant TokensNotBefore(EmulatorState state)
    {
        try
        {
            return state.TokensNotBefore;
        }
        catch (ArgumentOutOfRangeException)
        {
            return Instant.MinValue;
        }
    }

    // ---- call-center routes -----------------------------------------------------------------------------------

    /// <summary>Checks route, transient fault, token and call center; answers and returns null when one fails.</summary>
    private static async Task<QueueInfo?> ResolveAsync(HttpContext context, EmulatorState state, NetaxisStore store)
    {
        if (context.Request.RouteValues.TryGetValue("proxy", out var proxyValue) && !IsProxySegment(proxyValue as string))
        {
            await CoreErrorAsync(context, 404, "Not Found").ConfigureAwait(false);
            return null;
        }

        if (FaultInjector.IsVendorTransient(context))
        {
            await TransientAsync(context).ConfigureAwait(false);
            return null;
        }

        store.SyncRevocations(state);
        var problem = CheckToken(context, state, refreshToken: false);
        if (problem is not null)
        {
            await CoreErrorAsync(context, 401, problem).ConfigureAwait(false);
            return null;
        }

        var (tenant, group, name) = CallCenterSegments(context);
        string? missing = null;
        if (tenant != state.Credentials.NetaxisTenant)
        {
            missing = $"Tenant '{tenant}' not found.";
        }
        else if (group != state.Credentials.NetaxisGroup)
        {
            missing = $"Group '{group}' not found in tenant '{tenant}'.";
        }

        var queue = missing is null ? state.Center.Queues.FirstOrDefault(q => q.CallCenterName == name) : null;
        if (queue is null)
        {
            missing ??= $"Call center '{name}' not found in group '{group}' of tenant '{tenant}'.";
            await GatewayErrorsAsync(context, 404, [(missing, "Not found")]).ConfigureAwait(false);
            return null;
        }

        return queue;
    }

    private static async Task GetReportingAsync(HttpContext context, EmulatorState state, NetaxisStore store)
    {
        var queue = await ResolveAsync(context, state, store).ConfigureAwait(false);
        if (queue is null)
        {
            return;
        }

        var settings = store.Reporting.GetValueOrDefault(queue.CallCenterName, ReportingSettings.Default);
        await WriteReportingAsync(context, settings).ConfigureAwait(false);
    }

    private static async Task PutReportingAsync(HttpContext context, EmulatorState state, NetaxisStore store)
    {
        var queue = await ResolveAsync(context, state, store).ConfigureAwait(false);
        if (queue is null)
        {
            return;
        }

        var errors = new List<(string Message, string Details)>();
        ReportingUpdate update = default;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            update = ReadReportingUpdate(body.RootElement, errors);
        }
        catch (JsonException)
        {
            errors.Add(("The request body is not valid JSON.", InvalidParameters));
        }

        if (errors.Count > 0)
        {
            await GatewayErrorsAsync(context, 400, errors).ConfigureAwait(false);
            return;
        }

        var settings = store.Reporting.AddOrUpdate(
            queue.CallCenterName,
            static (_, u) => u.ApplyTo(ReportingSettings.Default),
            static (_, old, u) => u.ApplyTo(old),
            update);
        await WriteReportingAsync(context, settings).ConfigureAwait(false);
    }

    private static ReportingUpdate ReadReportingUpdate(JsonElement root, List<(string Message, string Details)> errors)
    {
        var update = default(ReportingUpdate);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("The request body must be a JSON object.", InvalidParameters));
            return update;
        }

        if (root.TryGetProperty("generateDailyReport", out var daily))
        {
            if (daily.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                update.GenerateDailyReport = daily.GetBoolean();
            }
            else
            {
                errors.Add(("generateDailyReport must be a boolean.", InvalidParameters));
            }
        }

        if (root.TryGetProperty("collectionPeriodMinutes", out var period))
        {
            if (period.ValueKind == JsonValueKind.Number && period.TryGetInt64(out var minutes) && minutes > 0)
            {
                update.CollectionPeriodMinutes = minutes;
            }
            else
            {
                errors.Add(("collectionPeriodMinutes must be a positive integer.", InvalidParameters));
            }
        }

        update.Email1 = ReadEmail(root, "reportingEmailAddress1", errors);
        update.Email2 = ReadEmail(root, "reportingEmailAddress2", errors);
        return update;
    }

    /// <summary>Absent: unchanged (null); <c>""</c>: clear (empty string); otherwise the address, which must look like one.</summary>
    private static string? ReadEmail(JsonElement root, string name, List<(string Message, string Details)> errors)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(($"{name} must be a string (an empty string deletes the address).", InvalidParameters));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > 0 && !LooksLikeEmail(text))
        {
            errors.Add(($"{name} '{text}' is not a valid e-mail address.", InvalidParameters));
            return null;
        }

        return text;
    }

    internal static bool LooksLikeEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (text.Length > 254 || at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1)
        {
            return false;
        }

        var domain = text[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal)
            && !domain.StartsWith('.')
            && !domain.EndsWith('.')
            && !text.Contains("..", StringComparison.Ordinal)
            && text.All(c => c is > ' ' and < (char)127 && "()<>,;:\\\"[]".IndexOf(c, StringComparison.Ordinal) < 0);
    }

    private static Task WriteReportingAsync(HttpContext context, ReportingSettings settings) =>
        EmulatorHttp.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("generateDailyReport", settings.GenerateDailyReport);
            w.WriteNumber("collectionPeriodMinutes", settings.CollectionPeriodMinutes);
            if (settings.ReportingEmailAddress1 is { } first)
            {
                w.WriteString("reportingEmailAddress1", first);
            }

            if (settings.ReportingEmailAddress2 is { } second)
            {
                w.WriteString("reportingEmailAddress2", second);
            }

            w.WriteString("statisticsSource", settings.StatisticsSource);
            w.WriteEndObject();
        });

    private static async Task GetStatisticsAsync(HttpContext context, EmulatorState state, NetaxisStore store)
    {
        var queue = await ResolveAsync(context, state, store).ConfigureAwait(false);
        if (queue is null)
        {
            return;
        }

        string? startText = null, endText = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("statisticsRange", out var range)
                && range.ValueKind == JsonValueKind.Object)
            {
                startText = StringProperty(range, "start");
                endText = StringProperty(range, "end");
            }
        }
        catch (JsonException)
        {
            // No body or not JSON: answered below as a bad date format.
        }

        if (!EmulatorWire.TryParseDateTimeWithOffset(startText, out var start) || !EmulatorWire.TryParseDateTimeWithOffset(endText, out var end))
        {
            await InvalidParametersAsync(context, "The format of start date or end date is invalid.").ConfigureAwait(false);
            return;
        }

        var now = state.Clock.GetCurrentInstant();
        if (start.ToInstant() > now || end.ToInstant() > now)
        {
            await InvalidParametersAsync(context, "Start date or end date in the future").ConfigureAwait(false);
            return;
        }

        if (end.ToInstant() < start.ToInstant())
        {
            await InvalidParametersAsync(context, "End date can not be earlier than start date.").ConfigureAwait(false);
            return;
        }

        var agents = state.Center.Agents.Where(a => a.Queue == queue).ToList();
        Interval? span = end.ToInstant() > start.ToInstant() ? new Interval(start.ToInstant(), end.ToInstant()) : null;
        var figures = agents.Select(a => Compute(state.Center, a, span)).ToList();

        await EmulatorHttp.StreamJsonAsync(context, 200, async w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("statisticsRange");
            w.WriteString("start", startText);
            w.WriteString("end", endText);
            w.WriteEndObject();
            WriteQueueStatistics(w, figures, span);
            w.WriteStartArray("agentStatistics");
            for (var i = 0; i < agents.Count; i++)
            {
                WriteAgentStatistics(w, agents[i], figures[i], IsAvailable(state.Center, agents[i], now));
                await EmulatorHttp.FlushIfFullAsync(w, context).ConfigureAwait(false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static AgentFigures Compute(SimulatedContactCenter center, SimulatedAgent agent, Interval? range)
    {
        if (range is not { } r)
        {
            return new AgentFigures(0, 0, Duration.Zero, Duration.Zero, Duration.Zero, Duration.Zero, Duration.Zero);
        }

        var answered = 0;
        var unanswered = 0;
        var talk = Duration.Zero;
        var answeredWait = Duration.Zero;
        var abandonedWait = Duration.Zero;
        foreach (var call in center.GetCalls(agent, r))
        {
            if (call.Answered)
            {
                answered++;
                talk += call.Talk;
                answeredWait += call.Wait;
            }
            else
            {
                unanswered++;
                abandonedWait += call.Wait;
            }
        }

        var staffed = Duration.Zero;
        var onCall = Duration.Zero;
        foreach (var segment in center.GetSegments(agent, r))
        {
            if (segment.State != AgentState.Offline)
            {
                staffed += segment.Duration;
            }

            if (segment.State == AgentState.OnCall)
            {
                onCall += segment.Duration;
            }
        }

        return new AgentFigures(answered, unanswered, talk, answeredWait, abandonedWait, staffed, onCall);
    }

    private static void WriteQueueStatistics(Utf8JsonWriter w, List<AgentFigures> figures, Interval? range)
    {
        var answered = figures.Sum(f => f.Answered);
        var abandoned = figures.Sum(f => f.Unanswered);
        var answeredWait = figures.Aggregate(Duration.Zero, (s, f) => s + f.AnsweredWait);
        var abandonedWait = figures.Aggregate(Duration.Zero, (s, f) => s + f.AbandonedWait);
        var staffed = figures.Aggregate(Duration.Zero, (s, f) => s + f.Staffed);
        var onCall = figures.Aggregate(Duration.Zero, (s, f) => s + f.OnCall);
        w.WriteStartObject("queueStatistics");
        w.WriteNumber("busyOverflows", 0);
        w.WriteNumber("callsAnswered", answered);
        w.WriteNumber("callsAbandoned", abandoned);
        w.WriteNumber("callsTransferred", 0);
        w.WriteNumber("callsTimedout", 0);
        w.WriteNumber("averageAgentsTalking", AverageAgents(onCall, range));
        w.WriteNumber("averageAgentsStaffed", AverageAgents(staffed, range));
        w.WriteNumber("averageWaitSeconds", AverageSeconds(answeredWait, answered));
        w.WriteNumber("averageAbandonmentSeconds", AverageSeconds(abandonedWait, abandoned));
        w.WriteEndObject();
    }

    private static void WriteAgentStatistics(Utf8JsonWriter w, SimulatedAgent agent, AgentFigures f, bool available)
    {
        w.WriteStartObject();
        w.WriteString("agentUserId", agent.Email);
        w.WriteStartObject("agentDisplayNames");
        w.WriteString("lastName", agent.LastName);
        w.WriteString("firstName", agent.FirstName);
        w.WriteEndObject();
        w.WriteBoolean("available", available);
        w.WriteStartObject("statistics");
        w.WriteNumber("callsHandled", f.Answered);
        w.WriteNumber("callsUnanswered", f.Unanswered);
        w.WriteNumber("averageCallSeconds", AverageSeconds(f.Talk, f.Answered));
        w.WriteNumber("totalTalkSeconds", WholeSeconds(f.Talk));
        w.WriteNumber("totalStaffedSeconds", WholeSeconds(f.Staffed));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Time spent by all agents together ÷ the range's length: the average number of agents, two decimals.</summary>
    internal static decimal AverageAgents(Duration total, Interval? range) =>
        range is { } r ? Math.Round((decimal)total.BclCompatibleTicks / r.Duration.BclCompatibleTicks, 2, MidpointRounding.AwayFromZero) : 0m;

    internal static long AverageSeconds(Duration total, int count) => count == 0 ? 0 : WholeSeconds(total) / count;

    internal static long WholeSeconds(Duration duration) => duration.BclCompatibleTicks / TimeSpan.TicksPerSecond;

    /// <summary>Whether the agent is Ready (ACD state Available) at <paramref name="now"/>.</summary>
    private static bool IsAvailable(SimulatedContactCenter center, SimulatedAgent agent, Instant now)
    {
        var day = center.GetDay(agent, now.InZone(center.Zone).Date);
        return day.Segments.Any(s => s.Start <= now && now < s.End && s.State == AgentState.Ready);
    }

    // ---- wire helpers -----------------------------------------------------------------------------------------

    /// <summary>
    /// Tenant, group and call-center name, unescaped exactly once from the raw request target (so <c>%40</c> is
    /// <c>@</c> and <c>%2F</c> is <c>/</c>); from the route values when the raw target is not available.
    /// </summary>
    private static (string Tenant, string Group, string Name) CallCenterSegments(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            if (!raw.StartsWith('/') && Uri.TryCreate(raw, UriKind.Absolute, out var absolute))
            {
                raw = absolute.AbsolutePath;
            }

            var query = raw.IndexOfAny(['?', '#']);
            var segments = (query >= 0 ? raw[..query] : raw).TrimEnd('/').Split('/');
            if (segments.Length >= 8
                && segments[^8] == "tenants"
                && segments[^6] == "groups"
                && segments[^4] == "services"
                && segments[^3] == "call_centers")
            {
                return (Uri.UnescapeDataString(segments[^7]), Uri.UnescapeDataString(segments[^5]), Uri.UnescapeDataString(segments[^2]));
            }
        }

        var values = context.Request.RouteValues;
        return (values["tenant"] as string ?? string.Empty, values["group"] as string ?? string.Empty, values["name"] as string ?? string.Empty);
    }

    private static bool IsProxySegment(string? segment) =>
        segment is { Length: >= 2 } && segment[0] == 'p' && !segment.AsSpan(1).ContainsAnyExceptInRange('0', '9');

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Task TransientAsync(HttpContext context) => CoreErrorAsync(context, 503, "Service temporarily unavailable");

    private static Task CoreErrorAsync(HttpContext context, int status, string message) =>
        EmulatorHttp.WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });

    private static Task InvalidParametersAsync(HttpContext context, string message) =>
        GatewayErrorsAsync(context, 400, [(message, InvalidParameters)]);

    private static Task GatewayErrorsAsync(HttpContext context, int status, IReadOnlyList<(string Message, string Details)> errors) =>
        EmulatorHttp.WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            foreach (var (message, details) in errors)
            {
                w.WriteStartObject();
                w.WriteString("message", message);
                w.WriteString("details", details);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>What one agent did within the range.</summary>
    private sealed record AgentFigures(int Answered, int Unanswered, Duration Talk, Duration AnsweredWait, Duration AbandonedWait, Duration Staffed, Duration OnCall);

    /// <summary>A call center's reporting settings.</summary>
    private sealed record ReportingSettings(bool GenerateDailyReport, long CollectionPeriodMinutes, string? ReportingEmailAddress1, string? ReportingEmailAddress2, string StatisticsSource)
    {
        public static readonly ReportingSettings Default = new(false, DefaultCollectionPeriodMinutes, null, null, DefaultStatisticsSource);
    }

    /// <summary>A PUT: null fields are unchanged; an empty e-mail address clears it.</summary>
    private struct ReportingUpdate
    {
        public bool? GenerateDailyReport;
        public long? CollectionPeriodMinutes;
        public string? Email1;
        public string? Email2;

        public readonly ReportingSettings ApplyTo(ReportingSettings current) => current with
        {
            GenerateDailyReport = GenerateDailyReport ?? current.GenerateDailyReport,
            CollectionPeriodMinutes = CollectionPeriodMinutes ?? current.CollectionPeriodMinutes,
            ReportingEmailAddress1 = Email1 is null ? current.ReportingEmailAddress1 : (Email1.Length == 0 ? null : Email1),
            ReportingEmailAddress2 = Email2 is null ? current.ReportingEmailAddress2 : (Email2.Length == 0 ? null : Email2),
        };
    }

    /// <summary>Netaxis state of one emulator: reporting settings per call center, and token revocation bookkeeping.</summary>
    private sealed class NetaxisStore
    {
        private readonly Lock _gate = new();
        private Instant _seenNotBefore = Instant.MinValue;

        public ConcurrentDictionary<string, ReportingSettings> Reporting { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// After <c>ExpireTokens()</c>, ends every token issued up to that instant, including those issued at the very
        /// instant (a fake clock that does not move): tokens issued later go through this method first.
        /// </summary>
        public void SyncRevocations(EmulatorState state)
        {
            var notBefore = TokensNotBefore(state);
            lock (_gate)
            {
                if (notBefore == _seenNotBefore)
                {
                    return;
                }

                foreach (var (value, token) in state.NetaxisTokens)
                {
                    if (token.IssuedAt <= notBefore && token.ExpiresAt > notBefore)
                    {
                        state.NetaxisTokens.TryUpdate(value, token with { ExpiresAt = notBefore }, token);
                    }
                }

                _seenNotBefore = notBefore;
            }
        }

        /// <summary>Forgets long-expired tokens once many have piled up (a long-running standalone emulator).</summary>
        public static void PruneIfLarge(EmulatorState state, Instant now)
        {
            if (state.NetaxisTokens.Count < 100_000)
            {
                return;
            }

            foreach (var (value, token) in state.NetaxisTokens)
            {
                if (token.ExpiresAt + Duration.FromDays(1) < now)
                {
                    state.NetaxisTokens.TryRemove(value, out _);
                }
            }
        }
    }
}
