using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Unified;

/// <summary>
/// A source of unified agent statistics: one vendor account. Each vendor package implements it over its client and
/// registers it (in its <c>Add{Vendor}Client</c>) as one of the <c>IEnumerable&lt;IAgentStatisticsSource&gt;</c> of the
/// container, so several accounts of one vendor coexist.
/// </summary>
/// <remarks>
/// A source plans its requests for a query first (<see cref="Plan"/>): the vendor's server-side aggregation where it
/// matches the bucket in the zone, finer buckets rolled up in the zone where the vendor buckets in another zone or
/// coarser, one request per bucket where the vendor has no aggregation, and the range split to fit the vendor's limits.
/// A bucket the vendor cannot produce is refused before any I/O with an <see cref="ArgumentException"/> naming the bucket
/// and the vendor.
/// </remarks>
public interface IAgentStatisticsSource
{
    /// <summary>The vendor id (<c>voximplant</c>, <c>vcclive</c>, <c>netaxis</c>, <c>enswitch</c>, <c>thulium</c>).</summary>
    string Vendor { get; }

    /// <summary>The account: the registration name (<see cref="AgentStatistics.DefaultAccount"/> for the unnamed one).</summary>
    string Account { get; }

    /// <summary>The requests the query will make, in order, without making any (a dry run).</summary>
    /// <param name="query">The query.</param>
    /// <returns>The planned requests.</returns>
    /// <exception cref="ArgumentException">The query cannot be answered by this vendor (e.g. minutes from a vendor that reports days, a missing vendor filter).</exception>
    IReadOnlyList<PlannedRequest> Plan(AgentStatisticsQuery query);

    /// <summary>Pulls the unified records of the query: one per agent and period, in period order.</summary>
    /// <param name="query">The query; checked before any I/O.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>The records, streamed.</returns>
    /// <exception cref="ArgumentException">The query cannot be answered by this vendor (thrown by the call).</exception>
    IAsyncEnumerable<AgentStatistics> GetAgentStatisticsAsync(AgentStatisticsQuery query, CancellationToken cancellationToken = default);
}

/// <summary>One request a source will make for a query.</summary>
/// <param name="Vendor">The vendor id.</param>
/// <param name="Account">The account.</param>
/// <param name="Operation">The vendor operation.</param>
/// <param name="Range">The range the request asks for.</param>
/// <param name="VendorBucket">The bucket the vendor is asked to aggregate by (<see cref="TimeBucket.None"/> when it aggregates nothing).</param>
/// <param name="Parameters">The request's other parameters that matter, as text (no secrets).</param>
public sealed record PlannedRequest(
    string Vendor,
    string Account,
    string Operation,
    InstantRange Range,
    TimeBucket VendorBucket,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Returns one line: <c>vendor/account operation [start, end) by bucket key=value …</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{Vendor}/{Account} {Operation} {Range} by {VendorBucket}" + string.Concat(Parameters.Select(p => $" {p.Key}={p.Value}"));
}
