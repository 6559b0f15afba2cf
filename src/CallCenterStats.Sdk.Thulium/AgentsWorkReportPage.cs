namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// One page of the agents work report, as returned by <see cref="ThuliumClient.GetAgentsWorkReportPageAsync"/>.
/// Thulium returns no total count: a page shorter than its <see cref="Limit"/> is the last one.
/// </summary>
public sealed record AgentsWorkReportPage
{
    /// <summary>The rows, in Thulium's order.</summary>
    public IReadOnlyList<AgentsWorkReportRow> Rows { get; init; } = [];

    /// <summary>The <c>offset</c> the page was requested with (rows skipped).</summary>
    public long Offset { get; init; }

    /// <summary>The <c>limit</c> the page was requested with (1–100).</summary>
    public int Limit { get; init; }

    /// <summary>
    /// Whether another page may follow: the page is full. A full last page is followed by an empty one, which
    /// is the only way to tell it was the last. <c>null</c> items Thulium sent in the array count towards a full
    /// page even though they are not in <see cref="Rows"/>.
    /// </summary>
    public bool MayHaveMore => ItemCount >= Limit;

    /// <summary>The offset of the next page (counting any skipped <c>null</c> items), or null when this page was the last.</summary>
    public long? NextOffset => MayHaveMore ? Offset + ItemCount : null;

    /// <summary>
    /// How many items Thulium's array held, <c>null</c> items included; null when the page was not read from
    /// Thulium (e.g. built by a mock), which means <see cref="Rows"/> holds them all.
    /// </summary>
    internal int? ReceivedItems { get; init; }

    /// <summary>The items the page used up of the report: <see cref="ReceivedItems"/>, or the rows when not known.</summary>
    internal int ItemCount => ReceivedItems ?? Rows.Count;
}
