using System.Globalization;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Cli.Commands;

/// <summary>A figure of the unified record and the simulation's truth for it.</summary>
/// <param name="Name">The figure's name in the check line.</param>
/// <param name="Reported">The vendor's value (null = not reported); durations in nanoseconds.</param>
/// <param name="Truth">The simulation's value, in the same unit.</param>
/// <param name="IsTime">Whether the values are durations.</param>
internal sealed record DemoMetric(string Name, Func<AgentStatistics, long?> Reported, Func<AgentTotals, long> Truth, bool IsTime)
{
    public static IReadOnlyList<DemoMetric> All { get; } =
    [
        new("calls handled", r => r.CallsHandled, t => t.AnsweredCalls, IsTime: false),
        new("calls unanswered", r => r.CallsUnanswered, t => t.UnansweredCalls, IsTime: false),
        new("talk time", r => Nanos(r.TalkTime), t => t.TalkTime.ToInt64Nanoseconds(), IsTime: true),
        new("available", r => Nanos(r.AvailableTime), t => t.TimeIn(AgentState.Ready).ToInt64Nanoseconds(), IsTime: true),
        new("on call", r => Nanos(r.OnCallTime), t => t.TimeIn(AgentState.OnCall).ToInt64Nanoseconds(), IsTime: true),
        new("after-call work", r => Nanos(r.AfterCallWorkTime), t => t.TimeIn(AgentState.AfterCallWork).ToInt64Nanoseconds(), IsTime: true),
        new("paused", r => Nanos(r.PausedTime), t => t.TimeIn(AgentState.Paused).ToInt64Nanoseconds(), IsTime: true),
        new("offline", r => Nanos(r.OfflineTime), t => t.TimeIn(AgentState.Offline).ToInt64Nanoseconds(), IsTime: true),
        new("do not disturb", r => Nanos(r.DoNotDisturbTime), t => t.TimeIn(AgentState.DoNotDisturb).ToInt64Nanoseconds(), IsTime: true),
    ];

    public string Format(long value) => IsTime ? Formats.Time(Duration.FromNanoseconds(value)) : Formats.Count(value);

    private static long? Nanos(Duration? value) => value?.ToInt64Nanoseconds();
}

/// <summary>
/// Whether one vendor's day rows agree with the simulation: every figure the vendor reports (null = not reported, not
/// compared) equals the truth for that agent and day of the center's zone, every agent-day with activity has a row,
/// and no row is repeated or names an agent the simulation does not have.
/// </summary>
internal sealed record DemoCheck(string Vendor, IReadOnlyList<string> Metrics, int AgentDays, IReadOnlyList<string> Differences)
{
    public bool Agrees => Differences.Count == 0;

    /// <summary>
    /// The stable, machine-checkable line: <c>{vendor}: agrees with the simulation ({figures}; {n} agent-days)</c> or
    /// <c>{vendor}: DISAGREES with the simulation ({k} differences in {n} agent-days; first: …)</c>.
    /// </summary>
    public string Line => Agrees
        ? string.Create(CultureInfo.InvariantCulture, $"{Vendor}: agrees with the simulation ({string.Join(", ", Metrics)}; {AgentDays} agent-days)")
        : string.Create(CultureInfo.InvariantCulture, $"{Vendor}: DISAGREES with the simulation ({Differences.Count} difference{(Differences.Count == 1 ? string.Empty : "s")} in {AgentDays} agent-days; first: {Differences[0]})");

    public static DemoCheck Run(DemoPull pull, SimulatedContactCenter center, AgentStatisticsQuery query)
    {
        var byId = center.Agents.ToDictionary(pull.Vendor.AgentId, StringComparer.Ordinal);
        var differences = new List<string>();
        var seen = new HashSet<(string Agent, Instant Start)>();
        var metrics = DemoMetric.All.Where(m => pull.Records.Any(r => m.Reported(r) is not null)).ToArray();
        if (pull.Records.Count == 0)
        {
            differences.Add("no rows at all");
        }

        foreach (var record in pull.Records)
        {
            var day = Day(record.Period.Start, center.Zone);
            if (!byId.TryGetValue(record.AgentId, out var agent))
            {
                differences.Add($"a row for agent '{record.AgentId}', whom the simulation does not have");
                continue;
            }

            if (!seen.Add((record.AgentId, record.Period.Start)))
            {
                differences.Add($"agent {agent.Login} has two rows for {day}");
                continue;
            }

            var truth = center.GetTotals(agent, record.Period.Range);
            foreach (var metric in metrics)
            {
                if (metric.Reported(record) is { } reported && reported != metric.Truth(truth))
                {
                    differences.Add($"agent {agent.Login} on {day}: {metric.Name} {metric.Format(reported)} reported, {metric.Format(metric.Truth(truth))} simulated");
                }
            }
        }

        // Every agent-day with something in it must have come back.
        var allDays = query.Range.Split(Sdk.Aggregation.TimeBucket.Day, query.Calendar).ToArray();
        foreach (var agent in center.Agents)
        {
            foreach (var range in allDays)
            {
                var truth = center.GetTotals(agent, range);
                var active = truth.StaffedTime > Duration.Zero || truth.AnsweredCalls + truth.UnansweredCalls > 0;
                if (active && !seen.Contains((pull.Vendor.AgentId(agent), range.Start)))
                {
                    differences.Add($"no row for agent {agent.Login} on {Day(range.Start, center.Zone)}, a day the agent worked");
                }
            }
        }

        return new DemoCheck(pull.Id, metrics.Select(m => m.Name).ToArray(), seen.Count, differences);
    }

    private static string Day(Instant start, DateTimeZone zone) =>
        start.InZone(zone).Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
