using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// The real <see cref="VoximplantClient"/> against the emulator over HTTP: every figure is checked against the
/// simulated contact center's own segments and calls, computed here independently of the emulator's code.
/// </summary>
public sealed class EmulatorEndToEndTests
{
    private const string StatisticsPath = "platform_api/GetACDOperatorStatusStatistics";

    private static readonly Dictionary<AgentState, AcdStatus> StatusOf = new()
    {
        [AgentState.Offline] = AcdStatus.Offline,
        [AgentState.Paused] = AcdStatus.Online,
        [AgentState.Ready] = AcdStatus.Ready,
        [AgentState.OnCall] = AcdStatus.InService,
        [AgentState.AfterCallWork] = AcdStatus.AfterService,
        [AgentState.DoNotDisturb] = AcdStatus.Dnd,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ContactCenterEmulator> StartAsync() =>
        ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);

    // ---- statistics, every grouping and aggregation ----

    [Fact]
    public async Task Day_aggregation_by_user_gives_each_UTC_day_of_each_agent_as_the_simulation_has_it()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;

        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = range, Aggregation = TimeBucket.Day }, Ct);

        Assert.Equal(StatisticsGrouping.ByAgent, stats.Grouping);
        Assert.Equal(emulator.Center.Agents.Select(a => (long?)a.Id), stats.Groups.Select(g => g.UserId));
        var days = UtcBuckets(range, Duration.FromDays(1)).ToList();
        Assert.Equal(4, days.Count); // the local days start at 23:00 UTC: a partial first and last UTC day
        foreach (var group in stats.Groups)
        {
            var agent = emulator.Center.FindAgent(group.UserId!.Value)!;
            Assert.Equal(days.Select(d => d.Bucket.Start), group.Statistics.Select(e => e.Period!.Start));
            foreach (var (entry, day) in group.Statistics.Zip(days))
            {
                Assert.Equal(TimeBucket.Day, entry.Period!.Bucket);
                Assert.Equal(day.Bucket.End, entry.Period.End);
                Assert.Null(entry.HourOfDay);
                Assert.Null(entry.UserId);
                AssertMatches(Truth(emulator.Center, agent, [day.Clipped]), entry.Statuses);
            }
        }
    }

    [Fact]
    public async Task Hour_aggregation_by_period_gives_each_UTC_hour_with_the_requested_users_numbered_0_to_23()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var day = DateRange.SingleDay(emulator.Center.Dates.Start).ToInstantRange(emulator.Center.Zone);
        var users = new[] { emulator.Center.Agents[3], emulator.Center.Agents[1] };

        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new()
        {
            Range = day,
            UserIds = users.Select(a => a.Id).ToList(),
            Aggregation = TimeBucket.Hour,
            Group = StatisticsGrouping.ByPeriod,
        }, Ct);

        Assert.Equal(StatisticsGrouping.ByPeriod, stats.Grouping);
        var hours = UtcBuckets(day, Duration.FromHours(1)).ToList();
        Assert.Equal(24, hours.Count);
        Assert.Equal(hours.Select(h => h.Bucket.Start), stats.Groups.Select(g => g.Period!.Start));
        Assert.Equal(Enumerable.Range(0, 24), stats.Groups.Select(g => g.HourOfDay!.Value).Order());
        foreach (var (group, hour) in stats.Groups.Zip(hours))
        {
            Assert.Equal(TimeBucket.Hour, group.Period!.Bucket);
            Assert.Equal(hour.Bucket.Start.InUtc().Hour, group.HourOfDay);
            Assert.Null(group.UserId);
            Assert.Equal(users.Select(a => (long?)a.Id).Order(), group.Statistics.Select(e => e.UserId));
            foreach (var entry in group.Statistics)
            {
                Assert.Null(entry.Period);
                AssertMatches(Truth(emulator.Center, Agent(emulator, entry.UserId), [hour.Clipped]), entry.Statuses);
            }
        }
    }

    [Fact]
    public async Task Hour_of_day_aggregation_adds_up_the_same_UTC_hour_of_every_day()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;

        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = range, Aggregation = TimeBucket.HourOfDay }, Ct);

        var hours = UtcBuckets(range, Duration.FromHours(1)).ToList();
        foreach (var group in stats.Groups)
        {
            var agent = Agent(emulator, group.UserId);
            Assert.Equal(Enumerable.Range(0, 24), group.Statistics.Select(e => e.HourOfDay!.Value));
            foreach (var entry in group.Statistics)
            {
                Assert.Null(entry.Period); // every hour_of_day bucket recurs on each day of the range: no single period
                var pieces = hours.Where(h => h.Bucket.Start.InUtc().Hour == entry.HourOfDay).Select(h => h.Clipped);
                AssertMatches(Truth(emulator.Center, agent, pieces), entry.Statuses);
            }
        }
    }

    [Fact]
    public async Task No_aggregation_by_period_is_one_group_holding_every_user_over_the_whole_range()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;

        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new()
        {
            Range = range,
            Aggregation = TimeBucket.None,
            Group = StatisticsGrouping.ByPeriod,
        }, Ct);

        var group = Assert.Single(stats.Groups);
        Assert.Null(group.Period);
        Assert.Equal(emulator.Center.Agents.Select(a => (long?)a.Id), group.Statistics.Select(e => e.UserId));
        foreach (var entry in group.Statistics)
        {
            var agent = Agent(emulator, entry.UserId);
            AssertMatches(Truth(emulator.Center, agent, [range]), entry.Statuses);
            var totals = emulator.Center.GetTotals(agent, range);
            foreach (var (state, status) in StatusOf)
            {
                Assert.Equal(totals.TimeIn(state), entry.Statuses.GetValueOrDefault(status)?.Sum ?? Duration.Zero);
            }
        }
    }

    [Fact]
    public async Task Talk_time_of_an_agent_day_is_the_IN_SERVICE_time_and_the_talk_of_its_answered_calls()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());

        for (var date = emulator.Center.Dates.Start; date <= emulator.Center.Dates.End; date = date.PlusDays(1))
        {
            var day = DateRange.SingleDay(date).ToInstantRange(emulator.Center.Zone);
            var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = day, Statuses = [AcdStatus.InService] }, Ct);

            foreach (var row in stats.Flatten())
            {
                var agent = Agent(emulator, row.UserId);
                var answered = emulator.Center.GetCalls(agent, day).Where(c => c.Answered).ToList();
                var inService = Assert.Single(row.Statuses);
                Assert.Equal(AcdStatus.InService, inService.Key);
                Assert.Equal(answered.Aggregate(Duration.Zero, (sum, c) => sum + c.Talk), inService.Value.Sum);
                Assert.Equal(answered.Count, inService.Value.Count);
                Assert.Equal(emulator.Center.GetTotals(agent, day).TimeIn(AgentState.OnCall), inService.Value.Sum);
            }
        }
    }

    [Fact]
    public async Task Day_hour_and_no_aggregation_agree_on_the_totals()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;

        async Task<Dictionary<(long?, AcdStatus), Duration>> SumsAsync(TimeBucket aggregation, StatisticsGrouping group)
        {
            var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = range, Aggregation = aggregation, Group = group }, Ct);
            return stats.Flatten()
                .SelectMany(r => r.Statuses.Select(s => (Key: (r.UserId, s.Key), s.Value.Sum)))
                .GroupBy(x => x.Key)
                .ToDictionary(g => g.Key, g => g.Aggregate(Duration.Zero, (sum, x) => sum + x.Sum));
        }

        var none = await SumsAsync(TimeBucket.None, StatisticsGrouping.ByAgent);
        Assert.Equal(none, await SumsAsync(TimeBucket.Day, StatisticsGrouping.ByPeriod));
        Assert.Equal(none, await SumsAsync(TimeBucket.Hour, StatisticsGrouping.ByAgent));
        Assert.Equal(none, await SumsAsync(TimeBucket.HourOfDay, StatisticsGrouping.ByPeriod));
        foreach (var agent in emulator.Center.Agents)
        {
            // Every instant of the range is in exactly one status.
            var total = none.Where(kv => kv.Key.Item1 == agent.Id).Aggregate(Duration.Zero, (sum, kv) => sum + kv.Value);
            Assert.Equal(range.Duration, total);
        }
    }

    [Fact]
    public async Task Status_filter_reports_only_the_requested_statuses()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;

        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new()
        {
            Range = range,
            Statuses = [AcdStatus.Ready, AcdStatus.InService],
            Aggregation = TimeBucket.Day,
        }, Ct);

        var rows = stats.Flatten().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Subset(new HashSet<AcdStatus> { AcdStatus.Ready, AcdStatus.InService }, r.Statuses.Keys.ToHashSet()));
        Assert.Contains(rows, r => r.Statuses.ContainsKey(AcdStatus.InService));
    }

    [Fact]
    public async Task Statuses_that_never_occur_give_an_empty_result()
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;

        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = range, Statuses = [AcdStatus.Banned, AcdStatus.Timeout] }, Ct);

        Assert.Empty(stats.Groups);
    }

    [Fact]
    public async Task Omitted_to_date_means_now_and_days_outside_the_simulation_are_offline()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var token = await MintAsync(emulator);
        var from = SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(2);
        var before = SystemClock.Instance.GetCurrentInstant();

        var (status, body) = await PostAsync(http, emulator, token, new() { ["from_date"] = WireFormat.UtcDateTime(from), ["user_id"] = "all" });

        var after = SystemClock.Instance.GetCurrentInstant();
        Assert.Equal(HttpStatusCode.OK, status);
        var groups = body.RootElement.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(emulator.Center.Agents.Select(a => a.Id), groups.Select(g => g.GetProperty("user_id").GetInt64()));
        foreach (var group in groups)
        {
            var entry = Assert.Single(group.GetProperty("statistics").EnumerateArray().ToList());
            Assert.False(entry.TryGetProperty("date", out _));
            Assert.False(entry.TryGetProperty("hour", out _));
            var statuses = entry.GetProperty("acd_status").EnumerateObject().ToList();
            var offline = Assert.Single(statuses);
            Assert.Equal("OFFLINE", offline.Name);
            var sum = offline.Value.GetProperty("sum").GetInt64();
            Assert.InRange(sum, (long)(before - from).TotalSeconds - 1, (long)(after - from).TotalSeconds + 1);
            Assert.Equal(3, offline.Value.GetProperty("count").GetInt64()); // split at the center's local midnights
        }
    }

    [Fact]
    public async Task Statistics_stop_at_now_when_to_date_is_in_the_future()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var token = await MintAsync(emulator);
        var now = SystemClock.Instance.GetCurrentInstant();

        var (_, body) = await PostAsync(http, emulator, token, new()
        {
            ["from_date"] = WireFormat.UtcDateTime(now - Duration.FromMinutes(10)),
            ["to_date"] = WireFormat.UtcDateTime(now + Duration.FromDays(3)),
            ["user_id"] = Id(emulator.Center.Agents[0]),
        });

        var offline = body.RootElement.GetProperty("result")[0].GetProperty("statistics")[0].GetProperty("acd_status").GetProperty("OFFLINE");
        Assert.InRange(offline.GetProperty("sum").GetInt64(), 599, 602);
    }

    [Fact]
    public async Task Parameters_are_read_from_the_form_the_query_string_or_both_by_POST_and_GET()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var token = await MintAsync(emulator);
        var range = emulator.Center.Range;
        var parameters = new Dictionary<string, string>
        {
            ["from_date"] = WireFormat.UtcDateTime(range.Start),
            ["to_date"] = WireFormat.UtcDateTime(range.End),
            ["user_id"] = "487502;487500",
            ["acd_status"] = "READY;IN_SERVICE;DND",
            ["aggregation"] = "hour",
            ["group"] = "aggregation",
        };

        var form = await RawAsync(http, HttpMethod.Post, emulator, token, parameters, inQuery: false);
        var query = await RawAsync(http, HttpMethod.Post, emulator, token, parameters, inQuery: true);
        var get = await RawAsync(http, HttpMethod.Get, emulator, token, parameters, inQuery: true);
        var split = await RawAsync(http, HttpMethod.Post, emulator, token, parameters, inQuery: true, formOverrides: new() { ["user_id"] = "487500;487502" });

        Assert.StartsWith("""{"result":[{"date":""", form, StringComparison.Ordinal);
        Assert.Equal(form, query);
        Assert.Equal(form, get);
        Assert.Equal(form, split);
    }

    [Fact]
    public async Task Wire_format_matches_the_documented_shape()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var token = await MintAsync(emulator);
        var day = DateRange.SingleDay(emulator.Center.Dates.Start).ToInstantRange(emulator.Center.Zone);

        var (_, body) = await PostAsync(http, emulator, token, new()
        {
            ["from_date"] = WireFormat.UtcDateTime(day.Start),
            ["to_date"] = WireFormat.UtcDateTime(day.End),
            ["user_id"] = Id(emulator.Center.Agents[0]),
            ["aggregation"] = "day",
        });

        var group = body.RootElement.GetProperty("result")[0];
        Assert.Equal(JsonValueKind.Number, group.GetProperty("user_id").ValueKind);
        var entries = group.GetProperty("statistics").EnumerateArray().ToList();
        Assert.Equal(["2024-03-10", "2024-03-11"], entries.Select(e => e.GetProperty("date").GetString()));
        foreach (var entry in entries)
        {
            var statuses = entry.GetProperty("acd_status");
            Assert.Equal(JsonValueKind.Object, statuses.ValueKind);
            foreach (var status in statuses.EnumerateObject())
            {
                Assert.Contains(status.Name, AcdStatus.WellKnown.Select(s => s.Value));
                Assert.Equal(["min", "avg", "max", "count", "sum"], status.Value.EnumerateObject().Select(p => p.Name));
                var (min, avg, max, count, sum) = (Get(status, "min"), Get(status, "avg"), Get(status, "max"), Get(status, "count"), Get(status, "sum"));
                Assert.True(min <= avg && avg <= max && count > 0);
                Assert.Equal(sum / count, avg);
            }
        }

        static long Get(JsonProperty status, string name) => status.Value.GetProperty(name).GetInt64();
    }

    [Fact]
    public async Task Equal_from_and_to_give_an_empty_result()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var token = await MintAsync(emulator);

        var (_, body) = await PostAsync(http, emulator, token, new() { ["from_date"] = "2024-03-11 10:00:00", ["to_date"] = "2024-03-11 10:00:00", ["user_id"] = "all" });

        Assert.Equal(0, body.RootElement.GetProperty("result").GetArrayLength());
    }

    // ---- vendor errors ----

    [Theory]
    [InlineData("user_id=all", 101)]
    [InlineData("from_date=2024-03-11 00:00:00", 101)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=", 101)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=all&group=team", 101)]
    [InlineData("from_date=2024-03-11T00:00:00Z&user_id=all", 111)]
    [InlineData("from_date=2024-03-11&user_id=all", 111)]
    [InlineData("from_date=2024-03-11 00:00:00&to_date=12.03.2024 00:00&user_id=all", 111)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=abc", 117)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=487500;999", 117)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=-487500", 117)]
    [InlineData("from_date=2024-03-12 00:00:00&to_date=2024-03-11 00:00:00&user_id=all", 123)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=all&acd_status=READY;LUNCH", 227)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=all&acd_status=ready", 227)]
    [InlineData("from_date=2024-03-11 00:00:00&user_id=all&aggregation=week", 228)]
    [InlineData("from_date=2022-01-01 00:00:00&to_date=2024-03-11 00:00:00&user_id=all", 569)]
    public async Task Bad_parameters_are_answered_with_the_documented_code_in_HTTP_200(string query, int code)
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.VoximplantEndpoint, StatisticsPath + "?" + query.Replace(" ", "%20", StringComparison.Ordinal)));
        request.Headers.Authorization = new("Bearer", await MintAsync(emulator));

        using var response = await http.SendAsync(request, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("msg").GetString()));
        Assert.False(body.RootElement.TryGetProperty("result", out _));
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "unknown user", "117" },
        { "custom status", "227" },
        { "range over 366 days", "569" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Vendor_rejections_reach_the_client_as_invalid_request_exceptions(string what, string code)
    {
        await using var emulator = await StartAsync();
        using var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var range = emulator.Center.Range;
        AcdOperatorStatusStatisticsRequest request = what switch
        {
            "unknown user" => new() { Range = range, UserIds = [emulator.Center.Agents[0].Id, 42] },
            "custom status" => new() { Range = range, Statuses = [AcdStatus.Ready, new AcdStatus("LUNCH")] },
            _ => new() { Range = new InstantRange(range.Start - Duration.FromDays(400), range.End) },
        };

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAcdOperatorStatusStatisticsAsync(request, Ct));

        Assert.Equal("Voximplant", ex.Vendor);
        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(code, ex.VendorCode);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Vendor_transient_errors_are_the_documented_transient_codes_in_http_200()
    {
        await using var emulator = await StartAsync();
        var options = emulator.CreateVoximplantOptions();
        options.Retry.MaxRetries = 0; // each failure reaches the caller, to be classified; retries are tested on their own
        using var client = VoximplantClient.Create(options);
        emulator.Faults = new FaultOptions { VendorTransientErrorRate = 1, RetryAfter = Duration.FromSeconds(12) };
        var seen = new Dictionary<string, VendorApiException>();

        for (var i = 0; i < 40 && seen.Count < 4; i++)
        {
            var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAcdOperatorStatusStatisticsAsync(new() { Range = emulator.Center.Range }, Ct));
            Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
            Assert.True(ex.IsTransient, ex.Message);
            seen[ex.VendorCode!] = ex;
        }

        Assert.Equal(["162", "314", "340", "416"], seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(VendorErrorKind.ServiceUnavailable, seen["162"].Kind);
        Assert.Equal(VendorErrorKind.RateLimited, seen["340"].Kind);
        Assert.Equal(VendorErrorKind.RateLimited, seen["314"].Kind);

        // Code 416 says how long to wait in its message.
        Assert.Equal(Duration.FromSeconds(12), seen["416"].RetryAfter);
        Assert.Null(seen["162"].RetryAfter);

        emulator.Faults = new FaultOptions();
        var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = emulator.Center.Range }, Ct);
        Assert.Equal(emulator.Center.Agents.Count, stats.Groups.Count);
    }

    // ---- retries under faults ----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_multi_day_pull_through_mixed_faults_equals_the_simulation_and_every_extra_request_was_a_fault(bool dependencyInjection)
    {
        await using var emulator = await StartAsync();
        emulator.Faults = new FaultOptions
        {
            ServerErrorRate = 0.08,
            RateLimitRate = 0.06,
            RetryAfterAsHttpDate = !dependencyInjection,
            VendorTransientErrorRate = 0.08,
            TruncateRate = 0.05,
            DropConnectionRate = 0.05,
            TokenExpiryRate = 0.03,
        };
        var time = new RecordingTimeProvider(); // Retry-After and code 416 ask for seconds: recorded, not slept
        void Configure(VoximplantOptions o)
        {
            var ready = emulator.CreateVoximplantOptions();
            o.Endpoint = ready.Endpoint;
            o.CredentialsJson = ready.CredentialsJson;
            RecordingTimeProvider.WithoutTimeouts(o);
        }

        // The DI client has an account name of its own, so that its spans and metrics can be told from other tests'.
        var account = "faults-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryCapture(account);
        CountingHandler counter;
        ServiceProvider? provider = null;
        VoximplantClient client;
        if (dependencyInjection)
        {
            counter = new CountingHandler();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddVoximplantClient(account, Configure).AddHttpMessageHandler(() => counter);
            provider = services.BuildServiceProvider(Harness.Strict);
            client = provider.GetRequiredKeyedService<VoximplantClient>(account);
        }
        else
        {
            counter = new CountingHandler(new SocketsHttpHandler { AllowAutoRedirect = false });
            var options = new VoximplantOptions();
            Configure(options);
            client = VoximplantClient.Create(options, new VendorClientServices { PrimaryHandler = counter, TimeProvider = time });
        }

        var pieces = UtcBuckets(emulator.Center.Range, Duration.FromHours(3)).Select(p => p.Clipped).ToList();
        try
        {
            foreach (var piece in pieces)
            {
                var stats = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = piece, Aggregation = TimeBucket.Hour }, Ct);

                Assert.Equal(emulator.Center.Agents.Select(a => (long?)a.Id), stats.Groups.Select(g => g.UserId));
                foreach (var group in stats.Groups)
                {
                    var hours = UtcBuckets(piece, Duration.FromHours(1)).ToList();
                    Assert.Equal(hours.Select(h => h.Bucket.Start), group.Statistics.Select(e => e.Period!.Start));
                    foreach (var (entry, hour) in group.Statistics.Zip(hours))
                    {
                        AssertMatches(Truth(emulator.Center, Agent(emulator, group.UserId), [hour.Clipped]), entry.Statuses);
                    }
                }
            }
        }
        finally
        {
            client.Dispose();
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }

            counter.Dispose();
        }

        // Faults were met and retried: more requests than operations, and every answer with a fault header was followed by
        // another attempt (each operation ends with one answer the emulator sent without a fault).
        var faulted = counter.Faults.Count(f => f != "none");
        Assert.True(faulted > 0, "the emulator injected no fault the client saw");
        Assert.True(counter.Count >= pieces.Count + faulted, $"{counter.Count} requests for {pieces.Count} operations and {faulted} faulted answers");
        if (dependencyInjection)
        {
            // Every extra request was a retry the pipeline counted (a re-minted token after code 100 included), and each
            // operation's span says how many attempts it took.
            Assert.Equal(counter.Count - pieces.Count, (int)telemetry.Sum(CallCenterStatsTelemetry.RetriesMetric));
            Assert.Equal(pieces.Count, telemetry.Spans.Count);
            Assert.Equal(counter.Count, telemetry.Spans.Sum(span => (int)span.GetTagItem(CallCenterStatsTelemetry.AttemptsTag)!));
            Assert.All(telemetry.Spans, span => Assert.Equal("success", span.GetTagItem(CallCenterStatsTelemetry.OutcomeTag)));
        }
    }

    // ---- auth ----

    public static TheoryData<string> WrongCredentials => ["key", "kid", "account"];

    [Theory]
    [MemberData(nameof(WrongCredentials))]
    public async Task Tokens_of_another_key_kid_or_account_fail_authentication_with_code_100(string wrong)
    {
        await using var emulator = await StartAsync();
        var credentials = JsonNode.Parse(emulator.Credentials.VoximplantCredentialsJson())!.AsObject();
        switch (wrong)
        {
            case "key":
                credentials["private_key"] = TestKeys.PrivateKeyPem;
                break;
            case "kid":
                credentials["key_id"] = "another-key";
                break;
            default:
                credentials["account_id"] = emulator.Credentials.VoximplantAccountId + 1;
                break;
        }

        var options = emulator.CreateVoximplantOptions();
        options.CredentialsJson = credentials.ToJsonString();
        using var client = VoximplantClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAcdOperatorStatusStatisticsAsync(new() { Range = emulator.Center.Range }, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal("100", ex.VendorCode);
        Assert.Equal("Authorization failed", ex.VendorMessage);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Missing_malformed_expired_and_future_dated_tokens_are_rejected_in_HTTP_200()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var now = SystemClock.Instance.GetCurrentInstant();
        var expired = await MintAsync(emulator, new FakeClock(now - Duration.FromHours(2)));
        var future = await MintAsync(emulator, new FakeClock(now + Duration.FromMinutes(10)));
        var valid = await MintAsync(emulator);
        var parts = valid.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + parts[2][..^4] + (parts[2].EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        foreach (var token in new string?[] { null, string.Empty, "not-a-jwt", "a.b.c", expired, future, tampered })
        {
            var (status, body) = await PostAsync(http, emulator, token, Everything(emulator));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(100, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal("Authorization failed", body.RootElement.GetProperty("error").GetProperty("msg").GetString());
        }

        var (_, ok) = await PostAsync(http, emulator, valid, Everything(emulator));
        Assert.True(ok.RootElement.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task ExpireTokens_rejects_the_cached_token_and_the_client_remints_once_and_succeeds()
    {
        await using var emulator = await StartAsync();
        var seen = new ConcurrentQueue<(string Token, string Body)>();
        var services = new ServiceCollection();
        services.AddVoximplantClient(o =>
        {
            o.Endpoint = emulator.VoximplantEndpoint;
            o.CredentialsJson = emulator.Credentials.VoximplantCredentialsJson();
        }).AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using var provider = services.BuildServiceProvider(Harness.Strict);
        var client = provider.GetRequiredService<VoximplantClient>();
        var request = new AcdOperatorStatusStatisticsRequest { Range = emulator.Center.Range };

        var first = await client.GetAcdOperatorStatusStatisticsAsync(request, Ct);
        emulator.ExpireTokens();
        var second = await client.GetAcdOperatorStatusStatisticsAsync(request, Ct);

        Assert.Equal(first.Groups.Count, second.Groups.Count);
        var exchanges = seen.ToList();
        Assert.Equal(3, exchanges.Count);
        Assert.Equal(exchanges[0].Token, exchanges[1].Token);
        Assert.Contains("\"code\":100", exchanges[1].Body, StringComparison.Ordinal);
        Assert.NotEqual(exchanges[1].Token, exchanges[2].Token);
        Assert.StartsWith("{\"result\":", exchanges[2].Body, StringComparison.Ordinal);

        // The rejected token stays rejected; the new one keeps working.
        using var http = new HttpClient();
        var (_, old) = await PostAsync(http, emulator, exchanges[0].Token, Everything(emulator));
        Assert.Equal(100, old.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        var (_, renewed) = await PostAsync(http, emulator, exchanges[2].Token, Everything(emulator));
        Assert.True(renewed.RootElement.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task ExpireTokens_also_rejects_a_token_minted_well_before_it_and_never_shown()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var early = await MintAsync(emulator, new FakeClock(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(10)), Duration.FromHours(1));

        emulator.ExpireTokens();
        var (_, body) = await PostAsync(http, emulator, early, Everything(emulator));

        Assert.Equal(100, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Registered_client_and_standalone_client_read_the_same_statistics()
    {
        await using var emulator = await StartAsync();
        var services = new ServiceCollection();
        services.AddVoximplantClient(o =>
        {
            var ready = emulator.CreateVoximplantOptions();
            o.Endpoint = ready.Endpoint;
            o.CredentialsJson = ready.CredentialsJson;
        });
        await using var provider = services.BuildServiceProvider(Harness.Strict);
        var registered = provider.GetRequiredService<VoximplantClient>();
        using var standalone = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var request = new AcdOperatorStatusStatisticsRequest
        {
            Range = emulator.Center.Range,
            Aggregation = TimeBucket.Day,
            Group = StatisticsGrouping.ByPeriod,
        };

        var a = (await registered.GetAcdOperatorStatusStatisticsAsync(request, Ct)).Flatten().ToList();
        var b = (await standalone.GetAcdOperatorStatusStatisticsAsync(request, Ct)).Flatten().ToList();

        Assert.Equal(a.Count, b.Count);
        foreach (var (x, y) in a.Zip(b))
        {
            Assert.Equal(x.UserId, y.UserId);
            Assert.Equal(x.Period, y.Period);
            Assert.Equal(x.HourOfDay, y.HourOfDay);
            Assert.Equal(x.Statuses.ToDictionary(s => s.Key, s => s.Value.Sum), y.Statuses.ToDictionary(s => s.Key, s => s.Value.Sum));
        }
    }

    // ---- helpers ----

    private static string Id(SimulatedAgent agent) => agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static SimulatedAgent Agent(ContactCenterEmulator emulator, long? userId) =>
        emulator.Center.FindAgent(userId!.Value) ?? throw new InvalidOperationException($"No agent {userId}.");

    /// <summary>The UTC buckets of <paramref name="size"/> that overlap <paramref name="range"/>, whole and clipped to it.</summary>
    private static IEnumerable<(InstantRange Bucket, InstantRange Clipped)> UtcBuckets(InstantRange range, Duration size)
    {
        var seconds = (long)size.TotalSeconds;
        var start = Instant.FromUnixTimeSeconds(range.Start.ToUnixTimeSeconds() / seconds * seconds);
        for (; start < range.End; start += size)
        {
            var bucket = new InstantRange(start, start + size);
            var clipped = new InstantRange(start > range.Start ? start : range.Start, bucket.End < range.End ? bucket.End : range.End);
            yield return (bucket, clipped);
        }
    }

    private sealed record Figures(long Count, long Sum, long Min, long Max);

    /// <summary>The truth: the agent's segments within each piece, by status.</summary>
    private static Dictionary<AcdStatus, Figures> Truth(SimulatedContactCenter center, SimulatedAgent agent, IEnumerable<InstantRange> pieces)
    {
        var lengths = new Dictionary<AcdStatus, List<long>>();
        foreach (var piece in pieces)
        {
            foreach (var segment in center.GetSegments(agent, piece))
            {
                var status = StatusOf[segment.State];
                if (!lengths.TryGetValue(status, out var list))
                {
                    lengths[status] = list = [];
                }

                list.Add((long)segment.Duration.TotalSeconds);
            }
        }

        return lengths.ToDictionary(kv => kv.Key, kv => new Figures(kv.Value.Count, kv.Value.Sum(), kv.Value.Min(), kv.Value.Max()));
    }

    private static void AssertMatches(Dictionary<AcdStatus, Figures> expected, IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> actual)
    {
        Assert.Equal(expected.Keys.Select(k => k.Value).Order(StringComparer.Ordinal), actual.Keys.Select(k => k.Value).Order(StringComparer.Ordinal));
        foreach (var (status, figures) in expected)
        {
            var statistics = actual[status];
            Assert.Equal(figures.Count, statistics.Count);
            Assert.Equal(Duration.FromSeconds(figures.Sum), statistics.Sum);
            Assert.Equal(Duration.FromSeconds(figures.Min), statistics.Min);
            Assert.Equal(Duration.FromSeconds(figures.Max), statistics.Max);
            Assert.Equal(Duration.FromSeconds(figures.Sum / figures.Count), statistics.Average);
        }
    }

    private static async Task<string> MintAsync(ContactCenterEmulator emulator, IClock? clock = null, Duration? lifetime = null)
    {
        var source = new VoximplantTokenSource(VoximplantCredentials.Parse(emulator.Credentials.VoximplantCredentialsJson()), clock ?? SystemClock.Instance, lifetime);
        return (await source.GetTokenAsync(Ct)).Value;
    }

    private static Dictionary<string, string> Everything(ContactCenterEmulator emulator) => new()
    {
        ["from_date"] = WireFormat.UtcDateTime(emulator.Center.Range.Start),
        ["to_date"] = WireFormat.UtcDateTime(emulator.Center.Range.End),
        ["user_id"] = "all",
    };

    private static async Task<(HttpStatusCode Status, JsonDocument Body)> PostAsync(HttpClient http, ContactCenterEmulator emulator, string? token, Dictionary<string, string> form)
    {
        var text = await RawAsync(http, HttpMethod.Post, emulator, token, form, inQuery: false);
        return (HttpStatusCode.OK, JsonDocument.Parse(text));
    }

    /// <summary>Sends the parameters as form fields or in the query string (plus optional form fields) and returns the body of an HTTP 200.</summary>
    private static async Task<string> RawAsync(
        HttpClient http,
        HttpMethod method,
        ContactCenterEmulator emulator,
        string? token,
        Dictionary<string, string> parameters,
        bool inQuery,
        Dictionary<string, string>? formOverrides = null)
    {
        var uri = new Uri(emulator.VoximplantEndpoint, StatisticsPath);
        if (inQuery)
        {
            uri = new Uri(uri + "?" + string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        }

        using var request = new HttpRequestMessage(method, uri);
        if (!inQuery || formOverrides is not null)
        {
            request.Content = new FormUrlEncodedContent(inQuery ? formOverrides! : parameters);
        }

        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>Records the bearer token each request carried and the body it got back.</summary>
    private sealed class RecordingHandler(ConcurrentQueue<(string Token, string Body)> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            seen.Enqueue((request.Headers.Authorization?.Parameter ?? string.Empty, body));
            response.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            return response;
        }
    }
}
