using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// One row of the agents work report: one agent in one time bucket (<see cref="Period"/>).
/// </summary>
/// <remarks>
/// Durations arrive as <c>"HH:MM:SS"</c> (hours may exceed 24) or as numbers of seconds and are read either
/// way. Counts missing or null in the response read as 0; durations missing or null read as null.
/// </remarks>
public sealed record AgentsWorkReportRow
{
    /// <summary>The agent (<c>agent</c>).</summary>
    public ThuliumAgent Agent { get; init; } = new();

    /// <summary>
    /// The time bucket exactly as Thulium wrote it (<c>period</c>), e.g. <c>"2019-12"</c> for a month. Only the
    /// month format is documented; <see cref="Period"/> and <see cref="HourOfDay"/> are the SDK's reading of it.
    /// </summary>
    public string? PeriodText { get; init; }

    /// <summary>
    /// The bucket the row covers, read from <see cref="PeriodText"/> as wall-clock time in
    /// <see cref="ThuliumOptions.TimeZone"/> (a day can last 23 or 25 hours); null for an hour-of-day row (see
    /// <see cref="HourOfDay"/>) and for a text of no recognised shape. Shapes understood: <c>2019</c> (year),
    /// <c>2019-12</c> (month), <c>2019-W49</c> / <c>2019-49</c> (ISO week), <c>2019-12-02</c> (day, or the requested
    /// week, month or year containing it), <c>2019-12-02 08[:00[:00]]</c> (hour, or minute).
    /// </summary>
    public StatisticsPeriod? Period { get; init; }

    /// <summary>The hour of the day (0–23) of an <c>hour_of_day</c> row; null otherwise.</summary>
    public int? HourOfDay { get; init; }

    /// <summary>Inbound calls (<c>inbound</c>); null when absent.</summary>
    public InboundCallStatistics? Inbound { get; init; }

    /// <summary>Chats (<c>chat</c>); null when absent.</summary>
    public ChatStatistics? Chat { get; init; }

    /// <summary>Tickets (<c>ticket</c>); null when absent.</summary>
    public TicketStatistics? Ticket { get; init; }

    /// <summary>
    /// Outbound calls at least as long as the request's <see cref="AgentsWorkReportRequest.OutboundThreshold"/>
    /// (<c>outbound_above_threshold</c>); null when absent.
    /// </summary>
    public OutboundCallStatistics? OutboundAboveThreshold { get; init; }

    /// <summary>Outbound calls shorter than the threshold (<c>outbound_below_threshold</c>); null when absent.</summary>
    public OutboundCallStatistics? OutboundBelowThreshold { get; init; }

    /// <summary>
    /// The agent's login in the period (<c>login_date</c>), read as wall-clock time in
    /// <see cref="ThuliumOptions.TimeZone"/>; null when Thulium sends none or an unreadable value (kept in
    /// <see cref="LoginDateText"/>).
    /// </summary>
    public Instant? LoginDate { get; init; }

    /// <summary>The agent's logout in the period (<c>logout_date</c>), read like <see cref="LoginDate"/>.</summary>
    public Instant? LogoutDate { get; init; }

    /// <summary><c>login_date</c> exactly as sent (e.g. <c>"2019-12-01 09:00:18"</c>), or null.</summary>
    public string? LoginDateText { get; init; }

    /// <summary><c>logout_date</c> exactly as sent, or null.</summary>
    public string? LogoutDateText { get; init; }

    /// <summary>
    /// Pauses (<c>pauses</c>): the totals over all pauses (<see cref="PauseId.All"/>), the free time
    /// (<see cref="PauseId.Free"/>) and one entry per pause type of the system (numeric ids), in Thulium's order.
    /// </summary>
    public IReadOnlyList<PauseStatistics> Pauses { get; init; } = [];

    /// <summary>Fields of the row the SDK does not know, kept as Thulium sent them.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}
