using NodaTime;
using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Aggregation;

/// <summary>
/// Bucket math in a time zone: which bucket an instant falls in, where a bucket starts and ends, and how
/// a range splits along bucket boundaries. Boundaries follow the zone's wall clock, so a
/// <see cref="TimeBucket.Day"/> in <c>Europe/Warsaw</c> lasts 23 hours on the last Sunday of March and
/// 25 hours on the last Sunday of October.
/// </summary>
/// <remarks>
/// <para>Day, week, month and year buckets start at the zone's start of day (usually midnight; the first
/// valid instant when midnight is skipped by a transition).</para>
/// <para>Minute, quarter-hour and hour buckets are aligned to the wall clock and are exactly one minute, 15 minutes
/// or one hour long. When clocks go back, the repeated hour yields two distinct buckets (one per UTC offset); when
/// they go forward, the skipped hour has no bucket.</para>
/// <para><see cref="TimeBucket.HourOfDay"/> uses the same concrete hour buckets as <see cref="TimeBucket.Hour"/>;
/// <see cref="HourOfDay(Instant)"/> gives the recurring key (0–23) to group them by.</para>
/// </remarks>
public sealed class BucketCalendar
{
    /// <summary>Creates a calendar for <paramref name="zone"/>.</summary>
    /// <param name="zone">The zone whose wall clock places bucket boundaries.</param>
    /// <param name="firstDayOfWeek">The day weeks start on; Monday (ISO-8601) by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstDayOfWeek"/> is not a day of the week.</exception>
    public BucketCalendar(DateTimeZone zone, IsoDayOfWeek firstDayOfWeek = IsoDayOfWeek.Monday)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (firstDayOfWeek < IsoDayOfWeek.Monday || firstDayOfWeek > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(firstDayOfWeek), firstDayOfWeek, "The first day of the week must be Monday to Sunday.");
        }

        Zone = zone;
        FirstDayOfWeek = firstDayOfWeek;
    }

    /// <summary>A calendar for UTC with ISO weeks.</summary>
    public static BucketCalendar Utc { get; } = new(DateTimeZone.Utc);

    /// <summary>The zone whose wall clock places bucket boundaries.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The day weeks start on.</summary>
    public IsoDayOfWeek FirstDayOfWeek { get; }

    /// <summary>Returns the bucket of size <paramref name="bucket"/> that <paramref name="instant"/> falls in.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="bucket">The bucket size; <see cref="TimeBucket.None"/> has no boundaries and is rejected.</param>
    /// <returns>The bucket as a half-open range; it contains <paramref name="instant"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="bucket"/> is <see cref="TimeBucket.None"/> or undefined.</exception>
    public InstantRange GetBucket(Instant instant, TimeBucket bucket)
    {
        var start = GetBucketStart(instant, bucket);
        return new InstantRange(start, GetNextBucketStart(start, bucket));
    }

    /// <summary>Returns the start of the bucket that <paramref name="instant"/> falls in.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="bucket">The bucket size.</param>
    /// <returns>The first instant of the bucket.</returns>
    /// <exception cref="ArgumentException"><paramref name="bucket"/> is <see cref="TimeBucket.None"/> or undefined.</exception>
    public Instant GetBucketStart(Instant instant, TimeBucket bucket)
    {
        var zoned = instant.InZone(Zone);
        var local = zoned.LocalDateTime;
        switch (bucket)
        {
            case TimeBucket.Minute:
                return AtSameOffsetOrEarlier(local.Date + new LocalTime(local.Hour, local.Minute), zoned.Offset);
            case TimeBucket.QuarterHour:
                return AtSameOffsetOrEarlier(local.Date + new LocalTime(local.Hour, local.Minute / 15 * 15), zoned.Offset);
            case TimeBucket.Hour:
            case TimeBucket.HourOfDay:
                return AtSameOffsetOrEarlier(local.Date + new LocalTime(local.Hour, 0), zoned.Offset);
            case TimeBucket.Day:
                return Zone.AtStartOfDay(local.Date).ToInstant();
            case TimeBucket.Week:
                return Zone.AtStartOfDay(StartOfWeek(local.Date)).ToInstant();
            case TimeBucket.Month:
                return Zone.AtStartOfDay(new LocalDate(local.Year, local.Month, 1, local.Calendar)).ToInstant();
            case TimeBucket.Year:
                return Zone.AtStartOfDay(new LocalDate(local.Year, 1, 1, local.Calendar)).ToInstant();
            default:
                throw NoBoundaries(bucket);
        }
    }

    /// <summary>Returns the start of the bucket after the one starting at <paramref name="bucketStart"/>.</summary>
    /// <param name="bucketStart">The start of a bucket, as returned by <see cref="GetBucketStart"/>.</param>
    /// <param name="bucket">The bucket size.</param>
    /// <returns>The first instant of the next bucket (the exclusive end of this one).</returns>
    /// <exception cref="ArgumentException"><paramref name="bucket"/> is <see cref="TimeBucket.None"/> or undefined.</exception>
    public Instant GetNextBucketStart(Instant bucketStart, TimeBucket bucket)
    {
        var date = bucketStart.InZone(Zone).Date;
        return bucket switch
        {
            TimeBucket.Minute => bucketStart + Duration.FromMinutes(1),
            TimeBucket.QuarterHour => bucketStart + Duration.FromMinutes(15),
            TimeBucket.Hour or TimeBucket.HourOfDay => bucketStart + Duration.FromHours(1),
            TimeBucket.Day => Zone.AtStartOfDay(date.PlusDays(1)).ToInstant(),
            TimeBucket.Week => Zone.AtStartOfDay(StartOfWeek(date).PlusWeeks(1)).ToInstant(),
            TimeBucket.Month => Zone.AtStartOfDay(new LocalDate(date.Year, date.Month, 1, date.Calendar).PlusMonths(1)).ToInstant(),
            TimeBucket.Year => Zone.AtStartOfDay(new LocalDate(date.Year, 1, 1, date.Calendar).PlusYears(1)).ToInstant(),
            _ => throw NoBoundaries(bucket),
        };
    }

    /// <summary>Returns the hour of the day (0–23) on the zone's wall clock at <paramref name="instant"/>.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The key of the <see cref="TimeBucket.HourOfDay"/> bucket the instant belongs to.</returns>
    public int HourOfDay(Instant instant) => instant.InZone(Zone).Hour;

    /// <summary>Returns the first day of the week that contains <paramref name="date"/>.</summary>
    /// <param name="date">A date.</param>
    /// <returns>The date on or before <paramref name="date"/> that falls on <see cref="FirstDayOfWeek"/>.</returns>
    public LocalDate StartOfWeek(LocalDate date)
    {
        var back = ((int)date.DayOfWeek - (int)FirstDayOfWeek + 7) % 7;
        return date.PlusDays(-back);
    }

    /// <summary>
    /// Splits <paramref name="range"/> into consecutive chunks bounded by bucket boundaries; see
    /// <see cref="InstantRange.Split"/>.
    /// </summary>
    /// <param name="range">The range to split.</param>
    /// <param name="bucket">The bucket size; <see cref="TimeBucket.None"/> yields the range itself.</param>
    /// <returns>The chunks in chronological order, covering the range exactly.</returns>
    public IEnumerable<InstantRange> Split(InstantRange range, TimeBucket bucket)
    {
        if (bucket == TimeBucket.None)
        {
            return [range];
        }

        if (!Enum.IsDefined(bucket))
        {
            throw NoBoundaries(bucket);
        }

        return SplitIterator(range, bucket);
    }

    private IEnumerable<InstantRange> SplitIterator(InstantRange range, TimeBucket bucket)
    {
        var current = range.Start;
        while (current < range.End)
        {
            var next = GetNextBucketStart(GetBucketStart(current, bucket), bucket);
            var chunkEnd = next < range.End ? next : range.End;
            yield return new InstantRange(current, chunkEnd);
            current = chunkEnd;
        }
    }

    private Instant AtSameOffsetOrEarlier(LocalDateTime local, Offset preferred)
    {
        var mapping = Zone.MapLocal(local);
        switch (mapping.Count)
        {
            case 1:
                return mapping.Single().ToInstant();
            case 2:
                // Clocks went back: the wall-clock time occurs twice; keep the occurrence with the instant's own offset.
                return mapping.Last().Offset == preferred ? mapping.Last().ToInstant() : mapping.First().ToInstant();
            default:
                // Truncating landed in a skipped period (only possible in zones with sub-hour transitions):
                // the bucket starts when the clock resumes.
                return Zone.AtLeniently(local).ToInstant();
        }
    }

    private static ArgumentException NoBoundaries(TimeBucket bucket) =>
        new($"Time bucket '{bucket}' has no boundaries to compute.", nameof(bucket));
}
