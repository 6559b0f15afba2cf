using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using CallCenterStats.Sdk.Benchmarks;

// Interleaved harnesses (the published tables, floor and SDK side by side in every round):
//   dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- voximplant [--rounds N] [--sizes 2,20,100]
//   dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- vcclive [rounds] [MiB] [memory MB…]
//   CCSTATS_THULIUM_ROUNDS=7 dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- --filter '*ThuliumInterleaved*'
//   dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- sync-interleaved [rounds] [rows]   (benchmarks/Sync.md)
// The sync store alone, round after round, to attach a profiler:
//   dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- sync-store [rounds] [rows]
// CI's short mode (proves every benchmark still runs and still checks its results; no figure is judged):
//   dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- quick
// BenchmarkDotNet classes (floor as [Baseline], [MemoryDiagnoser]):
//   dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- --filter '*'
switch (args.FirstOrDefault())
{
    case "voximplant":
        await VoximplantInterleaved.RunAsync(args[1..]);
        return 0;
    case "vcclive":
        await VccLiveInterleavedHarness.RunAsync(args[1..]);
        return 0;
    case "sync-interleaved" or "sync-store":
        await SyncBenchmarks.RunInterleavedAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000,
            withFloor: args[0] == "sync-interleaved");
        return 0;
    case "quick":
        await VoximplantInterleaved.RunAsync(["--quick"]);
        await VccLiveInterleavedHarness.RunAsync(["1", "1", "none"]);
        await SyncBenchmarks.RunInterleavedAsync(rounds: 1, rows: 20_000);
        Environment.SetEnvironmentVariable("CCSTATS_THULIUM_ROUNDS", "1");
        var harness = BenchmarkRunner.Run<ThuliumInterleavedBenchmarks>();
        // Every BenchmarkDotNet class once, in this process (no separate build per class).
        var dry = DefaultConfig.Instance.AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance)).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var classes = typeof(RollupBenchmarks).Assembly.GetTypes()
            .Where(type => type != typeof(ThuliumInterleavedBenchmarks) && type.IsPublic && !type.IsAbstract
                && type.GetMethods().Any(method => method.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
            .ToArray();
        var summaries = BenchmarkRunner.Run(classes, dry);
        var failed = summaries.Append(harness).Where(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)).ToList();
        foreach (var summary in failed)
        {
            Console.Error.WriteLine($"benchmark failed: {summary.Title}");
        }

        Console.WriteLine($"quick: {summaries.Length + 1} benchmark classes and 3 harnesses ran, {failed.Count} failed");
        return failed.Count == 0 ? 0 : 1;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(RollupBenchmarks).Assembly).Run(args);
        return 0;
}
