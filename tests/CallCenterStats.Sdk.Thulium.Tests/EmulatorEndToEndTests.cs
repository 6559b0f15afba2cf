using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>The real <see cref="ThuliumClient"/> against the emulator, every figure checked against the simulation.</summary>
public sealed class EmulatorEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- the client against the emulator -------------------------------------------------------------

    [Fact]
    public async Task The_default_monthly_report_gives_one_row_per_agent_equal_to_the_truth()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        var center = emulator.Center;
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        var rows = await client.GetAgentsWorkReportAsync(AllAgents(center, aggregation: null), Ct).ToListAsync(Ct);

        Assert.Equal(center.Agents.Select(a => a.Login), rows.Select(r => r.Agent.Login));
        foreach (var (agent, row) in center.Agents.Zip(rows))
        {
            Assert.Equal("2024-03", row.PeriodText);
            Assert.Equal(TimeBucket.Month, row.Period!.Bucket);
            Assert.Equal(center.Zone, row.Period.Zone);
            Assert.Equal(agent.FirstName, row.Agent.Name);
            Assert.Equal(agent.LastName, row.Agent.Surname);
            AssertRowEqualsTruth(Truth(center, agent, [center.Range]), row);

            // Talk time of the agent's days = the OnCall time of its state timeline = the answered calls' talk.
            var totals = center.GetTotals(agent, center.Range);
            Assert.Equal(totals.TimeIn(AgentState.OnCall), row.Inbound!.Sum);
            Assert.Equal(totals.TalkTime, row.Inbound.Sum);
            Assert.Equal(totals.AnsweredCalls + totals.UnansweredCalls, row.Inbound.Count);
        }
    }

    [Theory]
    [InlineData(TimeBucket.Minute)]
    [InlineData(TimeBucket.Hour)]
    [InlineData(TimeBucket.HourOfDay)]
    [InlineData(TimeBucket.Day)]
    [InlineData(TimeBucket.Week)]
    [InlineData(TimeBucket.Month)]
    [InlineData(TimeBucket.Year)]
    public async Task Every_aggregation_gives_the_periods_with_activity_in_order_with_figures_equal_to_the_truth(TimeBucket aggregation)
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        var center = emulator.Center;
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        // Minutes over three days would be thousands of rows: two busy hours of the second day are enough.
        var range = aggregation == TimeBucket.Minute
            ? InstantRange.FromLocal(center.Dates.Start.PlusDays(1).At(new LocalTime(9, 0)), center.Dates.Start.PlusDays(1).At(new LocalTime(11, 0)), center.Zone)
            : center.Range;
        var request = AllAgents(center, aggregation) with { Range = range };

        var rows = await client.GetAgentsWorkReportAsync(request, Ct).ToListAsync(Ct);

        var expected = ExpectedRows(center, center.Agents, range, aggregation);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, rows.Count);
        var calendar = new BucketCalendar(center.Zone);
        foreach (var (want, row) in expected.Zip(rows))
        {
            Assert.Equal(want.Agent.Login, row.Agent.Login);
            if (aggregation == TimeBucket.HourOfDay)
            {
                Assert.Equal((int)want.Key, row.HourOfDay);
                Assert.Null(row.Period);
            }
            else
            {
                Assert.NotNull(row.Period);
                Assert.Equal(aggregation, row.Period.Bucket);
                Assert.Equal(calendar.GetBucket(want.Chunks[0].Start, aggregation), row.Period.Range);
                Assert.Null(row.HourOfDay);
            }

            AssertRowEqualsTruth(Truth(center, want.Agent, want.Chunks), row);
        }
    }

    [Fact]
    public async Task Periods_are_written_in_the_shapes_the_client_reads()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 1, Days = 3 }, Ct);
        var center = emulator.Center;
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());
        var agent = center.Agents[0];
        var day = center.GetDay(agent, center.Dates.Start);

        // The first activity: the login, or a call offered while the agent was logging in.
        var first = day.Calls.Count > 0 && day.Calls[0].Offered < day.Login!.Value ? day.Calls[0].Offered : day.Login!.Value;
        var loginLocal = first.InZone(center.Zone).LocalDateTime;

        async Task<string?> FirstPeriod(TimeBucket bucket) =>
            (await client.GetAgentsWorkReportPageAsync(AllAgents(center, bucket), 0, 1, Ct)).Rows.Single().PeriodText;

        Assert.Equal("2024", await FirstPeriod(TimeBucket.Year));
        Assert.Equal("2024-03", await FirstPeriod(TimeBucket.Month));
        Assert.Equal("2024-11", await FirstPeriod(TimeBucket.Week));
        Assert.Equal("2024-03-11", await FirstPeriod(TimeBucket.Day));
        Assert.Equal(loginLocal.ToString("yyyy'-'MM'-'dd' 'HH", CultureInfo.InvariantCulture), await FirstPeriod(TimeBucket.Hour));
        Assert.Equal(loginLocal.ToString("yyyy'-'MM'-'dd' 'HH':'mm", CultureInfo.InvariantCulture), await FirstPeriod(TimeBucket.Minute));
        Assert.Equal(loginLocal.Hour.ToString(CultureInfo.InvariantCulture), await FirstPeriod(TimeBucket.HourOfDay));
    }

    [Fact]
    public async Task Weeks_are_iso_weeks_numbered_by_their_week_year()
    {
        // 2024-12-30 is the Monday of ISO week 1 of 2025.
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 4, FirstDay = new LocalDate(2024, 12, 30) }, Ct);
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        var rows = await client.GetAgentsWorkReportAsync(AllAgents(emulator.Center, TimeBucket.Week), Ct).ToListAsync(Ct);

        Assert.Equal(3, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal("2025-01", row.PeriodText);
            Assert.Equal(new LocalDate(2024, 12, 30).AtMidnight(), row.Period!.LocalStart);
            Assert.Equal(TimeBucket.Week, row.Period.Bucket);
        });
    }

    [Fact]
    public async Task Day_rows_carry_the_login_and_logout_of_the_agent_day()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 4, Days = 3 }, Ct);
        var center = emulator.Center;
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        var rows = await client.GetAgentsWorkReportAsync(AllAgents(center, TimeBucket.Day), Ct).ToListAsync(Ct);

        var days = center.Agents
            .SelectMany(a => center.Dates.ToDateInterval().Select(d => center.GetDay(a, d)))
            .Where(d => d.Login is not null)
            .ToList();
        Assert.Equal(days.Count, rows.Count);
        foreach (var (day, row) in days.Zip(rows))
        {
            Assert.Equal(day.Agent.Login, row.Agent.Login);
            Assert.Equal(day.Date, row.Period!.LocalStart.Date);
            Assert.Equal(day.Login, row.LoginDate);
            Assert.Equal(day.Logout, row.LogoutDate);
            Assert.Equal(WireFormat.LocalDateTime(day.Login!.Value, center.Zone), row.LoginDateText);
        }
    }

    // ---- paging ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Paging_over_several_pages_returns_every_row_once_in_order_with_per_agent_totals_equal_to_the_truth()
    {
        // Six agents, five weekdays, hourly rows: about 300 rows, so at least three pages of 100.
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 5 }, Ct);
        var center = emulator.Center;
        await using var provider = Provider(emulator);
        var client = provider.GetRequiredService<ThuliumClient>();
        var request = AllAgents(center, TimeBucket.Hour);

        var rows = await client.GetAgentsWorkReportAsync(request, Ct).ToListAsync(Ct);

        Assert.True(rows.Count >= 250, $"{rows.Count} rows");
        Assert.Equal(ExpectedRows(center, center.Agents, center.Range, TimeBucket.Hour).Count, rows.Count);
        var keys = rows.Select(r => (r.Agent.Login, Period: r.PeriodText)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys.OrderBy(k => k.Login, StringComparer.Ordinal).ThenBy(k => k.Period, StringComparer.Ordinal), keys);

        foreach (var agent in center.Agents)
        {
            var mine = rows.Where(r => r.Agent.Login == agent.Login).ToList();
            var totals = center.GetTotals(agent, center.Range);
            Assert.Equal(totals.AnsweredCalls, mine.Sum(r => r.Inbound!.AnsweredCount));
            Assert.Equal(totals.UnansweredCalls, mine.Sum(r => r.Inbound!.NotAnsweredCount));
            Assert.Equal(totals.TalkTime, Sum(mine.Select(r => r.Inbound!.Sum)));
            Assert.Equal(totals.TimeIn(AgentState.OnCall), Sum(mine.Select(r => r.Inbound!.Sum)));
            Assert.Equal(totals.AnsweredWaitTime, Sum(mine.Select(r => r.Inbound!.WaitSum)));
            Assert.Equal(totals.TimeIn(AgentState.Ready), Sum(mine.Select(r => Pause(r, PauseId.Free).Sum)));
            Assert.Equal(totals.TimeIn(AgentState.Paused), Sum(mine.Select(r => Pause(r, PauseId.All).Sum)));
        }
    }

    [Fact]
    public async Task Pages_fetched_one_by_one_with_any_page_size_or_prefetching_give_the_same_rows()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 5 }, Ct);
        var center = emulator.Center;
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());
        var request = AllAgents(center, TimeBucket.Hour);

        var pages = new List<AgentsWorkReportPage>();
        long? offset = 0;
        while (offset is { } next)
        {
            var page = await client.GetAgentsWorkReportPageAsync(request, next, 100, Ct);
            pages.Add(page);
            offset = page.NextOffset;
        }

        var paged = pages.SelectMany(p => p.Rows).Select(Key).ToList();
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(100, p.Rows.Count));

        var smallPages = await client.GetAgentsWorkReportAsync(request with { PageSize = 37 }, Ct).ToListAsync(Ct);
        Assert.Equal(paged, smallPages.Select(Key));

        using var prefetching = ThuliumClient.Create(Options(emulator, concurrency: 4));
        var prefetched = await prefetching.GetAgentsWorkReportAsync(request, Ct).ToListAsync(Ct);
        Assert.Equal(paged, prefetched.Select(Key));

        var past = await client.GetAgentsWorkReportPageAsync(request, paged.Count + 5, 100, Ct);
        Assert.Empty(past.Rows);
    }

    // ---- faults ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(4, false, true)]
    [InlineData(1, true, true)]
    [InlineData(4, true, false)]
    public async Task Under_mixed_faults_a_paged_pull_equals_the_truth_and_the_retries_show_in_the_request_count(int prefetch, bool throughDependencyInjection, bool retryAfterAsDate)
    {
        // 30% of requests fail: 5xx, 429 with Retry-After (seconds or a date), Thulium's transient error in a 200 body,
        // a body cut off, a dropped connection. Small pages, so that the pull takes a dozen requests or more.
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 5 }, Ct);
        var center = emulator.Center;
        var request = AllAgents(center, TimeBucket.Hour) with { PageSize = 25 };
        var expected = ExpectedRows(center, center.Agents, center.Range, TimeBucket.Hour);
        emulator.Faults = new FaultOptions
        {
            ServerErrorRate = 0.1,
            RateLimitRate = 0.05,
            RetryAfter = Duration.Zero,
            RetryAfterAsHttpDate = retryAfterAsDate,
            VendorTransientErrorRate = 0.05,
            TruncateRate = 0.05,
            DropConnectionRate = 0.05,
        };
        var counter = new CountingHandler();
        var options = Options(emulator, prefetch);
        options.Retry = ThuliumTestKit.FastRetry();
        options.Retry.MaxRetries = 10;

        List<AgentsWorkReportRow> rows;
        if (throughDependencyInjection)
        {
            var services = new ServiceCollection();
            services.AddThuliumClient(o =>
            {
                o.Endpoint = options.Endpoint;
                o.Username = options.Username;
                o.Password = options.Password;
                o.TimeZone = options.TimeZone;
                o.MaxConcurrentPageRequests = prefetch;
                o.Retry = options.Retry;
            }).AddHttpMessageHandler(() => counter);
            await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            rows = await provider.GetRequiredService<ThuliumClient>().GetAgentsWorkReportAsync(request, Ct).ToListAsync(Ct);
        }
        else
        {
            using var primary = new CountingHandler(new SocketsHttpHandler());
            using var client = ThuliumClient.Create(options, new VendorClientServices { PrimaryHandler = primary });
            rows = await client.GetAgentsWorkReportAsync(request, Ct).ToListAsync(Ct);
            counter = primary;
        }

        Assert.Equal(expected.Count, rows.Count);
        foreach (var (want, row) in expected.Zip(rows))
        {
            Assert.Equal(want.Agent.Login, row.Agent.Login);
            Assert.Equal(want.Chunks[0].Start, row.Period!.Start);
            AssertRowEqualsTruth(Truth(center, want.Agent, want.Chunks), row);
        }

        // Without faults the pull takes one request per page (plus up to prefetch - 1 past the end): more means retries.
        var pages = (rows.Count / 25) + 1;
        Assert.True(counter.Count > pages + prefetch - 1, $"{counter.Count} requests for {pages} pages");
    }

    // ---- selection and filters ------------------------------------------------------------------------

    [Fact]
    public async Task Agent_groups_are_queues_and_add_their_agents_to_the_logins()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 12, Days = 1 }, Ct);
        var center = emulator.Center;
        await using var provider = Provider(emulator);
        var client = provider.GetRequiredService<ThuliumClient>();
        var group = center.Queues[1];
        var extra = center.Agents.First(a => a.Queue != group);
        var member = center.Agents.First(a => a.Queue == group);

        var rows = await client.GetAgentsWorkReportAsync(
            new AgentsWorkReportRequest { Range = center.Range, AgentGroupIds = [group.Id], AgentLogins = [extra.Login, member.Login] },
            Ct).ToListAsync(Ct);

        var expected = center.Agents.Where(a => a.Queue == group || a == extra).Select(a => a.Login).ToList();
        Assert.Equal(expected, rows.Select(r => r.Agent.Login));
    }

    [Fact]
    public async Task The_queue_filter_counts_only_calls_of_the_listed_queues_and_keeps_state_figures()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 2 }, Ct);
        var center = emulator.Center;
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());
        var queue = center.Queues[0];

        var rows = await client.GetAgentsWorkReportAsync(AllAgents(center, TimeBucket.Day) with { QueueIds = [queue.Id] }, Ct).ToListAsync(Ct);

        Assert.Equal(ExpectedRows(center, center.Agents, center.Range, TimeBucket.Day).Count, rows.Count);
        foreach (var row in rows)
        {
            var agent = center.FindAgent(row.Agent.Login)!;
            var truth = Truth(center, agent, [row.Period!.Range]);
            if (agent.Queue == queue)
            {
                AssertRowEqualsTruth(truth, row);
            }
            else
            {
                Assert.Equal(0, row.Inbound!.Count);
                Assert.Equal(Duration.Zero, row.Inbound.Sum);
                Assert.Equal(truth.Ready, Pause(row, PauseId.Free).Sum);
                Assert.Equal(truth.Paused, Pause(row, PauseId.All).Sum);
                Assert.Equal(truth.Login, row.LoginDate);
            }
        }
    }

    [Fact]
    public async Task Rows_have_zero_outbound_chat_and_ticket_blocks_and_all_pause_entries()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 2, Days = 1 }, Ct);
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        var rows = await client.GetAgentsWorkReportAsync(
            AllAgents(emulator.Center, TimeBucket.Day) with { OutboundThreshold = Duration.FromSeconds(10) },
            Ct).ToListAsync(Ct);

        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(0, row.OutboundAboveThreshold!.Count);
            Assert.Equal(Duration.Zero, row.OutboundAboveThreshold.Sum);
            Assert.Equal(0, row.OutboundBelowThreshold!.Count);
            Assert.Equal(0, row.Chat!.Closed);
            Assert.Equal(0, row.Ticket!.TotalResponded);
            Assert.Equal(0, row.Inbound!.TransferredCount);
            Assert.Equal(["all", "free", "1", "2", "3", "4"], row.Pauses.Select(p => p.Id.Value));
            Assert.True(row.Inbound.CallsPerHour > 0);
        });
    }

    // ---- errors ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Bad_credentials_are_an_authentication_error_with_the_request_id()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        var options = emulator.CreateThuliumOptions();
        options.Password = "wrong-password";
        using var client = ThuliumClient.Create(options);

        var error = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(AllAgents(emulator.Center, null), 0, 100, Ct));

        Assert.Equal(VendorErrorKind.Authentication, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("401", error.VendorCode);
        Assert.Equal("Unauthorized", error.VendorMessage);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task An_unknown_login_is_not_found()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        var error = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(
            new AgentsWorkReportRequest { Range = emulator.Center.Range, AgentLogins = ["agent001", "nobody"] }, 0, 100, Ct));

        Assert.Equal(VendorErrorKind.NotFound, error.Kind);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("nobody", error.VendorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_agent_groups_and_queues_are_not_found_each_reported()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        using var client = ThuliumClient.Create(emulator.CreateThuliumOptions());

        var error = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(
            new AgentsWorkReportRequest { Range = emulator.Center.Range, AgentGroupIds = [999], QueueIds = [998] }, 0, 100, Ct));

        Assert.Equal(VendorErrorKind.NotFound, error.Kind);
        Assert.Equal(2, error.Errors.Count);
        Assert.Contains("999", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("998", error.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vendor_transient_error_in_an_http_200_body_is_transient_and_retried_up_to_max_retries()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        emulator.Faults = new FaultOptions { VendorTransientErrorRate = 1 };
        var options = emulator.CreateThuliumOptions();
        options.Retry = ThuliumTestKit.FastRetry();
        using var counter = new CountingHandler(new SocketsHttpHandler());
        using var client = ThuliumClient.Create(options, new VendorClientServices { PrimaryHandler = counter });

        var error = await Assert.ThrowsAsync<VendorApiException>(
            async () => await client.GetAgentsWorkReportAsync(AllAgents(emulator.Center, TimeBucket.Day), Ct).ToListAsync(Ct));

        Assert.True(error.IsTransient);
        Assert.Equal(VendorErrorKind.ServiceUnavailable, error.Kind);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("503", error.VendorCode);
        Assert.Equal("Service temporarily unavailable", error.VendorMessage);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Equal(1 + RetryOptions.DefaultMaxRetries, counter.Count);
    }

    // ---- the wire, seen without the client ------------------------------------------------------------

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("outbound_threshold=-5", "outbound_threshold")]
    [InlineData("aggregate_by=quarter", "aggregate_by")]
    [InlineData("agent_group_ids[]=two", "agent_group_ids")]
    [InlineData("date_from=2024%2F03%2F11", "date_from")]
    [InlineData("date_to=2024-03-10%2000:00:00", "date_to")]
    public async Task Bad_parameters_are_answered_400_with_the_error_envelope(string change, string parameter)
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        var name = change[..change.IndexOf('=', StringComparison.Ordinal)];
        var query = string.Join('&', ValidQuery().Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)).Append(change));

        var (status, header, body) = await GetRawAsync(emulator, query);

        using (body)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(header, body.RootElement.GetProperty("request_id").GetString());
            var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Equal(400, error.GetProperty("code").GetInt32());
            Assert.Contains(parameter, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Missing_agents_and_dates_are_each_reported()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);

        var (status, _, body) = await GetRawAsync(emulator, "aggregate_by=day");

        using (body)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var messages = body.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
            Assert.Equal(3, messages.Count);
            Assert.Contains(messages, m => m.Contains("agent_logins or agent_group_ids", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("date_from", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("date_to", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Unauthorized_is_answered_401_with_the_error_envelope_and_request_id_header()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);

        var (status, header, body) = await GetRawAsync(emulator, string.Join('&', ValidQuery()), password: "nope");

        using (body)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.False(string.IsNullOrEmpty(header));
            Assert.Equal(header, body.RootElement.GetProperty("request_id").GetString());
            var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Equal("Unauthorized", error.GetProperty("message").GetString());
            Assert.Equal(401, error.GetProperty("code").GetInt32());
        }
    }

    [Theory]
    [InlineData("GET", "api/agents", HttpStatusCode.NotFound)]
    [InlineData("POST", "api/agents_work_report", HttpStatusCode.MethodNotAllowed)]
    public async Task Other_paths_and_methods_are_answered_with_the_error_envelope(string method, string path, HttpStatusCode expected)
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 1, Days = 1 }, Ct);
        using var http = new HttpClient { BaseAddress = emulator.ThuliumEndpoint };
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        message.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{emulator.Credentials.ThuliumUsername}:{emulator.Credentials.ThuliumPassword}")));

        using var response = await http.SendAsync(message, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal((int)expected, Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("code").GetInt32());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Success_is_a_bare_array_in_the_vendor_shape_with_wait_sum_as_number_and_as_clock_text()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);

        // Dates without a time, as in Thulium's own example: date_to is then inclusive of its day.
        var (status, header, body) = await GetRawAsync(emulator, "agent_logins[]=agent001&date_from=2024-03-11&date_to=2024-03-13&aggregate_by=day");

        using (body)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(string.IsNullOrEmpty(header));
            var rows = body.RootElement.EnumerateArray().ToList();
            Assert.Equal(["2024-03-11", "2024-03-12", "2024-03-13"], rows.Select(r => r.GetProperty("period").GetString()));
            Assert.Equal(JsonValueKind.Number, rows[0].GetProperty("inbound").GetProperty("wait_sum").ValueKind);
            Assert.Equal(JsonValueKind.String, rows[1].GetProperty("inbound").GetProperty("wait_sum").ValueKind);
            var pauses = rows[0].GetProperty("pauses").EnumerateArray().ToList();
            Assert.Equal("all", pauses[0].GetProperty("id").GetString());
            Assert.Equal("free", pauses[1].GetProperty("id").GetString());
            Assert.Equal([1, 2, 3, 4], pauses.Skip(2).Select(p => p.GetProperty("id").GetInt32()));
            Assert.Equal(
                ["agent", "period", "inbound", "chat", "ticket", "outbound_above_threshold", "outbound_below_threshold", "login_date", "logout_date", "pauses"],
                rows[0].EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Limit_defaults_to_100_and_offset_pages_through_the_same_order()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);
        var baseQuery = string.Join('&', ValidQuery().Where(p => !p.StartsWith("limit=", StringComparison.Ordinal) && !p.StartsWith("aggregate_by=", StringComparison.Ordinal))) + "&aggregate_by=minute";

        var (_, _, all) = await GetRawAsync(emulator, baseQuery);
        var (_, _, second) = await GetRawAsync(emulator, baseQuery + "&offset=40&limit=20");

        using (all)
        using (second)
        {
            Assert.Equal(100, all.RootElement.GetArrayLength());
            Assert.Equal(
                all.RootElement.EnumerateArray().Skip(40).Take(20).Select(r => r.GetProperty("period").GetString()),
                second.RootElement.EnumerateArray().Select(r => r.GetProperty("period").GetString()));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static AgentsWorkReportRequest AllAgents(SimulatedContactCenter center, TimeBucket? aggregation) => new()
    {
        Range = center.Range,
        AgentLogins = center.Agents.Select(a => a.Login).ToArray(),
        Aggregation = aggregation,
    };

    private static ThuliumOptions Options(ContactCenterEmulator emulator, int concurrency = 1)
    {
        var options = emulator.CreateThuliumOptions();
        options.MaxConcurrentPageRequests = concurrency;
        return options;
    }

    /// <summary>Counts the requests it passes on (retries included).</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public CountingHandler()
        {
        }

        public CountingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static ServiceProvider Provider(ContactCenterEmulator emulator)
    {
        var ready = emulator.CreateThuliumOptions();
        var services = new ServiceCollection();
        services.AddThuliumClient(o =>
        {
            o.Endpoint = ready.Endpoint;
            o.Username = ready.Username;
            o.Password = ready.Password;
            o.TimeZone = ready.TimeZone;
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static (string Login, string? Period) Key(AgentsWorkReportRow row) => (row.Agent.Login, row.PeriodText);

    private static PauseStatistics Pause(AgentsWorkReportRow row, PauseId id) => row.Pauses.Single(p => p.Id == id);

    private static Duration Sum(IEnumerable<Duration?> values) => values.Aggregate(Duration.Zero, (s, v) => s + (v ?? Duration.Zero));

    private static Duration Floor(Duration sum, long count) =>
        count == 0 ? Duration.Zero : Duration.FromSeconds((long)sum.TotalSeconds / count);

    private static IEnumerable<string> ValidQuery() =>
    [
        "agent_logins[]=agent001",
        "agent_logins[]=agent002",
        "date_from=" + Uri.EscapeDataString("2024-03-11 00:00:00"),
        "date_to=" + Uri.EscapeDataString("2024-03-14 00:00:00"),
        "aggregate_by=day",
        "limit=100",
        "offset=0",
    ];

    private static async Task<(HttpStatusCode Status, string? RequestId, JsonDocument Body)> GetRawAsync(
        ContactCenterEmulator emulator, string query, string? password = null)
    {
        using var http = new HttpClient { BaseAddress = emulator.ThuliumEndpoint };
        using var message = new HttpRequestMessage(HttpMethod.Get, "api/agents_work_report?" + query);
        var user = emulator.Credentials.ThuliumUsername;
        message.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password ?? emulator.Credentials.ThuliumPassword}")));
        using var response = await http.SendAsync(message, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.Single() : null;
        return (response.StatusCode, requestId, JsonDocument.Parse(text));
    }

    /// <summary>What the simulation says one agent did over some ranges (the pieces of one report period).</summary>
    private sealed record TruthFigures(
        long Offered,
        long Answered,
        Duration Talk,
        Duration Wait,
        Duration Staffed,
        long ReadyCount,
        Duration Ready,
        long PausedCount,
        Duration Paused,
        long[] ReasonCount,
        Duration[] ReasonTime,
        Instant? Login,
        Instant? Logout)
    {
        public bool HasActivity => Staffed > Duration.Zero || Offered > 0;
    }

    private static TruthFigures Truth(SimulatedContactCenter center, SimulatedAgent agent, IReadOnlyList<InstantRange> ranges)
    {
        var calls = ranges.SelectMany(r => center.GetCalls(agent, r)).ToList();
        var answered = calls.Where(c => c.Answered).ToList();
        var segments = ranges.SelectMany(r => center.GetSegments(agent, r)).Where(s => s.State != AgentState.Offline).ToList();
        var reasonCount = new long[5];
        var reasonTime = new Duration[5];
        foreach (var pause in segments.Where(s => s.State == AgentState.Paused))
        {
            reasonCount[pause.PauseReason!.Value]++;
            reasonTime[pause.PauseReason.Value] += pause.Duration;
        }

        return new TruthFigures(
            calls.Count,
            answered.Count,
            Sum(answered.Select(c => (Duration?)c.Talk)),
            Sum(answered.Select(c => (Duration?)c.Wait)),
            Sum(segments.Select(s => (Duration?)s.Duration)),
            segments.Count(s => s.State == AgentState.Ready),
            Sum(segments.Where(s => s.State == AgentState.Ready).Select(s => (Duration?)s.Duration)),
            segments.Count(s => s.State == AgentState.Paused),
            Sum(segments.Where(s => s.State == AgentState.Paused).Select(s => (Duration?)s.Duration)),
            reasonCount,
            reasonTime,
            segments.Count == 0 ? null : segments.Min(s => s.Start),
            segments.Count == 0 ? null : segments.Max(s => s.End));
    }

    /// <summary>
    /// The rows the report must hold, in its order: for each agent, each period (bucket of the range, or hour of
    /// the day) in which the agent was logged in or was offered a call, with the range pieces it covers.
    /// </summary>
    private static List<(SimulatedAgent Agent, long Key, List<InstantRange> Chunks)> ExpectedRows(
        SimulatedContactCenter center, IEnumerable<SimulatedAgent> agents, InstantRange range, TimeBucket bucket)
    {
        var calendar = new BucketCalendar(center.Zone);
        var result = new List<(SimulatedAgent, long, List<InstantRange>)>();
        foreach (var agent in agents)
        {
            var periods = calendar.Split(range, bucket)
                .GroupBy(chunk => bucket == TimeBucket.HourOfDay ? calendar.HourOfDay(chunk.Start) : chunk.Start.ToUnixTimeTicks())
                .OrderBy(g => g.Key);
            foreach (var period in periods)
            {
                var chunks = period.ToList();
                if (Truth(center, agent, chunks).HasActivity)
                {
                    result.Add((agent, period.Key, chunks));
                }
            }
        }

        return result;
    }

    private static void AssertRowEqualsTruth(TruthFigures truth, AgentsWorkReportRow row)
    {
        var inbound = row.Inbound!;
        Assert.Equal(truth.Offered, inbound.Count);
        Assert.Equal(truth.Answered, inbound.AnsweredCount);
        Assert.Equal(truth.Offered - truth.Answered, inbound.NotAnsweredCount);
        Assert.Equal(truth.Talk, inbound.Sum);
        Assert.Equal(Floor(truth.Talk, truth.Answered), inbound.Average);
        Assert.Equal(truth.Wait, inbound.WaitSum);
        Assert.Equal(Floor(truth.Wait, truth.Answered), inbound.WaitAverage);
        var expectedPerHour = truth.Staffed == Duration.Zero
            ? 0m
            : Math.Round(truth.Answered * 3600m / (long)truth.Staffed.TotalSeconds, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(expectedPerHour, inbound.CallsPerHour);

        var all = Pause(row, PauseId.All);
        Assert.Equal(truth.PausedCount, all.Count);
        Assert.Equal(truth.Paused, all.Sum);
        Assert.Equal(Floor(truth.Paused, truth.PausedCount), all.Average);
        var free = Pause(row, PauseId.Free);
        Assert.Equal(truth.ReadyCount, free.Count);
        Assert.Equal(truth.Ready, free.Sum);
        Assert.Equal(Floor(truth.Ready, truth.ReadyCount), free.Average);
        for (var reason = 1; reason <= 4; reason++)
        {
            var entry = Pause(row, PauseId.FromNumber(reason));
            Assert.Equal(truth.ReasonCount[reason], entry.Count);
            Assert.Equal(truth.ReasonTime[reason], entry.Sum);
            Assert.Equal(truth.ReasonCount[reason] == 0 ? null : Floor(truth.ReasonTime[reason], truth.ReasonCount[reason]), entry.Average);
        }

        Assert.Equal(truth.Login, row.LoginDate);
        Assert.Equal(truth.Logout, row.LogoutDate);
    }
}
