using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Calendars;
using NodaTime.Text;

// Kept in the Vendors namespace: a nested "Thulium" namespace would shadow CallCenterStats.Sdk.Thulium.
namespace CallCenterStats.Sdk.Emulator.Vendors;

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
    public static List<ThuliumReportBucket> Compute(SimulatedContactCenter center, SimulatedAgent agent, InstantRange range, TimeBucket bucket, bool countCalls)
    {
        var calendar = new BucketCalendar(center.Zone);
        var buckets = new Dictionary<long, ThuliumReportBucket>();

        ThuliumReportBucket At(Instant instant)
        {
            long key;
            Instant start;
            if (bucket == TimeBucket.HourOfDay)
            {
                key = calendar.HourOfDay(instant);
                start = instant;
            }
            else
            {
                start = calendar.GetBucketStart(instant, bucket);
                key = start.ToUnixTimeTicks();
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

            foreach (var piece in calendar.Split(new InstantRange(segment.Start, segment.End), bucket))
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
    public static string Period(ThuliumReportBucket row, TimeBucket bucket, DateTimeZone zone)
    {
        if (bucket == TimeBucket.HourOfDay)
        {
            return row.Key.ToString(CultureInfo.InvariantCulture);
        }

        var local = row.Start.InZone(zone).LocalDateTime;
        return bucket switch
        {
            TimeBucket.Minute => MinutePattern.Format(local),
            TimeBucket.Hour => HourPattern.Format(local),
            TimeBucket.Day => DayPattern.Format(local.Date),
            TimeBucket.Week => string.Create(
                CultureInfo.InvariantCulture,
                $"{WeekYearRules.Iso.GetWeekYear(local.Date):0000}-{WeekYearRules.Iso.GetWeekOfWeekYear(local.Date):00}"),
            TimeBucket.Month => MonthPattern.Format(local.Date),
            TimeBucket.Year => YearPattern.Format(local.Date),
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a Thulium aggregation."),
        };
    }

    /// <summary>Whole seconds of a duration (the simulation has no fractions).</summary>
    public static long Seconds(Duration value) => value.ToInt64Nanoseconds() / 1_000_000_000;
}
