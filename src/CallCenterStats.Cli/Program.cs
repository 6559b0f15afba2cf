using CallCenterStats.Cli;

// ccstats: see README.md. Ctrl+C cancels the running command, which stops cleanly and exits with 130.
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

return await Ccstats.RunAsync(args, CliConsole.FromSystemConsole(), stop.Token).ConfigureAwait(false);
