using System.Globalization;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using NodaTime;
using NodaTime.Calendars;
using NodaTime.Text;

// Kept in the Vendors namespace: a nested "Thulium" namespace would shadow CallCenterStats.Sdk.Thulium.
namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>Thulium's <c>aggregate_by</c> values: the periods rows are added up over, on the center's wall clock.</summary>
internal enum ThuliumAggregation
{
    /// <summary><c>hour_of_day</c>: the hours 0–23, recurring over the range.</summary>
    HourOfDay,

    /// <summary><c>minute</c>.</summary>
    Minute,

    /// <summary><c>hour</c>.</summary>
    Hour,

    /// <summary><c>day</c>.</summary>
    Day,

    /// <summary><c>week</c>: ISO weeks, Monday to Sunday.</summary>
    Week,

    /// <summary><c>month</c> (the default).</summary>
    Month,

    /// <summary><c>year</c>.</summary>
    Year,
}

/// <summary>
/// Where Thulium periods begin and end on a zone's wall clock, written for the emulator (not Core's bucket calendar).
/// Days, weeks, months and years begin at the zone's start of day, so a day lasts 23 or 25 hours when the clocks
/// change. Minutes and hours are cut on the wall clock and last exactly one minute or one hour: the hour the clocks
/// skip has no period, and the hour they repeat gives two (one per UTC offset). <c>hour_of_day</c> cuts like
/// <c>hour</c>.
/// </summary>
internal sealed class ThuliumCalendar(DateTimeZone zone, ThuliumAggregation aggregation)
{
    /// <summary>The first instant of the period <paramref name="instant"/> falls in.</summary>
    public Instant PeriodStart(Instant instant)
    {
        var zoned = instant.InZone(zone);
        var local = zoned.LocalDateTime;
        return aggregation switch
        {
            ThuliumAggregation.Minute => OnTheSameClock(local.Date + new LocalTime(local.Hour, local.Minute), zoned.Offset),
            ThuliumAggregation.Hour or ThuliumAggregation.HourOfDay => OnTheSameClock(local.Date + new LocalTime(local.Hour, 0), zoned.Offset),
            ThuliumAggregation.Day => zone.AtStartOfDay(local.Date).ToInstant(),
            ThuliumAggregation.Week => zone.AtStartOfDay(local.Date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday))).ToInstant(),
            ThuliumAggregation.Month => zone.AtStartOfDay(local.Date.With(DateAdjusters.StartOfMonth)).ToInstant(),
            _ => zone.AtStartOfDay(new LocalDate(local.Year, 1, 1)).ToInstant(),
        };
    }

    /// <summary>The first instant after the period that begins at <paramref name="periodStart"/>.</summary>
    public Instant PeriodEnd(Instant periodStart)
    {
        var date = periodStart.InZone(zone).Date;
        return aggregation switch
        {
            ThuliumAggregation.Minute => periodStart + Duration.FromMinutes(1),
            ThuliumAggregation.Hour or ThuliumAggregation.HourOfDay => periodStart + Duration.FromHours(1),
            ThuliumAggregation.Day => zone.AtStartOfDay(date.PlusDays(1)).ToInstant(),
            ThuliumAggregation.Week => zone.AtStartOfDay(date.PlusWeeks(1)).ToInstant(),
            ThuliumAggregation.Month => zone.AtStartOfDay(date.PlusMonths(1)).ToInstant(),
            _ => zone.AtStartOfDay(date.PlusYears(1)).ToInstant(),
        };
    }

    /// <summary>Cuts <c>[start, end)</c> at period boundaries, in order.</summary>
    public IEnumerable<Interval> Cut(Instant start, Instant end)
    {
        while (start < end)
        {
            var boundary = PeriodEnd(PeriodStart(start));
            var pieceEnd = boundary < end ? boundary : end;
            yield return new Interval(start, pieceEnd);
            start = pieceEnd;
        }
    }

    /// <summary>
    /// The instant a truncated wall-clock time stands for: with the offset the untruncated instant had (so both
    /// occurrences of a repeated hour keep their own period), or, when that offset does not apply there (the clocks
    /// changed within the truncated part), the time as the zone reads it leniently (a skipped time moves on by the gap,
    /// a repeated one takes its first occurrence).
    /// </summary>
    private Instant OnTheSameClock(LocalDateTime local, Offset offset)
    {
        var candidate = local.WithOffset(offset).ToInstant();
        return zone.GetUtcOffset(candidate) == offset ? candidate : zone.AtLeniently(local).ToInstant();
    }
}

/// <summary>
/// One row of Thulium's agents work report before it is written: one agent in one period, with the figures
/// added up from the simulation.
/// </summary>
internal sealed class ThuliumReportBucket(long key, Instant start)
{
    /// <summary>The sort key: the bucket's start (Unix ticks), or the hour (0–23) for <c>hour_of_day</c>.</summary>
    public long Key { get; } = key;

    /// <summary>The bucket's first instant (for <c>hour_of_day</c>, the first piece of activity seen).</summary>
    public Instant Start { get; } = start;

    public int Offered { get; set; }

    public int Answered { get; set; }

    public Duration Talk { get; set; }

    public Duration AnsweredWait { get; set; }

    public Duration Staffed { get; set; }

    public Instant? FirstLoggedIn { get; set; }

    public Instant? LastLoggedIn { get; set; }

    public long ReadyCount { get; set; }

    public Duration Ready { get; set; }

    public long PausedCount { get; set; }

    public Duration Paused { get; set; }

    /// <summary>Pause pieces per pause reason (index = reason id, 1–4).</summary>
    public long[] ReasonCount { get; } = new long[ThuliumWorkReport.PauseReasons + 1];

    /// <summary>Pause time per pause reason (index = reason id, 1–4).</summary>
    public Duration[] ReasonTime { get; } = new Duration[ThuliumWorkReport.PauseReasons + 1];
}

/// <summary>
/// Adds up one agent's activity into Thulium periods. A period gets a row when the agent was logged in during
/// it (any state but offline) or a counted call was offered in it; periods without activity have no row.
/// </summary>
/// <remarks>
/// <para>State figures use the agent's segments clipped to the period (a segment spanning two periods counts
/// once in each): <c>free</c> = Ready, <c>all</c> = Paused, numeric pause ids = the pause reason.</para>
/// <para>Calls are attributed to the period they were offered in (as Enswitch does), with their whole talk and
/// wait, so totals over whole local days agree with every other vendor.</para>
/// </remarks>
internal static class ThuliumWorkReport
{
    /// <summary>The simulated system's pause types: ids 1 to 4.</summary>
    public const int PauseReasons = 4;

    private static readonly LocalDateTimePattern MinutePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm");
    private static readonly LocalDateTimePattern HourPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH");
    private static readonly LocalDatePattern DayPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM");
    private static readonly LocalDatePattern YearPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu");

    /// <summary>The agent's periods with activity within <paramref name="range"/>, in time order (hour order for <c>hour_of_day</c>).</summary>
    /// <param name="center">The simulation.</param>
    /// <param name="agent">The agent.</param>
    /// <param name="range">The requested range (already clipped to the simulated days).</param>
    /// <param name="bucket">The aggregation.</param>
    /// <param name="countCalls">Whether the agent's calls count (false when <c>queues_ids</c> leaves out the agent's queue).</param>
    /// <returns>The rows' figures.</returns>
    public static List<ThuliumReportBucket> Compute(SimulatedContactCenter center, SimulatedAgent agent, Interval range, ThuliumAggregation bucket, bool countCalls)
    {
        var calendar = new ThuliumCalendar(center.Zone, bucket);
        var buckets = new Dictionary<long, ThuliumReportBucket>();

        ThuliumReportBucket At(Instant instant)
        {
            long key;
            Instant start;
            if (bucket == ThuliumAggregation.HourOfDay)
            {
                key = instant.InZone(center.Zone).Hour;
                start = instant;
            }
            else
            {
                start = calendar.PeriodStart(instant);
                key = (start - NodaConstants.UnixEpoch).BclCompatibleTicks;
            }

            if (!buckets.TryGetValue(key, out var found))
            {
                found = new ThuliumReportBucket(key, start);
                buckets.Add(key, found);
            }

            return found;
        }

        foreach (var segment in center.GetSegments(agent, range))
        {
            if (segment.State == AgentState.Offline)
            {
                continue;
            }

            foreach (var piece in calendar.Cut(segment.Start, segment.End))
            {
                var b = At(piece.Start);
                b.Staffed += piece.Duration;
                b.FirstLoggedIn = b.FirstLoggedIn is { } first && first <= piece.Start ? first : piece.Start;
                b.LastLoggedIn = b.LastLoggedIn is { } last && last >= piece.End ? last : piece.End;
                switch (segment.State)
                {
                    case AgentState.Ready:
                        b.ReadyCount++;
                        b.Ready += piece.Duration;
                        break;
                    case AgentState.Paused:
                        b.PausedCount++;
                        b.Paused += piece.Duration;
                        if (segment.PauseReason is >= 1 and <= PauseReasons)
                        {
                            b.ReasonCount[segment.PauseReason.Value]++;
                            b.ReasonTime[segment.PauseReason.Value] += piece.Duration;
                        }

                        break;
                }
            }
        }

        if (countCalls)
        {
            foreach (var call in center.GetCalls(agent, range))
            {
                var b = At(call.Offered);
                b.Offered++;
                if (call.Answered)
                {
                    b.Answered++;
                    b.Talk += call.Talk;
                    b.AnsweredWait += call.Wait;
                }
            }
        }

        var result = buckets.Values.ToList();
        result.Sort((a, b) => a.Key.CompareTo(b.Key));
        return result;
    }

    /// <summary>
    /// The <c>period</c> text, in the shapes the SDK's <c>AgentsWorkReportPeriod</c> reads: <c>2019</c>,
    /// <c>2019-12</c>, ISO week <c>2019-49</c>, <c>2019-12-02</c>, <c>2019-12-02 08</c>, <c>2019-12-02 08:15</c>, <c>8</c>.
    /// </summary>
    public static string Period(ThuliumReportBucket row, ThuliumAggregation bucket, DateTimeZone zone)
    {
        if (bucket == ThuliumAggregation.HourOfDay)
        {
            return row.Key.ToString(CultureInfo.InvariantCulture);
        }

        var local = row.Start.InZone(zone).LocalDateTime;
        return bucket switch
        {
            ThuliumAggregation.Minute => MinutePattern.Format(local),
            ThuliumAggregation.Hour => HourPattern.Format(local),
            ThuliumAggregation.Day => DayPattern.Format(local.Date),
            ThuliumAggregation.Week => string.Create(
                CultureInfo.InvariantCulture,
                $"{WeekYearRules.Iso.GetWeekYear(local.Date):0000}-{WeekYearRules.Iso.GetWeekOfWeekYear(local.Date):00}"),
            ThuliumAggregation.Month => MonthPattern.Format(local.Date),
            ThuliumAggregation.Year => YearPattern.Format(local.Date),
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a Thulium aggregation."),
        };
    }

    /// <summary>Whole seconds of a duration (the simulation has no fractions).</summary>
    public static long Seconds(Duration value) => EmulatorWire.WholeSeconds(value);
}
