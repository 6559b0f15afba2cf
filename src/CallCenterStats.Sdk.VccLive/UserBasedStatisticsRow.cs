using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// One row of user-based statistics: the dimension values asked for and the KPI values of that slot.
/// A row carries only the dimensions that were requested; the others are null.
/// </summary>
public sealed record UserBasedStatisticsRow
{
    /// <summary>The day (<c>date</c>, <c>yyyy-mm-dd</c> on the wire), when the date dimension was requested.</summary>
    public LocalDate? Date { get; init; }

    /// <summary>
    /// The start of the time slot (<c>time</c>, an <c>hhmm</c> integer on the wire: <c>1500</c> is 15:00,
    /// <c>915</c> is 09:15), when the time dimension was requested.
    /// </summary>
    public LocalTime? Time { get; init; }

    /// <summary>
    /// The period the row covers, read as wall-clock time in <see cref="VccLiveOptions.TimeZone"/> (UTC unless
    /// configured; VCC Live does not document the zone): with the date and time dimensions, the time slot starting at
    /// <see cref="Date"/> and <see cref="Time"/> (<see cref="VccLiveOptions.TimeSlot"/> long, 15 minutes by default); with
    /// the date dimension alone, that day (23 or 25 hours on a daylight-saving change); otherwise null (the row is not
    /// tied to one period). A local time skipped by a daylight-saving change starts at the instant after the gap; an
    /// ambiguous one at the earlier instant.
    /// </summary>
    public StatisticsPeriod? Period { get; init; }

    /// <summary>The project id (<c>projectId</c>), when the project dimension was requested.</summary>
    public long? ProjectId { get; init; }

    /// <summary>The user id (<c>userId</c>), when the user dimension was requested.</summary>
    public long? UserId { get; init; }

    /// <summary>The vendor's <c>level</c> value, as sent; VCC Live does not document its meaning.</summary>
    public long? Level { get; init; }

    /// <summary>
    /// The KPI values of the row by KPI (<c>data[].field</c>, or the column header in tab/CSV output), in the vendor's
    /// order; case-sensitive.
    /// </summary>
    public IReadOnlyDictionary<UserBasedKpi, UserBasedKpiValue> Values { get; init; } = KpiValues.Empty;

    /// <summary>Row fields this SDK does not know (JSON output only), kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;

    /// <summary>
    /// The <c>sum</c> of a time KPI as a duration (seconds on the wire); null when the row has no such value or its sum is
    /// null, and for KPIs that are not time KPIs (<see cref="UserBasedKpi.IsTime"/>: a count is not read as seconds). For a
    /// time KPI the SDK does not know, read <see cref="UserBasedKpiValue.Sum"/> (seconds) instead.
    /// </summary>
    /// <param name="kpi">The KPI, e.g. <see cref="UserBasedKpi.UserstateCall"/>.</param>
    /// <returns>The duration, or null.</returns>
    public Duration? GetDuration(UserBasedKpi kpi) => Values.TryGetValue(kpi, out var value) ? value.SumDuration : null;

    /// <summary>The <c>count</c> of a KPI; null when the row has no such value.</summary>
    /// <param name="kpi">The KPI, e.g. <see cref="UserBasedKpi.CallIn"/>.</param>
    /// <returns>The count, or null.</returns>
    public long? GetCount(UserBasedKpi kpi) => Values.TryGetValue(kpi, out var value) ? value.Count : null;
}

/// <summary>One KPI value of a row (an item of <c>data</c>).</summary>
public sealed record UserBasedKpiValue
{
    /// <summary>The KPI (<c>field</c>), e.g. <see cref="UserBasedKpi.UserstateAvailable"/>.</summary>
    public required UserBasedKpi Kpi { get; init; }

    /// <summary>
    /// How many values the KPI aggregates (<c>count</c>); null when the vendor sends null. Tab and CSV output carry one
    /// value per KPI: for a count KPI (<see cref="UserBasedKpi.IsCount"/>, e.g. <c>callMissed</c>) the cell is read here
    /// (as JSON gives it), for every other KPI into <see cref="Sum"/>, and this is null.
    /// </summary>
    public long? Count { get; init; }

    /// <summary>
    /// The value itself (<c>sum</c>); a decimal because a KPI may be fractional. Units depend on the KPI (VCC Live
    /// documents them in its KPI list; state durations are in seconds). Null when the vendor sends null. In tab and CSV
    /// output the cell of every KPI but the count KPIs (see <see cref="Count"/>) is read here; an empty cell is null.
    /// </summary>
    public decimal? Sum { get; init; }

    /// <summary>
    /// <see cref="Sum"/> as a duration, for time KPIs (<see cref="UserBasedKpi.IsTime"/>), whose sum is a number of
    /// seconds; null when <see cref="Sum"/> is null and for every other KPI (a count of tickets is not a number of
    /// seconds). Fractions of a second are kept.
    /// </summary>
    public Duration? SumDuration => Kpi.IsTime && Sum is { } seconds ? DurationText.FromSeconds(seconds) : null;

    /// <summary>Fields of the KPI item this SDK does not know (JSON output only), kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}
