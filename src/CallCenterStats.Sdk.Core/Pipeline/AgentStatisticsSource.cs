using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// The common part of every vendor's unified-statistics source: it checks a query, asks the vendor's planner for the
/// steps (one vendor request each, with its records), runs them with bounded concurrency in order, and rolls each
/// step's records up to the query's periods (the query's bucket in its zone, cut to its range). A vendor source only
/// plans its requests and maps the vendor's rows to <see cref="AgentStatistics"/> in the vendor's own buckets.
/// </summary>
/// <remarks>
/// Steps must not straddle a query period (plan them on period boundaries), so that each step's records roll up on
/// their own and memory stays bounded by a step; with <see cref="TimeBucket.None"/> (one period) every step is rolled
/// up together at the end.
/// </remarks>
public abstract class AgentStatisticsSource : IAgentStatisticsSource
{
    /// <summary>Initializes the source.</summary>
    /// <param name="vendor">The vendor id.</param>
    /// <param name="account">The account name.</param>
    protected AgentStatisticsSource(string vendor, string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        ArgumentException.ThrowIfNullOrEmpty(account);
        Vendor = vendor;
        Account = account;
    }

    /// <inheritdoc />
    public string Vendor { get; }

    /// <inheritdoc />
    public string Account { get; }

    /// <summary>How many steps may run at once; 1 by default. Sources that send one request per bucket raise it.</summary>
    protected virtual int MaxConcurrentSteps => 1;

    /// <inheritdoc />
    public IReadOnlyList<PlannedRequest> Plan(AgentStatisticsQuery query)
    {
        Validate(query);
        return CreatePlan(query).Select(step => step.Request).ToArray();
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AgentStatistics> GetAgentStatisticsAsync(AgentStatisticsQuery query, CancellationToken cancellationToken = default)
    {
        Validate(query);
        var steps = CreatePlan(query);
        return RunAsync(query, steps, cancellationToken);
    }

    /// <summary>Plans the steps of a query, in period order; throws <see cref="ArgumentException"/> for a query the vendor cannot answer.</summary>
    /// <param name="query">The query, already checked for a range, a bucket and a zone.</param>
    /// <returns>The steps.</returns>
    protected abstract IReadOnlyList<SourceStep> CreatePlan(AgentStatisticsQuery query);

    /// <summary>Creates a planned request of this source.</summary>
    /// <param name="operation">The vendor operation.</param>
    /// <param name="range">The range it asks for.</param>
    /// <param name="vendorBucket">The bucket the vendor aggregates by.</param>
    /// <param name="parameters">Other parameters that matter, as (name, value) pairs.</param>
    /// <returns>The planned request.</returns>
    protected PlannedRequest Request(string operation, InstantRange range, TimeBucket vendorBucket, params (string Name, string? Value)[] parameters) =>
        new(
            Vendor,
            Account,
            operation,
            range,
            vendorBucket,
            parameters.Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal));

    private static void Validate(AgentStatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        InstantRange.ThrowIfDefault(query.Range, $"{nameof(query)}.{nameof(query.Range)}");
        ArgumentNullException.ThrowIfNull(query.TimeZone, $"{nameof(query)}.{nameof(query.TimeZone)}");
        if (query.Bucket == TimeBucket.HourOfDay || !Enum.IsDefined(query.Bucket))
        {
            throw new ArgumentException($"'{query.Bucket}' is not a bucket of periods (hours of the day recur every day).", $"{nameof(query)}.{nameof(query.Bucket)}");
        }

        if (query.Agents is { } agents && agents.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Agent ids cannot be null, empty or blank.", $"{nameof(query)}.{nameof(query.Agents)}");
        }
    }

    private async IAsyncEnumerable<AgentStatistics> RunAsync(
        AgentStatisticsQuery query,
        IReadOnlyList<SourceStep> steps,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wholeRange = query.Bucket == TimeBucket.None && steps.Count > 1 ? new List<AgentStatistics>() : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<List<AgentStatistics>>>();
        var next = 0;
        try
        {
            while (next < steps.Count || inFlight.Count > 0)
            {
                while (next < steps.Count && inFlight.Count < Math.Max(1, MaxConcurrentSteps))
                {
                    inFlight.Enqueue(CollectAsync(steps[next++], stop.Token));
                }

                var records = await inFlight.Dequeue().ConfigureAwait(false);
                if (wholeRange is not null)
                {
                    wholeRange.AddRange(records);
                    continue;
                }

                foreach (var record in AgentStatisticsRollup.ToQuery(records, query))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in inFlight)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Steps after a failure or an early stop are abandoned on purpose.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        if (wholeRange is not null)
        {
            foreach (var record in AgentStatisticsRollup.ToQuery(wholeRange, query))
            {
                yield return record;
            }
        }
    }

    private static async Task<List<AgentStatistics>> CollectAsync(SourceStep step, CancellationToken cancellationToken)
    {
        var list = new List<AgentStatistics>();
        await foreach (var record in step.Fetch(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(record);
        }

        return list;
    }
}

/// <summary>One step of a source's plan: the request it makes, and how to fetch its records in the vendor's buckets.</summary>
/// <param name="Request">The planned request.</param>
/// <param name="Fetch">Sends the request and maps the vendor's rows to records (in the vendor's buckets).</param>
public sealed record SourceStep(PlannedRequest Request, Func<CancellationToken, IAsyncEnumerable<AgentStatistics>> Fetch);
