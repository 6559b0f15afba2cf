using CallCenterStats.Sdk.Json;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>The result of <c>GetACDOperatorStatusStatistics</c>.</summary>
public sealed record AcdOperatorStatusStatistics
{
    /// <summary>The interval that was requested (<c>from_date</c> to <c>to_date</c>, UTC).</summary>
    public required InstantRange Range { get; init; }

    /// <summary>
    /// Which level comes first in <see cref="Groups"/>: <see cref="StatisticsGrouping.ByAgent"/> (each group is a
    /// user and its entries are time buckets) or <see cref="StatisticsGrouping.ByPeriod"/> (each group is a time
    /// bucket and its entries are users).
    /// </summary>
    public required StatisticsGrouping Grouping { get; init; }

    /// <summary>The first-level groups in Voximplant's order (the <c>result</c> array).</summary>
    public required IReadOnlyList<AcdStatisticsGroup> Groups { get; init; }

    /// <summary>
    /// Returns one row per second-level entry with the user id and the period taken from whichever level
    /// carries them, so the same code reads both groupings.
    /// </summary>
    /// <returns>The rows in Voximplant's order.</returns>
    public IEnumerable<AcdStatisticsRow> Flatten() =>
        Groups.SelectMany(group => group.Statistics.Select(entry =>
            new AcdStatisticsRow(entry.UserId ?? group.UserId, entry.Period ?? group.Period, entry.Statuses)));
}

/// <summary>
/// A first-level group of the result: a user (when grouped by user) or a time bucket (when grouped by
/// aggregation), with its second-level entries.
/// </summary>
public sealed record AcdStatisticsGroup
{
    /// <summary>
    /// The Voximplant user id (<c>user_id</c>) when the result is grouped by user; null otherwise. Voximplant sends
    /// it as a number or as a string: both read as the same digits.
    /// </summary>
    public string? UserId { get; init; }

    /// <summary>The time bucket (<c>date</c>/<c>hour</c>) when the result is grouped by aggregation; null otherwise.</summary>
    public AcdStatisticsPeriod? Period { get; init; }

    /// <summary>The second-level entries (<c>statistics</c>).</summary>
    public IReadOnlyList<AcdStatisticsEntry> Statistics { get; init; } = [];

    /// <summary>Fields of the group the SDK does not know, kept as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>
/// A second-level entry: the per-status statistics of one time bucket (when grouped by user) or of one user
/// (when grouped by aggregation).
/// </summary>
public sealed record AcdStatisticsEntry
{
    /// <summary>The Voximplant user id when the result is grouped by aggregation; null otherwise (see <see cref="AcdStatisticsGroup.UserId"/>).</summary>
    public string? UserId { get; init; }

    /// <summary>The time bucket when the result is grouped by user and aggregated by time; null otherwise.</summary>
    public AcdStatisticsPeriod? Period { get; init; }

    /// <summary>
    /// The statistics per status (<c>acd_status</c>). Voximplant sends an object keyed by status, or (in its generated
    /// clients) an array of such objects: the array is merged into one dictionary. Custom statuses are kept.
    /// </summary>
    public IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> Statuses { get; init; } = new Dictionary<AcdStatus, AcdStatusStatistics>();

    /// <summary>Fields of the entry the SDK does not know, kept as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>One entry of <see cref="AcdOperatorStatusStatistics.Flatten"/>, with the keys of both levels.</summary>
/// <param name="UserId">The Voximplant user id, from either level; null when neither carries one.</param>
/// <param name="Period">The time bucket, from either level; null for <c>aggregation=none</c>.</param>
/// <param name="Statuses">The statistics per status.</param>
public sealed record AcdStatisticsRow(
    string? UserId,
    AcdStatisticsPeriod? Period,
    IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> Statuses);

/// <summary>
/// The statistics of one ACD status within an entry: the time the operator(s) spent in it, per interval.
/// Voximplant sends whole seconds; a missing figure reads as zero.
/// </summary>
public sealed record AcdStatusStatistics
{
    /// <summary>The shortest interval in the status (<c>min</c>, seconds on the wire).</summary>
    public Duration Min { get; init; }

    /// <summary>The average interval in the status (<c>avg</c>, seconds on the wire; fractions kept when sent).</summary>
    public Duration Average { get; init; }

    /// <summary>The longest interval in the status (<c>max</c>, seconds on the wire).</summary>
    public Duration Max { get; init; }

    /// <summary>The total time in the status (<c>sum</c>, seconds on the wire).</summary>
    public Duration Sum { get; init; }

    /// <summary>The number of intervals in the status (<c>count</c>).</summary>
    public long Count { get; init; }

    /// <summary>Fields the SDK does not know, kept as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

