using System.CommandLine;
using System.Runtime.CompilerServices;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Unified;

namespace CallCenterStats.Cli.Commands;

/// <summary><c>ccstats agents</c>: unified rows (one per agent and period) for every account of one vendor.</summary>
internal static class AgentsCommand
{
    public static Command Create(CliSession session)
    {
        var selection = new VendorSourceOptions();
        var time = new TimeOptions();
        var format = new Option<string>("--format")
        {
            Description = "table (for people), csv or json (the unified columns; see README).",
            HelpName = "table|csv|json",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var output = new Option<string>("--output")
        {
            Description = "Write to this file instead of standard output (written whole or not at all).",
            HelpName = "FILE",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the requests the pull would make, one per line, and make none." };

        var command = new Command("agents", "Agent statistics from one vendor in the unified shape: one row per agent and period, as a table, CSV or JSON. Every account of the vendor in --config is pulled.");
        selection.AddSelectionTo(command);
        time.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(dryRun);
        selection.AddConnectionTo(command);
        command.SetAction((parse, cancellationToken) => session.RunAsync(
            parse,
            ct => RunAsync(session, parse, new Inputs(selection, time, format, output, dryRun), ct),
            cancellationToken));
        return command;
    }

    private sealed record Inputs(
        VendorSourceOptions Selection,
        TimeOptions Time,
        Option<string> Format,
        Option<string> Output,
        Option<bool> DryRun);

    private static async Task<int> RunAsync(CliSession session, ParseResult parse, Inputs o, CancellationToken cancellationToken)
    {
        var selection = o.Selection.Resolve(parse, session);
        var query = new AgentStatisticsQuery
        {
            Range = o.Time.Range(parse),
            Bucket = parse.GetValue(o.Time.Bucket!),
            TimeZone = parse.GetValue(o.Time.TimeZone)!,
            Agents = selection.Agents,
            VendorFilters = selection.Filters,
        };

        await using var services = selection.BuildServices(session);
        var sources = selection.Sources(services);

        // Every account's plan is checked before the first request: a query the vendor cannot answer fails as usage.
        var plans = sources.Select(s => (Source: s, Requests: s.Plan(query))).ToArray();
        if (parse.GetValue(o.DryRun))
        {
            foreach (var request in plans.SelectMany(p => p.Requests))
            {
                await session.Out.WriteLineAsync(request.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        var format = parse.GetValue(o.Format);
        await using var target = OutputTarget.Open(session, parse.GetValue(o.Output));

        // Progress would tear rows printed to the same terminal; a table is printed once pulled, so it may have progress.
        var showProgress = format == "table" || !target.IsStandardOutput || !session.Console.IsOutputTerminal;
        await ProgressDisplay.RunAsync(session, showProgress, async line =>
        {
            var records = PullAsync(sources, query, line, cancellationToken);
            switch (format)
            {
                case "csv":
                    await AgentStatisticsWriter.WriteCsvAsync(records, target.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case "json":
                    await AgentStatisticsWriter.WriteJsonAsync(records, target.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var all = await records.ToListAsync(cancellationToken).ConfigureAwait(false);
                    var writer = target.IsStandardOutput ? session.Out : new StreamWriter(target.Stream, leaveOpen: true) { NewLine = "\n" };
                    var width = target.IsStandardOutput && session.Console.IsOutputTerminal ? session.Console.TerminalWidth : null;
                    StatisticsTable.Write(CliSession.CreateTableConsole(writer, width), all, query.TimeZone, query.Bucket);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (!target.IsStandardOutput)
                    {
                        await writer.DisposeAsync().ConfigureAwait(false);
                    }

                    break;
            }

            return 0;
        }).ConfigureAwait(false);

        target.Commit();
        return ExitCodes.Ok;
    }

    private static async IAsyncEnumerable<AgentStatistics> PullAsync(
        IReadOnlyList<IAgentStatisticsSource> sources,
        AgentStatisticsQuery query,
        Func<string, IProgressLine> progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            var name = $"{source.Vendor}/{source.Account}";
            var line = progress($"{name}: pulling…");
            long count = 0;
            await foreach (var record in source.GetAgentStatisticsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                count++;
                if (count % 50 == 0)
                {
                    line.Update($"{name}: {count} rows…");
                }

                yield return record;
            }

            line.Done($"{name}: {count} rows");
        }
    }

    /// <summary>Splits a comma-separated list, refusing empty items.</summary>
    internal static string[] SplitList(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.Any(i => i.Length == 0))
        {
            throw new UsageException($"{option}: '{text}' has an empty item (ids are separated by single commas).");
        }

        return items;
    }
}
