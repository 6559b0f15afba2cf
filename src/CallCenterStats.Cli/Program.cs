using System.Runtime.InteropServices;
using CallCenterStats.Cli;

// ccstats: see README.md. Ctrl+C (SIGINT) or SIGTERM cancels the running command, which stops cleanly and exits with 130.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks for a clean stop; a second one ends the process at once.
    if (!stop.IsCancellationRequested)
    {
        e.Cancel = true;
        stop.Cancel();
    }
};

// SIGTERM (a service manager, `kill`) stops as cleanly as Ctrl+C; the emulator's web host would otherwise swallow it.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await Ccstats.RunAsync(args, CliConsole.FromSystemConsole(), stop.Token).ConfigureAwait(false);
