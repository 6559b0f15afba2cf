using System.CommandLine;
using CallCenterStats.Cli.Commands.Raw;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Voximplant;

namespace CallCenterStats.Cli.Commands;

internal static partial class RawCommands
{
    /// <summary><c>ccstats voximplant operator-status</c>: GetACDOperatorStatusStatistics.</summary>
    private static Command Voximplant(CliSession session)
    {
        var time = new TimeOptions(withBucket: false, zoneDescription: "The IANA time zone --from and --to are read in (default UTC; Voximplant itself buckets in UTC).");
        var users = Text("--users", "Voximplant user ids, comma-separated (default: all users).", helpName: "ID,ID");
        var statuses = Text("--statuses", $"ACD statuses, comma-separated: {string.Join(", ", AcdStatus.WellKnown)} (default: all).", helpName: "STATUS,STATUS");
        var by = BucketOption("Aggregate by UTC hour or day, or none for the whole range (default: the vendor's).", TimeBucket.None, TimeBucket.Hour, TimeBucket.Day);
        var group = Text("--group", "Group the answer by agent (user) or by period (default: the vendor's).", helpName: "user|period");
        group.AcceptOnlyFromAmong("user", "period");

        var raw = new RawCommand(VoximplantDescriptor.Instance, "operator-status", "GetACDOperatorStatusStatistics: time each user spent in each ACD status.");
        time.AddTo(raw.Command);
        AddAll(raw.Command, users, statuses, by, group);
        var json = CliJsonContext.Configured;
        var operation = raw.Build<VoximplantClient, AcdOperatorStatusStatistics>(
            session,
            (parse, client, ct) => client.GetAcdOperatorStatusStatisticsAsync(
                new AcdOperatorStatusStatisticsRequest
                {
                    Range = time.Range(parse),
                    UserIds = RawCommand.Ids(parse, users),
                    Statuses = parse.GetValue(statuses) is { } list ? AgentsCommand.SplitList(list, "--statuses").Select(s => new AcdStatus(s.ToUpperInvariant())).ToArray() : null,
                    Aggregation = parse.GetValue(by),
                    Group = parse.GetValue(group) switch
                    {
                        "user" => StatisticsGrouping.ByAgent,
                        "period" => StatisticsGrouping.ByPeriod,
                        _ => null,
                    },
                },
                ct),
            json.AcdOperatorStatusStatistics,
            result => result.Flatten().Select(row => RawCommand.Row(row, json.AcdStatisticsRow)));
        return Group(VoximplantDescriptor.Instance, operation);
    }
}
