using System.Data.Common;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// A database that holds synced agent statistics: SQLite (<see cref="SqliteStatisticsStore"/>, embedded, the default) or
/// PostgreSQL (<see cref="PostgresStatisticsStore"/>). <see cref="Open"/> picks one from a <c>--database</c>-style
/// string. Thread-safe; meant to be shared (one per database) and disposed at the end.
/// </summary>
/// <remarks>
/// <para>The schema is created on first use and versioned (<see cref="SchemaVersion"/>, table <c>schema_version</c>):
/// older schemas are migrated forward, a schema written by a newer version is refused
/// (<see cref="SyncErrorKind.SchemaTooNew"/>). Tables: <c>agent_statistics</c> (the unified columns with the CSV's names
/// plus <c>account</c>, <c>bucket</c>, <c>time_zone</c>, <c>vendor_metrics</c>, <c>provisional</c> and <c>pulled_at</c>) and
/// <c>sync_state</c>; the package README lists every column and its type in each database.</para>
/// <para>No message, log line or <see cref="ToString"/> of a store contains its password: the database is described
/// by its file, or by host, port, database and user.</para>
/// </remarks>
public abstract class StatisticsStore : IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this package writes and migrates to.</summary>
    public const int SchemaVersion = 1;

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    private protected StatisticsStore()
    {
    }

    /// <summary>Describes the database without its password, e.g. <c>SQLite /data/stats.db</c> or <c>PostgreSQL stats on db.example:5432 as sync</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Test-only hook: called synchronously at each step of a chunk's transaction (the kill tests stop the process there).</summary>
    internal Action<string>? Checkpoint { get; set; }

    /// <summary>
    /// Opens a store from a <c>--database</c>-style string, without any I/O (the database is first touched by
    /// <see cref="EnsureSchemaAsync"/> or a sync):
    /// <list type="bullet">
    /// <item><description>a PostgreSQL URL, <c>postgres://user:password@host:5432/database?sslmode=require</c>
    /// (<c>postgresql://</c> too; query parameters are Npgsql connection-string keywords);</description></item>
    /// <item><description>a PostgreSQL connection string, <c>Host=…;Database=…;Username=…;Password=…</c> (any Npgsql keyword; <c>Server</c> for <c>Host</c>);</description></item>
    /// <item><description>a SQLite connection string, <c>Data Source=stats.db</c> (any Microsoft.Data.Sqlite keyword);</description></item>
    /// <item><description>anything else is a SQLite file path (created when missing; its folder must exist).</description></item>
    /// </list>
    /// </summary>
    /// <param name="database">The database.</param>
    /// <returns>The store; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The string is empty, a malformed connection string or URL, or names an in-memory SQLite database (the message never contains the password).</exception>
    public static StatisticsStore Open(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var text = database.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return PostgresStatisticsStore.FromUrl(text);
        }

        if (text.Contains('=', StringComparison.Ordinal) && TryReadKeys(text, out var keys))
        {
            if (keys.Contains("host") || keys.Contains("server"))
            {
                return new PostgresStatisticsStore(text);
            }

            if (keys.Contains("data source") || keys.Contains("datasource") || keys.Contains("filename"))
            {
                return new SqliteStatisticsStore(text);
            }

            if (keys.Count > 1 || keys.Contains("database") || keys.Contains("password"))
            {
                throw new ArgumentException(
                    "The database looks like a connection string but names neither a PostgreSQL server (Host=…) nor a SQLite file (Data Source=…).",
                    nameof(database));
            }
        }

        return SqliteStatisticsStore.FromPath(text);
    }

    /// <summary>
    /// Creates the tables on first use, or migrates an older schema to <see cref="SchemaVersion"/>; checks that the
    /// database can be written. A sync does this itself; call it to fail early (e.g. before pulling from a vendor).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the schema is ready.</returns>
    /// <exception cref="SyncException">The database cannot be reached or written, or its schema is newer than this package's.</exception>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>Returns what the store knows about a vendor account, bucket and zone; null when it was never synced.</summary>
    /// <param name="vendor">The vendor id.</param>
    /// <param name="account">The account.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="timeZone">The zone.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state, or null.</returns>
    /// <exception cref="SyncException">The database cannot be reached, or its schema is newer than this package's.</exception>
    public async Task<SyncState?> GetStateAsync(string vendor, string account, TimeBucket bucket, DateTimeZone timeZone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        ArgumentException.ThrowIfNullOrEmpty(account);
        ArgumentNullException.ThrowIfNull(timeZone);
        AgentStatisticsSync.CheckBucket(bucket, nameof(bucket));
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var (state, _) = await ReadStateAsync(new SyncKey(vendor, account, bucket, timeZone.Id), cancellationToken).ConfigureAwait(false);
        return state;
    }

    /// <summary>Returns <see cref="Description"/>.</summary>
    /// <returns>The description, without a password.</returns>
    public override string ToString() => Description;

    /// <summary>Releases the store's connections.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store's connections.</summary>
    /// <returns>A task that completes when they are released.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store's connections.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _schemaLock.Dispose();
        }
    }

    /// <summary>Releases the store's connections asynchronously.</summary>
    /// <returns>A task that completes when they are released.</returns>
    protected virtual ValueTask DisposeAsyncCore()
    {
        _schemaLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates or migrates the schema, and checks the database can be written.</summary>
    internal abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Reads the state of a key and the start of its earliest provisional period.</summary>
    internal abstract Task<(SyncState? State, Instant? EarliestProvisional)> ReadStateAsync(SyncKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one chunk in one transaction: deletes the key's rows whose periods start in the chunk, inserts the chunk's
    /// rows, and merges the chunk into the state (<see cref="MergeState"/>).
    /// </summary>
    /// <returns>The state after the chunk.</returns>
    internal abstract Task<SyncState> WriteChunkAsync(ChunkWrite chunk, CancellationToken cancellationToken);

    /// <summary>Runs the test-only checkpoint hook.</summary>
    private protected void Reached(string checkpoint) => Checkpoint?.Invoke(checkpoint);

    /// <summary>
    /// The state after a chunk. The run's chunks are committed in order from <see cref="ChunkWrite.RunStart"/>, so once a
    /// chunk touches the stored range, everything from the run's start to the chunk's end is stored: the range grows to
    /// cover it. A chunk that does not touch the range yet (a backfill still before it) leaves the range as it is, so
    /// the state never claims a gap as synced.
    /// </summary>
    private protected static SyncState MergeState(SyncState? current, ChunkWrite chunk)
    {
        if (current is null)
        {
            return new SyncState
            {
                Vendor = chunk.Key.Vendor,
                Account = chunk.Key.Account,
                Bucket = chunk.Key.Bucket,
                TimeZone = chunk.Key.TimeZone,
                FirstPeriodStart = chunk.RunStart,
                LastPeriodEnd = chunk.Range.End,
                Scope = chunk.Scope,
                UpdatedAt = chunk.PulledAt,
            };
        }

        if (!string.Equals(current.Scope, chunk.Scope, StringComparison.Ordinal))
        {
            throw ScopeChanged(current, chunk.Scope);
        }

        if (chunk.Range.End < current.FirstPeriodStart || chunk.RunStart > current.LastPeriodEnd)
        {
            return current with { UpdatedAt = chunk.PulledAt };
        }

        return current with
        {
            FirstPeriodStart = chunk.RunStart < current.FirstPeriodStart ? chunk.RunStart : current.FirstPeriodStart,
            LastPeriodEnd = chunk.Range.End > current.LastPeriodEnd ? chunk.Range.End : current.LastPeriodEnd,
            UpdatedAt = chunk.PulledAt,
        };
    }

    internal static SyncException ScopeChanged(SyncState state, string scope) =>
        new(
            SyncErrorKind.ScopeChanged,
            $"{state.Vendor}/{state.Account} by {StoredValues.Bucket(state.Bucket)} in {state.TimeZone} was synced with scope '{Describe(state.Scope)}', " +
            $"and this run asks for '{Describe(scope)}'. A run deletes and rewrites the account's rows of each period, so another scope " +
            "needs another account name (register the client under a second name).");

    private static string Describe(string scope) => scope.Length == 0 ? "every agent, no vendor filter" : scope;

    private static bool TryReadKeys(string text, out HashSet<string> keys)
    {
        keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = text };
            foreach (string key in builder.Keys)
            {
                keys.Add(key.Trim());
            }

            return keys.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The identity of a sync state: vendor, account, bucket and zone id.</summary>
internal readonly record struct SyncKey(string Vendor, string Account, TimeBucket Bucket, string TimeZone)
{
    public override string ToString() => $"{Vendor}/{Account} by {StoredValues.Bucket(Bucket)} in {TimeZone}";
}

/// <summary>One chunk to write: its key, scope and range, the rows, and when they were pulled.</summary>
/// <param name="Key">The key.</param>
/// <param name="Scope">The scope text.</param>
/// <param name="RunStart">The start of the run's first chunk: the run has committed every chunk from there to this one.</param>
/// <param name="Range">The chunk's periods: every stored row of the key starting in it is replaced.</param>
/// <param name="Rows">The rows, each with a period inside <paramref name="Range"/>, no key twice.</param>
/// <param name="ProvisionalAfter">A row whose period ends after this instant is provisional.</param>
/// <param name="PulledAt">When the rows were pulled (microsecond precision).</param>
internal sealed record ChunkWrite(SyncKey Key, string Scope, Instant RunStart, InstantRange Range, IReadOnlyList<AgentStatistics> Rows, Instant ProvisionalAfter, Instant PulledAt)
{
    public bool IsProvisional(AgentStatistics row) => row.Period.End > ProvisionalAfter;
}
