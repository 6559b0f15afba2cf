using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// What to report on in <see cref="ThuliumClient.GetAgentsWorkReportAsync"/> (<c>GET /api/agents_work_report</c>).
/// Set <see cref="AgentLogins"/>, <see cref="AgentGroupIds"/> or both: Thulium needs at least one of them.
/// </summary>
public sealed record AgentsWorkReportRequest
{
    /// <summary>The largest page Thulium returns (and its default <c>limit</c>): 100 rows.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// The time range, half-open <c>[Start, End)</c>. Sent as <c>date_from</c>/<c>date_to</c>
    /// (<c>YYYY-MM-DD HH:mm:ss</c>) in the wall-clock time of <see cref="ThuliumOptions.TimeZone"/>. Thulium
    /// does not say whether <c>date_to</c> is inclusive; the SDK sends <see cref="InstantRange.End"/> as it is.
    /// </summary>
    public required InstantRange Range { get; init; }

    /// <summary>The agents' logins (<c>agent_logins[]</c>); required unless <see cref="AgentGroupIds"/> is set.</summary>
    public IReadOnlyList<string>? AgentLogins { get; init; }

    /// <summary>The agent group ids (<c>agent_group_ids[]</c>), each positive; required unless <see cref="AgentLogins"/> is set.</summary>
    public IReadOnlyList<long>? AgentGroupIds { get; init; }

    /// <summary>Only calls of these queues (<c>queues_ids[]</c>), each id positive; all queues when null or empty.</summary>
    public IReadOnlyList<long>? QueueIds { get; init; }

    /// <summary>
    /// The time buckets of the rows (<c>aggregate_by</c>): <see cref="TimeBucket.HourOfDay"/>, <see cref="TimeBucket.Minute"/>,
    /// <see cref="TimeBucket.Hour"/>, <see cref="TimeBucket.Day"/>, <see cref="TimeBucket.Week"/>, <see cref="TimeBucket.Month"/>
    /// or <see cref="TimeBucket.Year"/>. <see cref="TimeBucket.None"/> is not offered by Thulium and is rejected.
    /// Null leaves the parameter out: Thulium then aggregates by month.
    /// </summary>
    public TimeBucket? Aggregation { get; init; }

    /// <summary>
    /// Outbound calls at least this long count as "above threshold" (<c>outbound_threshold</c>, whole seconds
    /// on the wire; Thulium's default is 0). Must be a non-negative whole number of seconds.
    /// </summary>
    public Duration? OutboundThreshold { get; init; }

    /// <summary>
    /// Rows per request when <see cref="ThuliumClient.GetAgentsWorkReportAsync"/> pages by itself
    /// (<c>limit</c>), 1 to <see cref="MaxPageSize"/>; <see cref="MaxPageSize"/> by default (fewest round trips).
    /// </summary>
    public int PageSize { get; init; } = MaxPageSize;
}
