using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// What to ask <c>GET /v2/statistics/userbased</c> for. <see cref="Range"/> and <see cref="Dimensions"/> are
/// required; the rest narrows the result. Checked by the client before any I/O.
/// </summary>
public sealed record UserBasedStatisticsRequest
{
    /// <summary>
    /// The days to report on, both ends included (<c>from</c> and <c>to</c>, sent as ISO-calendar <c>yyyyMMdd</c>;
    /// dates in another calendar system are converted). The days are the call centre's calendar days; VCC Live
    /// does not say in which time zone.
    /// </summary>
    public required DateRange Range { get; init; }

    /// <summary>
    /// What each row is broken down by (<c>dimensions</c>): at least one of project, user, date and time.
    /// A row carries only the dimensions asked for.
    /// </summary>
    public required UserBasedStatisticsDimensions Dimensions { get; init; }

    /// <summary>
    /// Project ids to report on (<c>projects</c>); null for the vendor's default, the active projects. An empty list
    /// or an id that is not positive is rejected (an empty list would otherwise report on every project).
    /// </summary>
    public IReadOnlyList<long>? Projects { get; init; }

    /// <summary>
    /// User ids to report on (<c>users</c>); null for the vendor's default, all agents and system users. An empty
    /// list or an id that is not positive is rejected (an empty list would otherwise report on every user).
    /// </summary>
    public IReadOnlyList<long>? Users { get; init; }

    /// <summary>Whether to leave system users out (<c>hide_system_users</c>); null for the vendor's default (<see langword="false"/>).</summary>
    public bool? HideSystemUsers { get; init; }

    /// <summary>
    /// KPIs to return (<c>fields</c>, e.g. <see cref="UserBasedKpi.TicketCreated"/>, or <c>new UserBasedKpi("anyKpi")</c>); null or empty for all
    /// KPIs. A name cannot contain a comma (the vendor's list separator). Cannot be combined with <see cref="Preset"/>.
    /// </summary>
    public IReadOnlyList<UserBasedKpi>? Fields { get; init; }

    /// <summary>
    /// The id of a column preset set up in VCC Live (<c>preset</c>): returns the KPIs of that preset. The vendor
    /// ignores it when <see cref="Fields"/> is given, so the client rejects the combination.
    /// </summary>
    public long? Preset { get; init; }

    /// <summary>The output format VCC Live is asked for (<c>of</c>); every format parses into the same rows. JSON by default.</summary>
    public UserBasedStatisticsFormat Format { get; init; } = UserBasedStatisticsFormat.Json;
}

/// <summary>The dimensions of user-based statistics (<c>dimensions</c>); combine with <c>|</c>.</summary>
[Flags]
public enum UserBasedStatisticsDimensions
{
    /// <summary>No dimension; not a valid request on its own.</summary>
    None = 0,

    /// <summary>Break down by project (<c>project</c>).</summary>
    Project = 1,

    /// <summary>Break down by user (<c>user</c>).</summary>
    User = 2,

    /// <summary>Break down by day (<c>date</c>).</summary>
    Date = 4,

    /// <summary>
    /// Break down by time of day (<c>time</c>): each row's <c>time</c> is the start of its time slot as an
    /// <c>hhmm</c> integer (the spec example shows hourly values such as <c>1400</c>, <c>1500</c>, <c>1600</c>).
    /// The slot length is decided by the server; the request has no parameter for it.
    /// </summary>
    Time = 8,

    /// <summary>All four dimensions.</summary>
    All = Project | User | Date | Time,
}

/// <summary>The output format VCC Live is asked for (<c>of</c>).</summary>
public enum UserBasedStatisticsFormat
{
    /// <summary>JSON (<c>{"response": [...], "errors": [...]}</c>), the vendor's default; <c>of</c> is not sent.</summary>
    Json = 0,

    /// <summary>Tab-separated text with a header line (<c>of=tab</c>).</summary>
    Tab = 1,

    /// <summary>Comma-separated text with a header line (<c>of=cvs</c>, or <c>of=csv</c>: see <see cref="VccLiveOptions.CsvSpelling"/>).</summary>
    Csv = 2,
}
