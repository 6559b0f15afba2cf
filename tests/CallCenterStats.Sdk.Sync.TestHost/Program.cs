using CallCenterStats.Sdk.Sync.TestHost;

// Usage: CallCenterStats.Sdk.Sync.TestHost JOB.json [--resume] [--pause-at record:N | --pause-at store:N]
// Prints "cp <class> <n> <label>" at each checkpoint; at the chosen one prints "paused …" and blocks until killed.
// Ends with "done <rows>" (exit 0) or "error <type>: <message>" (exit 1).
var job = SyncJob.FromJson(File.ReadAllText(args[0]));
var resume = args.Contains("--resume");
var pauseAt = args.SkipWhile(a => a != "--pause-at").Skip(1).FirstOrDefault();
string? pauseClass = null;
var pauseIndex = 0;
if (pauseAt is not null)
{
    pauseClass = pauseAt[..pauseAt.IndexOf(':', StringComparison.Ordinal)];
    pauseIndex = int.Parse(pauseAt[(pauseAt.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

var counts = new Dictionary<string, int> { ["record"] = 0, ["store"] = 0 };
var gate = new object();
void Checkpoint(string label)
{
    lock (gate)
    {
        var kind = label == "record" ? "record" : "store";
        var n = ++counts[kind];
        if (kind == pauseClass && n == pauseIndex)
        {
            Console.Out.WriteLine($"paused {kind} {n} {label}");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}

try
{
    var result = await job.RunAsync(resume, Checkpoint);
    Console.Out.WriteLine($"done {result.RowsWritten}");
    return 0;
}
catch (Exception e)
{
    Console.Out.WriteLine($"error {e.GetType().Name}: {e.Message}");
    return 1;
}
