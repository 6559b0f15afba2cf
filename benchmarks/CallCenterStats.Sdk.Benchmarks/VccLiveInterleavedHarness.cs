using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CallCenterStats.Sdk.VccLive;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// VCC Live's issue-15 figures, measured side by side: the floor, the SDK and the limit run one after the other within
/// each round (the order reversed every other round), and each ratio is the median of the per-round ratios, so load
/// from other processes on a shared 2-core machine hits both sides of a ratio alike. BenchmarkDotNet
/// (<see cref="VccLiveJsonBenchmarks"/>, <see cref="VccLiveDelimitedBenchmarks"/>) runs all iterations of one method
/// before the next: a load change between them skews its ratio, hence this harness for the published table.
/// First the memory runs: 100 MB and 500 MB answers generated as they are read, peak managed memory sampled.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- vcclive [rounds] [MiB] [memory MB…]</c>
/// (defaults: 9 rounds of 16 MiB, then 100 and 500 MB; <c>none</c> skips the memory runs).
/// </remarks>
public static class VccLiveInterleavedHarness
{
    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        var mib = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        long[] memorySizes = args.Length > 2 ? [.. args[2..].Where(a => a != "none").Select(a => long.Parse(a, CultureInfo.InvariantCulture))] : [100, 500];

        Console.WriteLine($"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, {CpuModel()}");
        Console.WriteLine($"GC: server={System.Runtime.GCSettings.IsServerGC}, concurrent={AppContext.TryGetSwitch("System.GC.Concurrent", out var c) && c}; load average at start: {LoadAverage()}");

        // Memory first, in a heap that holds nothing else yet (the comparisons keep their payloads in memory).
        Console.WriteLine();
        Console.WriteLine("| format | answer | case | managed MB before | peak managed MB | ms/MiB (wall) | allocated B/byte | gen0/gen1/gen2 |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---|");
        foreach (var format in (UserBasedStatisticsFormat[])[UserBasedStatisticsFormat.Json, UserBasedStatisticsFormat.Tab, UserBasedStatisticsFormat.Csv])
        {
            foreach (var megabytes in memorySizes)
            {
                await MemoryAsync(format, megabytes * 1_000_000).ConfigureAwait(false);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{rounds} interleaved rounds of {mib} MiB per format; medians; ratio = SDK / floor (median of per-round ratios).");
        Console.WriteLine();
        Console.WriteLine("| format | case | wall ms | CPU ms | ms/MiB (CPU) | allocated MB | B/row | SDK/floor wall | SDK/floor CPU | SDK/floor alloc |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var format in (UserBasedStatisticsFormat[])[UserBasedStatisticsFormat.Json, UserBasedStatisticsFormat.Tab, UserBasedStatisticsFormat.Csv])
        {
            await CompareAsync(format, rounds, mib * 1024L * 1024).ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.WriteLine($"load average at end: {LoadAverage()}");
    }

    private static async Task CompareAsync(UserBasedStatisticsFormat format, int rounds, long bytes)
    {
        var body = VccLivePayloads.Build(format, bytes);
        var bare = format == UserBasedStatisticsFormat.Json ? VccLivePayloads.Build(format, bytes, bareArray: true) : body;
        using var client = VccLivePayloads.Client(VccLivePayloads.Handler(() => new MemoryStream(body, writable: false)));
        var request = VccLivePayloads.Request(format);
        var separator = format == UserBasedStatisticsFormat.Tab ? '\t' : ',';
        var rows = await CountAsync(client, request).ConfigureAwait(false);
        var cases = new (string Name, Func<Task<long>> Run)[]
        {
            ("floor", () => format == UserBasedStatisticsFormat.Json
                ? VccLivePayloads.JsonFloorAsync(new MemoryStream(bare, writable: false))
                : VccLivePayloads.DelimitedFloorAsync(new MemoryStream(body, writable: false), separator)),
            ("SDK", () => VccLivePayloads.SdkAsync(client, request)),
            ("limit", () => format == UserBasedStatisticsFormat.Json
                ? Task.FromResult(VccLivePayloads.JsonLimit(body))
                : VccLivePayloads.DelimitedLimitAsync(new MemoryStream(body, writable: false), separator)),
        };

        // Warm-up: enough runs for tiered compilation to reach its optimized code (dynamic PGO included).
        for (var i = 0; i < 8; i++)
        {
            foreach (var (_, run) in cases)
            {
                await run().ConfigureAwait(false);
            }
        }

        var results = cases.Select(_ => new List<Measurement>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0];
            foreach (var i in order)
            {
                results[i].Add(await MeasureAsync(cases[i].Run).ConfigureAwait(false));
            }
        }

        var mib = bytes / (1024.0 * 1024);
        for (var i = 0; i < cases.Length; i++)
        {
            var m = results[i];
            var wall = Median(m.Select(x => x.WallMs));
            var cpu = Median(m.Select(x => x.CpuMs));
            var allocated = Median(m.Select(x => (double)x.AllocatedBytes));
            var ratios = i == 0 ? "" : string.Create(
                CultureInfo.InvariantCulture,
                $" {Median(m.Select((x, r) => x.WallMs / results[0][r].WallMs)):0.00}× | {Median(m.Select((x, r) => x.CpuMs / results[0][r].CpuMs)):0.00}× | {allocated / Median(results[0].Select(x => (double)x.AllocatedBytes)):0.00}× |");
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {format} | {cases[i].Name} | {wall:0} | {cpu:0} | {cpu / mib:0.0} | {allocated / 1e6:0.0} | {allocated / rows:0} |{(ratios.Length == 0 ? " | | |" : ratios)}"));
        }
    }

    private static async Task<long> CountAsync(VccLiveClient client, UserBasedStatisticsRequest request)
    {
        long rows = 0;
        await foreach (var _ in client.GetUserBasedStatisticsAsync(request).ConfigureAwait(false))
        {
            rows++;
        }

        return rows;
    }

    private static async Task MemoryAsync(UserBasedStatisticsFormat format, long bytes)
    {
        var separator = format == UserBasedStatisticsFormat.Tab ? '\t' : ',';
        using var client = VccLivePayloads.Client(VccLivePayloads.Handler(() => VccLivePayloads.Stream(format, bytes)));
        var request = VccLivePayloads.Request(format);
        var cases = new (string Name, Func<Task<long>> Run)[]
        {
            ("floor", () => format == UserBasedStatisticsFormat.Json
                ? VccLivePayloads.JsonFloorAsync(VccLivePayloads.Stream(format, bytes, bareArray: true))
                : VccLivePayloads.DelimitedFloorAsync(VccLivePayloads.Stream(format, bytes), separator)),
            ("SDK", () => VccLivePayloads.SdkAsync(client, request)),
        };
        foreach (var (name, run) in cases)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var gens = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var before = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            using var stop = new CancellationTokenSource();
            var sampler = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    Thread.Sleep(1);
                }
            }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            sampler.Start();
            var m = await MeasureAsync(run).ConfigureAwait(false);
            stop.Cancel();
            sampler.Join();
            var mib = bytes / (1024.0 * 1024);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {format} | {bytes / 1_000_000} MB | {name} | {before / (1024.0 * 1024):0.0} | {peak / (1024.0 * 1024):0.0} | {m.WallMs / mib:0.0} | {(double)m.AllocatedBytes / bytes:0.00} | {GC.CollectionCount(0) - gens.Item1}/{GC.CollectionCount(1) - gens.Item2}/{GC.CollectionCount(2) - gens.Item3} |"));
        }
    }

    private static async Task<Measurement> MeasureAsync(Func<Task<long>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        wall.Stop();
        process.Refresh();
        return new Measurement(
            wall.Elapsed.TotalMilliseconds,
            (process.TotalProcessorTime - cpu).TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

    private readonly record struct Measurement(double WallMs, double CpuMs, long AllocatedBytes);
}
