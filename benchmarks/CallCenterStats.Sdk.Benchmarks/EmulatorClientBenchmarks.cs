using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.VccLive;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// A week of VCC Live 15-minute rows (project, user, date, time) for 50 agents over real HTTP from the in-process
/// emulator, streamed or collected into a list, in each output format. The emulator's own work is in the figures.
/// </summary>
[MemoryDiagnoser]
public class VccLiveEmulatorBenchmarks
{
    private ContactCenterEmulator _emulator = null!;
    private VccLiveClient _client = null!;

    [Params(UserBasedStatisticsFormat.Json, UserBasedStatisticsFormat.Tab, UserBasedStatisticsFormat.Csv)]
    public UserBasedStatisticsFormat Format { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 50, Days = 7 });
        _client = VccLiveClient.Create(_emulator.CreateVccLiveOptions());
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _emulator.DisposeAsync();

    private UserBasedStatisticsRequest Request => new()
    {
        Range = _emulator.Center.Dates,
        Dimensions = UserBasedStatisticsDimensions.All,
        Format = Format,
    };

    [Benchmark(Baseline = true)]
    public async Task<int> Collected() => (await _client.GetUserBasedStatisticsAsync(Request).ToListAsync()).Count;

    [Benchmark]
    public async Task<int> Streamed()
    {
        var count = 0;
        await foreach (var _ in _client.GetUserBasedStatisticsAsync(Request))
        {
            count++;
        }

        return count;
    }
}
