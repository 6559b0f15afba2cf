using System.Diagnostics;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Unified;

/// <summary>
/// One agent's figures for one period, in the same shape whatever the vendor: the unified view across platforms.
/// Every metric is nullable: null means the vendor does not report it (or did not for this period), never zero.
/// </summary>
/// <remarks>
/// <para>Counts and durations are sums over the period, so records add up (<see cref="AgentStatisticsRollup"/>); the
/// KPIs (<see cref="AverageHandleTime"/>, <see cref="Occupancy"/>, <see cref="AnswerRate"/>, <see cref="AverageTalkTime"/>)
/// are computed from those sums, never averaged.</para>
/// <para>Each vendor's README has the table of which vendor field feeds which metric and which stay null.</para>
/// </remarks>
[DebuggerDisplay("{Vendor,nq}/{Account,nq} {AgentId,nq} {Period}")]
public sealed record AgentStatistics
{
    /// <summary>The vendor id: <c>voximplant</c>, <c>vcclive</c>, <c>netaxis</c>, <c>enswitch</c> or <c>thulium</c> (<see cref="AllVendors"/> after a roll-up across vendors).</summary>
    public required string Vendor { get; init; }

    /// <summary>The account: the registration name (<c>default</c> for the unnamed registration; <see cref="AllAccounts"/> after a roll-up across vendors).</summary>
    public required string Account { get; init; }

    /// <summary>The vendor's agent id as text (a user id, a login, a SIP address, a destination number; <see cref="AllAgents"/> after a roll-up across agents).</summary>
    public required string AgentId { get; init; }

    /// <summary>The agent's display name, when the vendor gives one.</summary>
    public string? AgentName { get; init; }

    /// <summary>The period: start and end instants, the bucket and the zone whose wall clock placed them.</summary>
    public required StatisticsPeriod Period { get; init; }

    /// <summary>Calls the agent handled (answered) in the period.</summary>
    public long? CallsHandled { get; init; }

    /// <summary>Calls offered to the agent and not answered in the period.</summary>
    public long? CallsUnanswered { get; init; }

    /// <summary>Talk time of the calls handled.</summary>
    public Duration? TalkTime { get; init; }

    /// <summary>Time logged in and available (ready) for calls.</summary>
    public Duration? AvailableTime { get; init; }

    /// <summary>Time in the on-call state.</summary>
    public Duration? OnCallTime { get; init; }

    /// <summary>Time in after-call work (wrap-up).</summary>
    public Duration? AfterCallWorkTime { get; init; }

    /// <summary>Time paused (breaks, training, …).</summary>
    public Duration? PausedTime { get; init; }

    /// <summary>Time offline (logged out).</summary>
    public Duration? OfflineTime { get; init; }

    /// <summary>Time in do-not-disturb.</summary>
    public Duration? DoNotDisturbTime { get; init; }

    /// <summary>
    /// The vendor's own figures for the period by the vendor's name (e.g. Voximplant <c>BANNED.sum</c>, VCC Live
    /// <c>ticketCreated.count</c>), counts as counts and durations in seconds; they add up in a roll-up.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> VendorMetrics { get; init; } = EmptyMetrics;

    /// <summary>The deterministic key of the record, for upserts: vendor, account, agent, bucket, zone and period start.</summary>
    public AgentStatisticsKey Key => new(Vendor, Account, AgentId, Period.Bucket, Period.Zone.Id, Period.Start);

    /// <summary>Average handle time: (talk + after-call work) / calls handled; null when an input is unknown or no call was handled.</summary>
    public Duration? AverageHandleTime =>
        TalkTime is { } talk && AfterCallWorkTime is { } acw && CallsHandled is > 0 and var handled ? (talk + acw) / handled : null;

    /// <summary>Average talk time: talk / calls handled; null when an input is unknown or no call was handled.</summary>
    public Duration? AverageTalkTime => TalkTime is { } talk && CallsHandled is > 0 and var handled ? talk / handled : null;

    /// <summary>
    /// Occupancy: (on call + after-call work) / (available + on call + after-call work), between 0 and 1; null when an
    /// input is unknown or the denominator is zero.
    /// </summary>
    public double? Occupancy
    {
        get
        {
            if (OnCallTime is not { } onCall || AfterCallWorkTime is not { } acw || AvailableTime is not { } available)
            {
                return null;
            }

            var busy = (onCall + acw).TotalSeconds;
            var staffed = busy + available.TotalSeconds;
            return staffed > 0 ? busy / staffed : null;
        }
    }

    /// <summary>Answer rate: handled / (handled + unanswered), between 0 and 1; null when an input is unknown or no call was offered.</summary>
    public double? AnswerRate =>
        CallsHandled is { } handled && CallsUnanswered is { } unanswered && handled + unanswered > 0
            ? (double)handled / (handled + unanswered)
            : null;

    /// <summary>The vendor id after a roll-up across vendors.</summary>
    public const string AllVendors = "*";

    /// <summary>The account after a roll-up across vendors.</summary>
    public const string AllAccounts = "*";

    /// <summary>The agent id after a roll-up across agents.</summary>
    public const string AllAgents = "*";

    /// <summary>The account name of the unnamed (default) registration.</summary>
    public const string DefaultAccount = "default";

    private static readonly IReadOnlyDictionary<string, decimal> EmptyMetrics = new Dictionary<string, decimal>(0, StringComparer.Ordinal);
}

/// <summary>
/// The identity of an <see cref="AgentStatistics"/> record: a re-pull of the same vendor, account, agent and period
/// gives the same key, so a store can upsert by it.
/// </summary>
/// <param name="Vendor">The vendor id.</param>
/// <param name="Account">The account.</param>
/// <param name="AgentId">The agent id.</param>
/// <param name="Bucket">The bucket of the period.</param>
/// <param name="TimeZone">The zone id of the period.</param>
/// <param name="PeriodStart">The period's first instant.</param>
public readonly record struct AgentStatisticsKey(string Vendor, string Account, string AgentId, TimeBucket Bucket, string TimeZone, Instant PeriodStart);
