using System.CommandLine;
using CallCenterStats.Cli.Commands.Raw;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;

namespace CallCenterStats.Cli.Commands;

internal static partial class RawCommands
{
    /// <summary><c>ccstats vcclive userbased</c>: statistics/userbased.</summary>
    private static Command VccLive(CliSession session)
    {
        var from = new Option<PointInTime>("--from") { Description = "First day, yyyy-MM-dd (a day of the call centre's TimeZone).", Required = true, HelpName = "DATE", CustomParser = DateOnly("--from") };
        var to = new Option<PointInTime>("--to") { Description = "The day after the last one, yyyy-MM-dd (--to is exclusive, as everywhere in ccstats).", Required = true, HelpName = "DATE", CustomParser = DateOnly("--to") };
        var dimensions = Text("--dimensions", "Break down by these, comma-separated: project, user, date, time.", required: true, helpName: "project,user,date,time");
        var projects = Text("--projects", "Project ids, comma-separated.", helpName: "ID,ID");
        var users = Text("--users", "User ids, comma-separated.", helpName: "ID,ID");
        var hideSystemUsers = new Option<bool?>("--hide-system-users") { Description = "Leave out system users (true or false; default: the vendor's)." };
        var fields = Text("--fields", $"KPIs, comma-separated (e.g. {string.Join(", ", UserBasedKpi.WellKnown.Take(4))}; default: the vendor's).", helpName: "KPI,KPI");
        var preset = new Option<long?>("--preset") { Description = "A saved statistics preset id." };
        var wireFormat = Text("--wire-format", "The format VCC Live answers in: json (default), tab or csv; the result is the same rows.", helpName: "json|tab|csv");
        wireFormat.AcceptOnlyFromAmong("json", "tab", "csv");

        var raw = new RawCommand(VccLiveDescriptor.Instance, "userbased", "statistics/userbased: KPIs per user (and project, date, time slot).");
        AddAll(raw.Command, from, to, dimensions, projects, users, hideSystemUsers, fields, preset, wireFormat);
        var json = CliJsonContext.Configured;
        var operation = raw.Build<VccLiveClient, List<UserBasedStatisticsRow>>(
            session,
            async (parse, client, ct) =>
            {
                var first = parse.GetValue(from).Local.Date;
                var end = parse.GetValue(to).Local.Date;
                if (end <= first)
                {
                    throw new UsageException("--to must be after --from (--to is exclusive: --from 2024-03-11 --to 2024-03-12 is one day).");
                }

                var request = new UserBasedStatisticsRequest
                {
                    Range = new DateRange(first, end.PlusDays(-1)),
                    Dimensions = AgentsCommand.SplitList(parse.GetValue(dimensions)!, "--dimensions").Aggregate(UserBasedStatisticsDimensions.None, (all, name) => all | Dimension(name)),
                    Projects = RawCommand.Ids(parse, projects),
                    Users = RawCommand.Ids(parse, users),
                    HideSystemUsers = parse.GetValue(hideSystemUsers),
                    Fields = parse.GetValue(fields) is { } list ? AgentsCommand.SplitList(list, "--fields").Select(f => new UserBasedKpi(f)).ToArray() : null,
                    Preset = parse.GetValue(preset),
                    Format = parse.GetValue(wireFormat) switch
                    {
                        "tab" => UserBasedStatisticsFormat.Tab,
                        "csv" => UserBasedStatisticsFormat.Csv,
                        _ => UserBasedStatisticsFormat.Json,
                    },
                };
                return await client.GetUserBasedStatisticsAsync(request, ct).ToListAsync(ct);
            },
            json.ListUserBasedStatisticsRow,
            rows => rows.Select(row => RawCommand.Row(row, json.UserBasedStatisticsRow)));
        return Group(VccLiveDescriptor.Instance, operation);
    }

    private static UserBasedStatisticsDimensions Dimension(string name) => name.ToUpperInvariant() switch
    {
        "PROJECT" => UserBasedStatisticsDimensions.Project,
        "USER" => UserBasedStatisticsDimensions.User,
        "DATE" => UserBasedStatisticsDimensions.Date,
        "TIME" => UserBasedStatisticsDimensions.Time,
        _ => throw new UsageException($"--dimensions: '{name}' is not one of project, user, date, time."),
    };

    private static Func<System.CommandLine.Parsing.ArgumentResult, PointInTime> DateOnly(string name) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (PointInTime.Parse(text) is { IsDate: true } date)
        {
            return date;
        }

        result.AddError($"{name}: '{text}' is not a date (yyyy-MM-dd).");
        return default;
    };
}
