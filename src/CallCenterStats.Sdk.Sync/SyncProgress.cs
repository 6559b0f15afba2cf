using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>Progress of a run, reported after each committed chunk.</summary>
/// <param name="Range">The whole range the run pulls.</param>
/// <param name="CompletedThrough">The end of the last committed chunk.</param>
/// <param name="ChunksWritten">Chunks committed so far.</param>
/// <param name="ChunksTotal">Chunks the run has in all.</param>
/// <param name="RowsWritten">Rows committed so far.</param>
public sealed record SyncProgress(InstantRange Range, Instant CompletedThrough, int ChunksWritten, int ChunksTotal, long RowsWritten);
