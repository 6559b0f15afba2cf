using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>
/// Pins the exact bytes the emulator answers (status, content type, body) for representative requests of every vendor,
/// sent as raw HTTP with literal parameters, around both daylight-saving changes of Europe/Warsaw in 2024 (the
/// spring-forward week of 2024-03-25 and the fall-back week of 2024-10-21). The emulator formats its wire values with
/// its own code: these snapshots were taken before that code replaced Core's formatters and calendars, and guard that
/// the answers stay byte for byte the same.
/// </summary>
public sealed partial class WireSnapshotTests
{
    /// <summary>The emulator's "now": after both simulated weeks, so every range is in the past.</summary>
    private static readonly Instant Now = Instant.FromUtc(2024, 11, 15, 12, 0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ContactCenterEmulator> StartAsync(LocalDate firstDay) =>
        ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 7, FirstDay = firstDay, Seed = 1, Clock = new FakeClock(Now) }, Ct);

    private static readonly LocalDate SpringWeek = new(2024, 3, 25);
    private static readonly LocalDate AutumnWeek = new(2024, 10, 21);

    /// <summary>The two weeks, each with an agent who works on its daylight-saving Sunday (seed 1, ten agents).</summary>
    private static readonly (LocalDate FirstDay, long Agent, string Login)[] Weeks = [(SpringWeek, 487500, "agent001"), (AutumnWeek, 487506, "agent007")];

    /// <summary>
    /// One request and what came back: the SHA-256 of the exact body bytes, and the body as text for reading (its
    /// carriage returns shown as <c>&lt;CR&gt;</c>, since snapshots normalize line ends).
    /// </summary>
    private sealed record Exchange(string Name, string Request, int Status, string? ContentType, string Sha256, string Body);

    [Fact]
    public async Task Voximplant_answers_are_pinned_byte_for_byte()
    {
        var exchanges = new List<Exchange>();
        foreach (var (firstDay, agent, _) in Weeks)
        {
            await using var emulator = await StartAsync(firstDay);
            using var http = new HttpClient();
            var token = VoximplantJwt(emulator);
            var week = firstDay.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            var sunday = firstDay.PlusDays(6).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            var saturday = firstDay.PlusDays(5).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            var monday = firstDay.PlusDays(7).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            (string Name, string Form)[] requests =
            [
                ("day-by-user", $"from_date={saturday} 00:00:00&to_date={monday} 00:00:00&user_id={agent};487501&aggregation=day&group=user"),
                ("hour-by-aggregation", $"from_date={saturday} 22:00:00&to_date={sunday} 23:00:00&user_id={agent}&aggregation=hour&group=aggregation&acd_status=READY;IN_SERVICE"),
                ("hour-of-day", $"from_date={week} 00:00:00&to_date={monday} 00:00:00&user_id={agent}&aggregation=hour_of_day"),
                ("none-all-users", $"from_date={sunday} 00:00:00&to_date={monday} 00:00:00&user_id=all&acd_status=IN_SERVICE;DND;ONLINE"),
                ("range-too-long", "from_date=2023-01-01 00:00:00&to_date=2024-03-25 00:00:00&user_id=all"),
                ("bad-date", $"from_date={week}T00:00:00&user_id=all"),
            ];
            foreach (var (name, form) in requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.VoximplantEndpoint, "platform_api/GetACDOperatorStatusStatistics"))
                {
                    Content = new FormUrlEncodedContent(Parse(form)),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                exchanges.Add(await SendAsync(http, request, $"{week} {name}", form));
            }
        }

        Snapshooter.Xunit3.Snapshot.Match(exchanges);
    }

    [Fact]
    public async Task Vcc_Live_answers_are_pinned_byte_for_byte()
    {
        var exchanges = new List<Exchange>();
        foreach (var (firstDay, agent, _) in Weeks)
        {
            await using var emulator = await StartAsync(firstDay);
            using var http = new HttpClient();
            var week = firstDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var saturday = firstDay.PlusDays(5).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var sunday = firstDay.PlusDays(6).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            (string Name, string Query)[] requests =
            [
                ("user-date-json", $"from={saturday}&to={sunday}&dimensions=user,date&users={agent},487501"),
                ("all-dimensions-dst-day", $"from={sunday}&to={sunday}&dimensions=project, user,date,time&users={agent}&fields=userstateCall,callIn,callMissed"),
                ("preset-csv", $"from={week}&to={sunday}&dimensions=user,date&preset=3&of=cvs"),
                ("time-tab", $"from={sunday}&to={sunday}&dimensions=date,time&users={agent}&fields=userstateAvailable&of=tab"),
                ("project-json", $"from={week}&to={sunday}&dimensions=project&hide_system_users=true"),
                ("bad-date", $"from={firstDay.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture)}&to={sunday}&dimensions=user"),
            ];
            foreach (var (name, query) in requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.VccLiveEndpoint, "v2/statistics/userbased?" + query));
                request.Headers.Authorization = Basic(emulator.Credentials.VccLiveCustomer, emulator.Credentials.VccLiveApiToken);
                exchanges.Add(await SendAsync(http, request, $"{week} {name}", query));
            }
        }

        Snapshooter.Xunit3.Snapshot.Match(exchanges);
    }

    [Fact]
    public async Task Netaxis_answers_are_pinned_byte_for_byte()
    {
        var exchanges = new List<Exchange>();
        foreach (var (firstDay, before, after) in new[] { (SpringWeek, "+01:00", "+02:00"), (AutumnWeek, "+02:00", "+01:00") })
        {
            await using var emulator = await StartAsync(firstDay);
            using var http = new HttpClient();
            var token = await NetaxisLoginAsync(http, emulator);
            var saturday = firstDay.PlusDays(5).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            var sunday = firstDay.PlusDays(6).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            var monday = firstDay.PlusDays(7).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            var queue1 = Uri.EscapeDataString(emulator.Center.Queues[0].CallCenterName);
            var queue2 = Uri.EscapeDataString(emulator.Center.Queues[1].CallCenterName);
            var path = $"tenants/{emulator.Credentials.NetaxisTenant}/groups/{emulator.Credentials.NetaxisGroup}/services/call_centers/";
            (string Name, string Path, string? Body)[] requests =
            [
                ("weekend-offsets", $"api/v1/{path}{queue1}/statistics/", Range($"{saturday}T00:00:00{before}", $"{monday}T00:00:00{after}")),
                ("utc-proxied", $"api/v01/p1/{path}{queue1}/statistics/", Range($"{sunday}T00:00:00Z", $"{sunday}T21:30:00Z")),
                ("empty-range", $"api/v1/{path}{queue2}/statistics/", Range($"{sunday}T08:00:00{after}", $"{sunday}T08:00:00{after}")),
                ("bad-format", $"api/v1/{path}{queue1}/statistics/", Range($"{sunday} 00:00:00", $"{monday}T00:00:00Z")),
                ("reporting", $"api/v1/{path}{queue1}/instance_statistics_reporting/", null),
            ];
            foreach (var (name, requestPath, body) in requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.NetaxisEndpoint, requestPath));
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                exchanges.Add(await SendAsync(http, request, $"{saturday} {name}", body ?? requestPath));
            }
        }

        Snapshooter.Xunit3.Snapshot.Match(exchanges);
    }

    [Fact]
    public async Task Enswitch_answers_are_pinned_byte_for_byte()
    {
        var exchanges = new List<Exchange>();
        foreach (var (firstDay, agent, _) in Weeks)
        {
            await using var emulator = await StartAsync(firstDay);
            using var http = new HttpClient();
            var zone = emulator.Center.Zone;
            string Unix(LocalDate date) => zone.AtStartOfDay(date).ToInstant().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var auth = $"auth_username={emulator.Credentials.EnswitchUsername}&auth_password={emulator.Credentials.EnswitchPassword}";
            (string Name, string Query)[] requests =
            [
                ("destination-weekend", $"{auth}&destination={agent}&start={Unix(firstDay.PlusDays(5))}&end={Unix(firstDay.PlusDays(7))}"),
                ("queue-week", $"{auth}&queue=100&start={Unix(firstDay)}&end={Unix(firstDay.PlusDays(7))}"),
                ("queue-dst-day-semicolons", $"{auth}&queue=100&start={Unix(firstDay.PlusDays(6))}&end={Unix(firstDay.PlusDays(7))}".Replace('&', ';')),
                ("missing-destination", $"{auth}&start={Unix(firstDay)}"),
            ];
            foreach (var (name, query) in requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.EnswitchEndpoint, "api/json/queues/destinations/statistics/get/?" + query));
                exchanges.Add(await SendAsync(http, request, $"{firstDay.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture)} {name}", query.Replace(emulator.Credentials.EnswitchPassword, "***", StringComparison.Ordinal)));
            }
        }

        Snapshooter.Xunit3.Snapshot.Match(exchanges);
    }

    [Fact]
    public async Task Thulium_answers_are_pinned_byte_for_byte()
    {
        var exchanges = new List<Exchange>();
        foreach (var (firstDay, _, login) in Weeks)
        {
            await using var emulator = await StartAsync(firstDay);
            using var http = new HttpClient();
            string Day(int offset) => firstDay.PlusDays(offset).ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            (string Name, string Query)[] requests =
            [
                ("day-date-only", $"agent_logins[]={login}&date_from={Day(4)}&date_to={Day(6)}&aggregate_by=day"),
                ("hour-dst-day", $"agent_logins[]={login}&date_from={Day(6)} 00:00:00&date_to={Day(7)} 00:00:00&aggregate_by=hour"),
                ("week-group-paged", $"agent_group_ids[]=100&date_from={Day(0)} 00:00:00&date_to={Day(7)} 00:00:00&aggregate_by=week&limit=3&offset=1"),
                ("month-default", $"agent_group_ids[]=101&date_from={Day(0)}&date_to={Day(6)}"),
                ("minute", $"agent_logins[]={login}&date_from={Day(6)} 09:00:00&date_to={Day(6)} 09:20:00&aggregate_by=minute"),
                ("hour-of-day", $"agent_logins[]=agent001&date_from={Day(3)}&date_to={Day(4)}&aggregate_by=hour_of_day"),
                ("year-queue-filter", $"agent_logins[]=agent001&agent_logins[]=agent006&queues_ids[]=101&date_from={Day(0)}&date_to={Day(6)}&aggregate_by=year"),
                ("night-wall-clock", $"agent_logins[]={login}&date_from={Day(6)} 02:30:00&date_to={Day(6)} 12:00:00&aggregate_by=hour"),
                ("bad-parameters", $"agent_logins[]=agent001&date_from={Day(0)}T00:00&aggregate_by=fortnight&limit=500"),
            ];
            foreach (var (name, query) in requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.ThuliumEndpoint, "api/agents_work_report?" + query));
                request.Headers.Authorization = Basic(emulator.Credentials.ThuliumUsername, emulator.Credentials.ThuliumPassword);
                var exchange = await SendAsync(http, request, $"{Day(0)} {name}", query);

                // The request id is a fresh GUID per request: the one part of an answer that is not reproducible.
                exchanges.Add(exchange.Body.Contains("\"request_id\"", StringComparison.Ordinal)
                    ? exchange with { Sha256 = "(varies with the request id)", Body = RequestId().Replace(exchange.Body, "\"request_id\":\"<request id>\"") }
                    : exchange);
            }
        }

        Snapshooter.Xunit3.Snapshot.Match(exchanges);
    }

    private static string Range(string start, string end) => "{\"statisticsRange\":{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}}";

    private static async Task<Exchange> SendAsync(HttpClient http, HttpRequestMessage request, string name, string description)
    {
        using var response = await http.SendAsync(request, Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.DoesNotContain("<CR>", text, StringComparison.Ordinal);
        return new Exchange(
            name,
            description,
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            text.Replace("\r", "<CR>", StringComparison.Ordinal));
    }

    private static List<KeyValuePair<string, string>> Parse(string form) =>
        [.. form.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1]))];

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A service-account JWT for the emulated Voximplant account, signed with the emulator's own key.</summary>
    private static string VoximplantJwt(ContactCenterEmulator emulator)
    {
        using var credentials = JsonDocument.Parse(emulator.Credentials.VoximplantCredentialsJson());
        using var key = RSA.Create();
        key.ImportFromPem(credentials.RootElement.GetProperty("private_key").GetString());
        var now = Now.ToUnixTimeSeconds();
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"RS256","typ":"JWT","kid":"{{emulator.Credentials.VoximplantKeyId}}"}"""));
        var claims = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"iss":{{emulator.Credentials.VoximplantAccountId}},"iat":{{now - 5}},"exp":{{now + 3000}}}"""));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + claims + "." + Base64Url.EncodeToString(signature);
    }

    private static async Task<string> NetaxisLoginAsync(HttpClient http, ContactCenterEmulator emulator)
    {
        using var login = await http.PostAsync(
            new Uri(emulator.NetaxisEndpoint, "api/v01/auth/login"),
            new StringContent($$"""{"username":"{{emulator.Credentials.NetaxisUsername}}","password":"{{emulator.Credentials.NetaxisPassword}}"}""", Encoding.UTF8, "application/json"),
            Ct);
        using var tokens = JsonDocument.Parse(await login.Content.ReadAsStringAsync(Ct));
        return tokens.RootElement.GetProperty("access_token").GetString()!;
    }

    [GeneratedRegex("\"request_id\":\"[0-9a-f]{32}\"")]
    private static partial Regex RequestId();
}
