using System.CommandLine;
using System.Text.Json;
using CallCenterStats.Cli.Commands.Raw;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Enswitch;

namespace CallCenterStats.Cli.Commands;

internal static partial class RawCommands
{
    /// <summary><c>ccstats enswitch statistics</c>: queues/destinations/statistics/get for a queue or one destination.</summary>
    private static Command Enswitch(CliSession session)
    {
        var queue = new Option<long?>("--queue") { Description = "A queue id: the statistics of each of its destinations.", HelpName = "ID" };
        var destination = new Option<long?>("--destination") { Description = "A destination id: its statistics alone.", HelpName = "ID" };
        var time = new TimeOptions(withBucket: false);
        var raw = new RawCommand(EnswitchDescriptor.Instance, "statistics", "Queue destination statistics (one agent each) over a range, for a queue or one destination.");
        AddAll(raw.Command, queue, destination);
        time.AddTo(raw.Command);
        ExactlyOne(raw.Command, queue, destination);
        var json = CliJsonContext.Configured;
        var operation = raw.Build<EnswitchClient, IReadOnlyList<DestinationStatistics>>(
            session,
            async (parse, client, ct) => parse.GetValue(queue) is { } q
                ? await client.GetQueueStatisticsAsync(new QueueStatisticsRequest { Queue = q, Range = time.Range(parse) }, ct)
                : [await client.GetDestinationStatisticsAsync(new DestinationStatisticsRequest { Destination = parse.GetValue(destination)!.Value, Range = time.Range(parse) }, ct)],
            json.IReadOnlyListDestinationStatistics,
            rows => rows.Select(row => RawCommand.Row(row, json.DestinationStatistics)));
        return Group(EnswitchDescriptor.Instance, operation);
    }
}
