namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// A user-based statistics KPI as VCC Live names it (<c>data[].field</c>, or a tab/CSV column header). The KPIs the SDK
/// knows are static members, so a typo does not compile; VCC Live has many more (see its KPI list), and any name is
/// kept as it comes.
/// </summary>
/// <remarks>Equality is ordinal and case-sensitive, as the wire names are.</remarks>
/// <param name="Name">The KPI name as sent on the wire.</param>
public readonly record struct UserBasedKpi(string Name)
{
    /// <summary>Seconds the user was available (<c>userstateAvailable</c>); a time KPI.</summary>
    public static UserBasedKpi UserstateAvailable { get; } = new("userstateAvailable");

    /// <summary>Seconds the user was on a call (<c>userstateCall</c>); a time KPI.</summary>
    public static UserBasedKpi UserstateCall { get; } = new("userstateCall");

    /// <summary>Seconds the user spent in after-call work (<c>userstateAfterwork</c>); a time KPI.</summary>
    public static UserBasedKpi UserstateAfterwork { get; } = new("userstateAfterwork");

    /// <summary>Seconds the user was paused (<c>userstatePause</c>); a time KPI.</summary>
    public static UserBasedKpi UserstatePause { get; } = new("userstatePause");

    /// <summary>Seconds the user was in do-not-disturb (<c>userstateDnd</c>); a time KPI.</summary>
    public static UserBasedKpi UserstateDnd { get; } = new("userstateDnd");

    /// <summary>Inbound calls answered (<c>callIn</c>): the count is the calls, the sum their talk time in seconds.</summary>
    public static UserBasedKpi CallIn { get; } = new("callIn");

    /// <summary>Outbound calls (<c>callOut</c>): the count is the calls, the sum their talk time in seconds.</summary>
    public static UserBasedKpi CallOut { get; } = new("callOut");

    /// <summary>Inbound calls offered to the user and not answered (<c>callMissed</c>): a count.</summary>
    public static UserBasedKpi CallMissed { get; } = new("callMissed");

    /// <summary>Calls dispositioned "recall" (<c>dispositionStatusRecall</c>): a count.</summary>
    public static UserBasedKpi DispositionStatusRecall { get; } = new("dispositionStatusRecall");

    /// <summary>Calls dispositioned "reach failed" (<c>dispositionReachFailed</c>): a count.</summary>
    public static UserBasedKpi DispositionReachFailed { get; } = new("dispositionReachFailed");

    /// <summary>Tickets created (<c>ticketCreated</c>): a count.</summary>
    public static UserBasedKpi TicketCreated { get; } = new("ticketCreated");

    /// <summary>E-mails sent by the agent (<c>emailByAgentSent</c>): a count.</summary>
    public static UserBasedKpi EmailByAgentSent { get; } = new("emailByAgentSent");

    /// <summary>The KPIs the SDK knows.</summary>
    public static IReadOnlyList<UserBasedKpi> WellKnown { get; } =
    [
        UserstateAvailable, UserstateCall, UserstateAfterwork, UserstatePause, UserstateDnd,
        CallIn, CallOut, CallMissed, DispositionStatusRecall, DispositionReachFailed, TicketCreated, EmailByAgentSent,
    ];

    /// <summary>The KPIs whose <c>sum</c> is a number of seconds: the user states, and the talk time of calls.</summary>
    public static IReadOnlyList<UserBasedKpi> TimeKpis { get; } = [UserstateAvailable, UserstateCall, UserstateAfterwork, UserstatePause, UserstateDnd, CallIn, CallOut];

    /// <summary>
    /// The KPIs that are a number of things (calls missed, dispositions, tickets, e-mails): their value is the <c>count</c>
    /// (in JSON output the <c>sum</c> is null, as in the spec's <c>dispositionStatusRecall</c> rows, or repeats the count).
    /// A tab or CSV cell of one of these KPIs is read into <see cref="UserBasedKpiValue.Count"/>, so the same row gives the
    /// same <see cref="UserBasedStatisticsRow.GetCount"/> in every output format.
    /// </summary>
    public static IReadOnlyList<UserBasedKpi> CountKpis { get; } = [CallMissed, DispositionStatusRecall, DispositionReachFailed, TicketCreated, EmailByAgentSent];

    /// <summary>Whether this KPI's <c>sum</c> is a number of seconds (see <see cref="TimeKpis"/>).</summary>
    public bool IsTime => Name is "userstateAvailable" or "userstateCall" or "userstateAfterwork" or "userstatePause" or "userstateDnd" or "callIn" or "callOut";

    /// <summary>Whether this KPI is a number of things, whose value is its <c>count</c> (see <see cref="CountKpis"/>).</summary>
    public bool IsCount => Name is "callMissed" or "dispositionStatusRecall" or "dispositionReachFailed" or "ticketCreated" or "emailByAgentSent";

    /// <summary>Returns the wire name.</summary>
    /// <returns><see cref="Name"/>, or an empty string for <c>default</c>.</returns>
    public override string ToString() => Name ?? string.Empty;
}
