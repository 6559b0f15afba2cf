using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>
/// The emulator's promise: one simulated truth, five wire formats, the same figures. Each test asks all five
/// vendor clients (over real HTTP) for the same agent and local days and compares with the simulation.
/// </summary>
public sealed class CrossVendorConsistencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What one vendor reported for an agent over a range; null where the vendor has no such figure.</summary>
    private sealed record Reported(string Vendor, Duration TalkTime, long? Answered, long? Missed);

    public static TheoryData<int, int> AgentDays => new()
    {
        { 0, 0 },   // Monday
        { 3, 2 },   // Wednesday, another queue's agent
        { 6, 4 },   // Friday
        { 1, 5 },   // Saturday: mostly off, maybe nothing at all
        { 7, 6 },   // Sunday
    };

    [Theory]
    [MemberData(nameof(AgentDays))]
    public async Task Every_vendor_reports_the_same_talk_time_and_calls_for_one_agent_day_as_the_truth(int agentIndex, int dayOffset)
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 7 }, Ct);
        var agent = emulator.Center.Agents[agentIndex];
        var days = new DateRange(emulator.Center.Dates.Start.PlusDays(dayOffset), emulator.Center.Dates.Start.PlusDays(dayOffset));

        await AssertAllVendorsAgreeWithTruthAsync(emulator, agent, days);
    }

    [Fact]
    public async Task Every_vendor_reports_the_same_week_for_every_agent_including_the_DST_change()
    {
        // The week of the spring-forward in Europe/Warsaw: 2024-03-31 has 23 hours.
        await using var emulator = await ContactCenterEmulator.StartAsync(
            new EmulatorOptions { Agents = 5, Days = 7, FirstDay = new LocalDate(2024, 3, 25) },
            Ct);
        Assert.Equal(Duration.FromHours(23), DateRange.SingleDay(emulator.Center.Dates.End).ToInstantRange(emulator.Center.Zone).Duration);

        foreach (var agent in emulator.Center.Agents)
        {
            await AssertAllVendorsAgreeWithTruthAsync(emulator, agent, emulator.Center.Dates);
        }
    }

    [Fact]
    public async Task The_figures_change_with_the_seed_so_agreement_is_not_an_accident()
    {
        await using var first = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1, Seed = 1 }, Ct);
        await using var second = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1, Seed = 2 }, Ct);

        var a = await ReportAllAsync(first, first.Center.Agents[0], first.Center.Dates);
        var b = await ReportAllAsync(second, second.Center.Agents[0], second.Center.Dates);

        Assert.All(a.Zip(b), pair => Assert.NotEqual(pair.First.TalkTime, pair.Second.TalkTime));
        Assert.All(a, r => Assert.True(r.TalkTime > Duration.Zero, $"{r.Vendor} reported no talk time on a working day"));
    }

    private static async Task AssertAllVendorsAgreeWithTruthAsync(ContactCenterEmulator emulator, SimulatedAgent agent, DateRange days)
    {
        var truth = emulator.Center.GetTotals(agent, days.ToInstantRange(emulator.Center.Zone));

        // Shifts never cross local midnight, so time on call equals the talk time of the calls offered in the days.
        Assert.Equal(truth.TalkTime, truth.TimeIn(AgentState.OnCall));

        foreach (var reported in await ReportAllAsync(emulator, agent, days))
        {
            Assert.True(truth.TalkTime == reported.TalkTime, $"{reported.Vendor}: talk time {reported.TalkTime}, truth {truth.TalkTime} ({agent.Login}, {days})");
            if (reported.Answered is { } answered)
            {
                Assert.True(truth.AnsweredCalls == answered, $"{reported.Vendor}: {answered} answered, truth {truth.AnsweredCalls}");
            }

            if (reported.Missed is { } missed)
            {
                Assert.True(truth.UnansweredCalls == missed, $"{reported.Vendor}: {missed} missed, truth {truth.UnansweredCalls}");
            }
        }
    }

    private static async Task<IReadOnlyList<Reported>> ReportAllAsync(ContactCenterEmulator emulator, SimulatedAgent agent, DateRange days)
    {
        var range = days.ToInstantRange(emulator.Center.Zone);

        using var voximplant = VoximplantClient.Create(emulator.CreateVoximplantOptions());
        var acd = await voximplant.GetAcdOperatorStatusStatisticsAsync(
            new() { Range = range, UserIds = [agent.Id], Statuses = [AcdStatus.InService] },
            Ct);
        var inService = Sum(acd.Flatten().Select(r => r.Statuses.GetValueOrDefault(AcdStatus.InService)?.Sum));

        using var vcc = VccLiveClient.Create(emulator.CreateVccLiveOptions());
        var rows = await vcc.GetUserBasedStatisticsAsync(
            new()
            {
                Range = days,
                Dimensions = UserBasedStatisticsDimensions.User,
                Users = [agent.Id],
                Fields = [UserBasedKpi.UserstateCall, UserBasedKpi.CallIn, UserBasedKpi.CallMissed],
            },
            Ct).ToListAsync(Ct);
        // A user with nothing in the days has no row at all.
        var row = rows.SingleOrDefault();
        Assert.All(rows, r => Assert.Equal(agent.Id, r.UserId));
        var vccTalk = row?.GetDuration(UserBasedKpi.UserstateCall) ?? Duration.Zero;

        using var netaxis = NetaxisClient.Create(emulator.CreateNetaxisOptions());
        var callCenter = new CallCenterId(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, agent.Queue.CallCenterName);
        var statistics = await netaxis.GetStatisticsAsync(new() { CallCenter = callCenter, Range = range }, Ct);
        var netaxisAgent = Assert.Single(statistics.Agents, a => a.AgentUserId == agent.Email).Statistics;

        using var enswitch = EnswitchClient.Create(emulator.CreateEnswitchOptions());
        var destination = await enswitch.GetDestinationStatisticsAsync(new() { Destination = agent.Id, Range = range }, Ct);

        using var thulium = ThuliumClient.Create(emulator.CreateThuliumOptions());
        var thuliumTalk = Duration.Zero;
        long thuliumAnswered = 0, thuliumMissed = 0;
        await foreach (var report in thulium.GetAgentsWorkReportAsync(new() { Range = range, AgentLogins = [agent.Login], Aggregation = TimeBucket.Day }, Ct))
        {
            Assert.Equal(agent.Login, report.Agent.Login);
            thuliumTalk += report.Inbound?.Sum ?? Duration.Zero;
            thuliumAnswered += report.Inbound?.AnsweredCount ?? 0;
            thuliumMissed += report.Inbound?.NotAnsweredCount ?? 0;
        }

        return
        [
            new("Voximplant", inService, null, null),
            new("VCC Live", vccTalk, row?.GetCount(UserBasedKpi.CallIn) ?? 0, row?.GetCount(UserBasedKpi.CallMissed) ?? 0),
            new("Netaxis", netaxisAgent?.TotalTalk ?? Duration.Zero, netaxisAgent?.CallsHandled ?? 0, netaxisAgent?.CallsUnanswered ?? 0),
            new("Enswitch", destination.TalkTime, (long)destination.Fields["answered"], (long)destination.Fields["missed"]),
            new("Thulium", thuliumTalk, thuliumAnswered, thuliumMissed),
        ];
    }

    private static Duration Sum(IEnumerable<Duration?> durations) =>
        durations.Aggregate(Duration.Zero, (sum, d) => sum + (d ?? Duration.Zero));
}
