using System.CommandLine;
using CallCenterStats.Cli.Commands;

namespace CallCenterStats.Cli;

/// <summary>The tool's entry point: builds the command tree from the registrations below, parses, runs.</summary>
internal static class Ccstats
{
    /// <summary>
    /// The commands, in the order <c>ccstats --help</c> lists them. A command is one factory here; <c>agents</c> and
    /// <c>sync</c> share <see cref="VendorSourceOptions"/> (the vendor, agents, connection options, environment variables
    /// and <c>--config</c>, and the sources).
    /// </summary>
    internal static IReadOnlyList<Func<CliSession, Command>> Commands { get; } =
    [
        DemoCommand.Create,
        AgentsCommand.Create,
        SyncCommand.Create,
        EmulatorCommand.Create,
        .. RawCommands.All,
    ];

    /// <summary>Runs the tool with <paramref name="args"/> on <paramref name="console"/>.</summary>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var session = new CliSession(console);
        var root = CreateRootCommand(session);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            session.WriteError("ccstats: error: " + DescribeParseErrors(parse, args));
            session.WriteError($"Run '{HelpCommandLine(parse)}' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = session.Out,
            Error = console.StandardError,
            EnableDefaultExceptionHandler = false,

            // Ctrl+C is the host's (Program.cs): it cancels the token, the command stops cleanly and returns 130.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the command tree.</summary>
    internal static RootCommand CreateRootCommand(CliSession session)
    {
        var root = new RootCommand(
            "ccstats: agent statistics from Voximplant, VCC Live, Netaxis APIO, Enswitch and Thulium in one shape. "
            + "Start with 'ccstats demo'.");
        root.Options.Add(session.VerboseOption);
        foreach (var create in Commands)
        {
            root.Subcommands.Add(create(session));
        }

        return root;
    }

    /// <summary>
    /// One line for the parse errors. A word that follows an unknown option is not echoed: it is that option's value,
    /// perhaps a password typed after a misspelt <c>--pasword</c>.
    /// </summary>
    private static string DescribeParseErrors(ParseResult parse, IReadOnlyList<string> args)
    {
        var unmatched = parse.UnmatchedTokens;
        if (unmatched.Count > 0)
        {
            var shown = new List<string>();
            var hidden = 0;
            for (var i = 0; i < args.Count; i++)
            {
                if (!unmatched.Contains(args[i]))
                {
                    continue;
                }

                if (!args[i].StartsWith('-') && i > 0 && args[i - 1].StartsWith('-') && unmatched.Contains(args[i - 1]))
                {
                    hidden++;
                }
                else
                {
                    shown.Add(args[i].StartsWith('-') ? $"unknown option '{args[i]}'" : $"unexpected argument '{args[i]}'");
                }
            }

            if (hidden > 0)
            {
                shown.Add($"{hidden} value{(hidden > 1 ? "s" : string.Empty)} after an unknown option (not shown, in case {(hidden > 1 ? "they hold" : "it holds")} a secret)");
            }

            return string.Join("; ", shown.Distinct(StringComparer.Ordinal)) + ".";
        }

        var first = CliSession.OneLine(parse.Errors[0].Message);
        return parse.Errors.Count > 1 ? $"{first} (and {parse.Errors.Count - 1} more)" : first;
    }

    private static string HelpCommandLine(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "ccstats" : result.Command.Name);
        }

        return string.Join(' ', names) + " --help";
    }
}
