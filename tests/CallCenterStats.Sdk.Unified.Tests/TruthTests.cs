using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Unified.Tests;

/// <summary>
/// The emulator's one truth read through all five vendors and unified: every metric a vendor reports equals the
/// simulation's figure for that agent and period, for days in UTC and in Europe/Warsaw over both 2024 DST changes, and
/// for weeks and months; so the vendors agree with each other wherever they report the same metric.
/// </summary>
public sealed class TruthTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    public static TheoryData<string, string, TimeBucket> Cases => new()
    {
        { "2024-03-28", "UTC", TimeBucket.Day },
        { "2024-03-28", "Europe/Warsaw", TimeBucket.Day },
        { "2024-10-24", "UTC", TimeBucket.Day },
        { "2024-10-24", "Europe/Warsaw", TimeBucket.Day },
        { "2024-03-25", "Europe/Warsaw", TimeBucket.Week },
        { "2024-10-21", "UTC", TimeBucket.Week },
        { "2024-03-28", "Europe/Warsaw", TimeBucket.Month },
        { "2024-10-28", "UTC", TimeBucket.Month },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_vendor_reports_the_simulation_truth(string firstDay, string zoneId, TimeBucket bucket)
    {
        var first = NodaTime.Text.LocalDatePattern.Iso.Parse(firstDay).Value;
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 8, FirstDay = first }, UnifiedKit.Ct);
        await using var provider = UnifiedKit.Provider(emulator);
        var zone = DateTimeZoneProviders.Tzdb[zoneId];

        // The whole simulated days in the query's zone (a UTC query skips the partial first and last Warsaw days).
        var range = new DateRange(first.PlusDays(1), first.PlusDays(6)).ToInstantRange(zone);
        var checkedMetrics = new Dictionary<string, int>();
        foreach (var source in provider.GetServices<IAgentStatisticsSource>())
        {
            var query = UnifiedKit.ScopeFor(source, emulator, new AgentStatisticsQuery { Range = range, Bucket = bucket, TimeZone = zone });
            var records = await source.GetAgentStatisticsAsync(query, UnifiedKit.Ct).ToListAsync(UnifiedKit.Ct);

            Assert.NotEmpty(records);
            foreach (var record in records)
            {
                Assert.Equal(bucket, record.Period.Bucket);
                Assert.Equal(zone, record.Period.Zone);
                Assert.True(range.Contains(record.Period.Start) && record.Period.End <= range.End, $"{source.Vendor}: {record.Period} is outside {range}");
                var truth = emulator.Center.GetTotals(UnifiedKit.AgentOf(emulator, record), record.Period.Range);
                var compared = Compare(source.Vendor, record, truth);
                checkedMetrics[source.Vendor] = checkedMetrics.GetValueOrDefault(source.Vendor) + compared;
            }

            // Every period of every agent with activity is there, once.
            Assert.Equal(records.Count, records.Select(r => r.Key).Distinct().Count());
        }

        Assert.Equal(["enswitch", "netaxis", "thulium", "vcclive", "voximplant"], checkedMetrics.Keys.Order(StringComparer.Ordinal));
        Assert.All(checkedMetrics, pair => Assert.True(pair.Value > 0, $"{pair.Key} compared no metric"));
    }

    [Fact]
    public async Task A_warsaw_day_on_each_dst_change_lasts_23_and_25_hours_and_still_adds_up()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 2, Days = 3, FirstDay = new LocalDate(2024, 3, 30) }, UnifiedKit.Ct);
        await using var provider = UnifiedKit.Provider(emulator);
        var source = provider.GetServices<IAgentStatisticsSource>().Single(s => s.Vendor == "voximplant");
        var day = DateRange.SingleDay(new LocalDate(2024, 3, 31)).ToInstantRange(Warsaw);

        var records = await source.GetAgentStatisticsAsync(new AgentStatisticsQuery { Range = day, TimeZone = Warsaw }, UnifiedKit.Ct).ToListAsync(UnifiedKit.Ct);

        Assert.All(records, r => Assert.Equal(Duration.FromHours(23), r.Period.Duration));
        foreach (var record in records)
        {
            var truth = emulator.Center.GetTotals(UnifiedKit.AgentOf(emulator, record), day);
            Assert.Equal(truth.TimeIn(AgentState.OnCall), record.OnCallTime);
        }
    }

    /// <summary>Compares every metric the record reports with the truth; returns how many were compared.</summary>
    private static int Compare(string vendor, AgentStatistics record, AgentTotals truth)
    {
        var compared = 0;
        void Check<T>(string metric, T? reported, T expected)
            where T : struct
        {
            if (reported is { } value)
            {
                Assert.True(EqualityComparer<T>.Default.Equals(value, expected), $"{vendor} {record.AgentId} {record.Period} {metric}: {value} reported, {expected} in the simulation");
                compared++;
            }
        }

        Check("calls handled", record.CallsHandled, (long)truth.AnsweredCalls);
        Check("calls unanswered", record.CallsUnanswered, (long)truth.UnansweredCalls);
        Check("talk time", record.TalkTime, truth.TalkTime);
        Check("available", record.AvailableTime, truth.TimeIn(AgentState.Ready));
        Check("on call", record.OnCallTime, truth.TimeIn(AgentState.OnCall));
        Check("after-call work", record.AfterCallWorkTime, truth.TimeIn(AgentState.AfterCallWork));
        Check("paused", record.PausedTime, truth.TimeIn(AgentState.Paused));
        Check("do not disturb", record.DoNotDisturbTime, truth.TimeIn(AgentState.DoNotDisturb));
        Check("offline", record.OfflineTime, truth.TimeIn(AgentState.Offline));
        return compared;
    }
}
