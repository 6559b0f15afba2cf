using CallCenterStats.Sdk.Aggregation;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// What one <see cref="AgentStatisticsSync.SyncAsync"/> run stores: the periods (bucket and zone), where to start and
/// stop, how far back to re-pull recent periods, and the scope passed to the source's query (agents, vendor filters).
/// </summary>
/// <remarks>
/// <para>The first run of a vendor account, bucket and zone needs <see cref="From"/>. Later runs can leave it out: they
/// start <see cref="Lookback"/> before the stored state (the end of the last period written), and earlier still when a
/// provisional period lies further back, so every provisional row is rewritten.</para>
/// <para>Every run ends at the last complete bucket before the clock's now (or at <see cref="To"/> when that is earlier):
/// a bucket still in progress is never stored. Periods that end within <see cref="Lookback"/> of now are stored with
/// <c>provisional = true</c>: the vendor may still change them.</para>
/// </remarks>
public sealed record SyncRequest
{
    /// <summary>The bucket of the stored periods: <see cref="TimeBucket.Hour"/> or <see cref="TimeBucket.Day"/> (the default).</summary>
    public TimeBucket Bucket { get; init; } = TimeBucket.Day;

    /// <summary>The zone whose wall clock places the bucket boundaries (days of 23 or 25 hours included); UTC by default.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>
    /// Where to start: rounded down to the start of its bucket. Required on the first run; on later runs it re-pulls
    /// from there (a backfill or a correction). A start after the stored state does not skip anything: the run then
    /// continues from the state, so the table never has a gap. For a date, use
    /// <c>date.AtStartOfDayInZone(zone).ToInstant()</c>.
    /// </summary>
    public Instant? From { get; init; }

    /// <summary>
    /// Where to stop (exclusive), rounded down to the start of its bucket; the last complete bucket before now when null
    /// or later than that.
    /// </summary>
    public Instant? To { get; init; }

    /// <summary>
    /// How long after its end a period may still change at the vendor: such periods are stored provisional and re-pulled
    /// by the next run, which starts this long before the stored state. Null (the default) means one bucket: the last
    /// complete bucket is provisional. <see cref="Duration.Zero"/> stores every period as final.
    /// </summary>
    public Duration? Lookback { get; init; }

    /// <summary>Only these agents (the vendor's agent ids as text); null for every agent the vendor reports.</summary>
    public IReadOnlyList<string>? Agents { get; init; }

    /// <summary>The vendor-specific scope (e.g. Enswitch <c>queue</c>, Netaxis <c>tenant</c>/<c>group</c>/<c>callCenter</c>), passed to the source's query.</summary>
    public IReadOnlyDictionary<string, string> VendorFilters { get; init; } = new Dictionary<string, string>(0, StringComparer.Ordinal);
}
