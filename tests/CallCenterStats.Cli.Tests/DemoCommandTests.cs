using System.Text.RegularExpressions;
using CallCenterStats.Cli.Commands;
using CallCenterStats.Cli.Vendors;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Cli.Tests;

/// <summary><c>ccstats demo</c>: the README's main job, and the check CI relies on.</summary>
public sealed partial class DemoCommandTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_demo_shows_every_agent_the_vendors_beside_the_truth_and_says_each_vendor_agrees()
    {
        var result = await Cli.RunAsync("demo", "--agents", "6");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("ccstats demo: ", result.Output);
        Assert.Contains("6 agents in 2 queues, 2024-03-11 to 2024-03-17 (7 days, Europe/Warsaw)", result.Output);
        foreach (var login in Enumerable.Range(1, 6).Select(i => $"agent{i:000}"))
        {
            Assert.Contains($"│ {login} ", result.Output);
        }

        Assert.Contains("All agents", result.Output);
        Assert.Contains("│ Simulation │ Voximplant │", result.Output);
        Assert.Contains("Offered      calls that rang at the agent = handled + unanswered.", result.Output);
        var lines = result.Output.Split('\n').Where(l => CheckLine().IsMatch(l)).ToArray();
        Assert.Equal(VendorCatalog.Ids.Select(id => id + ": agrees with the simulation"), lines.Select(l => l[..l.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.Contains("voximplant: agrees with the simulation (talk time, available, on call, after-call work, paused, offline, do not disturb; 42 agent-days)", lines);
        Assert.Contains("ccstats demo: done in ", result.Error);
    }

    [Fact]
    public void The_demo_knows_every_vendor_of_the_catalog() =>
        Assert.Equal(VendorCatalog.Ids, DemoCommand.Vendors.Select(v => v.Descriptor.Id));

    [Fact]
    public void A_vendor_whose_figure_differs_from_the_truth_disagrees_and_the_line_says_where()
    {
        var (pull, center, query) = ThuliumPull();
        var tampered = pull with
        {
            Records = [.. pull.Records.Select((r, i) => i == 0 ? r with { TalkTime = r.TalkTime + Duration.FromSeconds(1) } : r)],
        };

        var good = DemoCheck.Run(pull, center, query);
        var bad = DemoCheck.Run(tampered, center, query);

        Assert.True(good.Agrees, string.Join("; ", good.Differences));
        Assert.False(bad.Agrees);
        Assert.Matches(@"^thulium: DISAGREES with the simulation \(1 difference in \d+ agent-days; first: agent agent\d{3} on 2024-03-\d\d: talk time \d+:\d\d:\d\d reported, \d+:\d\d:\d\d simulated\)$", bad.Line);
    }

    [Fact]
    public void A_vendor_that_leaves_out_a_working_day_disagrees()
    {
        var (pull, center, query) = ThuliumPull();
        var missing = pull with { Records = [.. pull.Records.Skip(1)] };

        var check = DemoCheck.Run(missing, center, query);

        Assert.False(check.Agrees);
        Assert.Contains("no row for agent", check.Line);
    }

    [Fact]
    public void A_vendor_that_reports_nothing_disagrees()
    {
        var (pull, center, query) = ThuliumPull();

        var check = DemoCheck.Run(pull with { Records = [] }, center, query);

        Assert.False(check.Agrees);
        Assert.StartsWith("thulium: DISAGREES with the simulation (", check.Line);
    }

    [Fact]
    public void Figures_a_vendor_does_not_report_are_not_compared()
    {
        var (pull, center, query) = ThuliumPull();

        var check = DemoCheck.Run(pull, center, query);

        Assert.Equal(["calls handled", "calls unanswered", "talk time", "paused"], check.Metrics);
    }

    /// <summary>Thulium's rows as the truth says they should be, built from the simulation (no I/O).</summary>
    private (DemoPull Pull, Sdk.Emulator.Simulation.SimulatedContactCenter Center, AgentStatisticsQuery Query) ThuliumPull()
    {
        var center = fixture.Emulator.Center;
        var query = new AgentStatisticsQuery { Range = center.Range, Bucket = TimeBucket.Day, TimeZone = center.Zone };
        var vendor = DemoCommand.Vendors.Single(v => v.Descriptor.Id == "thulium");
        var records = new List<AgentStatistics>();
        foreach (var agent in center.Agents)
        {
            foreach (var day in query.Range.Split(TimeBucket.Day, query.Calendar))
            {
                var truth = center.GetTotals(agent, day);
                if (truth.StaffedTime > Duration.Zero)
                {
                    records.Add(new AgentStatistics
                    {
                        Vendor = "thulium",
                        Account = AgentStatistics.DefaultAccount,
                        AgentId = agent.Login,
                        Period = new Sdk.Time.StatisticsPeriod(day.Start, day.End, TimeBucket.Day, center.Zone),
                        CallsHandled = truth.AnsweredCalls,
                        CallsUnanswered = truth.UnansweredCalls,
                        TalkTime = truth.TalkTime,
                        PausedTime = truth.TimeIn(Sdk.Emulator.Simulation.AgentState.Paused),
                    });
                }
            }
        }

        return (new DemoPull(vendor, records, Requests: 7), center, query);
    }

    [GeneratedRegex(@"^(voximplant|vcclive|netaxis|enswitch|thulium): (agrees with|DISAGREES with) the simulation \(")]
    private static partial Regex CheckLine();
}
