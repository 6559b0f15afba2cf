using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>The sync's log messages (source-generated). The database is named by its description, never its password.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Syncing {Vendor}/{Account} by {Bucket} in {TimeZone} into {Database}: {Start} to {End}, {Chunks} chunk(s)")]
    public static partial void Starting(ILogger logger, string vendor, string account, string bucket, string timeZone, string database, Instant start, Instant end, int chunks);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Vendor}/{Account}: chunk {Start} to {End} committed, {Rows} row(s), {Provisional} provisional")]
    public static partial void ChunkWritten(ILogger logger, string vendor, string account, Instant start, Instant end, int rows, int provisional);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Vendor}/{Account} by {Bucket} in {TimeZone} is up to date in {Database}")]
    public static partial void UpToDate(ILogger logger, string vendor, string account, string bucket, string timeZone, string database);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Synced {Vendor}/{Account}: {Rows} row(s) ({Provisional} provisional) in {Chunks} chunk(s), through {End}")]
    public static partial void Finished(ILogger logger, string vendor, string account, long rows, long provisional, int chunks, Instant end);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Sync of {Vendor}/{Account} stopped after {Chunks} committed chunk(s) ({Error}); running it again continues from there")]
    public static partial void Stopped(ILogger logger, string vendor, string account, int chunks, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "{Vendor}/{Account}: the source returned some agents twice for one period in {Start} to {End}; their figures were added up")]
    public static partial void Merged(ILogger logger, string vendor, string account, Instant start, Instant end);
}
