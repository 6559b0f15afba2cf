using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using CallCenterStats.Sdk.Emulator;

namespace CallCenterStats.Cli.Commands;

/// <summary>
/// <c>ccstats emulator</c>: the emulator's own command line (<see cref="EmulatorCommandLine"/>) mounted as a subcommand:
/// serves the five vendor APIs on 127.0.0.1 until Ctrl+C, after printing each vendor's base URL and demo credentials.
/// </summary>
internal static class EmulatorCommand
{
    public static Command Create(CliSession session)
    {
        var server = EmulatorCommandLine.Create(session.Out);
        var command = new Command("emulator", server.Description);
        foreach (var option in server.Options)
        {
            if (option is HelpOption or VersionOption)
            {
                continue;
            }

            command.Options.Add(option);
        }

        var run = (AsynchronousCommandLineAction)server.Action!;
        command.SetAction((parse, cancellationToken) => session.RunAsync(
            parse,
            async ct =>
            {
                var code = await run.InvokeAsync(parse, ct).ConfigureAwait(false);

                // The emulator stops cleanly on Ctrl+C; the tool reports a stop by Ctrl+C as 130 like every command.
                return ct.IsCancellationRequested ? ExitCodes.Cancelled : code;
            },
            cancellationToken));
        return command;
    }
}
