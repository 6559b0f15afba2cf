using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;


namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Unified agent statistics from Netaxis APIO's call-center statistics (the mapping table is in the package README).
/// </summary>
/// <remarks>
/// APIO has no time aggregation: it sums over the range it is asked for. So the planner sends one request per query
/// period and call center (one step per period, covering every call center, up to <see cref="MaxConcurrentSteps"/>
/// periods at once), and refuses plans of more than
/// <see cref="MaxRequests"/> requests and ranges that end in the future (APIO answers 400 for them).
/// </remarks>
internal sealed class NetaxisAgentStatisticsSource(NetaxisClient client, string account, IClock clock)
    : AgentStatisticsSource("netaxis", account)
{
    /// <summary>The most requests one query may plan.</summary>
    public const int MaxRequests = 5000;

    protected override int MaxConcurrentSteps => 4;

    protected override IReadOnlyList<SourceStep> CreatePlan(AgentStatisticsQuery query)
    {
        var paramName = $"{nameof(query)}.{nameof(query.VendorFilters)}";
        var tenant = query.Filter("tenant") ?? throw new ArgumentException("Netaxis needs the vendor filter 'tenant'.", paramName);
        var group = query.Filter("group") ?? throw new ArgumentException("Netaxis needs the vendor filter 'group'.", paramName);
        var names = query.Filter("callCenter")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? throw new ArgumentException("Netaxis needs the vendor filter 'callCenter' (one or more call center names, comma-separated).", paramName);
        var callCenters = names.Select(name => new CallCenterId(tenant, group, name)).ToArray();
        query.Range.EnsureNotInFuture(clock, $"{nameof(query)}.{nameof(query.Range)}");

        var periods = query.Bucket == TimeBucket.None ? [query.Range] : query.Range.Split(query.Bucket, query.Calendar).ToArray();
        if ((long)periods.Length * callCenters.Length > MaxRequests)
        {
            throw new ArgumentException(
                $"Netaxis has no time aggregation: {query.Bucket} buckets over {query.Range} would take {(long)periods.Length * callCenters.Length} requests (at most {MaxRequests}); choose a coarser bucket or a shorter range.",
                $"{nameof(query)}.{nameof(query.Bucket)}");
        }

        // One step per period, holding every call center's request for it: an agent of several call centers is then
        // summed into one record for the period.
        var agents = query.Agents is { } list ? new HashSet<string>(list, StringComparer.OrdinalIgnoreCase) : null;
        return periods
            .Select(period => new SourceStep(
                Request("statistics/get", period, TimeBucket.None, ("callCenter", string.Join(',', callCenters.Select(c => c.ToString())))),
                ct => FetchAsync(callCenters, new StatisticsPeriod(period.Start, period.End, query.Bucket, query.TimeZone), agents, ct)))
            .ToArray();
    }

    private async IAsyncEnumerable<AgentStatistics> FetchAsync(CallCenterId[] callCenters, StatisticsPeriod period, HashSet<string>? agents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var callCenter in callCenters)
        {
            await foreach (var record in FetchAsync(callCenter, period, agents, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    private async IAsyncEnumerable<AgentStatistics> FetchAsync(CallCenterId callCenter, StatisticsPeriod period, HashSet<string>? agents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var statistics = await client.GetStatisticsAsync(new CallCenterStatisticsRequest { CallCenter = callCenter, Range = period.Range }, cancellationToken).ConfigureAwait(false);
        foreach (var agent in statistics.Agents)
        {
            if (agent.AgentUserId is not { Length: > 0 } id || (agents is not null && !agents.Contains(id)))
            {
                continue;
            }

            var metrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
            if (agent.Statistics?.TotalStaffed is { } staffed)
            {
                metrics["totalStaffedSeconds"] = (decimal)staffed.TotalSeconds;
            }

            var name = string.Join(' ', new[] { agent.DisplayNames?.FirstName, agent.DisplayNames?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            yield return new AgentStatistics
            {
                Vendor = Vendor,
                Account = Account,
                AgentId = id,
                AgentName = name.Length == 0 ? null : name,
                Period = period,
                CallsHandled = agent.Statistics?.CallsHandled,
                CallsUnanswered = agent.Statistics?.CallsUnanswered,
                TalkTime = agent.Statistics?.TotalTalk,
                VendorMetrics = metrics,
            };
        }
    }
}
