using System.CommandLine;
using CallCenterStats.Cli.Commands.Raw;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Thulium;
using NodaTime;

namespace CallCenterStats.Cli.Commands;

internal static partial class RawCommands
{
    /// <summary><c>ccstats thulium work-report</c>: agents_work_report, every page.</summary>
    private static Command Thulium(CliSession session)
    {
        var time = new TimeOptions(withBucket: false);
        var agents = Text("--agents", "Agent logins, comma-separated.", helpName: "LOGIN,LOGIN");
        var groups = Text("--agent-groups", "Agent group ids, comma-separated.", helpName: "ID,ID");
        var queues = Text("--queues", "Queue ids, comma-separated.", helpName: "ID,ID");
        var by = BucketOption(
            "Aggregate by minute, hour, day, week, month or year of Thulium's clock, or hour-of-day (default: the vendor's).",
            TimeBucket.Minute, TimeBucket.Hour, TimeBucket.Day, TimeBucket.Week, TimeBucket.Month, TimeBucket.Year, TimeBucket.HourOfDay);
        var threshold = new Option<int?>("--outbound-threshold") { Description = "Outbound calls shorter than this many seconds count as below the threshold.", HelpName = "SECONDS" };
        var pageSize = new Option<int?>("--page-size") { Description = $"Rows per page, 1 to {AgentsWorkReportRequest.MaxPageSize} (every page is fetched).", HelpName = "ROWS" };

        var raw = new RawCommand(ThuliumDescriptor.Instance, "work-report", "agents_work_report: each agent's calls, chats, tickets and pauses per period.");
        time.AddTo(raw.Command);
        AddAll(raw.Command, agents, groups, queues, by, threshold, pageSize);
        var json = CliJsonContext.Configured;
        var operation = raw.Build<ThuliumClient, List<AgentsWorkReportRow>>(
            session,
            (parse, client, ct) => client.GetAgentsWorkReportAsync(
                new AgentsWorkReportRequest
                {
                    Range = time.Range(parse),
                    AgentLogins = parse.GetValue(agents) is { } logins ? AgentsCommand.SplitList(logins, "--agents") : null,
                    AgentGroupIds = RawCommand.Ids(parse, groups),
                    QueueIds = RawCommand.Ids(parse, queues),
                    Aggregation = parse.GetValue(by),
                    OutboundThreshold = parse.GetValue(threshold) is { } seconds ? Duration.FromSeconds(seconds) : null,
                    PageSize = parse.GetValue(pageSize) ?? AgentsWorkReportRequest.MaxPageSize,
                },
                ct).ToListAsync(ct).AsTask(),
            json.ListAgentsWorkReportRow,
            rows => rows.Select(row => RawCommand.Row(row, json.AgentsWorkReportRow)));
        return Group(ThuliumDescriptor.Instance, operation);
    }
}
