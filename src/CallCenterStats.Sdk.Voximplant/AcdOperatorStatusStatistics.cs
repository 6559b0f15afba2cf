using CallCenterStats.Sdk.Pipeline;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>The result of <c>GetACDOperatorStatusStatistics</c>.</summary>
public sealed record AcdOperatorStatusStatistics
{
    /// <summary>The interval that was requested (<c>from_date</c> to <c>to_date</c>), in whole seconds as sent.</summary>
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
            new AcdStatisticsRow(entry.UserId ?? group.UserId, entry.Period ?? group.Period, entry.HourOfDay ?? group.HourOfDay, entry.Statuses)));
}

/// <summary>
/// A first-level group of the result: a user (when grouped by user) or a time bucket (when grouped by
/// aggregation), with its second-level entries.
/// </summary>
public sealed record AcdStatisticsGroup
{
    /// <summary>
    /// The Voximplant user id (<c>user_id</c>) when the result is grouped by user; null otherwise. Voximplant sends
    /// it as a number or as a numeric string: both read as the same number.
    /// </summary>
    public long? UserId { get; init; }

    /// <summary>
    /// The UTC day or hour (<c>date</c>, <c>date</c> and <c>hour</c>) when the result is grouped by aggregation and
    /// aggregated by day or hour; null otherwise.
    /// </summary>
    public StatisticsPeriod? Period { get; init; }

    /// <summary>The UTC hour of the day (0–23) of an <c>hour</c> or <c>hour_of_day</c> bucket when grouped by aggregation; null otherwise.</summary>
    public int? HourOfDay { get; init; }

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
    public long? UserId { get; init; }

    /// <summary>
    /// The UTC day or hour when the result is grouped by user and aggregated by day or hour; null otherwise. Voximplant
    /// buckets in UTC only: <see cref="StatisticsPeriod.Zone"/> is UTC.
    /// </summary>
    public StatisticsPeriod? Period { get; init; }

    /// <summary>
    /// The UTC hour of the day (0–23) of an <c>hour</c> or <c>hour_of_day</c> bucket when grouped by user, read with the
    /// client's <see cref="HourNumbering"/>; null otherwise. An <c>hour_of_day</c> bucket recurs every day, so it has
    /// this and no <see cref="Period"/>.
    /// </summary>
    public int? HourOfDay { get; init; }

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
/// <param name="Period">The UTC day or hour, from either level; null for <c>aggregation=none</c> and <c>hour_of_day</c>.</param>
/// <param name="HourOfDay">The UTC hour of the day (0–23), from either level; null for <c>none</c> and <c>day</c>.</param>
/// <param name="Statuses">The statistics per status.</param>
public sealed record AcdStatisticsRow(
    long? UserId,
    StatisticsPeriod? Period,
    int? HourOfDay,
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

