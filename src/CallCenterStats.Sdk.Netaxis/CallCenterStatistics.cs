using CallCenterStats.Sdk.Pipeline;
using System.Text.Json;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Queue and agent statistics of a call center over a range (GET <c>statistics/</c>). Fields APIO leaves out are
/// null; fields this SDK does not know are kept in <c>AdditionalData</c> at every level.
/// </summary>
public sealed record CallCenterStatistics
{
    /// <summary>The range APIO reports on (<c>statisticsRange</c>), as it echoed it; null when it did not.</summary>
    public StatisticsRange? Range { get; init; }

    /// <summary>The statistics of the call center's queue (<c>queueStatistics</c>); null when absent.</summary>
    public QueueStatistics? Queue { get; init; }

    /// <summary>The statistics of each agent of the call center (<c>agentStatistics</c>), in APIO's order.</summary>
    public IReadOnlyList<CallCenterAgentStatistics> Agents { get; init; } = [];

    /// <summary>Fields of the answer this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>The range a statistics answer covers, with the UTC offsets APIO wrote (<c>2021-01-01T00:00:00+01:00</c>).</summary>
public sealed record StatisticsRange
{
    /// <summary>The start (<c>start</c>); use <see cref="OffsetDateTime.ToInstant"/> for the instant.</summary>
    public OffsetDateTime? Start { get; init; }

    /// <summary>The end (<c>end</c>); use <see cref="OffsetDateTime.ToInstant"/> for the instant.</summary>
    public OffsetDateTime? End { get; init; }

    /// <summary>Fields this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>Statistics of a call center's queue (<c>queueStatistics</c>). Counts are numbers of calls.</summary>
public sealed record QueueStatistics
{
    /// <summary>Calls sent to overflow because the queue was full (<c>busyOverflows</c>).</summary>
    public long? BusyOverflows { get; init; }

    /// <summary>Calls answered (<c>callsAnswered</c>).</summary>
    public long? CallsAnswered { get; init; }

    /// <summary>Calls abandoned by the caller while queued (<c>callsAbandoned</c>).</summary>
    public long? CallsAbandoned { get; init; }

    /// <summary>Calls transferred (<c>callsTransferred</c>).</summary>
    public long? CallsTransferred { get; init; }

    /// <summary>Calls that timed out in the queue (<c>callsTimedout</c>).</summary>
    public long? CallsTimedOut { get; init; }

    /// <summary>The average number of agents talking (<c>averageAgentsTalking</c>, a decimal).</summary>
    public decimal? AverageAgentsTalking { get; init; }

    /// <summary>The average number of agents staffed (<c>averageAgentsStaffed</c>, a decimal).</summary>
    public decimal? AverageAgentsStaffed { get; init; }

    /// <summary>The average wait before answer (<c>averageWaitSeconds</c>; fractional seconds are kept).</summary>
    public Duration? AverageWait { get; init; }

    /// <summary>The average wait before abandonment (<c>averageAbandonmentSeconds</c>; fractional seconds are kept).</summary>
    public Duration? AverageAbandonment { get; init; }

    /// <summary>Fields this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>Statistics of one agent of a call center (an element of <c>agentStatistics</c>).</summary>
public sealed record CallCenterAgentStatistics
{
    /// <summary>The agent's user id (<c>agentUserId</c>), e.g. <c>ApioUserTest1@sip.netaxis.be</c>.</summary>
    public string? AgentUserId { get; init; }

    /// <summary>The agent's display names (<c>agentDisplayNames</c>); null when absent.</summary>
    public AgentDisplayNames? DisplayNames { get; init; }

    /// <summary>Whether the agent is available (<c>available</c>), at the time of the request.</summary>
    public bool? Available { get; init; }

    /// <summary>The agent's call figures (<c>statistics</c>); null when absent.</summary>
    public AgentCallStatistics? Statistics { get; init; }

    /// <summary>Fields this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>An agent's display names (<c>agentDisplayNames</c>).</summary>
public sealed record AgentDisplayNames
{
    /// <summary>The first name (<c>firstName</c>).</summary>
    public string? FirstName { get; init; }

    /// <summary>The last name (<c>lastName</c>).</summary>
    public string? LastName { get; init; }

    /// <summary>Fields this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>An agent's call figures (the agent's <c>statistics</c>).</summary>
public sealed record AgentCallStatistics
{
    /// <summary>Calls the agent handled (<c>callsHandled</c>).</summary>
    public long? CallsHandled { get; init; }

    /// <summary>Calls offered to the agent and not answered (<c>callsUnanswered</c>).</summary>
    public long? CallsUnanswered { get; init; }

    /// <summary>The average call length (<c>averageCallSeconds</c>; fractional seconds are kept).</summary>
    public Duration? AverageCall { get; init; }

    /// <summary>The total talk time (<c>totalTalkSeconds</c>).</summary>
    public Duration? TotalTalk { get; init; }

    /// <summary>The total staffed time (<c>totalStaffedSeconds</c>).</summary>
    public Duration? TotalStaffed { get; init; }

    /// <summary>Fields this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}
