using System.Diagnostics;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Time;

/// <summary>
/// The period a statistics figure covers: its exact start and end instants, the kind of bucket it is (a day, an hour,
/// a quarter hour, …) and the time zone whose wall clock placed its boundaries. Every vendor row that has a period
/// carries one of these, so a day is a day of a known zone (23, 24 or 25 hours long), never an unlabelled date.
/// </summary>
/// <remarks>
/// Recurring buckets (<see cref="TimeBucket.HourOfDay"/>: "every 9 o'clock of the range") have no single start and
/// end, so they are not periods; rows give their hour of the day instead.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record StatisticsPeriod
{
    /// <summary>Creates a period.</summary>
    /// <param name="start">The first instant of the period.</param>
    /// <param name="end">The first instant after the period; after <paramref name="start"/>.</param>
    /// <param name="bucket">The kind of bucket; <see cref="TimeBucket.None"/> for a period that is the whole requested range.</param>
    /// <param name="zone">The zone whose wall clock placed the boundaries.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is not after <paramref name="start"/>, or <paramref name="bucket"/> is <see cref="TimeBucket.HourOfDay"/> or undefined.</exception>
    public StatisticsPeriod(Instant start, Instant end, TimeBucket bucket, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (end <= start)
        {
            throw new ArgumentException($"The end of a period ({WireFormat.IsoUtc(end)}) must be after its start ({WireFormat.IsoUtc(start)}).", nameof(end));
        }

        if (bucket == TimeBucket.HourOfDay || !Enum.IsDefined(bucket))
        {
            throw new ArgumentException($"'{bucket}' does not name a period (hour-of-day buckets recur every day).", nameof(bucket));
        }

        Start = start;
        End = end;
        Bucket = bucket;
        Zone = zone;
    }

    /// <summary>The first instant of the period (inclusive).</summary>
    public Instant Start { get; }

    /// <summary>The first instant after the period (exclusive).</summary>
    public Instant End { get; }

    /// <summary>The kind of bucket the period is.</summary>
    public TimeBucket Bucket { get; }

    /// <summary>The zone whose wall clock placed the period's boundaries (UTC for vendors that bucket in UTC).</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The period's length: 23 or 25 hours for a day with a daylight-saving change.</summary>
    public Duration Duration => End - Start;

    /// <summary>The period as a half-open instant range.</summary>
    public InstantRange Range => new(Start, End);

    /// <summary>The wall-clock date and time the period starts at, in <see cref="Zone"/>.</summary>
    public LocalDateTime LocalStart => Start.InZone(Zone).LocalDateTime;

    /// <summary>Returns the bucket of kind <paramref name="bucket"/> that contains <paramref name="instant"/> on <paramref name="calendar"/>'s wall clock.</summary>
    /// <param name="instant">An instant in the period.</param>
    /// <param name="bucket">The kind of bucket.</param>
    /// <param name="calendar">The zone (and first day of the week).</param>
    /// <returns>The period.</returns>
    public static StatisticsPeriod Containing(Instant instant, TimeBucket bucket, BucketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var range = calendar.GetBucket(instant, bucket);
        return new StatisticsPeriod(range.Start, range.End, bucket, calendar.Zone);
    }

    /// <summary>Converts to a NodaTime <see cref="Interval"/>.</summary>
    /// <returns>The interval.</returns>
    public Interval ToInterval() => new(Start, End);

    /// <summary>Returns <c>[start, end) Bucket Zone</c>, instants in ISO-8601 UTC.</summary>
    /// <returns>A culture-independent description.</returns>
    public override string ToString() => $"[{WireFormat.IsoUtc(Start)}, {WireFormat.IsoUtc(End)}) {Bucket} {Zone.Id}";
}
