using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// What a vendor's unified-statistics source needs to plan its requests: which of the vendor's buckets can be rolled
/// up exactly into a query's periods, and how to split a range to fit the vendor's limits along bucket boundaries.
/// </summary>
public static class SourcePlanning
{
    /// <summary>
    /// Whether every <paramref name="fine"/> bucket of <paramref name="fineCalendar"/> within <paramref name="range"/> lies
    /// inside one <paramref name="coarse"/> bucket of <paramref name="coarseCalendar"/>: true when every coarse boundary
    /// in the range (and the range's own ends) is a fine boundary. UTC hours nest in the days of a zone whose offsets are
    /// whole hours; they do not in Asia/Kolkata (+05:30).
    /// </summary>
    /// <param name="fine">The vendor's bucket.</param>
    /// <param name="fineCalendar">The vendor's zone.</param>
    /// <param name="coarse">The query's bucket; <see cref="TimeBucket.None"/> for the whole range.</param>
    /// <param name="coarseCalendar">The query's zone.</param>
    /// <param name="range">The range.</param>
    /// <returns>Whether the fine buckets roll up exactly into the coarse ones.</returns>
    public static bool Nests(TimeBucket fine, BucketCalendar fineCalendar, TimeBucket coarse, BucketCalendar coarseCalendar, InstantRange range)
    {
        ArgumentNullException.ThrowIfNull(fineCalendar);
        ArgumentNullException.ThrowIfNull(coarseCalendar);
        if (fine is TimeBucket.None or TimeBucket.HourOfDay)
        {
            return coarse == TimeBucket.None && fine == TimeBucket.None;
        }

        if (!IsBoundary(range.Start, fine, fineCalendar) || !IsBoundary(range.End, fine, fineCalendar))
        {
            return false;
        }

        if (coarse == TimeBucket.None)
        {
            return true;
        }

        foreach (var chunk in coarseCalendar.Split(range, coarse))
        {
            if (!IsBoundary(chunk.End, fine, fineCalendar))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Chooses the coarsest of the vendor's buckets that rolls up exactly into the query's periods (fewest rows and
    /// requests), or refuses the query before any I/O.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="vendorCalendar">The zone the vendor buckets in.</param>
    /// <param name="vendorBuckets">The buckets the vendor can aggregate by.</param>
    /// <param name="vendorName">The vendor's display name, for the message.</param>
    /// <returns>The bucket to ask the vendor for.</returns>
    /// <exception cref="ArgumentException">No vendor bucket nests into the query's periods (the message names the bucket, zone and vendor).</exception>
    public static TimeBucket ChooseBucket(AgentStatisticsQuery query, BucketCalendar vendorCalendar, IEnumerable<TimeBucket> vendorBuckets, string vendorName)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(vendorBuckets);
        var calendar = query.Calendar;
        foreach (var candidate in vendorBuckets.OrderByDescending(Rank))
        {
            if (Rank(candidate) <= Rank(query.Bucket) && Nests(candidate, vendorCalendar, query.Bucket, calendar, query.Range))
            {
                return candidate;
            }
        }

        throw new ArgumentException(
            $"{vendorName} cannot produce {query.Bucket} buckets in {query.TimeZone.Id} for {query.Range}: it reports {string.Join(", ", vendorBuckets)} buckets in {vendorCalendar.Zone.Id}, and none of them fits exactly inside the requested periods.",
            "query.Bucket");
    }

    /// <summary>
    /// Splits a range into consecutive chunks of at most <paramref name="maxLength"/>, cut on <paramref name="bucket"/>
    /// boundaries of <paramref name="calendar"/> (a chunk is never shorter than one bucket, even when a bucket is longer
    /// than the limit).
    /// </summary>
    /// <param name="range">The range.</param>
    /// <param name="bucket">The bucket whose boundaries may cut the range; <see cref="TimeBucket.None"/> cuts on days.</param>
    /// <param name="calendar">The zone of the boundaries.</param>
    /// <param name="maxLength">The longest chunk the vendor accepts.</param>
    /// <returns>The chunks, covering the range exactly.</returns>
    public static IReadOnlyList<InstantRange> Chunk(InstantRange range, TimeBucket bucket, BucketCalendar calendar, Duration maxLength)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var chunks = new List<InstantRange>();
        Instant? start = null;
        var end = range.Start;
        foreach (var piece in calendar.Split(range, bucket is TimeBucket.None or TimeBucket.HourOfDay ? TimeBucket.Day : bucket))
        {
            if (start is { } s && piece.End - s > maxLength)
            {
                chunks.Add(new InstantRange(s, end));
                start = piece.Start;
            }

            start ??= piece.Start;
            end = piece.End;
        }

        chunks.Add(new InstantRange(start ?? range.Start, end));
        return chunks;
    }

    /// <summary>The rank of a bucket from finest to coarsest (None is the coarsest: the whole range).</summary>
    private static int Rank(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Minute => 1,
        TimeBucket.QuarterHour => 2,
        TimeBucket.Hour => 3,
        TimeBucket.Day => 4,
        TimeBucket.Week => 5,
        TimeBucket.Month => 6,
        TimeBucket.Year => 7,
        TimeBucket.None => 8,
        _ => 0,
    };

    private static bool IsBoundary(Instant instant, TimeBucket bucket, BucketCalendar calendar) =>
        calendar.GetBucketStart(instant, bucket) == instant;
}
