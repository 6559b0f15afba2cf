using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using CallCenterStats.Sdk.Thulium;
using Microsoft.AspNetCore.Builder;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// The Thulium targets measured side by side in interleaved rounds (floor, SDK, SDK, floor, …, the order alternating),
/// as medians of the per-round ratios: wall time, the process's CPU time and the bytes allocated. On a 2-core machine
/// shared with other work, BenchmarkDotNet's sequential runs of <see cref="ThuliumRowBenchmarks"/> and
/// <see cref="ThuliumLatencyBenchmarks"/> move by tens of percent between runs as the load changes; measured within the
/// same round, floor and SDK see the same load, and CPU time barely depends on it. BenchmarkDotNet only hosts the
/// harness here (one invocation); the table is printed and written to
/// <c>BenchmarkDotNet.Artifacts/results/thulium-interleaved.md</c>. Run it alone, without <c>--job</c> or <c>--inProcess</c>:
/// <c>dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- --filter '*ThuliumInterleaved*'</c>.
/// </summary>
/// <remarks>
/// <c>CCSTATS_THULIUM_ROUNDS</c> sets the number of rounds (7 by default; 1 proves the harness runs).
/// </remarks>
[Config(typeof(OneInvocationInProcess))]
public class ThuliumInterleavedBenchmarks
{
    /// <summary>How many times the 30-page report is read per measurement of the per-row case (enough CPU time to measure).</summary>
    private const int RowRepeats = 20;

    private ThuliumPages _rowPages = null!;
    private HttpClient _rowPlain = null!;
    private ThuliumClient _rowSdk = null!;

    private ThuliumPages _latencyPages = null!;
    private WebApplication _server = null!;
    private HttpClient _latencyPlain = null!;
    private ThuliumClient _latencySdk = null!;

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("CCSTATS_THULIUM_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 7;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _rowPages = ThuliumPages.Create(30);
        _rowPlain = new HttpClient(new ThuliumPagesHandler(_rowPages)) { BaseAddress = ThuliumPages.Endpoint };
        _rowSdk = ThuliumPages.Client(ThuliumPages.Endpoint, new ThuliumPagesHandler(_rowPages), pagesInFlight: 1);
        ThuliumPages.CheckSameRows(_rowPages, await ThuliumPages.PlainLoopAsync(_rowPlain), _rowSdk);

        _latencyPages = ThuliumPages.Create(300);
        (_server, var endpoint) = await ThuliumPages.StartServerAsync(_latencyPages, TimeSpan.FromMilliseconds(20));
        _latencyPlain = new HttpClient { BaseAddress = endpoint };
        _latencySdk = ThuliumPages.Client(endpoint, handler: null, pagesInFlight: null);
        ThuliumPages.CheckSameRows(_latencyPages, await ThuliumPages.PlainLoopAsync(_latencyPlain), _latencySdk);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _rowPlain.Dispose();
        _rowSdk.Dispose();
        _latencyPlain.Dispose();
        _latencySdk.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark]
    public async Task RoundsOfFloorAndSdk()
    {
        var rows = RowRepeats * _rowPages.Rows;
        var perRow = await InterleaveAsync(
            ("plain STJ (floor)", async () => { for (var i = 0; i < RowRepeats; i++) { await ThuliumPages.PlainLoopAsync(_rowPlain); } }),
            ("SDK, one page at a time", async () => { for (var i = 0; i < RowRepeats; i++) { await CountAsync(_rowSdk); } }));
        var latency = await InterleaveAsync(
            ("sequential loop (floor)", async () => await ThuliumPages.PlainLoopAsync(_latencyPlain)),
            ("SDK, default options", async () => await CountAsync(_latencySdk)));

        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Thulium, interleaved, {Rounds} rounds, {Environment.ProcessorCount} cores, load average {LoadAverage()}")
            .AppendLine()
            .AppendLine("| case | side | wall (median) | CPU (median) | allocated | per row: CPU | per row: allocated | ratio wall | ratio CPU | ratio allocated |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        AppendCase(table, "per row: 30 pages × 100 rows ×20, in memory", perRow, rows);
        AppendCase(table, "300 pages × 100 rows, 20 ms a page, loopback", latency, _latencyPages.Rows);
        table.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"SDK with default options against the sequential loop: {Median(latency.Select(r => r[0].Wall / r[1].Wall)):0.0}× faster (median of per-round ratios).");
        var text = table.ToString();
        Console.WriteLine(text);
        Directory.CreateDirectory(Path.Combine("BenchmarkDotNet.Artifacts", "results"));
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "results", "thulium-interleaved.md"), text);
    }

    private static async Task<int> CountAsync(ThuliumClient client)
    {
        var count = 0;
        await foreach (var unused in client.GetAgentsWorkReportAsync(ThuliumPages.Request))
        {
            count++;
        }

        return count;
    }

    /// <summary>Runs both sides once to warm up, then <see cref="Rounds"/> rounds, alternating which side goes first.</summary>
    private static async Task<Measurement[][]> InterleaveAsync((string Name, Func<Task> Run) floor, (string Name, Func<Task> Run) sdk)
    {
        await floor.Run();
        await sdk.Run();
        var results = new Measurement[Rounds][];
        for (var round = 0; round < Rounds; round++)
        {
            if (round % 2 == 0)
            {
                var f = await MeasureAsync(floor);
                var s = await MeasureAsync(sdk);
                results[round] = [f, s];
            }
            else
            {
                var s = await MeasureAsync(sdk);
                var f = await MeasureAsync(floor);
                results[round] = [f, s];
            }
        }

        return results;
    }

    private static async Task<Measurement> MeasureAsync((string Name, Func<Task> Run) side)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        await side.Run();
        wall.Stop();
        process.Refresh();
        return new Measurement(side.Name, wall.Elapsed, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static void AppendCase(StringBuilder table, string name, Measurement[][] rounds, int rows)
    {
        for (var side = 0; side < 2; side++)
        {
            var wall = Median(rounds.Select(r => r[side].Wall.TotalMilliseconds));
            var cpu = Median(rounds.Select(r => r[side].Cpu.TotalMilliseconds));
            var bytes = Median(rounds.Select(r => (double)r[side].Allocated));
            var ratios = side == 0
                ? "1.00 | 1.00 | 1.00"
                : string.Create(CultureInfo.InvariantCulture, $"{Median(rounds.Select(r => r[1].Wall / r[0].Wall)):0.00} | {Median(rounds.Select(r => r[1].Cpu / r[0].Cpu)):0.00} | {Median(rounds.Select(r => (double)r[1].Allocated / r[0].Allocated)):0.00}");
            table.AppendLine(CultureInfo.InvariantCulture, $"| {(side == 0 ? name : string.Empty)} | {rounds[0][side].Name} | {wall:0} ms | {cpu:0} ms | {bytes / 1024 / 1024:0.0} MiB | {cpu * 1000 / rows:0.00} µs | {bytes / rows:0} B | {ratios} |");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Measurement(string Name, TimeSpan Wall, TimeSpan Cpu, long Allocated);

    /// <summary>One invocation, in this process: the harness does its own rounds (no build of a separate benchmark exe).</summary>
    private sealed class OneInvocationInProcess : ManualConfig
    {
        public OneInvocationInProcess() =>
            AddJob(Job.Dry.WithWarmupCount(0).WithToolchain(InProcessNoEmitToolchain.Instance).WithId("Interleaved"));
    }
}
