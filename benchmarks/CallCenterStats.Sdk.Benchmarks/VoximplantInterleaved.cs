using System.Diagnostics;
using System.Globalization;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// The Voximplant targets of issue 15, measured side by side: for each shape and size, rounds in which the floor, the
/// SDK, Newtonsoft.Json and the limit each read the same answer once (in a rotating order, after a full collection, so
/// none inherits another's garbage). Ratios are medians of per-round ratios, so a burst of load on a shared machine
/// moves a round's four figures together and not the ratio.
/// </summary>
/// <remarks>
/// Why not BenchmarkDotNet alone: it runs each case in its own process, one after the other; on a 2-core machine shared
/// with other builds the load changes between the floor's run and the SDK's, and the ratio with it.
/// Allocation is <see cref="GC.GetTotalAllocatedBytes"/> across the process (the in-process server's share is small
/// and the same for all four). CPU time is the process's (client, in-process server and GC threads): on a machine
/// whose other tenants keep both cores busy it moves less than wall time, so both are printed.
/// </remarks>
public static class VoximplantInterleaved
{
    /// <summary>
    /// Runs the rounds and prints a Markdown table. Arguments: <c>--rounds N</c> (default 7), <c>--sizes 2,20,100</c>
    /// (MiB, default 20), <c>--shapes ByAgentObject,…</c> (default all four), <c>--quick</c> (2 MiB, 1 round: proves it runs).
    /// </summary>
    public static async Task RunAsync(string[] args, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        output ??= Console.Out;
        var rounds = int.Parse(Option(args, "--rounds") ?? "7", CultureInfo.InvariantCulture);
        var sizes = (Option(args, "--sizes") ?? "20").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var shapes = Option(args, "--shapes") is { } named ? named.Split(',').Select(Enum.Parse<VoximplantShape>).ToArray() : Enum.GetValues<VoximplantShape>();
        if (args.Contains("--quick"))
        {
            (rounds, sizes) = (1, [2]);
        }

        await using var contenders = await VoximplantContenders.StartAsync();
        output.WriteLine($"Voximplant, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {LoadAverage()}, {rounds} rounds");
        output.WriteLine();
        output.WriteLine("| shape | MiB | contender | wall ms | ms/MiB | CPU ms | MB allocated | alloc/MiB | gen0/1/2 | wall vs floor | CPU vs floor | alloc vs floor |");
        output.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var size in sizes)
        {
            foreach (var shape in shapes)
            {
                contenders.Serve(shape, VoximplantPayload.Build(shape, size));
                await MeasureAsync(contenders, shape, rounds, output);
            }
        }

        output.WriteLine();
        output.WriteLine($"load at the end: {LoadAverage()}");
    }

    private static async Task MeasureAsync(VoximplantContenders contenders, VoximplantShape shape, int rounds, TextWriter output)
    {
        var count = VoximplantContenders.Names.Count;

        // Warm-up, and the check that the floor, the SDK and the peer read the same number of entries.
        var entries = new long[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = await contenders.RunAsync(i);
        }

        if (entries[1] != entries[0] || entries[2] != entries[0])
        {
            throw new InvalidOperationException($"The contenders disagree: {string.Join(", ", entries)} entries.");
        }

        var samples = new Sample[rounds, count];
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < count; k++)
            {
                var i = (round + k) % count;
                samples[round, i] = await SampleAsync(() => contenders.RunAsync(i));
            }
        }

        var mib = contenders.PayloadMebibytes;
        for (var i = 0; i < count; i++)
        {
            var ms = Median(Enumerable.Range(0, rounds).Select(r => samples[r, i].Milliseconds));
            var cpu = Median(Enumerable.Range(0, rounds).Select(r => samples[r, i].CpuMilliseconds));
            var cpuRatio = Median(Enumerable.Range(0, rounds).Select(r => samples[r, i].CpuMilliseconds / samples[r, 0].CpuMilliseconds));
            var bytes = Median(Enumerable.Range(0, rounds).Select(r => (double)samples[r, i].Bytes));
            var timeRatio = Median(Enumerable.Range(0, rounds).Select(r => samples[r, i].Milliseconds / samples[r, 0].Milliseconds));
            var allocRatio = Median(Enumerable.Range(0, rounds).Select(r => (double)samples[r, i].Bytes / samples[r, 0].Bytes));
            var gcs = string.Join("/", Enumerable.Range(0, 3).Select(g => Median(Enumerable.Range(0, rounds).Select(r => (double)samples[r, i].Collections[g])).ToString("0.#", CultureInfo.InvariantCulture)));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {shape} | {mib:0.0} | {VoximplantContenders.Names[i]} | {ms:0} | {ms / mib:0.00} | {cpu:0} | {bytes / 1e6:0.0} | {bytes / mib / 1e6:0.00} MB | {gcs} | {timeRatio:0.00}× | {cpuRatio:0.00}× | {allocRatio:0.00}× |"));
        }

        var peerOverSdk = Median(Enumerable.Range(0, rounds).Select(r => samples[r, 2].Milliseconds / samples[r, 1].Milliseconds));
        var peerOverSdkCpu = Median(Enumerable.Range(0, rounds).Select(r => samples[r, 2].CpuMilliseconds / samples[r, 1].CpuMilliseconds));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {shape} | {mib:0.0} | *Newtonsoft.Json / SDK* | | | | | | | {peerOverSdk:0.00}× | {peerOverSdkCpu:0.00}× | |"));
    }

    private static async Task<Sample> SampleAsync(Func<Task<long>> run)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await run();
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return new Sample(
            watch.Elapsed.TotalMilliseconds,
            cpu.TotalMilliseconds,
            bytes,
            [GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2]]);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record Sample(double Milliseconds, double CpuMilliseconds, long Bytes, int[] Collections);
}
