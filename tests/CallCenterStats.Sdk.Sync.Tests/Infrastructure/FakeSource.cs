using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Sync.Tests.Infrastructure;

/// <summary>
/// A source with figures computed from the agent, the period and <see cref="Revision"/> (raise it to play a vendor that
/// corrected its figures), recording every query it answers. Some metrics are unknown (null) on purpose.
/// </summary>
public sealed class FakeSource(string vendor = "fake", string account = "default") : IAgentStatisticsSource
{
    public string Vendor { get; } = vendor;

    public string Account { get; } = account;

    public IReadOnlyList<string> AgentIds { get; init; } = ["a1", "a2", "a3"];

    /// <summary>Added to every figure, so a new revision gives new figures for the same periods.</summary>
    public int Revision { get; set; }

    /// <summary>The vendor filter a query must have (like Enswitch's <c>queue</c>); none when null.</summary>
    public string? RequiredFilter { get; init; }

    /// <summary>Throws this after so many records (a vendor failing mid-run); never when null.</summary>
    public (int After, Exception Error)? Failure { get; set; }

    /// <summary>Changes the records before they are handed out (to return broken data).</summary>
    public Func<IReadOnlyList<AgentStatistics>, IEnumerable<AgentStatistics>>? Rewrite { get; set; }

    public List<AgentStatisticsQuery> Queries { get; } = [];

    public IReadOnlyList<PlannedRequest> Plan(AgentStatisticsQuery query)
    {
        if (RequiredFilter is { } filter && query.Filter(filter) is null)
        {
            throw new ArgumentException($"The fake vendor needs the vendor filter '{filter}'.", $"{nameof(query)}.{nameof(query.VendorFilters)}");
        }

        return [new PlannedRequest(Vendor, Account, "fake", query.Range, query.Bucket, new Dictionary<string, string>())];
    }

    public IAsyncEnumerable<AgentStatistics> GetAgentStatisticsAsync(AgentStatisticsQuery query, CancellationToken cancellationToken = default)
    {
        Plan(query);
        Queries.Add(query);
        return StreamAsync(query, cancellationToken);
    }

    /// <summary>The records the source gives for a query, without recording it.</summary>
    public IReadOnlyList<AgentStatistics> Records(AgentStatisticsQuery query)
    {
        var records = new List<AgentStatistics>();
        foreach (var range in query.Range.Split(query.Bucket, query.Calendar))
        {
            var period = new StatisticsPeriod(range.Start, range.End, query.Bucket, query.TimeZone);
            foreach (var agent in AgentIds.Where(a => query.Agents is null || query.Agents.Contains(a)))
            {
                records.Add(Figures(agent, period));
            }
        }

        return Rewrite is null ? records : Rewrite(records).ToList();
    }

    public AgentStatistics Figures(string agent, StatisticsPeriod period)
    {
        // Deterministic across processes (string.GetHashCode is not).
        var seed = (int)(period.Start.ToUnixTimeSeconds() / 3600 % 1000) + agent.Sum(c => c * 7) % 256 + Revision;
        return new AgentStatistics
        {
            Vendor = Vendor,
            Account = Account,
            AgentId = agent,
            AgentName = agent == "a2" ? null : "Agent " + agent.ToUpperInvariant() + ", \"quoted\"",
            Period = period,
            CallsHandled = seed % 7,
            CallsUnanswered = agent == "a3" ? null : seed % 3,
            TalkTime = Duration.FromSeconds(seed * 11) + Duration.FromMilliseconds(agent == "a1" ? 500 : 0),
            AvailableTime = Duration.FromSeconds(seed * 5),
            OnCallTime = Duration.FromSeconds(seed * 11),
            AfterCallWorkTime = agent == "a1" ? null : Duration.FromSeconds(seed),
            PausedTime = Duration.Zero,
            OfflineTime = null,
            DoNotDisturbTime = Duration.FromSeconds(seed % 60),
            VendorMetrics = agent == "a1"
                ? new Dictionary<string, decimal>(StringComparer.Ordinal)
                : new Dictionary<string, decimal>(StringComparer.Ordinal) { ["ticket.closed"] = seed % 5, ["wait.sum"] = seed * 1.25m },
        };
    }

    private async IAsyncEnumerable<AgentStatistics> StreamAsync(AgentStatisticsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var record in Records(query))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Failure is { } failure && count++ == failure.After)
            {
                throw failure.Error;
            }

            await Task.Yield();
            yield return record;
        }
    }
}
