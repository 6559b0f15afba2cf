using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// The parameters of <c>GetACDOperatorStatusStatistics</c>. Only <see cref="Range"/> is required; every other
/// parameter left unset is left out of the request, so Voximplant applies its own default.
/// </summary>
public sealed record AcdOperatorStatusStatisticsRequest
{
    /// <summary>
    /// The statistics interval, half-open <c>[Start, End)</c>: sent as <c>from_date</c> and <c>to_date</c> in UTC
    /// <c>yyyy-MM-dd HH:mm:ss</c> (sub-second parts truncated). Must not start in the future, and must span at least
    /// one whole second on the wire. Voximplant rejects ranges it finds too long with code 569.
    /// </summary>
    public required InstantRange Range { get; init; }

    /// <summary>
    /// The statuses to report (<c>acd_status</c>, joined with <c>;</c>); null reports every status. Custom
    /// account statuses are allowed; a name containing <c>;</c> is rejected. A set: duplicates are sent once.
    /// </summary>
    public IReadOnlyList<AcdStatus>? Statuses { get; init; }

    /// <summary>
    /// The Voximplant user ids of the operators to report (<c>user_id</c>, joined with <c>;</c>); null sends
    /// <c>all</c>. An empty list is rejected rather than read as "all". Duplicates are sent once.
    /// </summary>
    public IReadOnlyList<long>? UserIds { get; init; }

    /// <summary>
    /// How records are grouped by time (<c>aggregation</c>): <see cref="TimeBucket.None"/> (<c>none</c>),
    /// <see cref="TimeBucket.Day"/> (<c>day</c>), <see cref="TimeBucket.HourOfDay"/> (<c>hour_of_day</c>) or
    /// <see cref="TimeBucket.Hour"/> (<c>hour</c>). Buckets are UTC. Null leaves the parameter out (Voximplant's
    /// default is <c>none</c>). Other buckets are rejected.
    /// </summary>
    public TimeBucket? Aggregation { get; init; }

    /// <summary>
    /// Which level comes first in the result (<c>group</c>): <see cref="StatisticsGrouping.ByAgent"/> (<c>user</c>,
    /// Voximplant's default) or <see cref="StatisticsGrouping.ByPeriod"/> (<c>aggregation</c>). Null leaves the
    /// parameter out.
    /// </summary>
    public StatisticsGrouping? Group { get; init; }
}
