using System.Globalization;
using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Unified agent statistics from Enswitch's queue destination statistics (the mapping table is in the package README):
/// each destination of a queue is an agent, identified by its number (<c>dnumber</c>).
/// </summary>
/// <remarks>
/// Enswitch has no time aggregation: it sums over the Unix-second range it is asked for. So the planner sends one
/// request per query period, up to <see cref="MaxConcurrentSteps"/> at once, and refuses plans of more than
/// <see cref="MaxRequests"/> requests. The scope is the vendor filter <c>queue</c> (every destination of the queue) or
/// <c>destination</c> (one destination, whose id is then the agent id).
/// </remarks>
internal sealed class EnswitchAgentStatisticsSource(EnswitchClient client, string account)
    : AgentStatisticsSource("enswitch", account)
{
    /// <summary>The most requests one query may plan.</summary>
    public const int MaxRequests = 5000;

    protected override int MaxConcurrentSteps => 4;

    protected override IReadOnlyList<SourceStep> CreatePlan(AgentStatisticsQuery query)
    {
        var paramName = $"{nameof(query)}.{nameof(query.VendorFilters)}";
        var queue = Id(query.Filter("queue"), "queue", paramName);
        var destination = Id(query.Filter("destination"), "destination", paramName);
        if ((queue is null) == (destination is null))
        {
            throw new ArgumentException("Enswitch needs exactly one of the vendor filters 'queue' and 'destination'.", paramName);
        }

        var periods = query.Bucket == TimeBucket.None ? [query.Range] : query.Range.Split(query.Bucket, query.Calendar).ToArray();
        if (periods.Length > MaxRequests)
        {
            throw new ArgumentException(
                $"Enswitch has no time aggregation: {query.Bucket} buckets over {query.Range} would take {periods.Length} requests (at most {MaxRequests}); choose a coarser bucket or a shorter range.",
                $"{nameof(query)}.{nameof(query.Bucket)}");
        }

        var agents = query.Agents is { } list ? new HashSet<string>(list, StringComparer.Ordinal) : null;
        return periods.Select(range => new SourceStep(
            Request(
                "queues/destinations/statistics/get",
                range,
                TimeBucket.None,
                ("queue", queue?.ToString(CultureInfo.InvariantCulture)),
                ("destination", destination?.ToString(CultureInfo.InvariantCulture))),
            ct => FetchAsync(queue, destination, new StatisticsPeriod(range.Start, range.End, query.Bucket, query.TimeZone), agents, ct))).ToArray();
    }

    private async IAsyncEnumerable<AgentStatistics> FetchAsync(long? queue, long? destination, StatisticsPeriod period, HashSet<string>? agents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<DestinationStatistics> rows = queue is { } q
            ? await client.GetQueueStatisticsAsync(new QueueStatisticsRequest { Queue = q, Range = period.Range }, cancellationToken).ConfigureAwait(false)
            : [await client.GetDestinationStatisticsAsync(new DestinationStatisticsRequest { Destination = destination!.Value, Range = period.Range }, cancellationToken).ConfigureAwait(false)];
        foreach (var row in rows)
        {
            var id = row.DestinationNumber ?? destination?.ToString(CultureInfo.InvariantCulture);
            if (id is null || (agents is not null && !agents.Contains(id)))
            {
                continue;
            }

            long? missed = row.Fields.TryGetValue("missed", out var m) ? (long)m : null;
            yield return new AgentStatistics
            {
                Vendor = Vendor,
                Account = Account,
                AgentId = id,
                Period = period,
                CallsHandled = missed is { } unanswered ? row.Calls - unanswered : null,
                CallsUnanswered = missed,
                TalkTime = row.TalkTime,
                VendorMetrics = row.Fields
                    .Where(f => !f.Key.EndsWith("_avg", StringComparison.Ordinal) && !f.Key.EndsWith("_max", StringComparison.Ordinal) && !f.Key.EndsWith("_min", StringComparison.Ordinal))
                    .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
            };
        }
    }

    private static long? Id(string? text, string filter, string paramName) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id
        : throw new ArgumentException($"The vendor filter '{filter}' takes a positive id; '{text}' is not one.", paramName);
}
