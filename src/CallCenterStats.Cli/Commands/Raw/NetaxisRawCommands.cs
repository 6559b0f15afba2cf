using System.CommandLine;
using CallCenterStats.Cli.Commands.Raw;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Netaxis;
using NodaTime;

namespace CallCenterStats.Cli.Commands;

internal static partial class RawCommands
{
    /// <summary><c>ccstats netaxis statistics</c> and <c>ccstats netaxis reporting get|set</c>.</summary>
    private static Command Netaxis(CliSession session)
    {
        var json = CliJsonContext.Configured;

        var statistics = CallCenterCommand("statistics", "A call center's statistics over a range: the queue's and each agent's.", out var callCenter);
        var time = new TimeOptions(withBucket: false);
        time.AddTo(statistics.Command);
        var statisticsCommand = statistics.Build<NetaxisClient, CallCenterStatistics>(
            session,
            (parse, client, ct) => client.GetStatisticsAsync(new CallCenterStatisticsRequest { CallCenter = callCenter(parse), Range = time.Range(parse) }, ct),
            json.CallCenterStatistics,
            result => result.Agents.Select(agent => RawCommand.Row(agent, json.CallCenterAgentStatistics)));

        var get = CallCenterCommand("get", "Reads a call center's statistics reporting settings.", out var getCallCenter);
        var getCommand = get.Build<NetaxisClient, StatisticsReporting>(
            session,
            (parse, client, ct) => client.GetStatisticsReportingAsync(getCallCenter(parse), ct),
            json.StatisticsReporting,
            result => [RawCommand.Row(result, json.StatisticsReporting)]);

        var set = CallCenterCommand("set", "Changes a call center's statistics reporting settings (only what is given) and prints them as they are after the change.", out var setCallCenter);
        var daily = new Option<bool?>("--generate-daily-report") { Description = "Whether APIO mails a daily report (true or false)." };
        var period = new Option<int?>("--collection-period") { Description = "The collection period in minutes.", HelpName = "MINUTES" };
        var email1 = Text("--email1", "The first reporting e-mail address, or 'clear' to remove it.", helpName: "ADDRESS|clear");
        var email2 = Text("--email2", "The second reporting e-mail address, or 'clear' to remove it.", helpName: "ADDRESS|clear");
        AddAll(set.Command, daily, period, email1, email2);
        var setCommand = set.Build<NetaxisClient, StatisticsReporting>(
            session,
            (parse, client, ct) => client.SetStatisticsReportingAsync(
                setCallCenter(parse),
                new StatisticsReportingUpdate
                {
                    GenerateDailyReport = parse.GetValue(daily),
                    CollectionPeriod = parse.GetValue(period) is { } minutes ? Duration.FromMinutes(minutes) : null,
                    ReportingEmailAddress1 = Email(parse.GetValue(email1)),
                    ReportingEmailAddress2 = Email(parse.GetValue(email2)),
                },
                ct),
            json.StatisticsReporting,
            result => [RawCommand.Row(result, json.StatisticsReporting)]);

        var reporting = new Command("reporting", "A call center's statistics reporting settings: get or set.");
        reporting.Subcommands.Add(getCommand);
        reporting.Subcommands.Add(setCommand);
        return Group(NetaxisDescriptor.Instance, statisticsCommand, reporting);
    }

    private static RawCommand CallCenterCommand(string name, string description, out Func<ParseResult, CallCenterId> callCenter)
    {
        var raw = new RawCommand(NetaxisDescriptor.Instance, name, description);
        var tenant = Text("--tenant", "The tenant.", required: true);
        var group = Text("--group", "The group.", required: true);
        var center = Text("--call-center", "The call center's name (name@domain).", required: true, helpName: "NAME");
        AddAll(raw.Command, tenant, group, center);
        callCenter = parse =>
        {
            try
            {
                return new CallCenterId(Required(parse, tenant), Required(parse, group), Required(parse, center));
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message, ex);
            }
        };
        return raw;
    }

    private static EmailAddressUpdate Email(string? value) => value switch
    {
        null => EmailAddressUpdate.Unchanged,
        _ when string.Equals(value, "clear", StringComparison.OrdinalIgnoreCase) => EmailAddressUpdate.Clear,
        _ => EmailAddressUpdate.Set(value),
    };
}
