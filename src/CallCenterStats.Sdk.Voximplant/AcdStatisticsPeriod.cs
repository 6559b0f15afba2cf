using CallCenterStats.Sdk.Aggregation;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// The time bucket of a group or entry, as Voximplant's <c>date</c> and <c>hour</c> fields give it (UTC), and the
/// instants it covers. Which fields are present tells the aggregation: <c>date</c> alone is a day, <c>hour</c>
/// alone an hour of the day (recurring, no date), both an hour of a day.
/// </summary>
public sealed record AcdStatisticsPeriod
{
    /// <summary>
    /// The kind of bucket: <see cref="TimeBucket.Day"/>, <see cref="TimeBucket.HourOfDay"/> or
    /// <see cref="TimeBucket.Hour"/>.
    /// </summary>
    public required TimeBucket Bucket { get; init; }

    /// <summary>The UTC date (<c>date</c>, <c>YYYY-MM-DD</c>) for day and hour buckets; null for hour-of-day buckets.</summary>
    public LocalDate? Date { get; init; }

    /// <summary>The hour exactly as Voximplant sent it (<c>hour</c>); null for day buckets.</summary>
    public int? Hour { get; init; }

    /// <summary>
    /// The UTC hour of the day the bucket starts at (0–23), read from <see cref="Hour"/> with the client's
    /// <see cref="HourNumbering"/>; null for day buckets and for an hour outside that numbering's range.
    /// </summary>
    public int? HourOfDay { get; init; }

    /// <summary>
    /// The first instant of the bucket: midnight UTC of <see cref="Date"/> for a day, <see cref="Date"/> plus
    /// <see cref="HourOfDay"/> hours for an hour; null for hour-of-day buckets (they recur every day) and when the
    /// hour could not be read.
    /// </summary>
    public Instant? Start { get; init; }

    /// <summary>The first instant after the bucket (exclusive end): <see cref="Start"/> plus one day or one hour; null when <see cref="Start"/> is.</summary>
    public Instant? End { get; init; }

    /// <summary>Builds the period from the wire fields; null when neither is present (<c>aggregation=none</c>).</summary>
    internal static AcdStatisticsPeriod? Create(LocalDate? date, int? hour, HourNumbering numbering)
    {
        if (date is null && hour is null)
        {
            return null;
        }

        int? hourOfDay = hour is { } h ? numbering switch
        {
            HourNumbering.OneBased when h is >= 1 and <= 24 => h - 1,
            HourNumbering.ZeroBased when h is >= 0 and <= 23 => h,
            _ => null,
        } : null;

        var bucket = (date, hour) switch
        {
            (not null, null) => TimeBucket.Day,
            (null, not null) => TimeBucket.HourOfDay,
            _ => TimeBucket.Hour,
        };

        Instant? start = bucket switch
        {
            TimeBucket.Day => BucketCalendar.Utc.GetBucketStart(date!.Value.AtMidnight().InUtc().ToInstant(), TimeBucket.Day),
            TimeBucket.Hour when hourOfDay is { } hd => date!.Value.AtMidnight().PlusHours(hd).InUtc().ToInstant(),
            _ => null,
        };

        return new AcdStatisticsPeriod
        {
            Bucket = bucket,
            Date = date,
            Hour = hour,
            HourOfDay = hourOfDay,
            Start = start,
            End = start is { } s ? BucketCalendar.Utc.GetNextBucketStart(s, bucket) : null,
        };
    }
}
