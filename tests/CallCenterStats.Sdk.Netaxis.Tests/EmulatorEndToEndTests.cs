using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>The real <see cref="NetaxisClient"/> against the emulator over HTTP, every figure checked against the simulation.</summary>
public sealed class EmulatorEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ContactCenterEmulator> StartAsync(IClock? clock = null) =>
        ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3, Clock = clock ?? SystemClock.Instance }, Ct);

    // ---- statistics -----------------------------------------------------------------------------------

    [Fact]
    public async Task Statistics_of_every_call_center_over_the_whole_simulation_equal_the_truth()
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        using var client = NetaxisClient.Create(Options(emulator));

        Assert.Equal(2, center.Queues.Count);
        foreach (var queue in center.Queues)
        {
            var statistics = await client.GetStatisticsAsync(new() { CallCenter = Id(emulator, queue), Range = center.Range }, Ct);

            AssertEqualsTruth(center, queue, center.Range, SystemClock.Instance.GetCurrentInstant(), statistics);
            Assert.All(statistics.Agents, a => Assert.False(a.Available)); // "now" is long after the simulated days
        }
    }

    [Fact]
    public async Task Statistics_over_a_partial_range_clip_the_state_time_and_tell_who_is_ready_now()
    {
        var clock = new FakeClock(Instant.FromUtc(2024, 3, 20, 0, 0));
        await using var emulator = await StartAsync(clock);
        var center = emulator.Center;

        // "Now" is ten seconds into the first Ready stretch after noon on Tuesday of an agent of the first queue.
        var ready = center.Agents.Where(a => a.Queue == center.Queues[0])
            .SelectMany(a => center.GetDay(a, center.Dates.Start.PlusDays(1)).Segments)
            .First(s => s.State == AgentState.Ready && s.Start.InZone(center.Zone).Hour >= 12 && s.Duration > Duration.FromSeconds(10));
        var now = ready.Start + Duration.FromSeconds(10);
        clock.Reset(now);
        using var client = NetaxisClient.Create(Options(emulator));
        var range = new InstantRange(center.Zone.AtStrictly(center.Dates.Start.At(new LocalTime(10, 17, 23))).ToInstant(), now);

        var statistics = await Task.WhenAll(center.Queues.Select(q => client.GetStatisticsAsync(new() { CallCenter = Id(emulator, q), Range = range }, Ct)));

        foreach (var (queue, answer) in center.Queues.Zip(statistics))
        {
            AssertEqualsTruth(center, queue, range, now, answer);
        }

        Assert.True(statistics[0].Agents.Single(a => a.AgentUserId == ready.Agent.Email).Available);
    }

    [Theory]
    [InlineData("/api/v01/p1")]
    [InlineData("api/v01/p42/")]
    public async Task The_proxied_prefix_gives_the_same_answers_as_the_gateway_prefix(string prefix)
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        await using var gateway = Harness.Create(emulator);
        await using var proxied = Harness.Create(emulator, o => o.PathPrefix = prefix);

        foreach (var queue in center.Queues)
        {
            var expected = await gateway.Client.GetStatisticsAsync(new() { CallCenter = Id(emulator, queue), Range = center.Range }, Ct);
            var actual = await proxied.Client.GetStatisticsAsync(new() { CallCenter = Id(emulator, queue), Range = center.Range }, Ct);

            Assert.Equal(Figures(expected.Queue!), Figures(actual.Queue!));
            Assert.Equal(expected.Agents.Select(Figures), actual.Agents.Select(Figures));
            Assert.Equal(expected.Range!.Start, actual.Range!.Start);
            AssertEqualsTruth(center, queue, center.Range, SystemClock.Instance.GetCurrentInstant(), actual);
        }

        // Both prefixes are the same call centers: a change through one is seen through the other.
        await proxied.Client.SetStatisticsReportingAsync(Id(emulator, center.Queues[1]), new StatisticsReportingUpdate { GenerateDailyReport = true }, Ct);
        Assert.True((await gateway.Client.GetStatisticsReportingAsync(Id(emulator, center.Queues[1]), Ct)).GenerateDailyReport);

        var expectedPrefix = "/netaxis/api/v01/" + prefix.Trim('/').Split('/')[^1] + "/tenants/";
        Assert.All(proxied.TakeLog().Where(e => e.Operation != "login"), e => Assert.StartsWith(expectedPrefix, e.Path, StringComparison.Ordinal));
        Assert.All(gateway.TakeLog().Where(e => e.Operation != "login"), e => Assert.StartsWith("/netaxis/api/v1/tenants/", e.Path, StringComparison.Ordinal));

        // A proxy segment that is not "p" and a number is no route of APIO.
        await using var wrong = Harness.Create(emulator, o => o.PathPrefix = "/api/v01/q1");
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => wrong.Client.GetStatisticsReportingAsync(Id(emulator, center.Queues[0]), Ct));
        Assert.Equal((VendorErrorKind.NotFound, HttpStatusCode.NotFound, "Not Found"), (ex.Kind, ex.StatusCode, ex.VendorMessage));
    }

    // ---- reporting settings ---------------------------------------------------------------------------

    [Fact]
    public async Task Reporting_settings_start_at_the_defaults_and_each_field_follows_unchanged_clear_and_set()
    {
        await using var emulator = await StartAsync();
        using var client = NetaxisClient.Create(Options(emulator));
        var first = Id(emulator, emulator.Center.Queues[0]);
        var second = Id(emulator, emulator.Center.Queues[1]);

        var defaults = await client.GetStatisticsReportingAsync(first, Ct);
        AssertReporting(defaults, daily: false, minutes: 30, email1: null, email2: null);
        Assert.Equal("DEFAULT", defaults.StatisticsSource);

        const string Reports = "reports@cc.emulator.test", Lead = "team.lead@cc.emulator.test", Night = "night-shift@cc.emulator.test";
        async Task PutThenGet(StatisticsReportingUpdate update, bool daily, long minutes, string? email1, string? email2)
        {
            AssertReporting(await client.SetStatisticsReportingAsync(first, update, Ct), daily, minutes, email1, email2);
            AssertReporting(await client.GetStatisticsReportingAsync(first, Ct), daily, minutes, email1, email2);
        }

        await PutThenGet(
            new() { GenerateDailyReport = true, CollectionPeriod = Duration.FromMinutes(15), ReportingEmailAddress1 = EmailAddressUpdate.Set(Reports), ReportingEmailAddress2 = EmailAddressUpdate.Set(Lead) },
            daily: true, minutes: 15, Reports, Lead);
        await PutThenGet(new(), daily: true, minutes: 15, Reports, Lead); // every field unchanged
        await PutThenGet(new() { ReportingEmailAddress1 = EmailAddressUpdate.Clear }, daily: true, minutes: 15, null, Lead);
        await PutThenGet(
            new() { GenerateDailyReport = false, CollectionPeriod = Duration.FromMinutes(60), ReportingEmailAddress2 = EmailAddressUpdate.Set(Night) },
            daily: false, minutes: 60, null, Night);
        await PutThenGet(new() { ReportingEmailAddress1 = EmailAddressUpdate.Set(Lead), ReportingEmailAddress2 = EmailAddressUpdate.Clear }, daily: false, minutes: 60, Lead, null);
        Assert.Equal("DEFAULT", (await client.GetStatisticsReportingAsync(first, Ct)).StatisticsSource);

        // Settings belong to one call center.
        AssertReporting(await client.GetStatisticsReportingAsync(second, Ct), daily: false, minutes: 30, email1: null, email2: null);
    }

    [Fact]
    public async Task An_address_the_server_refuses_is_an_invalid_request_read_from_the_gateway_error_shape()
    {
        await using var emulator = await StartAsync();
        using var client = NetaxisClient.Create(Options(emulator));
        var id = Id(emulator, emulator.Center.Queues[0]);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.SetStatisticsReportingAsync(
            id, new StatisticsReportingUpdate { GenerateDailyReport = true, ReportingEmailAddress1 = EmailAddressUpdate.Set("not-an-address") }, Ct));

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        var error = Assert.Single(ex.Errors);
        Assert.Contains("'not-an-address' is not a valid e-mail address", error.Message, StringComparison.Ordinal);
        Assert.Contains("INVALID_PARAMETERS", error.Details, StringComparison.Ordinal);
        Assert.Equal("2", ex.VendorCode);
        Assert.False(ex.IsTransient);

        // A refused update changes nothing.
        Assert.False((await client.GetStatisticsReportingAsync(id, Ct)).GenerateDailyReport);
    }

    // ---- authentication -------------------------------------------------------------------------------

    [Fact]
    public async Task Login_then_refresh_when_the_token_ages_then_login_again_after_ExpireTokens_all_transparently()
    {
        var clock = new FakeClock(Instant.FromUtc(2024, 3, 20, 12, 0));
        await using var emulator = await StartAsync(clock);
        var center = emulator.Center;
        await using var harness = Harness.Create(emulator, clock: clock);
        var id = Id(emulator, center.Queues[0]);
        var answered = center.Agents.Where(a => a.Queue == center.Queues[0]).Sum(a => Truth(center, a, center.Range).Answered);

        Assert.Equal<long?>(answered, (await harness.Client.GetStatisticsAsync(new() { CallCenter = id, Range = center.Range }, Ct)).Queue!.CallsAnswered);
        Assert.Equal(["POST login 200", "GET statistics 200"], harness.TakeLog().Select(e => e.ToString()));

        // Past the access token's 15 minutes (both clocks): the refresh token gets a new one, no new login.
        clock.Advance(Duration.FromMinutes(20));
        await harness.Client.GetStatisticsReportingAsync(id, Ct);
        Assert.Equal(["GET refresh 200", "GET reporting 200"], harness.TakeLog().Select(e => e.ToString()));

        // Every issued token void at the same instant: the rejected call is retried after a new login.
        emulator.ExpireTokens();
        Assert.Equal<long?>(answered, (await harness.Client.GetStatisticsAsync(new() { CallCenter = id, Range = center.Range }, Ct)).Queue!.CallsAnswered);
        Assert.Equal(["GET statistics 401", "GET refresh 401", "POST login 200", "GET statistics 200"], harness.TakeLog().Select(e => e.ToString()));

        await harness.Client.GetStatisticsReportingAsync(id, Ct);
        Assert.Equal(["GET reporting 200"], harness.TakeLog().Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_machine_token_is_used_as_is_and_survives_ExpireTokens()
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        await using var harness = Harness.Create(emulator, o => (o.Username, o.Password, o.Token) = (null, null, emulator.Credentials.NetaxisToken));
        var id = Id(emulator, center.Queues[1]);

        var before = await harness.Client.GetStatisticsAsync(new() { CallCenter = id, Range = center.Range }, Ct);
        emulator.ExpireTokens();
        var after = await harness.Client.GetStatisticsAsync(new() { CallCenter = id, Range = center.Range }, Ct);

        Assert.Equal(Figures(before.Queue!), Figures(after.Queue!));
        AssertEqualsTruth(center, center.Queues[1], center.Range, SystemClock.Instance.GetCurrentInstant(), after);
        Assert.Equal(["GET statistics 200", "GET statistics 200"], harness.TakeLog().Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("2fa-user", "any-password", HttpStatusCode.OK, NetaxisErrorPolicy.TwoFactorRequiredCode, "two-factor authentication (2FA), which cannot be completed unattended")]
    [InlineData(null, "wrong-password", HttpStatusCode.Unauthorized, null, "Invalid credentials")]
    public async Task A_two_factor_user_or_a_wrong_password_is_a_clear_authentication_error(string? username, string password, HttpStatusCode status, string? code, string message)
    {
        await using var emulator = await StartAsync();
        var options = Options(emulator);
        (options.Username, options.Password) = (username ?? options.Username, password);

        using var client = NetaxisClient.Create(options);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetStatisticsAsync(new() { CallCenter = Id(emulator, emulator.Center.Queues[0]), Range = emulator.Center.Range }, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(code, ex.VendorCode);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(password, ex.ToString(), StringComparison.Ordinal);
    }

    // ---- errors ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("tenant", "Tenant 'nope' not found.")]
    [InlineData("group", "Group 'nope' not found in tenant 'emulator'.")]
    [InlineData("name", "Call center 'nope@cc.emulator.test' not found in group 'contact-center' of tenant 'emulator'.")]
    public async Task An_unknown_tenant_group_or_call_center_is_not_found_with_the_vendor_message(string wrong, string message)
    {
        await using var emulator = await StartAsync();
        using var client = NetaxisClient.Create(Options(emulator));
        var real = Id(emulator, emulator.Center.Queues[0]);
        var id = new CallCenterId(
            wrong == "tenant" ? "nope" : real.Tenant,
            wrong == "group" ? "nope" : real.Group,
            wrong == "name" ? "nope@cc.emulator.test" : real.CallCenterName);

        foreach (var call in new Func<Task>[]
                 {
                     () => client.GetStatisticsAsync(new() { CallCenter = id, Range = emulator.Center.Range }, Ct),
                     () => client.GetStatisticsReportingAsync(id, Ct),
                     () => client.SetStatisticsReportingAsync(id, new StatisticsReportingUpdate { GenerateDailyReport = true }, Ct),
                 })
        {
            var ex = await Assert.ThrowsAsync<VendorApiException>(call);

            Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
            Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
            Assert.Equal(message, ex.VendorMessage);
            Assert.Equal("Not found", ex.Errors.Single().Details);
            Assert.False(ex.IsTransient);
        }
    }

    [Theory]
    [InlineData("GET", "statistics", """{"statisticsRange": {"start": "2024-03-12T00:00:00+01:00", "end": "2024-03-11T00:00:00+01:00"}}""", "End date can not be earlier than start date.")]
    [InlineData("GET", "statistics", """{"statisticsRange": {"start": "2024-03-11 00:00:00", "end": "2024-03-12T00:00:00+01:00"}}""", "The format of start date or end date is invalid.")]
    [InlineData("GET", "statistics", """{"statisticsRange": {"start": "2024-03-11T00:00:00+01:00", "end": "2999-01-01T00:00:00+01:00"}}""", "Start date or end date in the future")]
    [InlineData("GET", "statistics", null, "The format of start date or end date is invalid.")]
    [InlineData("PUT", "instance_statistics_reporting", """{"collectionPeriodMinutes": 0}""", "collectionPeriodMinutes must be a positive integer.")]
    [InlineData("PUT", "instance_statistics_reporting", """{"reportingEmailAddress1": null}""", "reportingEmailAddress1 must be a string (an empty string deletes the address).")]
    public async Task Bad_parameters_are_answered_400_in_the_gateway_shape_with_INVALID_PARAMETERS(string method, string operation, string? body, string message)
    {
        await using var emulator = await StartAsync();
        var path = $"api/v1/tenants/{emulator.Credentials.NetaxisTenant}/groups/{emulator.Credentials.NetaxisGroup}/services/call_centers/"
            + Uri.EscapeDataString(emulator.Center.Queues[0].CallCenterName) + "/" + operation + "/";

        var (status, json) = await SendRawAsync(emulator, new HttpMethod(method), path, body);

        using (json)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Equal(message, error.GetProperty("message").GetString());
            Assert.Equal("2: INVALID_PARAMETERS", error.GetProperty("details").GetString());
        }
    }

    [Fact]
    public async Task The_client_rejects_a_range_in_the_future_and_a_bad_period_without_any_request()
    {
        await using var emulator = await StartAsync();
        await using var harness = Harness.Create(emulator);
        var id = Id(emulator, emulator.Center.Queues[0]);
        var now = SystemClock.Instance.GetCurrentInstant();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetStatisticsAsync(new() { CallCenter = id, Range = new InstantRange(now - Duration.FromHours(1), now + Duration.FromHours(1)) }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.SetStatisticsReportingAsync(id, new StatisticsReportingUpdate { CollectionPeriod = Duration.Zero }, Ct));

        Assert.Empty(harness.TakeLog());
    }

    [Theory]
    [InlineData(nameof(FaultOptions.VendorTransientErrorRate), false)]
    [InlineData(nameof(FaultOptions.VendorTransientErrorRate), true)]
    [InlineData(nameof(FaultOptions.ServerErrorRate), false)]
    [InlineData(nameof(FaultOptions.ServerErrorRate), true)]
    public async Task Injected_faults_are_transient_and_the_same_client_works_once_they_stop(string fault, bool machineToken)
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        var options = Options(emulator);
        if (machineToken)
        {
            (options.Username, options.Password, options.Token) = (null, null, emulator.Credentials.NetaxisToken);
        }

        using var client = NetaxisClient.Create(options);
        var id = Id(emulator, center.Queues[0]);
        emulator.Faults = fault == nameof(FaultOptions.ServerErrorRate) ? new FaultOptions { ServerErrorRate = 1 } : new FaultOptions { VendorTransientErrorRate = 1 };

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetStatisticsAsync(new() { CallCenter = id, Range = center.Range }, Ct));

        Assert.True(ex.IsTransient);
        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        if (fault == nameof(FaultOptions.VendorTransientErrorRate))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal("Service temporarily unavailable", ex.VendorMessage);
        }
        else
        {
            Assert.Contains(ex.StatusCode, new HttpStatusCode?[] { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable });
        }

        emulator.Faults = new FaultOptions();
        AssertEqualsTruth(center, center.Queues[0], center.Range, SystemClock.Instance.GetCurrentInstant(), await client.GetStatisticsAsync(new() { CallCenter = id, Range = center.Range }, Ct));
    }

    // ---- path escaping --------------------------------------------------------------------------------

    [Fact]
    public async Task Call_center_names_with_at_signs_and_other_reserved_characters_round_trip_exactly_once()
    {
        await using var emulator = await StartAsync();
        var center = emulator.Center;
        await using var harness = Harness.Create(emulator);
        var queue = center.Queues[0];
        Assert.Contains("@", queue.CallCenterName, StringComparison.Ordinal);

        var statistics = await harness.Client.GetStatisticsAsync(new() { CallCenter = Id(emulator, queue), Range = center.Range }, Ct);
        AssertEqualsTruth(center, queue, center.Range, SystemClock.Instance.GetCurrentInstant(), statistics);
        var sent = harness.TakeLog().Single(e => e.Operation == "statistics").Path;
        Assert.Contains("/call_centers/" + queue.CallCenterName.Replace("@", "%40", StringComparison.Ordinal) + "/statistics/", sent, StringComparison.Ordinal);

        // A literal "%40" must not be unescaped twice into "@".
        var escaped = queue.CallCenterName.Replace("@", "%40", StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => harness.Client.GetStatisticsReportingAsync(new CallCenterId(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, escaped), Ct));
        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Contains($"Call center '{escaped}' not found", ex.VendorMessage, StringComparison.Ordinal);

        // A "/" cannot reach another route: the identifier refuses it before any request is built.
        _ = harness.TakeLog();
        Assert.Throws<ArgumentException>("callCenterName", () => new CallCenterId(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, queue.CallCenterName + "/statistics"));
        Assert.Empty(harness.TakeLog());
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /// <summary>The emulator's options, with the default number of retries but millisecond waits between them.</summary>
    private static NetaxisOptions Options(ContactCenterEmulator emulator)
    {
        var options = emulator.CreateNetaxisOptions();
        NetaxisTestHost.FastRetries(options);
        return options;
    }

    private static CallCenterId Id(ContactCenterEmulator emulator, QueueInfo queue) =>
        new(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, queue.CallCenterName);

    private static object Figures(QueueStatistics q) => new
    {
        q.BusyOverflows, q.CallsAnswered, q.CallsAbandoned, q.CallsTransferred, q.CallsTimedOut,
        q.AverageAgentsTalking, q.AverageAgentsStaffed, q.AverageWait, q.AverageAbandonment,
    };

    private static object Figures(CallCenterAgentStatistics a) => new
    {
        a.AgentUserId, a.DisplayNames?.FirstName, a.DisplayNames?.LastName, a.Available,
        a.Statistics?.CallsHandled, a.Statistics?.CallsUnanswered, a.Statistics?.AverageCall, a.Statistics?.TotalTalk, a.Statistics?.TotalStaffed,
    };

    private static void AssertReporting(StatisticsReporting reporting, bool daily, long minutes, string? email1, string? email2)
    {
        Assert.Equal(daily, reporting.GenerateDailyReport);
        Assert.Equal(Duration.FromMinutes(minutes), reporting.CollectionPeriod);
        Assert.Equal(email1, reporting.ReportingEmailAddress1);
        Assert.Equal(email2, reporting.ReportingEmailAddress2);
    }

    /// <summary>What one agent did within a range, read from its simulated days (not from the emulator's helpers).</summary>
    private sealed record AgentTruth(long Answered, long Unanswered, Duration Talk, Duration AnsweredWait, Duration AbandonedWait, Duration Staffed, Duration OnCall);

    private static AgentTruth Truth(SimulatedContactCenter center, SimulatedAgent agent, InstantRange range)
    {
        var days = center.Dates.ToDateInterval().Select(d => center.GetDay(agent, d)).ToList();
        var calls = days.SelectMany(d => d.Calls).Where(c => c.Offered >= range.Start && c.Offered < range.End).ToList();
        var staffed = Duration.Zero;
        var onCall = Duration.Zero;
        foreach (var segment in days.SelectMany(d => d.Segments))
        {
            var start = segment.Start > range.Start ? segment.Start : range.Start;
            var end = segment.End < range.End ? segment.End : range.End;
            var inside = end > start ? end - start : Duration.Zero;
            staffed += segment.State == AgentState.Offline ? Duration.Zero : inside;
            onCall += segment.State == AgentState.OnCall ? inside : Duration.Zero;
        }

        static Duration Sum(IEnumerable<Duration> values) => values.Aggregate(Duration.Zero, (s, v) => s + v);
        return new AgentTruth(
            calls.Count(c => c.Answered),
            calls.Count(c => !c.Answered),
            Sum(calls.Where(c => c.Answered).Select(c => c.Talk)),
            Sum(calls.Where(c => c.Answered).Select(c => c.Wait)),
            Sum(calls.Where(c => !c.Answered).Select(c => c.Wait)),
            staffed,
            onCall);
    }

    private static long WholeSeconds(Duration d) => (long)Math.Floor(d.TotalSeconds);

    private static Duration AverageSeconds(Duration total, long count) => Duration.FromSeconds(count == 0 ? 0 : WholeSeconds(total) / count);

    private static decimal AverageAgents(Duration total, InstantRange range) =>
        Math.Round((decimal)WholeSeconds(total) / WholeSeconds(range.Duration), 2, MidpointRounding.AwayFromZero);

    private static void AssertEqualsTruth(SimulatedContactCenter center, QueueInfo queue, InstantRange range, Instant now, CallCenterStatistics statistics)
    {
        var agents = center.Agents.Where(a => a.Queue == queue).ToList();
        var truths = agents.Select(a => Truth(center, a, range)).ToList();
        Assert.True(truths.Sum(t => t.Answered) > 0, "the range must hold answered calls for the check to mean anything");

        Assert.Equal(range.Start.InZone(center.Zone).ToOffsetDateTime(), statistics.Range!.Start);
        Assert.Equal(range.End.InZone(center.Zone).ToOffsetDateTime(), statistics.Range.End);

        var q = statistics.Queue!;
        long answered = truths.Sum(t => t.Answered), abandoned = truths.Sum(t => t.Unanswered);
        Assert.Equal<long?>(answered, q.CallsAnswered);
        Assert.Equal<long?>(abandoned, q.CallsAbandoned);
        Assert.Equal<long?>(0, q.BusyOverflows);
        Assert.Equal<long?>(0, q.CallsTransferred);
        Assert.Equal<long?>(0, q.CallsTimedOut);
        Assert.Equal(AverageSeconds(truths.Aggregate(Duration.Zero, (s, t) => s + t.AnsweredWait), answered), q.AverageWait);
        Assert.Equal(AverageSeconds(truths.Aggregate(Duration.Zero, (s, t) => s + t.AbandonedWait), abandoned), q.AverageAbandonment);
        Assert.Equal(AverageAgents(truths.Aggregate(Duration.Zero, (s, t) => s + t.OnCall), range), q.AverageAgentsTalking);
        Assert.Equal(AverageAgents(truths.Aggregate(Duration.Zero, (s, t) => s + t.Staffed), range), q.AverageAgentsStaffed);

        Assert.Equal(agents.Select(a => a.Email), statistics.Agents.Select(a => a.AgentUserId));
        foreach (var (agent, truth, actual) in agents.Zip(truths, statistics.Agents))
        {
            Assert.Equal(agent.FirstName, actual.DisplayNames!.FirstName);
            Assert.Equal(agent.LastName, actual.DisplayNames.LastName);
            Assert.Equal(IsReady(center, agent, now), actual.Available);
            var s = actual.Statistics!;
            Assert.Equal<long?>(truth.Answered, s.CallsHandled);
            Assert.Equal<long?>(truth.Unanswered, s.CallsUnanswered);
            Assert.Equal(AverageSeconds(truth.Talk, truth.Answered), s.AverageCall);
            Assert.Equal(Duration.FromSeconds(WholeSeconds(truth.Talk)), s.TotalTalk);
            Assert.Equal(Duration.FromSeconds(WholeSeconds(truth.Staffed)), s.TotalStaffed);
        }
    }

    private static bool IsReady(SimulatedContactCenter center, SimulatedAgent agent, Instant now) =>
        center.GetDay(agent, now.InZone(center.Zone).Date).Segments.Any(s => s.State == AgentState.Ready && s.Start <= now && now < s.End);

    private static async Task<(HttpStatusCode Status, JsonDocument Body)> SendRawAsync(ContactCenterEmulator emulator, HttpMethod method, string path, string? body)
    {
        using var http = new HttpClient { BaseAddress = emulator.NetaxisEndpoint };
        using var message = new HttpRequestMessage(method, path);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.Credentials.NetaxisToken);
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(message, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    /// <summary>One HTTP exchange as the client's handlers saw it.</summary>
    private sealed record Exchange(string Method, string Path, int Status)
    {
        public string Operation =>
            Path.EndsWith("/auth/login", StringComparison.Ordinal) ? "login"
            : Path.EndsWith("/auth/access_token", StringComparison.Ordinal) ? "refresh"
            : Path.EndsWith("/instance_statistics_reporting/", StringComparison.Ordinal) ? "reporting"
            : Path.EndsWith("/statistics/", StringComparison.Ordinal) ? "statistics"
            : Path;

        public override string ToString() => $"{Method} {Operation} {Status}";
    }

    private sealed class RecordingHandler(ConcurrentQueue<Exchange> log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            log.Enqueue(new Exchange(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode));
            return response;
        }
    }

    /// <summary>A client registered through DI (optionally with a clock), every request of it and of its login recorded.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly ConcurrentQueue<Exchange> _log;

        private Harness(ServiceProvider provider, ConcurrentQueue<Exchange> log) => (_provider, _log) = (provider, log);

        public NetaxisClient Client => _provider.GetRequiredService<NetaxisClient>();

        public static Harness Create(ContactCenterEmulator emulator, Action<NetaxisOptions>? configure = null, IClock? clock = null)
        {
            var log = new ConcurrentQueue<Exchange>();
            var services = new ServiceCollection();
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new RecordingHandler(log)));
            services.AddNetaxisClient(o =>
            {
                var ready = emulator.CreateNetaxisOptions();
                (o.Endpoint, o.Username, o.Password, o.TimeZone) = (ready.Endpoint, ready.Username, ready.Password, ready.TimeZone);
                NetaxisTestHost.FastRetries(o);
                configure?.Invoke(o);
            });
            return new Harness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), log);
        }

        public List<Exchange> TakeLog()
        {
            var taken = _log.ToList();
            _log.Clear();
            return taken;
        }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }
}
