using System.Text.Json;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Vendors.Voximplant;

/// <summary>Voximplant's <c>aggregation</c> values: how state intervals are bucketed by UTC time.</summary>
internal enum AcdAggregation
{
    /// <summary><c>none</c>: one bucket for the whole range, no time fields.</summary>
    None,

    /// <summary><c>day</c>: UTC days, <c>date</c>.</summary>
    Day,

    /// <summary><c>hour_of_day</c>: the 24 UTC hours of the day, recurring over the range, <c>hour</c>.</summary>
    HourOfDay,

    /// <summary><c>hour</c>: UTC hours of each day, <c>date</c> and <c>hour</c>.</summary>
    Hour,
}

/// <summary>The per-status figures of one bucket: number of intervals, and their total, shortest and longest length in seconds.</summary>
internal struct StatusFigures
{
    public long Count;
    public long Sum;
    public long Min;
    public long Max;

    public void Add(long seconds)
    {
        Min = Count == 0 ? seconds : Math.Min(Min, seconds);
        Max = Count == 0 ? seconds : Math.Max(Max, seconds);
        Count++;
        Sum += seconds;
    }
}

/// <summary>
/// Turns the simulation's state segments into Voximplant ACD status statistics: each segment (already clipped to
/// the requested range) is cut at UTC hour or day boundaries, and each piece is one interval of its bucket. Per
/// status: <c>min</c>, <c>max</c>, <c>sum</c> of the pieces' lengths, <c>count</c> of pieces,
/// <c>avg</c> = floor(<c>sum</c> / <c>count</c>).
/// </summary>
/// <remarks>
/// Mapping: Offline → <c>OFFLINE</c>, Paused → <c>ONLINE</c> (logged in, not ready), Ready → <c>READY</c>, OnCall →
/// <c>IN_SERVICE</c>, AfterCallWork → <c>AFTER_SERVICE</c>, DoNotDisturb → <c>DND</c>; <c>BANNED</c> and
/// <c>TIMEOUT</c> never occur. Segments are taken as the simulation gives them (an overnight offline stretch is two
/// segments, split at the center's local midnight), so counts agree with the other emulated vendors.
/// </remarks>
internal static class AcdStatusBuckets
{
    private const long SecondsPerHour = 3600;
    private const long SecondsPerDay = 86400;

    /// <summary>The statuses Voximplant documents, in the order it writes them.</summary>
    public static readonly string[] Names = ["OFFLINE", "ONLINE", "READY", "BANNED", "IN_SERVICE", "AFTER_SERVICE", "TIMEOUT", "DND"];

    private static readonly LocalDate Epoch = new(1970, 1, 1);

    /// <summary>The index in <see cref="Names"/> of the status a simulated state is reported as.</summary>
    public static int StatusOf(AgentState state) => state switch
    {
        AgentState.Offline => 0,
        AgentState.Paused => 1,
        AgentState.Ready => 2,
        AgentState.OnCall => 4,
        AgentState.AfterCallWork => 5,
        AgentState.DoNotDisturb => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown agent state."),
    };

    /// <summary>
    /// Collects one agent's buckets within <paramref name="range"/> (UTC), keeping only the <paramref name="wanted"/>
    /// statuses; a bucket appears only when one of them occurred in it. Keys sort chronologically (see
    /// <see cref="WriteKey"/>).
    /// </summary>
    public static SortedDictionary<long, StatusFigures[]> Collect(SimulatedContactCenter center, SimulatedAgent agent, Interval range, AcdAggregation aggregation, bool[] wanted)
    {
        var buckets = new SortedDictionary<long, StatusFigures[]>();
        foreach (var segment in center.GetSegments(agent, range))
        {
            var status = StatusOf(segment.State);
            if (!wanted[status])
            {
                continue;
            }

            var start = EmulatorWire.UnixSeconds(segment.Start);
            var end = EmulatorWire.UnixSeconds(segment.End);
            while (start < end)
            {
                var pieceEnd = Math.Min(end, BucketEnd(start, aggregation));
                var key = Key(start, aggregation);
                if (!buckets.TryGetValue(key, out var figures))
                {
                    buckets[key] = figures = new StatusFigures[Names.Length];
                }

                figures[status].Add(pieceEnd - start);
                start = pieceEnd;
            }
        }

        return buckets;
    }

    /// <summary>
    /// Splits the range into the chunks a <c>group=aggregation</c> answer is produced in: UTC days for day and hour
    /// buckets (so only one day of every agent is held at a time), the whole range otherwise.
    /// </summary>
    public static IEnumerable<Interval> Chunks(Interval range, AcdAggregation aggregation)
    {
        if (aggregation is AcdAggregation.None or AcdAggregation.HourOfDay)
        {
            yield return range;
            yield break;
        }

        // UTC days are whole multiples of 86 400 s from the epoch; each chunk ends at the next one or at the range's end.
        var start = range.Start;
        while (start < range.End)
        {
            var nextDay = NodaConstants.UnixEpoch + Duration.FromSeconds((FloorDiv(EmulatorWire.UnixSeconds(start), SecondsPerDay) + 1) * SecondsPerDay);
            var end = nextDay < range.End ? nextDay : range.End;
            yield return new Interval(start, end);
            start = end;
        }
    }

    /// <summary>Writes the bucket's time fields: <c>date</c> (<c>YYYY-MM-DD</c>) and/or <c>hour</c> (0–23), UTC.</summary>
    public static void WriteKey(Utf8JsonWriter w, long key, AcdAggregation aggregation)
    {
        switch (aggregation)
        {
            case AcdAggregation.Day:
                w.WriteString("date", EmulatorWire.DashedDateText(Epoch.PlusDays(checked((int)key))));
                break;
            case AcdAggregation.Hour:
                w.WriteString("date", EmulatorWire.DashedDateText(Epoch.PlusDays(checked((int)FloorDiv(key, 24)))));
                w.WriteNumber("hour", key - (FloorDiv(key, 24) * 24));
                break;
            case AcdAggregation.HourOfDay:
                w.WriteNumber("hour", key);
                break;
            default:
                break;
        }
    }

    /// <summary>Writes <c>acd_status</c>: an object keyed by status with <c>min</c>, <c>avg</c>, <c>max</c>, <c>count</c>, <c>sum</c> (seconds).</summary>
    public static void WriteStatuses(Utf8JsonWriter w, StatusFigures[] figures)
    {
        w.WriteStartObject("acd_status");
        for (var i = 0; i < figures.Length; i++)
        {
            var f = figures[i];
            if (f.Count == 0)
            {
                continue;
            }

            w.WriteStartObject(Names[i]);
            w.WriteNumber("min", f.Min);
            w.WriteNumber("avg", f.Sum / f.Count);
            w.WriteNumber("max", f.Max);
            w.WriteNumber("count", f.Count);
            w.WriteNumber("sum", f.Sum);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static long Key(long start, AcdAggregation aggregation) => aggregation switch
    {
        AcdAggregation.Day => FloorDiv(start, SecondsPerDay),
        AcdAggregation.Hour => FloorDiv(start, SecondsPerHour),
        AcdAggregation.HourOfDay => FloorDiv(start, SecondsPerHour) - (FloorDiv(start, SecondsPerDay) * 24),
        _ => 0,
    };

    private static long BucketEnd(long start, AcdAggregation aggregation) => aggregation switch
    {
        AcdAggregation.Day => (FloorDiv(start, SecondsPerDay) + 1) * SecondsPerDay,
        AcdAggregation.Hour or AcdAggregation.HourOfDay => (FloorDiv(start, SecondsPerHour) + 1) * SecondsPerHour,
        _ => long.MaxValue,
    };

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}
