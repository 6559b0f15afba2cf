using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// Issue 16's speed target: rolling 1,000,000 unified records (UTC hours of 100 agents over 417 days, both DST changes
/// included) up to days in Europe/Warsaw, on one core. The target is 2,000,000 records per second or more (at most
/// 500 ms per operation). The floor beside it sums the same records by agent and precomputed UTC day in a plain
/// dictionary: the cost of touching a million records at all.
/// </summary>
[MemoryDiagnoser]
public class RollupBenchmarks
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    private AgentStatistics[] _records = [];

    [Params(1_000_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int Agents = 100;
        var start = Instant.FromUtc(2024, 1, 1, 0, 0);
        var agentIds = Enumerable.Range(0, Agents).Select(i => (487500 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        _records = new AgentStatistics[Records];
        for (var i = 0; i < Records; i++)
        {
            var hour = start + Duration.FromHours(i / Agents);
            _records[i] = new AgentStatistics
            {
                Vendor = "voximplant",
                Account = "default",
                AgentId = agentIds[i % Agents],
                Period = new StatisticsPeriod(hour, hour + Duration.FromHours(1), TimeBucket.Hour, DateTimeZone.Utc),
                TalkTime = Duration.FromSeconds(i % 1800),
                OnCallTime = Duration.FromSeconds(i % 1800),
                AvailableTime = Duration.FromSeconds(600),
                AfterCallWorkTime = Duration.FromSeconds(120),
                PausedTime = Duration.FromSeconds(60),
                OfflineTime = Duration.Zero,
                DoNotDisturbTime = Duration.Zero,
            };
        }
    }

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        var sums = new Dictionary<(string, long), long>();
        foreach (var record in _records)
        {
            var key = (record.AgentId, record.Period.Start.ToUnixTimeSeconds() / 86_400);
            sums[key] = sums.GetValueOrDefault(key) + (long)record.TalkTime!.Value.TotalSeconds;
        }

        return sums.Count;
    }

    [Benchmark]
    public int RollUpToWarsawDays() => AgentStatisticsRollup.ToBucket(_records, TimeBucket.Day, Warsaw).Count;
}
