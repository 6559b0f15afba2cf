using System.Collections.Concurrent;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>
/// A flaky vendor costs time, never a failed pull or a wrong figure: with a quarter of the requests meeting a fault
/// (dropped connections, 5xx, 429 with <c>Retry-After</c>, vendor "try later" codes inside HTTP 200, truncated bodies)
/// and tokens expiring at random, a three-day pull of every agent through every vendor returns exactly the
/// simulation's truth, and the requests counted on the wire show the retries that made it so. Once through clients
/// registered with dependency injection (<c>Retry-After</c> in seconds), once through the no-DI <c>Create</c> factory
/// (<c>Retry-After</c> as an HTTP date).
/// </summary>
/// <remarks>
/// <para>Each vendor gets an emulator of its own, with a seed of its own, so that each meets its own sequence of faults
/// and is compared with its own emulator's truth. A vendor's requests are sequential and the emulator draws one fault
/// per request in arrival order, so every run sends the same requests and meets the same faults, whatever the
/// machine's load: the five pulls run side by side, and the figures, the counts and the outcome are the same every
/// time. (Every fault costs exactly one more request whoever retries it: the SDK, or the HTTP stack, which re-sends by
/// itself a request whose pooled connection was dropped before any answer. A truncated body always arrives as headers
/// and a body that ends early, never as a reset that would race them.)</para>
/// <para>What a pull meets is a matter of the seed, so the margins are wide: a transient fault is retried up to
/// <see cref="RetryOptions.MaxRetries"/> times (12 here: thirteen faults in a row, at a quarter each, is a
/// one-in-sixty-seven-million event), and the token-expiry fault ends the tokens in use, never one just obtained by
/// renewing, so the SDK's one renewal per operation always suffices (a token revoked the instant it is issued would
/// rightly fail the operation as bad credentials; see <see cref="FaultOptions.TokenExpiryRate"/>).</para>
/// </remarks>
public sealed class ResilienceTests
{
    private const int Agents = 6;
    private const int Days = 3;

    private static readonly string[] Vendors = ["Voximplant", "VCC Live", "Netaxis", "Enswitch", "Thulium"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EmulatorOptions Options(string vendor, bool retryAfterAsDate) => new()
    {
        Agents = Agents,
        Days = Days,
        Seed = 11 + Array.IndexOf(Vendors, vendor),
        // A quarter of the requests meet a fault, besides token expiries.
        Faults = new FaultOptions
        {
            DropConnectionRate = 0.04,
            ServerErrorRate = 0.06,
            RateLimitRate = 0.04,
            VendorTransientErrorRate = 0.06,
            TruncateRate = 0.05,
            TokenExpiryRate = 0.05,
            RetryAfter = Duration.FromSeconds(1),
            RetryAfterAsHttpDate = retryAfterAsDate,
        },
    };

    /// <summary>Fast retries, and enough of them that a run of faults never exhausts them.</summary>
    private static void FastRetries(VendorClientOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxRetries = 12;
    }

    [Fact]
    public async Task A_pull_through_clients_registered_with_dependency_injection_survives_mixed_faults_and_equals_the_truth()
    {
        var pulls = await Task.WhenAll(
            PullAsync("Voximplant", retryAfterAsDate: false, (emulator, log) => Registered<VoximplantClient, VoximplantOptions>(log, (s, o) => s.AddVoximplantClient(o), emulator.CreateVoximplantOptions(), (ready, o) => o.CredentialsJson = ready.CredentialsJson), PullVoximplantAsync),
            PullAsync("VCC Live", retryAfterAsDate: false, (emulator, log) => Registered<VccLiveClient, VccLiveOptions>(log, (s, o) => s.AddVccLiveClient(o), emulator.CreateVccLiveOptions(), (ready, o) => (o.Customer, o.ApiToken, o.TimeZone) = (ready.Customer, ready.ApiToken, ready.TimeZone)), PullVccLiveAsync),
            PullAsync("Netaxis", retryAfterAsDate: false, (emulator, log) => Registered<NetaxisClient, NetaxisOptions>(log, (s, o) => s.AddNetaxisClient(o), emulator.CreateNetaxisOptions(), (ready, o) => (o.Username, o.Password, o.TimeZone) = (ready.Username, ready.Password, ready.TimeZone)), PullNetaxisAsync),
            PullAsync("Enswitch", retryAfterAsDate: false, (emulator, log) => Registered<EnswitchClient, EnswitchOptions>(log, (s, o) => s.AddEnswitchClient(o), emulator.CreateEnswitchOptions(), (ready, o) => (o.Username, o.Password) = (ready.Username, ready.Password)), PullEnswitchAsync),
            PullAsync("Thulium", retryAfterAsDate: false, (emulator, log) => Registered<ThuliumClient, ThuliumOptions>(log, (s, o) => s.AddThuliumClient(o), emulator.CreateThuliumOptions(), (ready, o) => (o.Username, o.Password, o.TimeZone, o.MaxConcurrentPageRequests) = (ready.Username, ready.Password, ready.TimeZone, 1)), PullThuliumAsync));

        AssertRetriesHappened(pulls, "seconds");
    }

    [Fact]
    public async Task A_pull_through_clients_made_by_the_no_DI_factory_survives_mixed_faults_and_equals_the_truth()
    {
        var pulls = await Task.WhenAll(
            PullAsync("Voximplant", retryAfterAsDate: true, (emulator, log) => Created(log, emulator.CreateVoximplantOptions(), VoximplantClient.Create), PullVoximplantAsync),
            PullAsync("VCC Live", retryAfterAsDate: true, (emulator, log) => Created(log, emulator.CreateVccLiveOptions(), VccLiveClient.Create), PullVccLiveAsync),
            PullAsync("Netaxis", retryAfterAsDate: true, (emulator, log) => Created(log, emulator.CreateNetaxisOptions(), NetaxisClient.Create), PullNetaxisAsync),
            PullAsync("Enswitch", retryAfterAsDate: true, (emulator, log) => Created(log, emulator.CreateEnswitchOptions(), EnswitchClient.Create), PullEnswitchAsync),
            PullAsync("Thulium", retryAfterAsDate: true, (emulator, log) => Created(log, SequentialPages(emulator.CreateThuliumOptions()), ThuliumClient.Create), PullThuliumAsync));

        AssertRetriesHappened(pulls, "date");
    }

    // ---- the pull, per vendor: one operation per agent-day (Thulium: the agent's days, one row per page) ----------

    /// <summary>One figure of one agent-day: seconds for times, a number for counts.</summary>
    private sealed record Figure(string Agent, LocalDate Day, string Name, long Value);

    private delegate Task<List<Figure>> Pull<TClient>(ContactCenterEmulator emulator, TClient client, Counter operations);

    /// <summary>The number of operations (requests the pull needs when nothing fails) a pull made.</summary>
    private sealed class Counter
    {
        public int Value { get; set; }
    }

    private static async Task<List<Figure>> PullVoximplantAsync(ContactCenterEmulator emulator, VoximplantClient client, Counter operations)
    {
        var figures = new List<Figure>();
        foreach (var (agent, day, range) in AgentDays(emulator.Center))
        {
            operations.Value++;
            var statistics = await client.GetAcdOperatorStatusStatisticsAsync(new() { Range = range, UserIds = [agent.Id] }, Ct);
            var statuses = Assert.Single(statistics.Flatten(), r => r.UserId == agent.Id).Statuses;
            foreach (var status in VoximplantStatuses)
            {
                // Voximplant leaves out a status with no interval in the period.
                figures.Add(new(agent.Login, day, status.Value, Seconds(statuses.GetValueOrDefault(status)?.Sum ?? Duration.Zero)));
            }
        }

        return figures;
    }

    private static async Task<List<Figure>> PullVccLiveAsync(ContactCenterEmulator emulator, VccLiveClient client, Counter operations)
    {
        var figures = new List<Figure>();
        foreach (var (agent, day, _) in AgentDays(emulator.Center))
        {
            operations.Value++;
            var rows = await client.GetUserBasedStatisticsAsync(
                new() { Range = DateRange.SingleDay(day), Dimensions = UserBasedStatisticsDimensions.User, Users = [agent.Id] },
                Ct).ToListAsync(Ct);
            var row = Assert.Single(rows);
            foreach (var kpi in VccLiveTimes)
            {
                figures.Add(new(agent.Login, day, kpi.Name, Seconds(row.GetDuration(kpi))));
            }

            figures.Add(new(agent.Login, day, "callIn count", row.GetCount(UserBasedKpi.CallIn) ?? -1));
            figures.Add(new(agent.Login, day, "callMissed count", row.GetCount(UserBasedKpi.CallMissed) ?? -1));
        }

        return figures;
    }

    private static async Task<List<Figure>> PullNetaxisAsync(ContactCenterEmulator emulator, NetaxisClient client, Counter operations)
    {
        var figures = new List<Figure>();
        foreach (var (agent, day, range) in AgentDays(emulator.Center))
        {
            operations.Value++;
            var callCenter = new CallCenterId(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, agent.Queue.CallCenterName);
            var statistics = await client.GetStatisticsAsync(new() { CallCenter = callCenter, Range = range }, Ct);
            var mine = Assert.Single(statistics.Agents, a => a.AgentUserId == agent.Email).Statistics!;
            figures.Add(new(agent.Login, day, "talk", Seconds(mine.TotalTalk)));
            figures.Add(new(agent.Login, day, "staffed", Seconds(mine.TotalStaffed)));
            figures.Add(new(agent.Login, day, "answered", mine.CallsHandled ?? -1));
            figures.Add(new(agent.Login, day, "missed", mine.CallsUnanswered ?? -1));
        }

        return figures;
    }

    private static async Task<List<Figure>> PullEnswitchAsync(ContactCenterEmulator emulator, EnswitchClient client, Counter operations)
    {
        var figures = new List<Figure>();
        foreach (var (agent, day, range) in AgentDays(emulator.Center))
        {
            operations.Value++;
            var statistics = await client.GetDestinationStatisticsAsync(new() { Destination = agent.Id, Range = range }, Ct);
            figures.Add(new(agent.Login, day, "talk", Seconds(statistics.TalkTime)));
            figures.Add(new(agent.Login, day, "answered wait", Seconds(statistics.GetDuration("holdtime_sum"))));
            figures.Add(new(agent.Login, day, "answered", (long)statistics.Fields["answered"]));
            figures.Add(new(agent.Login, day, "missed", (long)statistics.Fields["missed"]));
        }

        return figures;
    }

    /// <summary>
    /// Thulium pages one at a time here, so that the exact request count shows a fault resumes at the failed page; with
    /// the default prefetch a report also costs up to nine requests past its end, and faults on those may go
    /// un-retried once the end is known (prefetch under faults is tested in Thulium's EmulatorEndToEndTests).
    /// </summary>
    private static ThuliumOptions SequentialPages(ThuliumOptions options)
    {
        options.MaxConcurrentPageRequests = 1;
        return options;
    }

    private static async Task<List<Figure>> PullThuliumAsync(ContactCenterEmulator emulator, ThuliumClient client, Counter operations)
    {
        var figures = new List<Figure>();
        var center = emulator.Center;
        foreach (var agent in center.Agents)
        {
            // One row per page: a fault in the middle of the report must resume at the failed page, neither
            // restarting nor repeating a row. Every simulated day is a working day, so each agent has a row per
            // day, and the page after the last row comes back empty.
            operations.Value += Days + 1;
            var request = new AgentsWorkReportRequest { Range = center.Range, AgentLogins = [agent.Login], Aggregation = TimeBucket.Day, PageSize = 1 };
            await foreach (var row in client.GetAgentsWorkReportAsync(request, Ct))
            {
                var day = row.Period!.Start.InZone(center.Zone).Date;
                Assert.Equal(agent.Login, row.Agent.Login);
                figures.Add(new(agent.Login, day, "talk", Seconds(row.Inbound?.Sum)));
                figures.Add(new(agent.Login, day, "answered wait", Seconds(row.Inbound?.WaitSum)));
                figures.Add(new(agent.Login, day, "answered", row.Inbound?.AnsweredCount ?? -1));
                figures.Add(new(agent.Login, day, "missed", row.Inbound?.NotAnsweredCount ?? -1));
                figures.Add(new(agent.Login, day, "paused", Seconds(row.Pauses.SingleOrDefault(p => p.Id == PauseId.All)?.Sum)));
                figures.Add(new(agent.Login, day, "ready", Seconds(row.Pauses.SingleOrDefault(p => p.Id == PauseId.Free)?.Sum)));
            }
        }

        return figures;
    }

    // ---- the truth, in each vendor's figures --------------------------------------------------------------------

    private static readonly AcdStatus[] VoximplantStatuses = [AcdStatus.Offline, AcdStatus.Online, AcdStatus.Ready, AcdStatus.InService, AcdStatus.AfterService, AcdStatus.Dnd];

    private static readonly UserBasedKpi[] VccLiveTimes =
        [UserBasedKpi.UserstateAvailable, UserBasedKpi.UserstateCall, UserBasedKpi.UserstateAfterwork, UserBasedKpi.UserstatePause, UserBasedKpi.UserstateDnd, UserBasedKpi.CallIn];

    private static List<Figure> Truth(string vendor, SimulatedContactCenter center)
    {
        var figures = new List<Figure>();
        foreach (var (agent, day, range) in AgentDays(center))
        {
            var t = center.GetTotals(agent, range);
            void Add(string name, long value) => figures.Add(new(agent.Login, day, name, value));
            switch (vendor)
            {
                case "Voximplant":
                    Add("OFFLINE", Seconds(t.TimeIn(AgentState.Offline)));
                    Add("ONLINE", Seconds(t.TimeIn(AgentState.Paused)));
                    Add("READY", Seconds(t.TimeIn(AgentState.Ready)));
                    Add("IN_SERVICE", Seconds(t.TimeIn(AgentState.OnCall)));
                    Add("AFTER_SERVICE", Seconds(t.TimeIn(AgentState.AfterCallWork)));
                    Add("DND", Seconds(t.TimeIn(AgentState.DoNotDisturb)));
                    break;
                case "VCC Live":
                    Add("userstateAvailable", Seconds(t.TimeIn(AgentState.Ready)));
                    Add("userstateCall", Seconds(t.TimeIn(AgentState.OnCall)));
                    Add("userstateAfterwork", Seconds(t.TimeIn(AgentState.AfterCallWork)));
                    Add("userstatePause", Seconds(t.TimeIn(AgentState.Paused)));
                    Add("userstateDnd", Seconds(t.TimeIn(AgentState.DoNotDisturb)));
                    Add("callIn", Seconds(t.TalkTime));
                    Add("callIn count", t.AnsweredCalls);
                    Add("callMissed count", t.UnansweredCalls);
                    break;
                case "Netaxis":
                    Add("talk", Seconds(t.TalkTime));
                    Add("staffed", Seconds(t.StaffedTime));
                    Add("answered", t.AnsweredCalls);
                    Add("missed", t.UnansweredCalls);
                    break;
                case "Enswitch":
                    Add("talk", Seconds(t.TalkTime));
                    Add("answered wait", Seconds(t.AnsweredWaitTime));
                    Add("answered", t.AnsweredCalls);
                    Add("missed", t.UnansweredCalls);
                    break;
                case "Thulium":
                    Add("talk", Seconds(t.TalkTime));
                    Add("answered wait", Seconds(t.AnsweredWaitTime));
                    Add("answered", t.AnsweredCalls);
                    Add("missed", t.UnansweredCalls);
                    Add("paused", Seconds(t.TimeIn(AgentState.Paused)));
                    Add("ready", Seconds(t.TimeIn(AgentState.Ready)));
                    break;
            }
        }

        // Thulium's report comes agent by agent, the other pulls day by day: compare in one order.
        return [.. figures.OrderBy(f => f.Agent, StringComparer.Ordinal).ThenBy(f => f.Day)];
    }

    /// <summary>Every agent-day of the simulation, day by day, with the instants the local day covers.</summary>
    private static IEnumerable<(SimulatedAgent Agent, LocalDate Day, InstantRange Range)> AgentDays(SimulatedContactCenter center)
    {
        for (var day = center.Dates.Start; day <= center.Dates.End; day = day.PlusDays(1))
        {
            foreach (var agent in center.Agents)
            {
                yield return (agent, day, DateRange.SingleDay(day).ToInstantRange(center.Zone));
            }
        }
    }

    private static long Seconds(Duration? value) => value is { } d ? (long)d.TotalSeconds : -1;

    // ---- running a pull and counting its requests ---------------------------------------------------------------

    /// <summary>What one vendor's pull met: as its client saw it, and as the emulator counted it.</summary>
    private sealed record PullResult(string Vendor, int Operations, RequestLog Log, FaultCounts Emulator);

    private static async Task<PullResult> PullAsync<TClient>(
        string vendor,
        bool retryAfterAsDate,
        Func<ContactCenterEmulator, RequestLog, (TClient Client, IAsyncDisposable Owner)> connect,
        Pull<TClient> pull)
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(Options(vendor, retryAfterAsDate), Ct);
        var log = new RequestLog();
        var (client, owner) = connect(emulator, log);
        await using var _ = owner;
        var operations = new Counter();

        var figures = await pull(emulator, client, operations);

        var truth = Truth(vendor, emulator.Center);
        Assert.NotEmpty(truth);
        Assert.Equal(truth, [.. figures.OrderBy(f => f.Agent, StringComparer.Ordinal).ThenBy(f => f.Day)]);
        return new PullResult(vendor, operations.Value, log, emulator.FaultCounts);
    }

    /// <summary>A client registered with <c>Add{Vendor}Client</c>, its <see cref="HttpClient"/> counting requests.</summary>
    private static (TClient, IAsyncDisposable) Registered<TClient, TOptions>(
        RequestLog log,
        Func<IServiceCollection, Action<TOptions>, IHttpClientBuilder> add,
        TOptions ready,
        Action<TOptions, TOptions> copyCredentials)
        where TClient : notnull
        where TOptions : VendorClientOptions
    {
        var services = new ServiceCollection();
        add(services, o =>
        {
            o.Endpoint = ready.Endpoint;
            copyCredentials(ready, o);
            FastRetries(o);
        }).AddHttpMessageHandler(() => new CountingHandler(log));
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<TClient>(), provider);
    }

    /// <summary>A client made by <c>{Vendor}Client.Create</c> with a counting primary handler.</summary>
    private static (TClient, IAsyncDisposable) Created<TClient, TOptions>(RequestLog log, TOptions options, Func<TOptions, VendorClientServices?, TClient> create)
        where TClient : VendorClient
        where TOptions : VendorClientOptions
    {
        FastRetries(options);
        var handler = new CountingHandler(log) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } };
        var client = create(options, new VendorClientServices { PrimaryHandler = handler });
        return (client, new Owner(client, handler));
    }

    private sealed class Owner(params IDisposable[] owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            foreach (var item in owned)
            {
                item.Dispose();
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Every request the client sent, with the fault the emulator says it injected (or a connection lost).</summary>
    private sealed class RequestLog
    {
        private readonly ConcurrentQueue<(string Fault, string? RetryAfterForm)> _requests = new();

        public int Attempts => _requests.Count;

        /// <summary>Requests that met a fault (token expiries, which come with no fault of their own, are not counted).</summary>
        public int Faulted => _requests.Count(r => r.Fault != "none");

        public IEnumerable<string> RetryAfterForms => _requests.Select(r => r.RetryAfterForm).OfType<string>();

        public void Add(HttpResponseMessage? response)
        {
            var fault = response is null
                ? "connection lost"
                : response.Headers.TryGetValues("X-Emulator-Fault", out var values) ? values.Single().Split("; ")[0] : "(no header)";
            var retryAfter = response?.Headers.RetryAfter;
            _requests.Enqueue((fault, retryAfter?.Delta is not null ? "seconds" : retryAfter?.Date is not null ? "date" : null));
        }
    }

    private sealed class CountingHandler(RequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException)
            {
                log.Add(null);
                throw;
            }

            log.Add(response);
            return response;
        }
    }

    private static void AssertRetriesHappened(PullResult[] pulls, string retryAfterForm)
    {
        foreach (var (vendor, operations, log, emulator) in pulls)
        {
            TestContext.Current.SendDiagnosticMessage(
                $"{vendor}: {operations} operations; client sent {log.Attempts} requests, {log.Faulted} faulted; emulator answered {emulator.Requests}, {emulator.Faulted} faulted "
                + $"({string.Join(", ", emulator.ByKind.Where(k => k.Key != FaultKind.None && k.Value > 0).Select(k => $"{k.Key} {k.Value}"))}), {emulator.TokenExpiries} token expiries");

            // Every vendor met faults, and each faulted request was followed by one more: the retries that made the
            // pull whole. A vendor without tokens sends nothing else; with tokens, a rejected token costs a re-send
            // (and Netaxis' renewal calls). The HTTP stack re-sends a request whose pooled connection was dropped
            // before any answer by itself, so the client sees fewer requests than the emulator.
            Assert.True(emulator.Faulted > 0, $"{vendor} met no fault in {emulator.Requests} requests");
            Assert.True(emulator.Requests >= operations + emulator.Faulted, $"{vendor}: {emulator.Requests} requests for {operations} operations and {emulator.Faulted} faults");
            Assert.True(log.Attempts > operations, $"{vendor}: the client sent {log.Attempts} requests for {operations} operations");
            Assert.True(log.Attempts >= operations + log.Faulted, $"{vendor}: the client sent {log.Attempts} requests for {operations} operations and saw {log.Faulted} faults");
            Assert.True(log.Attempts <= emulator.Requests, $"{vendor}: the client sent {log.Attempts} requests, the emulator saw {emulator.Requests}");
            if (vendor is "VCC Live" or "Enswitch" or "Thulium")
            {
                Assert.Equal(operations + emulator.Faulted, emulator.Requests);
                Assert.Equal(operations + log.Faulted, log.Attempts);
            }
        }

        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            Assert.True(pulls.Sum(p => p.Emulator.ByKind[kind]) > 0, $"no request met {kind}");
        }

        Assert.True(pulls.Sum(p => p.Emulator.TokenExpiries) > 0, "no token expired");
        var forms = pulls.SelectMany(p => p.Log.RetryAfterForms).ToList();
        Assert.NotEmpty(forms);
        Assert.All(forms, form => Assert.Equal(retryAfterForm, form));
        var requests = pulls.Sum(p => p.Emulator.Requests);
        var faulted = pulls.Sum(p => p.Emulator.Faulted);
        Assert.True(faulted * 5 >= requests, $"{faulted} of {requests} requests met a fault: fewer than the 20% asked for");
    }
}
