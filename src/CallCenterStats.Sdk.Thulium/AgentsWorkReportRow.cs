using CallCenterStats.Sdk.Json;
using System.Text.Json;
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
    /// month format is documented; see <see cref="ParsedPeriod"/> for the SDK's reading of it.
    /// </summary>
    public string? Period { get; init; }

    /// <summary>
    /// The SDK's best-effort reading of <see cref="Period"/>, or null when it has no recognised shape. See
    /// <see cref="AgentsWorkReportPeriod"/> for the shapes understood.
    /// </summary>
    public AgentsWorkReportPeriod? ParsedPeriod { get; init; }

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
