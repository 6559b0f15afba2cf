using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Thulium;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// A week of Thulium hourly rows for 50 agents (about 8,400 rows, 84 pages of 100) over real HTTP from the
/// in-process emulator, one page at a time or with up to N pages in flight.
/// </summary>
[MemoryDiagnoser]
public class ThuliumEmulatorBenchmarks
{
    private ContactCenterEmulator _emulator = null!;
    private ThuliumClient _client = null!;

    [Params(1, 4)]
    public int MaxConcurrentPageRequests { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 50, Days = 7 });
        var options = _emulator.CreateThuliumOptions();
        options.MaxConcurrentPageRequests = MaxConcurrentPageRequests;
        _client = ThuliumClient.Create(options);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _emulator.DisposeAsync();

    [Benchmark]
    public async Task<int> AllPages()
    {
        var count = 0;
        await foreach (var _ in _client.GetAgentsWorkReportAsync(new()
        {
            Range = _emulator.Center.Range,
            AgentGroupIds = [.. _emulator.Center.Queues.Select(q => q.Id)],
            Aggregation = TimeBucket.Hour,
        }))
        {
            count++;
        }

        return count;
    }
}
