using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Sync;

/// <summary>What one <see cref="AgentStatisticsSync.SyncAsync"/> run did.</summary>
public sealed record SyncResult
{
    /// <summary>The vendor id of the source.</summary>
    public required string Vendor { get; init; }

    /// <summary>The account of the source.</summary>
    public required string Account { get; init; }

    /// <summary>The bucket of the periods.</summary>
    public required TimeBucket Bucket { get; init; }

    /// <summary>The IANA id of the zone of the periods.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The range pulled from the source and written; null when there was nothing to do (already up to date).</summary>
    public InstantRange? Range { get; init; }

    /// <summary>How many periods the range covers.</summary>
    public int Periods { get; init; }

    /// <summary>How many chunks (transactions, each a local day of periods) were committed.</summary>
    public int Chunks { get; init; }

    /// <summary>How many rows were written (inserted after the chunk's old rows were deleted).</summary>
    public long RowsWritten { get; init; }

    /// <summary>How many of them are provisional (periods too recent to be final).</summary>
    public long ProvisionalRows { get; init; }

    /// <summary>The state before the run; null on the first run.</summary>
    public SyncState? StateBefore { get; init; }

    /// <summary>The state after the run; null only when a first run had nothing to do.</summary>
    public SyncState? StateAfter { get; init; }
}
