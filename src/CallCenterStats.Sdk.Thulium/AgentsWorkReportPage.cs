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
    /// is the only way to tell it was the last.
    /// </summary>
    public bool MayHaveMore => Rows.Count >= Limit;

    /// <summary>The offset of the next page, or null when this page was the last.</summary>
    public long? NextOffset => MayHaveMore ? Offset + Rows.Count : null;
}
