using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Unified;

/// <summary>
/// What to pull from an <see cref="IAgentStatisticsSource"/>: a range, the bucket and zone of the periods, which agents,
/// and the vendor-specific scope (a queue, a call center, agent groups…).
/// </summary>
public sealed record AgentStatisticsQuery
{
    /// <summary>
    /// The range, half-open. Periods are the buckets of <see cref="Bucket"/> in <see cref="TimeZone"/> that overlap it;
    /// a range that does not start or end on a bucket boundary gives partial first and last periods.
    /// </summary>
    public required InstantRange Range { get; init; }

    /// <summary>The bucket of the periods; <see cref="TimeBucket.Day"/> by default; <see cref="TimeBucket.None"/> for one period, the whole range.</summary>
    public TimeBucket Bucket { get; init; } = TimeBucket.Day;

    /// <summary>The zone whose wall clock places bucket boundaries (days of 23 or 25 hours included); UTC by default.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>Only these agents (vendor agent ids as text); null for every agent the vendor reports.</summary>
    public IReadOnlyList<string>? Agents { get; init; }

    /// <summary>
    /// The vendor-specific scope by name (e.g. Enswitch <c>queue</c>, Netaxis <c>tenant</c>/<c>group</c>/<c>callCenter</c>,
    /// Thulium <c>agentGroups</c>); each vendor's README lists its keys. Values of list keys are comma-separated.
    /// </summary>
    public IReadOnlyDictionary<string, string> VendorFilters { get; init; } = new Dictionary<string, string>(0, StringComparer.Ordinal);

    /// <summary>The calendar of the query: <see cref="TimeZone"/> with ISO weeks.</summary>
    public BucketCalendar Calendar => new(TimeZone);

    /// <summary>Returns the value of a vendor filter, or null.</summary>
    /// <param name="name">The filter name.</param>
    /// <returns>The value, trimmed; null when absent or blank.</returns>
    public string? Filter(string name) =>
        VendorFilters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
