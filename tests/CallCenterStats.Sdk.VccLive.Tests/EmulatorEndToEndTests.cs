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

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>The real client against the contact-center emulator over HTTP; figures checked against the simulation.</summary>
public sealed class EmulatorEndToEndTests
{
    private static readonly UserBasedKpi Available = UserBasedKpi.UserstateAvailable, Call = UserBasedKpi.UserstateCall,
        Afterwork = UserBasedKpi.UserstateAfterwork, Pause = UserBasedKpi.UserstatePause, Dnd = UserBasedKpi.UserstateDnd,
        CallIn = UserBasedKpi.CallIn, CallMissed = UserBasedKpi.CallMissed;

    private static readonly UserBasedKpi[] AllKpis = [Available, Call, Afterwork, Pause, Dnd, CallIn, CallMissed];

    private static readonly (UserBasedKpi Kpi, AgentState State)[] StateKpis =
        [(Available, AgentState.Ready), (Call, AgentState.OnCall), (Afterwork, AgentState.AfterCallWork), (Pause, AgentState.Paused), (Dnd, AgentState.DoNotDisturb)];

    private static readonly Duration Quarter = Duration.FromMinutes(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int> AllDimensionCombinations => [.. Enumerable.Range(1, 15)];

    private static Task<ContactCenterEmulator> StartAsync() =>
        ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);

    private static UserBasedStatisticsRequest RequestFor(
        ContactCenterEmulator emulator,
        UserBasedStatisticsDimensions dimensions,
        UserBasedStatisticsFormat format = UserBasedStatisticsFormat.Json) =>
        new() { Range = emulator.Center.Dates, Dimensions = dimensions, Format = format };

    [Fact]
    public async Task All_four_dimensions_give_one_row_per_active_agent_slot_equal_to_the_simulation()
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());

        var rows = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.All), Ct).ToListAsync(Ct);

        var expected = Truth(emulator.Center, UserBasedStatisticsDimensions.All, emulator.Center.Agents).ToList();
        Assert.NotEmpty(expected);
        AssertRows(emulator.Center, expected, rows, UserBasedStatisticsDimensions.All);
        Assert.All(rows, r => Assert.Equal(3, r.Level));
        Assert.All(rows, r => Assert.Equal(AllKpis, r.Values.Keys));
        Assert.All(rows, r => Assert.Equal(0, r.Time!.Value.Minute % 15));

        // The slot start read in the center's zone is the instant the slot begins.
        var first = rows[0];
        Assert.Equal(emulator.Center.Zone.AtStrictly(first.Date!.Value + first.Time!.Value).ToInstant(), first.Period?.Start);
    }

    [Theory]
    [MemberData(nameof(AllDimensionCombinations))]
    public async Task Every_combination_of_dimensions_aggregates_over_the_others(int dimensionFlags)
    {
        await using var emulator = await StartAsync();
        var dimensions = (UserBasedStatisticsDimensions)dimensionFlags;
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());

        var rows = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, dimensions), Ct).ToListAsync(Ct);

        AssertRows(emulator.Center, Truth(emulator.Center, dimensions, emulator.Center.Agents).ToList(), rows, dimensions);
        var level = System.Numerics.BitOperations.PopCount((uint)dimensionFlags) - 1;
        Assert.All(rows, r => Assert.Equal(level, r.Level));
    }

    [Fact]
    public async Task Talk_time_of_an_agent_day_is_the_on_call_time_and_the_answered_talk()
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        var center = emulator.Center;

        var rows = await client.GetUserBasedStatisticsAsync(
            RequestFor(emulator, UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Date), Ct).ToListAsync(Ct);

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.Null(row.Time);
            Assert.Null(row.ProjectId);
            var agent = center.FindAgent(row.UserId!.Value)!;
            var totals = center.GetTotals(agent, DateRange.SingleDay(row.Date!.Value).ToInstantRange(center.Zone));
            Assert.Equal(totals.TalkTime, totals.TimeIn(AgentState.OnCall));
            Assert.Equal((decimal)totals.TalkTime.TotalSeconds, row.Values[Call].Sum);
            Assert.Equal((decimal)totals.TalkTime.TotalSeconds, row.Values[CallIn].Sum);
            Assert.Equal(totals.AnsweredCalls, row.Values[CallIn].Count);
            Assert.Equal(totals.UnansweredCalls, row.Values[CallMissed].Count);
            Assert.Null(row.Values[CallMissed].Sum);
        }

        // Every agent works on the weekdays simulated (Monday to Wednesday): one row per agent-day.
        Assert.Equal(center.Agents.Count * center.Dates.Length, rows.Count);
    }

    [Fact]
    public async Task Client_from_dependency_injection_reads_project_totals()
    {
        await using var emulator = await StartAsync();
        var ready = emulator.CreateVccLiveOptions();
        var services = new ServiceCollection();
        services.AddVccLiveClient(o =>
        {
            o.Endpoint = ready.Endpoint;
            o.Customer = ready.Customer;
            o.ApiToken = ready.ApiToken;
            o.TimeZone = ready.TimeZone;
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var client = provider.GetRequiredService<VccLiveClient>();
        var center = emulator.Center;

        var rows = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.Project), Ct).ToListAsync(Ct);

        Assert.Equal(center.Queues.Select(q => q.Id), rows.Select(r => r.ProjectId!.Value));
        foreach (var row in rows)
        {
            var totals = center.Agents.Where(a => a.Queue.Id == row.ProjectId).Select(a => center.GetTotals(a, center.Range)).ToList();
            Assert.Equal((decimal)totals.Sum(t => t.TimeIn(AgentState.Ready).TotalSeconds), row.Values[Available].Sum);
            Assert.Equal((decimal)totals.Sum(t => t.TalkTime.TotalSeconds), row.Values[CallIn].Sum);
            Assert.Equal(totals.Sum(t => t.AnsweredCalls), row.Values[CallIn].Count);
            Assert.Equal(0, row.Level);
            Assert.Null(row.UserId);
            Assert.Null(row.Date);
        }
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Tab, CsvFormatSpelling.Cvs)]
    [InlineData(UserBasedStatisticsFormat.Csv, CsvFormatSpelling.Cvs)]
    [InlineData(UserBasedStatisticsFormat.Csv, CsvFormatSpelling.Csv)]
    public async Task Tab_and_csv_give_the_same_rows_as_json(UserBasedStatisticsFormat format, CsvFormatSpelling spelling)
    {
        await using var emulator = await StartAsync();
        var options = emulator.CreateVccLiveOptions();
        options.CsvSpelling = spelling;
        using var client = VccLiveClient.Create(options);

        var json = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.All), Ct).ToListAsync(Ct);
        var text = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.All, format), Ct).ToListAsync(Ct);

        Assert.Equal(json.Count, text.Count);
        for (var i = 0; i < json.Count; i++)
        {
            Assert.Equal((json[i].Date, json[i].Time, json[i].Period, json[i].ProjectId, json[i].UserId), (text[i].Date, text[i].Time, text[i].Period, text[i].ProjectId, text[i].UserId));
            Assert.Equal(AllKpis, text[i].Values.Keys);
            foreach (var kpi in AllKpis)
            {
                var value = json[i].Values[kpi];

                // A cell holds the KPI's sum, or its count for count KPIs (callMissed: sum null in JSON), read as JSON gives it.
                if (kpi.IsCount)
                {
                    Assert.Equal(value.Count, text[i].Values[kpi].Count);
                    Assert.Null(text[i].Values[kpi].Sum);
                }
                else
                {
                    Assert.Equal(value.Sum, text[i].Values[kpi].Sum);
                    Assert.Null(text[i].Values[kpi].Count);
                }
            }
        }
    }

    [Theory]
    [InlineData("csv", ',')]
    [InlineData("cvs", ',')]
    [InlineData("tab", '\t')]
    public async Task Delimited_output_has_a_header_of_dimensions_then_kpis_and_crlf_lines(string of, char separator)
    {
        await using var emulator = await StartAsync();
        using var http = RawClient(emulator);

        var body = await http.GetStringAsync(
            new Uri($"v2/statistics/userbased?from={Basic(emulator.Center.Dates.Start)}&to={Basic(emulator.Center.Dates.End)}&dimensions=user,time,date,project&fields=callIn,userstateCall&of={of}", UriKind.Relative),
            Ct);

        var lines = body.Split("\r\n");
        Assert.Equal(string.Join(separator, "date", "time", "projectId", "userId", "callIn", "userstateCall"), lines[0]);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.All(lines[1..^1], l => Assert.Equal(6, l.Split(separator).Length));
    }

    [Fact]
    public async Task Projects_and_users_filter_the_agents()
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        var project = center.Queues[1];
        var users = new[] { center.Agents[0].Id, center.Agents[1].Id, center.Agents[3].Id };

        var rows = await client.GetUserBasedStatisticsAsync(
            RequestFor(emulator, UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Project) with { Projects = [project.Id], Users = users },
            Ct).ToListAsync(Ct);

        var expected = center.Agents.Where(a => a.Queue == project && users.Contains(a.Id)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(a => (long?)a.Id), rows.Select(r => r.UserId));
        Assert.All(rows, r => Assert.Equal(project.Id, r.ProjectId));
        AssertRows(center, Truth(center, UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Project, expected).ToList(), rows, UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Project);
    }

    [Fact]
    public async Task Hide_system_users_is_accepted_and_changes_nothing_without_system_users()
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        var request = RequestFor(emulator, UserBasedStatisticsDimensions.User);

        var shown = await client.GetUserBasedStatisticsAsync(request with { HideSystemUsers = false }, Ct).ToListAsync(Ct);
        var hidden = await client.GetUserBasedStatisticsAsync(request with { HideSystemUsers = true }, Ct).ToListAsync(Ct);

        Assert.Equal(shown.Select(r => (r.UserId, r.Values[Call].Sum)), hidden.Select(r => (r.UserId, r.Values[Call].Sum)));
    }

    [Fact]
    public async Task Fields_choose_the_kpis_in_the_order_asked()
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());

        var rows = await client.GetUserBasedStatisticsAsync(
            RequestFor(emulator, UserBasedStatisticsDimensions.User) with { Fields = [CallMissed, Pause] }, Ct).ToListAsync(Ct);

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(new[] { CallMissed, Pause }, r.Values.Keys));
        var agent = emulator.Center.FindAgent(rows[0].UserId!.Value)!;
        var totals = emulator.Center.GetTotals(agent, emulator.Center.Range);
        Assert.Equal((decimal)totals.TimeIn(AgentState.Paused).TotalSeconds, rows[0].Values[Pause].Sum);
        Assert.Equal(totals.UnansweredCalls, rows[0].Values[CallMissed].Count);
    }

    [Theory]
    [InlineData(1, new[] { "userstateAvailable", "userstateCall", "callIn" })]
    [InlineData(2, new[] { "userstateAvailable", "userstateCall", "userstateAfterwork", "userstatePause", "userstateDnd" })]
    [InlineData(3, new[] { "callIn", "callMissed" })]
    public async Task A_preset_gives_its_fixed_kpis(long preset, string[] kpis)
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());

        var rows = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.Date) with { Preset = preset }, Ct).ToListAsync(Ct);

        Assert.Equal(emulator.Center.Dates.Length, rows.Count);
        Assert.All(rows, r => Assert.Equal(kpis.Select(k => new UserBasedKpi(k)), r.Values.Keys));
    }

    [Fact]
    public async Task Unknown_preset_is_an_error_in_a_200_body()
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
            await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.User) with { Preset = 99 }, Ct).ToListAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("Unknown preset: 99", ex.VendorMessage);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json)]
    [InlineData(UserBasedStatisticsFormat.Csv)]
    public async Task Unknown_kpi_is_an_error_in_a_200_json_body_whatever_the_format(UserBasedStatisticsFormat format)
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
            await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.User, format) with { Fields = [CallIn, UserBasedKpi.TicketCreated] }, Ct).ToListAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("Unknown field: ticketCreated", ex.VendorMessage);
    }

    [Fact]
    public async Task Days_outside_the_simulation_have_no_rows()
    {
        await using var emulator = await StartAsync();
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        var before = emulator.Center.Dates.Start.PlusDays(-10);

        var rows = await client.GetUserBasedStatisticsAsync(
            new UserBasedStatisticsRequest { Range = new DateRange(before, before.PlusDays(5)), Dimensions = UserBasedStatisticsDimensions.All },
            Ct).ToListAsync(Ct);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task Wrong_token_is_an_authentication_error()
    {
        await using var emulator = await StartAsync();
        var options = emulator.CreateVccLiveOptions();
        options.ApiToken = "wrong-token-123";

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(options, RequestFor(emulator, UserBasedStatisticsDimensions.User)));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("invalid customer name or API token", ex.VendorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-123", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_customer_is_an_authentication_error()
    {
        await using var emulator = await StartAsync();
        var options = emulator.CreateVccLiveOptions();
        options.Customer = "othercc";

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(options, RequestFor(emulator, UserBasedStatisticsDimensions.User)));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
    }

    [Fact]
    public async Task Missing_credentials_get_401_with_the_envelope()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.VccLiveEndpoint };

        using var response = await http.GetAsync(new Uri("v2/statistics/userbased?from=20240311&to=20240311&dimensions=user", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, body.RootElement.GetProperty("response").GetArrayLength());
        Assert.Equal(JsonValueKind.String, body.RootElement.GetProperty("errors")[0].ValueKind);
    }

    [Theory]
    [InlineData("to=20240313&dimensions=user", "Missing required parameter: from")]
    [InlineData("from=20240311&dimensions=user", "Missing required parameter: to")]
    [InlineData("from=202000106&to=20240313&dimensions=user", "Invalid date in 'from': 202000106 (expected yyyymmdd)")]
    [InlineData("from=20240311&to=2024-03-13&dimensions=user", "Invalid date in 'to': 2024-03-13 (expected yyyymmdd)")]
    [InlineData("from=20240313&to=20240311&dimensions=user", "Invalid period: 'to' must not be earlier than 'from'.")]
    [InlineData("from=20240311&to=20240313", "Missing required parameter: dimensions")]
    [InlineData("from=20240311&to=20240313&dimensions=project,team", "Invalid dimension: team")]
    [InlineData("from=20240311&to=20240313&dimensions=user&projects=100,abc", "Invalid project id in 'projects': abc")]
    [InlineData("from=20240311&to=20240313&dimensions=user&users=-5", "Invalid user id in 'users': -5")]
    [InlineData("from=20240311&to=20240313&dimensions=user&hide_system_users=maybe", "Invalid value of hide_system_users: maybe (expected true or false)")]
    [InlineData("from=20240311&to=20240313&dimensions=user&fields=callIn,emailByAgentSent", "Unknown field: emailByAgentSent")]
    [InlineData("from=20240311&to=20240313&dimensions=user&preset=first", "Invalid preset: first")]
    [InlineData("from=20240311&to=20240313&dimensions=user&of=xml", "Invalid output format: xml (expected tab, cvs or json)")]
    public async Task Bad_parameters_are_answered_with_200_and_the_error_envelope(string query, string message)
    {
        await using var emulator = await StartAsync();
        using var http = RawClient(emulator);

        using var response = await http.GetAsync(new Uri("v2/statistics/userbased?" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, body.RootElement.GetProperty("response").GetArrayLength());
        Assert.Equal(new[] { message }, body.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Spaces_and_case_in_lists_are_tolerated_and_preset_is_ignored_when_fields_are_given()
    {
        await using var emulator = await StartAsync();
        using var http = RawClient(emulator);

        var body = await http.GetStringAsync(
            new Uri("v2/statistics/userbased?from=20240311&to=20240313&dimensions=Project,%20user&fields=callIn&preset=99", UriKind.Relative), Ct);

        using var json = JsonDocument.Parse(body);
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
        var rows = json.RootElement.GetProperty("response").EnumerateArray().ToList();
        Assert.Equal(emulator.Center.Agents.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal("callIn", r.GetProperty("data").EnumerateArray().Single().GetProperty("field").GetString()));
        Assert.All(rows, r => Assert.False(r.TryGetProperty("date", out _)));
    }

    [Fact]
    public async Task Vendor_transient_error_comes_in_a_200_envelope_and_is_transient()
    {
        await using var emulator = await StartAsync();
        emulator.Faults = new FaultOptions { VendorTransientErrorRate = 1 };
        var options = emulator.CreateVccLiveOptions();
        options.Retry.MaxRetries = 0;

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(options, RequestFor(emulator, UserBasedStatisticsDimensions.User)));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("Service temporarily unavailable", ex.VendorMessage);
        Assert.True(ex.IsTransient);

        emulator.Faults = new FaultOptions();
        var rows = await GetAsync(options, RequestFor(emulator, UserBasedStatisticsDimensions.User));
        Assert.Equal(emulator.Center.Agents.Count, rows.Count);
    }

    [Fact]
    public async Task On_the_day_clocks_go_forward_periods_and_figures_match_the_simulation()
    {
        // Warsaw moves from 02:00 CET to 03:00 CEST on Sunday 2024-03-31; some agents work that Sunday.
        var sunday = new LocalDate(2024, 3, 31);
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 20, Days = 2, FirstDay = sunday.PlusDays(-1) }, Ct);
        var center = emulator.Center;
        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        const UserBasedStatisticsDimensions Days = UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Date;

        var days = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, Days), Ct).ToListAsync(Ct);
        var slots = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, UserBasedStatisticsDimensions.All), Ct).ToListAsync(Ct);

        Assert.Equal("Europe/Warsaw", center.Zone.Id);
        var sundayRows = days.Where(r => r.Date == sunday).ToList();
        Assert.NotEmpty(sundayRows);
        Assert.All(sundayRows, r => Assert.Equal(Duration.FromHours(23), r.Period!.Duration));
        AssertRows(center, Truth(center, Days, center.Agents).ToList(), days, Days);
        AssertRows(center, Truth(center, UserBasedStatisticsDimensions.All, center.Agents).ToList(), slots, UserBasedStatisticsDimensions.All);
        Assert.Contains(slots, r => r.Date == sunday);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Under_mixed_faults_a_multi_day_pull_equals_the_simulation_and_the_faults_were_retried(bool dependencyInjection, bool retryAfterAsDate)
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        emulator.Faults = new FaultOptions
        {
            ServerErrorRate = 0.06,
            RateLimitRate = 0.06,
            RetryAfterAsHttpDate = retryAfterAsDate,
            VendorTransientErrorRate = 0.06,
            TruncateRate = 0.06,
            DropConnectionRate = 0.06,
        };
        var answers = new FaultRecorder();
        var waits = new InstantRetryWaits();
        var ready = emulator.CreateVccLiveOptions();
        ServiceProvider? provider = null;
        VccLiveClient client;
        if (dependencyInjection)
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(waits);
            services.AddVccLiveClient(o =>
            {
                o.Endpoint = ready.Endpoint;
                o.Customer = ready.Customer;
                o.ApiToken = ready.ApiToken;
                o.TimeZone = ready.TimeZone;
            }).AddHttpMessageHandler(() => answers);
            provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            client = provider.GetRequiredService<VccLiveClient>();
        }
        else
        {
            answers.InnerHandler = new SocketsHttpHandler();
            client = VccLiveClient.Create(ready, new VendorClientServices { PrimaryHandler = answers, TimeProvider = waits });
        }

        try
        {
            // Every combination of dimensions over the whole range, then each day alone: enough calls to meet every kind of fault.
            var calls = 0;
            foreach (var flags in AllDimensionCombinations)
            {
                var dimensions = (UserBasedStatisticsDimensions)flags.Data;
                var rows = await client.GetUserBasedStatisticsAsync(RequestFor(emulator, dimensions), Ct).ToListAsync(Ct);
                calls++;
                AssertRows(center, Truth(center, dimensions, center.Agents).ToList(), rows, dimensions);
            }

            for (var day = center.Dates.Start; day <= center.Dates.End; day = day.PlusDays(1))
            {
                var rows = await client.GetUserBasedStatisticsAsync(new() { Range = DateRange.SingleDay(day), Dimensions = UserBasedStatisticsDimensions.All }, Ct).ToListAsync(Ct);
                calls++;
                Assert.NotEmpty(rows);
                Assert.All(rows, r => Assert.Equal(day, r.Date));
            }

            // Every call ended with exactly one clean answer; every other request met a fault and was retried.
            var faults = answers.Answers.Where(a => a != "none").ToList();
            Assert.Equal(calls, answers.Answers.Count(a => a == "none"));
            Assert.Superset(
                new HashSet<string> { "server-error-500", "server-error-503", "rate-limited", "vendor-transient", "truncated-body", "dropped-connection" },
                faults.ToHashSet());
            Assert.Equal(answers.Answers.Count - calls, faults.Count);
            if (!retryAfterAsDate)
            {
                // Each retry waited (a Retry-After date may already have passed when it is read, so no count then).
                Assert.Equal(faults.Count, waits.Waits.Count);
            }
        }
        finally
        {
            if (provider is null)
            {
                client.Dispose();
            }
            else
            {
                await provider.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_month_of_15_minute_rows_for_200_agents_streams_completely()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 200, Days = 31 }, Ct);
        var center = emulator.Center;
        var request = RequestFor(emulator, UserBasedStatisticsDimensions.All) with { Fields = [Call, CallIn] };

        // The answer is sent in chunks as it is produced, with no Content-Length (it is never held whole).
        using (var http = RawClient(emulator))
        using (var head = await http.GetAsync(
            new Uri($"v2/statistics/userbased?from={Basic(center.Dates.Start)}&to={Basic(center.Dates.End)}&dimensions=project,user,date,time", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead,
            Ct))
        {
            Assert.Null(head.Content.Headers.ContentLength);
            Assert.True(head.Headers.TransferEncodingChunked);
        }

        using var client = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        long count = 0;
        decimal talk = 0;
        await foreach (var row in client.GetUserBasedStatisticsAsync(request, Ct))
        {
            count++;
            talk += row.Values[CallIn].Sum!.Value;
        }

        Assert.Equal(ActiveSlotCount(center), count);
        Assert.Equal((decimal)center.Agents.Sum(a => center.GetTotals(a, center.Range).TalkTime.TotalSeconds), talk);
    }

    private static async Task<List<UserBasedStatisticsRow>> GetAsync(VccLiveOptions options, UserBasedStatisticsRequest request)
    {
        using var client = VccLiveClient.Create(options);
        return await client.GetUserBasedStatisticsAsync(request, Ct).ToListAsync(Ct);
    }

    /// <summary>Records, for every request, the fault the emulator says it injected (or that the connection was dropped).</summary>
    private sealed class FaultRecorder : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _answers = new();

        public IReadOnlyList<string> Answers => [.. _answers];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException)
            {
                _answers.Enqueue("dropped-connection");
                throw;
            }

            _answers.Enqueue(response.Headers.TryGetValues("X-Emulator-Fault", out var values) ? values.Single() : "(no header)");
            return response;
        }
    }

    private static HttpClient RawClient(ContactCenterEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.VccLiveEndpoint };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{emulator.Credentials.VccLiveCustomer}:{emulator.Credentials.VccLiveApiToken}"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return http;
    }

    private static string Basic(LocalDate date) => WireFormat.BasicDate(date);

    /// <summary>
    /// The number of (agent, local day, 15-minute slot) triples with a logged-in state or a call offered, counted from
    /// each day's local times (independently of the instant-based slot cutting of the emulator).
    /// </summary>
    private static long ActiveSlotCount(SimulatedContactCenter center)
    {
        long count = 0;
        var slots = new HashSet<int>();
        foreach (var agent in center.Agents)
        {
            for (var date = center.Dates.Start; date <= center.Dates.End; date = date.PlusDays(1))
            {
                slots.Clear();
                var day = center.GetDay(agent, date);
                foreach (var segment in day.Segments.Where(s => s.State != AgentState.Offline))
                {
                    var first = MinuteOfDay(segment.Start, center.Zone) / 15;
                    var last = MinuteOfDay(segment.End - Duration.Epsilon, center.Zone) / 15;
                    for (var slot = first; slot <= last; slot++)
                    {
                        slots.Add(slot);
                    }
                }

                foreach (var call in day.Calls)
                {
                    slots.Add(MinuteOfDay(call.Offered, center.Zone) / 15);
                }

                count += slots.Count;
            }
        }

        return count;
    }

    private static int MinuteOfDay(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).TimeOfDay;
        return (local.Hour * 60) + local.Minute;
    }

    /// <summary>
    /// The rows the simulation says VCC Live must give for <paramref name="dimensions"/>, in the order project, user,
    /// date, time, computed with <see cref="SimulatedContactCenter.GetTotals"/> and
    /// <see cref="SimulatedContactCenter.GetSegments"/> over each row's instants.
    /// </summary>
    private static IEnumerable<ExpectedRow> Truth(SimulatedContactCenter center, UserBasedStatisticsDimensions dimensions, IReadOnlyList<SimulatedAgent> agents)
    {
        var dates = new List<LocalDate>();
        for (var d = center.Dates.Start; d <= center.Dates.End; d = d.PlusDays(1))
        {
            dates.Add(d);
        }

        var projects = dimensions.HasFlag(UserBasedStatisticsDimensions.Project)
            ? center.Queues.Select(q => ((long?)q.Id, agents.Where(a => a.Queue == q).ToList()))
            : [(null, agents.ToList())];
        foreach (var (projectId, projectAgents) in projects)
        {
            var users = dimensions.HasFlag(UserBasedStatisticsDimensions.User)
                ? projectAgents.Select(a => ((long?)a.Id, new List<SimulatedAgent> { a }))
                : [(null, projectAgents)];
            foreach (var (userId, userAgents) in users)
            {
                var days = dimensions.HasFlag(UserBasedStatisticsDimensions.Date)
                    ? dates.Select(d => ((LocalDate?)d, new List<LocalDate> { d }))
                    : [(null, dates)];
                foreach (var (date, groupDates) in days)
                {
                    var times = dimensions.HasFlag(UserBasedStatisticsDimensions.Time)
                        ? Enumerable.Range(0, 96).Select(i => (LocalTime?)new LocalTime(i / 4, i % 4 * 15))
                        : [null];
                    foreach (var time in times)
                    {
                        // A slot whose local time is skipped by a daylight-saving change has no row.
                        if (time is { } slot && groupDates.All(d => center.Zone.MapLocal(d + slot).Count == 0))
                        {
                            continue;
                        }

                        var ranges = groupDates.Where(d => time is not { } t || center.Zone.MapLocal(d + t).Count > 0).Select(d => time is { } t
                            ? new InstantRange(center.Zone.AtStrictly(d + t).ToInstant(), center.Zone.AtStrictly(d + t).ToInstant() + Quarter)
                            : DateRange.SingleDay(d).ToInstantRange(center.Zone)).ToList();
                        if (Kpis(center, userAgents, ranges) is { } values)
                        {
                            yield return new ExpectedRow(projectId, userId, date, time, values);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The KPI values over these agents and ranges, or null when nothing happened in them.</summary>
    private static Dictionary<UserBasedKpi, (long Count, decimal? Sum)>? Kpis(SimulatedContactCenter center, IEnumerable<SimulatedAgent> agents, IReadOnlyList<InstantRange> ranges)
    {
        var values = AllKpis.ToDictionary(k => k, _ => (Count: 0L, Sum: (decimal?)0m));
        values[CallMissed] = (0, null);
        var active = false;
        foreach (var agent in agents)
        {
            foreach (var range in ranges)
            {
                var segments = center.GetSegments(agent, range).Where(s => s.State != AgentState.Offline).ToList();
                var totals = center.GetTotals(agent, range);
                active |= segments.Count > 0 || totals.AnsweredCalls + totals.UnansweredCalls > 0;
                foreach (var (kpi, state) in StateKpis)
                {
                    var (count, sum) = values[kpi];
                    values[kpi] = (count + segments.Count(s => s.State == state), sum + (decimal)totals.TimeIn(state).TotalSeconds);
                }

                var callIn = values[CallIn];
                values[CallIn] = (callIn.Count + totals.AnsweredCalls, callIn.Sum + (decimal)totals.TalkTime.TotalSeconds);
                values[CallMissed] = (values[CallMissed].Count + totals.UnansweredCalls, null);
            }
        }

        return active ? values : null;
    }

    private static void AssertRows(
        SimulatedContactCenter center,
        List<ExpectedRow> expected,
        List<UserBasedStatisticsRow> rows,
        UserBasedStatisticsDimensions dimensions)
    {
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var want = expected[i];
            Assert.Equal((want.ProjectId, want.UserId, want.Date, want.Time), (row.ProjectId, row.UserId, row.Date, row.Time));
            Assert.Equal(ExpectedPeriod(center, want.Date, want.Time), row.Period);
            Assert.Equal(AllKpis, row.Values.Keys);
            foreach (var kpi in AllKpis)
            {
                Assert.Equal(want.Values[kpi], (row.Values[kpi].Count ?? -1, row.Values[kpi].Sum));
            }
        }

        Assert.All(rows, r => Assert.Equal(dimensions.HasFlag(UserBasedStatisticsDimensions.Project), r.ProjectId is not null));
        Assert.All(rows, r => Assert.Equal(dimensions.HasFlag(UserBasedStatisticsDimensions.User), r.UserId is not null));
    }

    /// <summary>The period of a row with this date and time, from the simulation's zone and local times (15-minute slots).</summary>
    private static StatisticsPeriod? ExpectedPeriod(SimulatedContactCenter center, LocalDate? date, LocalTime? time) => (date, time) switch
    {
        ({ } d, { } t) => new StatisticsPeriod(center.Zone.AtStrictly(d + t).ToInstant(), center.Zone.AtStrictly(d + t).ToInstant() + Quarter, TimeBucket.QuarterHour, center.Zone),
        ({ } d, null) => new StatisticsPeriod(center.Zone.AtStartOfDay(d).ToInstant(), center.Zone.AtStartOfDay(d.PlusDays(1)).ToInstant(), TimeBucket.Day, center.Zone),
        _ => null,
    };

    private sealed record ExpectedRow(long? ProjectId, long? UserId, LocalDate? Date, LocalTime? Time, Dictionary<UserBasedKpi, (long Count, decimal? Sum)> Values);
}
