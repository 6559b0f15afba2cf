using BenchmarkDotNet.Running;
using CallCenterStats.Sdk.Benchmarks;

// Run all: dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- --filter '*'
// Sync, floor and store interleaved (wall and CPU rows/s, for a shared machine): ... -- sync-interleaved [rounds] [rows]
// The store alone, round after round (to attach a profiler):                  ... -- sync-store [rounds] [rows]
if (args is ["sync-interleaved" or "sync-store", ..])
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var rows = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
    await SyncBenchmarks.RunInterleavedAsync(rounds, rows, withFloor: args[0] == "sync-interleaved");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EnvelopeStreamingBenchmarks).Assembly).Run(args);
