using System.Text;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Unified.Tests;

/// <summary>Roll-up to coarser buckets in any zone, across agents and vendors; KPIs from sums; unknown is not zero.</summary>
public sealed class RollupTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    private static AgentStatistics Hour(Instant start, string agent = "17", string vendor = "voximplant", long? handled = 1, Duration? talk = null, Duration? acw = null, string? name = null) => new()
    {
        Vendor = vendor,
        Account = "default",
        AgentId = agent,
        AgentName = name,
        Period = new StatisticsPeriod(start, start + Duration.FromHours(1), TimeBucket.Hour, DateTimeZone.Utc),
        CallsHandled = handled,
        CallsUnanswered = 0,
        TalkTime = talk ?? Duration.FromMinutes(10),
        AfterCallWorkTime = acw ?? Duration.FromMinutes(2),
        AvailableTime = Duration.FromMinutes(30),
        OnCallTime = Duration.FromMinutes(10),
        VendorMetrics = new Dictionary<string, decimal> { ["BANNED.sum"] = 5 },
    };

    private static IEnumerable<AgentStatistics> HoursOf(Instant from, Instant to, string agent = "17")
    {
        for (var t = from; t < to; t += Duration.FromHours(1))
        {
            yield return Hour(t, agent);
        }
    }

    [Theory]
    [InlineData(2024, 3, 31, 23)]
    [InlineData(2024, 10, 27, 25)]
    [InlineData(2024, 3, 12, 24)]
    public void Utc_hours_roll_up_to_warsaw_days_of_23_24_and_25_hours(int year, int month, int day, int hours)
    {
        var local = new LocalDate(year, month, day);
        var start = Warsaw.AtStartOfDay(local).ToInstant();
        var end = Warsaw.AtStartOfDay(local.PlusDays(1)).ToInstant();

        var result = AgentStatisticsRollup.ToBucket(HoursOf(start - Duration.FromHours(2), end + Duration.FromHours(2)), TimeBucket.Day, Warsaw);

        var theDay = result.Single(r => r.Period.Start == start);
        Assert.Equal(end, theDay.Period.End);
        Assert.Equal(TimeBucket.Day, theDay.Period.Bucket);
        Assert.Equal(Warsaw, theDay.Period.Zone);
        Assert.Equal(hours, theDay.CallsHandled);
        Assert.Equal(Duration.FromMinutes(10 * hours), theDay.TalkTime);
        Assert.Equal(5m * hours, theDay.VendorMetrics["BANNED.sum"]);
        Assert.Equal(3, result.Count);
    }

    [Fact]
    public void The_order_of_the_records_does_not_change_the_sums()
    {
        // Agent-major (the previous record's group is reused), period-major (a different group every record) and a
        // seeded shuffle, with equal agent ids as distinct string instances: the same groups and sums.
        var start = Instant.FromUtc(2024, 3, 30, 0, 0);
        var agents = new[] { "17", "18", "19" };
        var agentMajor = agents.SelectMany(agent => HoursOf(start, start + Duration.FromDays(3), new string(agent.AsSpan()))).ToList();
        var periodMajor = agentMajor.OrderBy(r => r.Period.Start).ThenBy(r => r.AgentId, StringComparer.Ordinal).ToList();
        var random = new Random(1234);
        List<AgentStatistics> shuffled = [.. agentMajor.OrderBy(_ => random.Next())];

        var expected = Describe(AgentStatisticsRollup.ToBucket(agentMajor, TimeBucket.Day, Warsaw));
        Assert.Equal(expected, Describe(AgentStatisticsRollup.ToBucket(periodMajor, TimeBucket.Day, Warsaw)));
        Assert.Equal(expected, Describe(AgentStatisticsRollup.ToBucket(shuffled, TimeBucket.Day, Warsaw)));
        Assert.Equal(agents.Length * 4, expected.Count); // three UTC days touch four Warsaw days (23 hours on 31 March)
        Assert.Equal(3 * 72, AgentStatisticsRollup.ToBucket(shuffled, TimeBucket.Day, Warsaw).Sum(r => r.CallsHandled));

        static List<string> Describe(IReadOnlyList<AgentStatistics> records) =>
            [.. records.Select(r => $"{r.AgentId} {r.Period.Start} {r.CallsHandled} {r.TalkTime} {r.VendorMetrics["BANNED.sum"]}")];
    }

    [Fact]
    public void Days_roll_up_to_iso_weeks_and_months_in_the_zone()
    {
        var from = Warsaw.AtStartOfDay(new LocalDate(2024, 3, 25)).ToInstant();
        var to = Warsaw.AtStartOfDay(new LocalDate(2024, 4, 8)).ToInstant();
        var days = AgentStatisticsRollup.ToBucket(HoursOf(from, to), TimeBucket.Day, Warsaw);

        var weeks = AgentStatisticsRollup.ToBucket(days, TimeBucket.Week, Warsaw);
        var months = AgentStatisticsRollup.ToBucket(days, TimeBucket.Month, Warsaw);

        Assert.Equal(2, weeks.Count);
        Assert.Equal(Duration.FromHours(24 * 7) - Duration.FromHours(1), weeks[0].Period.Duration);
        Assert.Equal(weeks[0].CallsHandled, (long)(24 * 7) - 1);
        Assert.Equal(["2024-03", "2024-04"], months.Select(m => m.Period.LocalStart.ToString("uuuu-MM", null)));
        Assert.Equal(days.Sum(d => d.CallsHandled), months.Sum(m => m.CallsHandled));
    }

    [Fact]
    public void A_metric_unknown_for_some_inputs_stays_unknown_unless_asked_otherwise()
    {
        var start = Instant.FromUtc(2024, 3, 12, 0, 0);
        var records = new[] { Hour(start), Hour(start + Duration.FromHours(1), handled: null) };

        var strict = Assert.Single(AgentStatisticsRollup.ToBucket(records, TimeBucket.Day, DateTimeZone.Utc));
        var lenient = Assert.Single(AgentStatisticsRollup.ToBucket(records, TimeBucket.Day, DateTimeZone.Utc, new RollupOptions { TreatUnknownAsZero = true }));

        Assert.Null(strict.CallsHandled);
        Assert.Equal(1, lenient.CallsHandled);
        Assert.Equal(Duration.FromMinutes(20), strict.TalkTime);
    }

    [Fact]
    public void A_metric_unknown_for_every_input_stays_unknown_even_when_unknown_counts_as_zero()
    {
        var start = Instant.FromUtc(2024, 3, 12, 0, 0);
        var records = new[] { Hour(start) with { DoNotDisturbTime = null }, Hour(start + Duration.FromHours(1)) with { DoNotDisturbTime = null } };

        var result = Assert.Single(AgentStatisticsRollup.ToBucket(records, TimeBucket.Day, DateTimeZone.Utc, new RollupOptions { TreatUnknownAsZero = true }));

        Assert.Null(result.DoNotDisturbTime);
        Assert.Null(result.OfflineTime);
    }

    [Fact]
    public void A_period_that_does_not_fit_one_target_bucket_is_refused()
    {
        var utcDay = Hour(Instant.FromUtc(2024, 3, 12, 0, 0)) with
        {
            Period = new StatisticsPeriod(Instant.FromUtc(2024, 3, 12, 0, 0), Instant.FromUtc(2024, 3, 13, 0, 0), TimeBucket.Day, DateTimeZone.Utc),
        };

        var ex = Assert.Throws<ArgumentException>(() => AgentStatisticsRollup.ToBucket([utcDay], TimeBucket.Day, Warsaw));

        Assert.Equal("records", ex.ParamName);
        Assert.Contains("finer buckets", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Across_agents_and_across_vendors()
    {
        var start = Instant.FromUtc(2024, 3, 12, 9, 0);
        var records = new[]
        {
            Hour(start, "17", name: "Jan"), Hour(start, "23", name: "Ala"), Hour(start, "17", vendor: "vcclive", name: "Jan"),
        };

        var perVendor = AgentStatisticsRollup.AcrossAgents(records);
        var perAgent = AgentStatisticsRollup.AcrossVendors(records);
        var total = Assert.Single(AgentStatisticsRollup.AcrossAgents(perAgent));

        Assert.Equal(["vcclive/*", "voximplant/*"], perVendor.Select(r => $"{r.Vendor}/{r.AgentId}"));
        Assert.Equal(2, perVendor.Single(r => r.Vendor == "voximplant").CallsHandled);
        Assert.Null(perVendor.Single(r => r.Vendor == "voximplant").AgentName);
        Assert.Equal(["*/17", "*/23"], perAgent.Select(r => $"{r.Vendor}/{r.AgentId}"));
        Assert.Equal("Jan", perAgent[0].AgentName);
        Assert.Equal(2, perAgent[0].CallsHandled);
        Assert.Equal(3, total.CallsHandled);
        Assert.Equal(AgentStatistics.AllVendors, total.Vendor);
    }

    [Fact]
    public void A_query_cuts_its_first_and_last_periods_to_its_range()
    {
        var query = new AgentStatisticsQuery
        {
            Range = new InstantRange(Instant.FromUtc(2024, 3, 12, 6, 0), Instant.FromUtc(2024, 3, 13, 18, 0)),
            Bucket = TimeBucket.Day,
        };

        var result = AgentStatisticsRollup.ToQuery(HoursOf(query.Range.Start, query.Range.End), query);

        Assert.Equal([18, 18], result.Select(r => (int)r.CallsHandled!));
        Assert.Equal(query.Range.Start, result[0].Period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 13, 0, 0), result[0].Period.End);
        Assert.Equal(query.Range.End, result[1].Period.End);
    }

    [Fact]
    public void Kpis_come_from_the_sums_never_from_averages_of_averages()
    {
        var start = Instant.FromUtc(2024, 3, 12, 0, 0);

        // One call of 10 min then nine calls of 1 min: the average of the hourly averages would be 5.5 min.
        var busy = Hour(start, handled: 1, talk: Duration.FromMinutes(10), acw: Duration.Zero);
        var quick = Hour(start + Duration.FromHours(1), handled: 9, talk: Duration.FromMinutes(9), acw: Duration.Zero);
        var day = Assert.Single(AgentStatisticsRollup.ToBucket([busy, quick], TimeBucket.Day, DateTimeZone.Utc));

        Assert.Equal(Duration.FromSeconds(114), day.AverageTalkTime);
        Assert.Equal(Duration.FromSeconds(114), day.AverageHandleTime);
        Assert.Equal(1.0, day.AnswerRate);
        Assert.Equal(20.0 / 80.0, day.Occupancy!.Value, 10);
    }

    [Fact]
    public void Kpis_are_null_when_a_denominator_is_zero_or_an_input_unknown()
    {
        var period = new StatisticsPeriod(Instant.FromUtc(2024, 3, 12, 0, 0), Instant.FromUtc(2024, 3, 13, 0, 0), TimeBucket.Day, DateTimeZone.Utc);
        var none = new AgentStatistics { Vendor = "v", Account = "a", AgentId = "1", Period = period, CallsHandled = 0, CallsUnanswered = 0, TalkTime = Duration.Zero, AfterCallWorkTime = Duration.Zero, AvailableTime = Duration.Zero, OnCallTime = Duration.Zero };
        var unknown = none with { CallsHandled = 4, CallsUnanswered = null, AfterCallWorkTime = null, TalkTime = Duration.FromMinutes(8) };

        Assert.Null(none.AverageHandleTime);
        Assert.Null(none.AverageTalkTime);
        Assert.Null(none.AnswerRate);
        Assert.Null(none.Occupancy);
        Assert.Null(unknown.AnswerRate);
        Assert.Null(unknown.AverageHandleTime);
        Assert.Null(unknown.Occupancy);
        Assert.Equal(Duration.FromMinutes(2), unknown.AverageTalkTime);
    }

    [Fact]
    public void The_key_identifies_vendor_account_agent_bucket_zone_and_start()
    {
        var record = Hour(Instant.FromUtc(2024, 3, 12, 9, 0));

        Assert.Equal(new AgentStatisticsKey("voximplant", "default", "17", TimeBucket.Hour, "UTC", Instant.FromUtc(2024, 3, 12, 9, 0)), record.Key);
        Assert.Equal(record.Key, (record with { TalkTime = Duration.Zero }).Key);
    }

    [Fact]
    public async Task Writers_write_the_unified_columns_in_order_with_empty_cells_for_unknown_values()
    {
        var period = new StatisticsPeriod(Instant.FromUtc(2024, 3, 11, 0, 0), Instant.FromUtc(2024, 3, 12, 0, 0), TimeBucket.Day, DateTimeZone.Utc);
        var records = new[]
        {
            new AgentStatistics
            {
                Vendor = "vcclive", Account = "default", AgentId = "17", AgentName = "Kowalski, \"Jan\"", Period = period,
                CallsHandled = 28, CallsUnanswered = 2, TalkTime = Duration.FromSeconds(14033), AvailableTime = Duration.FromMilliseconds(1500),
                OnCallTime = Duration.FromSeconds(14033), AfterCallWorkTime = Duration.FromSeconds(600), PausedTime = Duration.Zero, DoNotDisturbTime = Duration.FromSeconds(60),
            },
            new AgentStatistics { Vendor = "netaxis", Account = "eu", AgentId = "jan@cc.example", Period = period, CallsHandled = 3, TalkTime = Duration.FromSeconds(90) },
        };

        using var csv = new MemoryStream();
        using var json = new MemoryStream();
        await AgentStatisticsWriter.WriteCsvAsync(records.ToAsyncEnumerable(), csv, includeKpis: true, UnifiedKit.Ct);
        await AgentStatisticsWriter.WriteJsonAsync(records.ToAsyncEnumerable(), json, includeKpis: false, indented: true, UnifiedKit.Ct);

        Snapshooter.Xunit3.Snapshot.Match(Encoding.UTF8.GetString(csv.ToArray()), new Snapshooter.SnapshotNameExtension("csv"));
        Snapshooter.Xunit3.Snapshot.Match(Encoding.UTF8.GetString(json.ToArray()), new Snapshooter.SnapshotNameExtension("json"));
        Assert.StartsWith(
            "vendor,agent_id,agent_name,period_start,period_end,calls_handled,calls_unanswered,talk_seconds,available_seconds,on_call_seconds,after_call_work_seconds,paused_seconds,offline_seconds,dnd_seconds,average_handle_seconds,average_talk_seconds,occupancy,answer_rate\n",
            Encoding.UTF8.GetString(csv.ToArray()),
            StringComparison.Ordinal);
        Assert.Contains("\nnetaxis,jan@cc.example,,2024-03-11T00:00:00Z,2024-03-12T00:00:00Z,3,,90,,,,,,,,30,,\n", Encoding.UTF8.GetString(csv.ToArray()), StringComparison.Ordinal);
    }
}
