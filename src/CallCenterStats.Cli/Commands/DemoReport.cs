using System.Globalization;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CallCenterStats.Cli.Commands;

/// <summary>The demo's printout: the agents' figures and KPIs, the vendors beside the simulation, a legend, the checks.</summary>
internal sealed class DemoReport(SimulatedContactCenter center, AgentStatisticsQuery query, IReadOnlyList<DemoPull> pulls, IReadOnlyList<DemoCheck> checks)
{
    public void Write(IAnsiConsole console)
    {
        // Each vendor's day rows rolled up (Core's roll-up: sums, KPIs from sums) to one row per agent for the week.
        var week = query with { Bucket = TimeBucket.None };
        var weekly = pulls.Select(p => (Pull: p, Rows: AgentStatisticsRollup.ToQuery(p.Records, week))).ToArray();
        var agents = center.Agents.Select(agent => Merge(agent, weekly.Select(w => w.Rows.FirstOrDefault(r => r.AgentId == w.Pull.Vendor.AgentId(agent))))).ToArray();
        var total = AgentStatisticsRollup.AcrossAgents(agents).SingleOrDefault();

        console.WriteLine();
        console.WriteLine($"Calls per agent, {Dates()} (each figure from the vendors that report it)");
        console.Write(AgentTable(agents, total, isCalls: true));
        console.WriteLine();
        console.WriteLine($"Time per agent, {Dates()} (hours:minutes:seconds)");
        console.Write(AgentTable(agents, total, isCalls: false));
        console.WriteLine();
        console.WriteLine("Per vendor: totals over all agents and days, beside the simulation's truth (– = the vendor does not report it)");
        console.Write(VendorTable(weekly.Select(w => (w.Pull, Total: AgentStatisticsRollup.AcrossAgents(w.Rows).SingleOrDefault())).ToArray()));
        console.WriteLine();
        foreach (var line in Legend)
        {
            console.WriteLine(line);
        }

        console.WriteLine();
        console.WriteLine($"Checks: each vendor's rows for each agent and day of {center.Zone.Id}, figure by figure, against what the simulated agents did:");
        foreach (var check in checks)
        {
            console.WriteLine(check.Line);
        }
    }

    private static readonly string[] Legend =
    [
        "How to read the figures:",
        "  Offered      calls that rang at the agent = handled + unanswered.",
        "  Handled      calls the agent answered. Unanswered: calls that rang at the agent and were not picked up",
        "               (the caller gave up or went on to another agent); they lower the answer rate.",
        "  Answer rate  handled / offered.",
        "  Talk         time spent talking to callers. Avg talk = talk / handled.",
        "  Avg handle   (talk + after-call work) / handled: what one call costs an agent.",
        "  Available    logged in and waiting for a call. On call: in a call. After-call work: wrap-up after a call.",
        "               Paused: breaks and training. DND: do not disturb. Offline: logged out.",
        "  Occupancy    (on call + after-call work) / (available + on call + after-call work): how busy agents were while",
        "               ready for calls.",
        "  –            not reported by any vendor for that agent: unknown, which is not zero. Voximplant reports states",
        "               but no call counts; Netaxis and Enswitch report calls and talk but no states; KPIs are computed",
        "               from summed figures, never averaged.",
    ];

    private string Dates() => string.Create(CultureInfo.InvariantCulture, $"{center.Dates.Start:uuuu-MM-dd} to {center.Dates.End:uuuu-MM-dd}");

    /// <summary>One agent's week: each figure from the first vendor (in the tool's order) that reports it.</summary>
    private AgentStatistics Merge(SimulatedAgent agent, IEnumerable<AgentStatistics?> rows)
    {
        var present = rows.OfType<AgentStatistics>().ToArray();
        T? First<T>(Func<AgentStatistics, T?> value)
            where T : struct => present.Select(value).FirstOrDefault(v => v.HasValue);
        return new AgentStatistics
        {
            Vendor = "demo",
            Account = AgentStatistics.DefaultAccount,
            AgentId = agent.Login,
            AgentName = present.Select(r => r.AgentName).FirstOrDefault(n => n is not null) ?? $"{agent.FirstName} {agent.LastName}",
            Period = new StatisticsPeriod(query.Range.Start, query.Range.End, TimeBucket.None, query.TimeZone),
            CallsHandled = First(r => r.CallsHandled),
            CallsUnanswered = First(r => r.CallsUnanswered),
            TalkTime = First(r => r.TalkTime),
            AvailableTime = First(r => r.AvailableTime),
            OnCallTime = First(r => r.OnCallTime),
            AfterCallWorkTime = First(r => r.AfterCallWorkTime),
            PausedTime = First(r => r.PausedTime),
            OfflineTime = First(r => r.OfflineTime),
            DoNotDisturbTime = First(r => r.DoNotDisturbTime),
        };
    }

    private static Table AgentTable(IReadOnlyList<AgentStatistics> agents, AgentStatistics? total, bool isCalls)
    {
        (string Header, Func<AgentStatistics, string> Value)[] columns = isCalls
            ?
            [
                ("Agent", r => r.AgentId),
                ("Name", r => r.AgentName ?? string.Empty),
                ("Offered", r => Formats.Count(r.CallsHandled + r.CallsUnanswered)),
                ("Handled", r => Formats.Count(r.CallsHandled)),
                ("Unanswered", r => Formats.Count(r.CallsUnanswered)),
                ("Answer rate", r => Formats.Percent(r.AnswerRate)),
                ("Talk", r => Formats.Time(r.TalkTime)),
                ("Avg talk", r => Formats.Time(r.AverageTalkTime)),
                ("Avg handle", r => Formats.Time(r.AverageHandleTime)),
            ]
            :
            [
                ("Agent", r => r.AgentId),
                ("Available", r => Formats.Time(r.AvailableTime)),
                ("On call", r => Formats.Time(r.OnCallTime)),
                ("After-call work", r => Formats.Time(r.AfterCallWorkTime)),
                ("Paused", r => Formats.Time(r.PausedTime)),
                ("DND", r => Formats.Time(r.DoNotDisturbTime)),
                ("Offline", r => Formats.Time(r.OfflineTime)),
                ("Occupancy", r => Formats.Percent(r.Occupancy)),
            ];

        var table = new Table().Border(TableBorder.Rounded).ShowFooters();
        foreach (var (header, value) in columns)
        {
            var footer = total is null ? string.Empty : header switch
            {
                "Agent" => "All agents",
                "Name" => string.Empty,
                _ => value(total),
            };
            table.AddColumn(new TableColumn(new Text(header))
            {
                Alignment = header is "Agent" or "Name" ? Justify.Left : Justify.Right,
                Footer = new Text(footer),
                NoWrap = true,
            });
        }

        foreach (var agent in agents)
        {
            table.AddRow(columns.Select(c => (IRenderable)new Text(c.Value(agent))).ToArray());
        }

        return table;
    }

    private Table VendorTable(IReadOnlyList<(DemoPull Pull, AgentStatistics? Total)> vendors)
    {
        var truth = center.Agents.Select(a => center.GetTotals(a, query.Range)).ToArray();
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn(new Text("Figure")) { NoWrap = true });
        table.AddColumn(new TableColumn(new Text("Simulation")) { Alignment = Justify.Right, NoWrap = true });
        foreach (var (pull, _) in vendors)
        {
            table.AddColumn(new TableColumn(new Text(pull.Vendor.Descriptor.DisplayName)) { Alignment = Justify.Right, NoWrap = true });
        }

        foreach (var metric in DemoMetric.All)
        {
            var cells = new List<IRenderable>
            {
                new Text(char.ToUpperInvariant(metric.Name[0]) + metric.Name[1..]),
                new Text(metric.Format(truth.Sum(metric.Truth))),
            };
            cells.AddRange(vendors.Select(v => (IRenderable)new Text(v.Total is not null && metric.Reported(v.Total) is { } value ? metric.Format(value) : Formats.Unknown)));
            table.AddRow(cells);
        }

        table.AddRow([new Text("Rows (agent-days)"), new Text(string.Empty), .. vendors.Select(v => (IRenderable)new Text(Formats.Count(v.Pull.Records.Count)))]);
        table.AddRow([new Text("Requests"), new Text(string.Empty), .. vendors.Select(v => (IRenderable)new Text(Formats.Count(v.Pull.Requests)))]);
        return table;
    }
}
