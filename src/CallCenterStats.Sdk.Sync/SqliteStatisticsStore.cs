using System.Buffers;
using System.Text;
using CallCenterStats.Sdk.Unified;
using Microsoft.Data.Sqlite;
using NodaTime;
using SQLitePCL;

namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// A SQLite database file (Microsoft.Data.Sqlite with its bundled SQLite), the embedded default. Instants are stored
/// as ISO-8601 UTC text (<c>2024-03-11T00:00:00Z</c>, which sorts in time order), durations as seconds (an integer when
/// whole, else a real), booleans as 0 or 1. The file uses write-ahead logging with <c>synchronous=NORMAL</c>: a
/// committed chunk survives a killed process, and readers never block the sync.
/// </summary>
public sealed class SqliteStatisticsStore : StatisticsStore
{
    /// <summary>How many rows are inserted between two test checkpoints.</summary>
    internal const int CheckpointEvery = 50;

    /// <summary>Rows per multi-row INSERT: one statement step for this many rows (a shorter one for a chunk's last rows).</summary>
    private const int RowsPerInsert = CheckpointEvery;

    /// <summary>The parameters of each row (after the five constant ones, ?1 to ?5, that every row of a statement shares).</summary>
    private const int ParametersPerRow = 15;

    /// <summary>The INSERTs of 1 to <see cref="RowsPerInsert"/> rows, made once.</summary>
    private static readonly string[] InsertSql = [.. Enumerable.Range(0, RowsPerInsert + 1).Select(CreateInsertSql)];

    private readonly string _connectionString;
    private readonly SecretMask _redaction;

    /// <summary>Creates a store over a Microsoft.Data.Sqlite connection string (<c>Data Source=stats.db</c>, any of its keywords); no I/O.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="ArgumentException">The connection string is malformed, has no data source, or names an in-memory database.</exception>
    public SqliteStatisticsStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var password = TryGetPassword(connectionString);
        _redaction = new SecretMask(password);
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException("The SQLite connection string is not valid: " + _redaction.Redact(e.Message), nameof(connectionString));
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("The SQLite connection string names no file (Data Source=…).", nameof(connectionString));
        }

        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Trim() == ":memory:")
        {
            throw new ArgumentException("An in-memory SQLite database disappears with its connection; give a file (Data Source=stats.db).", nameof(connectionString));
        }

        FilePath = builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? builder.DataSource : Path.GetFullPath(builder.DataSource);
        _connectionString = builder.ConnectionString;
        Description = "SQLite " + FilePath;
    }

    /// <summary>The database file (a full path).</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>Creates a store over a SQLite file, created on first use when missing (its folder must exist); no I/O.</summary>
    /// <param name="path">The file path, absolute or relative to the current directory.</param>
    /// <returns>The store.</returns>
    public static SqliteStatisticsStore FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqliteStatisticsStore(new SqliteConnectionStringBuilder { DataSource = path }.ConnectionString);
    }

    internal static SqliteStatisticsStore FromPath(string path) => FromFile(path);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ClearPool();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override ValueTask DisposeAsyncCore()
    {
        ClearPool();
        return base.DisposeAsyncCore();
    }

    internal override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var tables = new HashSet<string>(StringComparer.Ordinal);
            using (var command = Command(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table'"))
            {
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            if (!tables.Contains("schema_version") && (tables.Contains("agent_statistics") || tables.Contains("sync_state")))
            {
                throw new SyncException(
                    SyncErrorKind.SchemaMismatch,
                    $"{Description} has a table agent_statistics or sync_state that was not created by CallCenterStats.Sdk.Sync (there is no schema_version table); use another database.");
            }

            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
            long current;
            using (var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
            {
                current = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            if (current > SchemaVersion)
            {
                throw SchemaStatements.TooNew(Description, current);
            }

            for (var version = (int)current + 1; version <= SchemaVersion; version++)
            {
                foreach (var statement in SchemaStatements.Sqlite(version))
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                }

                using var record = Command(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES ($version, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
                record.Parameters.AddWithValue("$version", version);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw Translate(e, "prepare the tables of");
        }
    }

    internal override async Task<(SyncState? State, Instant? EarliestProvisional)> ReadStateAsync(SyncKey key, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await ReadStateAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
            using var command = Command(
                connection,
                null,
                "SELECT MIN(period_start) FROM agent_statistics WHERE vendor = $vendor AND account = $account AND bucket = $bucket AND time_zone = $zone AND provisional = 1");
            AddKey(command, key);
            var earliest = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return (state, earliest is string text ? StoredValues.ParseInstant(text) : null);
        }
        catch (SqliteException e)
        {
            throw Translate(e, "read the sync state from");
        }
    }

    internal override async Task<SyncState> WriteChunkAsync(ChunkWrite chunk, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            Reached("begin");
            var current = await ReadStateAsync(connection, transaction, chunk.Key, cancellationToken).ConfigureAwait(false);
            var next = MergeState(current, chunk);

            using (var delete = Command(
                connection,
                transaction,
                "DELETE FROM agent_statistics WHERE vendor = $vendor AND account = $account AND bucket = $bucket AND time_zone = $zone AND period_start >= $start AND period_start < $end"))
            {
                AddKey(delete, chunk.Key);
                delete.Parameters.AddWithValue("$start", StoredValues.Instant(chunk.Range.Start));
                delete.Parameters.AddWithValue("$end", StoredValues.Instant(chunk.Range.End));
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Reached("deleted");
            InsertRows(connection, chunk, cancellationToken);

            using (var upsert = Command(
                connection,
                transaction,
                "INSERT INTO sync_state (vendor, account, bucket, time_zone, scope, first_period_start, last_period_end, updated_at) " +
                "VALUES ($vendor, $account, $bucket, $zone, $scope, $first, $last, $updated) " +
                "ON CONFLICT (vendor, account, bucket, time_zone) DO UPDATE SET scope = excluded.scope, first_period_start = excluded.first_period_start, " +
                "last_period_end = excluded.last_period_end, updated_at = excluded.updated_at"))
            {
                AddKey(upsert, chunk.Key);
                upsert.Parameters.AddWithValue("$scope", next.Scope);
                upsert.Parameters.AddWithValue("$first", StoredValues.Instant(next.FirstPeriodStart));
                upsert.Parameters.AddWithValue("$last", StoredValues.Instant(next.LastPeriodEnd));
                upsert.Parameters.AddWithValue("$updated", StoredValues.Instant(next.UpdatedAt));
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Reached("state");
            transaction.Commit();
            Reached("committed");
            return next;
        }
        catch (SqliteException e)
        {
            throw Translate(e, "write to");
        }
    }

    private void InsertRows(SqliteConnection connection, ChunkWrite chunk, CancellationToken cancellationToken)
    {
        var rows = chunk.Rows;
        if (rows.Count == 0)
        {
            return;
        }

        var db = connection.Handle!;
        var metricsBuffer = new ArrayBufferWriter<byte>(256);
        var text = new byte[256];
        var constant = (
            Vendor: Encoding.UTF8.GetBytes(chunk.Key.Vendor),
            Account: Encoding.UTF8.GetBytes(chunk.Key.Account),
            Bucket: Encoding.UTF8.GetBytes(StoredValues.Bucket(chunk.Key.Bucket)),
            Zone: Encoding.UTF8.GetBytes(chunk.Key.TimeZone),
            PulledAt: Encoding.UTF8.GetBytes(StoredValues.Instant(chunk.PulledAt)));

        // The period's text is the same for all its agents (rows come period by period): formatted once per period.
        Instant? periodStart = null;
        byte[] start = [], end = [];
        var provisional = 0;

        sqlite3_stmt? full = null;
        try
        {
            var written = 0;
            while (written < rows.Count)
            {
                var count = Math.Min(RowsPerInsert, rows.Count - written);
                sqlite3_stmt statement;
                if (count == RowsPerInsert)
                {
                    if (full is null)
                    {
                        Check(raw.sqlite3_prepare_v2(db, InsertSql[count], out full), db);
                        BindConstants(full, constant, db);
                    }

                    statement = full;
                }
                else
                {
                    Check(raw.sqlite3_prepare_v2(db, InsertSql[count], out statement), db);
                    BindConstants(statement, constant, db);
                }

                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        var row = rows[written + i];
                        if (row.Period.Start != periodStart)
                        {
                            periodStart = row.Period.Start;
                            start = Encoding.UTF8.GetBytes(StoredValues.Instant(row.Period.Start));
                            end = Encoding.UTF8.GetBytes(StoredValues.Instant(row.Period.End));
                            provisional = chunk.IsProvisional(row) ? 1 : 0;
                        }

                        var p = 6 + (i * ParametersPerRow);
                        BindText(statement, p, row.AgentId, ref text, db);
                        BindText(statement, p + 1, row.AgentName, ref text, db);
                        Check(raw.sqlite3_bind_text(statement, p + 2, start), db);
                        Check(raw.sqlite3_bind_text(statement, p + 3, end), db);
                        BindCount(statement, p + 4, row.CallsHandled, db);
                        BindCount(statement, p + 5, row.CallsUnanswered, db);
                        BindSeconds(statement, p + 6, row.TalkTime, db);
                        BindSeconds(statement, p + 7, row.AvailableTime, db);
                        BindSeconds(statement, p + 8, row.OnCallTime, db);
                        BindSeconds(statement, p + 9, row.AfterCallWorkTime, db);
                        BindSeconds(statement, p + 10, row.PausedTime, db);
                        BindSeconds(statement, p + 11, row.OfflineTime, db);
                        BindSeconds(statement, p + 12, row.DoNotDisturbTime, db);
                        Check(raw.sqlite3_bind_text(statement, p + 13, StoredValues.VendorMetricsUtf8(row.VendorMetrics, metricsBuffer)), db);
                        Check(raw.sqlite3_bind_int(statement, p + 14, provisional), db);
                    }

                    var rc = raw.sqlite3_step(statement);
                    if (rc != raw.SQLITE_DONE)
                    {
                        Check(rc, db);
                    }

                    Check(raw.sqlite3_reset(statement), db);
                }
                finally
                {
                    if (statement != full)
                    {
                        statement.Dispose();
                    }
                }

                written += count;
                if (count == RowsPerInsert)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Reached("rows " + StoredValues.Text(written));
                }
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    /// <summary>An INSERT of <paramref name="rows"/> rows: ?1 to ?5 (vendor, account, bucket, zone, pulled_at) shared, then <see cref="ParametersPerRow"/> per row.</summary>
    private static string CreateInsertSql(int rows)
    {
        var sql = new StringBuilder(
            "INSERT INTO agent_statistics (vendor, account, bucket, time_zone, pulled_at, agent_id, agent_name, period_start, period_end, " +
            "calls_handled, calls_unanswered, talk_seconds, available_seconds, on_call_seconds, after_call_work_seconds, paused_seconds, " +
            "offline_seconds, dnd_seconds, vendor_metrics, provisional) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ", (").Append("?1, ?2, ?3, ?4, ?5");
            for (var p = 0; p < ParametersPerRow; p++)
            {
                sql.Append(", ?").Append(StoredValues.Text(6 + (i * ParametersPerRow) + p));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    private static void BindConstants(sqlite3_stmt statement, (byte[] Vendor, byte[] Account, byte[] Bucket, byte[] Zone, byte[] PulledAt) constant, sqlite3 db)
    {
        // Bound once per statement: bindings survive sqlite3_reset.
        Check(raw.sqlite3_bind_text(statement, 1, constant.Vendor), db);
        Check(raw.sqlite3_bind_text(statement, 2, constant.Account), db);
        Check(raw.sqlite3_bind_text(statement, 3, constant.Bucket), db);
        Check(raw.sqlite3_bind_text(statement, 4, constant.Zone), db);
        Check(raw.sqlite3_bind_text(statement, 5, constant.PulledAt), db);
    }

    /// <summary>Binds text as UTF-8 from a reused buffer (the string overload allocates a copy per call).</summary>
    private static void BindText(sqlite3_stmt statement, int index, string? value, ref byte[] buffer, sqlite3 db)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(statement, index), db);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > buffer.Length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, buffer);
        Check(raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, written)), db);
    }

    private static void BindCount(sqlite3_stmt statement, int index, long? value, sqlite3 db) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(statement, index, v) : raw.sqlite3_bind_null(statement, index), db);

    private static void BindSeconds(sqlite3_stmt statement, int index, Duration? value, sqlite3 db)
    {
        int rc;
        if (value is not { } d)
        {
            rc = raw.sqlite3_bind_null(statement, index);
        }
        else if (StoredValues.IsWholeSeconds(d))
        {
            rc = raw.sqlite3_bind_int64(statement, index, StoredValues.WholeSeconds(d));
        }
        else
        {
            rc = raw.sqlite3_bind_double(statement, index, (double)StoredValues.Seconds(d));
        }

        Check(rc, db);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Durable at each commit against a killed process (WAL); an fsync only at checkpoints. A larger page cache
            // keeps a chunk's part of the key index in memory.
            await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Translate(e, "open");
        }
        catch (InvalidOperationException e)
        {
            // E.g. a password given to a SQLite built without encryption.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SyncException(SyncErrorKind.DatabaseUnavailable, $"Cannot open {Description}: {_redaction.Redact(e.Message)}");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<SyncState?> ReadStateAsync(SqliteConnection connection, SqliteTransaction? transaction, SyncKey key, CancellationToken cancellationToken)
    {
        using var command = Command(
            connection,
            transaction,
            "SELECT scope, first_period_start, last_period_end, updated_at FROM sync_state WHERE vendor = $vendor AND account = $account AND bucket = $bucket AND time_zone = $zone");
        AddKey(command, key);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SyncState
        {
            Vendor = key.Vendor,
            Account = key.Account,
            Bucket = key.Bucket,
            TimeZone = key.TimeZone,
            Scope = reader.GetString(0),
            FirstPeriodStart = StoredValues.ParseInstant(reader.GetString(1)),
            LastPeriodEnd = StoredValues.ParseInstant(reader.GetString(2)),
            UpdatedAt = StoredValues.ParseInstant(reader.GetString(3)),
        };
    }

    private static void AddKey(SqliteCommand command, SyncKey key)
    {
        command.Parameters.AddWithValue("$vendor", key.Vendor);
        command.Parameters.AddWithValue("$account", key.Account);
        command.Parameters.AddWithValue("$bucket", StoredValues.Bucket(key.Bucket));
        command.Parameters.AddWithValue("$zone", key.TimeZone);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private SyncException Translate(SqliteException e, string doing)
    {
        const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADatabase = 26;
        var detail = _redaction.Redact(e.Message);
        var (kind, message) = e.SqliteErrorCode switch
        {
            CantOpen => (SyncErrorKind.DatabaseUnavailable, $"Cannot open {Description}: the file or its folder does not exist or cannot be created ({detail})."),
            ReadOnly => (SyncErrorKind.DatabaseNotWritable, $"{Description} is read-only: cannot {doing} it ({detail})."),
            Full => (SyncErrorKind.DatabaseNotWritable, $"{Description} cannot grow: the disk is full ({detail})."),
            IoError => (SyncErrorKind.DatabaseNotWritable, $"Cannot {doing} {Description}: a disk error ({detail})."),
            NotADatabase or Corrupt => (SyncErrorKind.DatabaseUnavailable, $"{Description} is not a SQLite database or is damaged ({detail})."),
            Busy or Locked => (SyncErrorKind.DatabaseUnavailable, $"{Description} stayed locked by another writer for longer than the command timeout ({detail})."),
            _ => (SyncErrorKind.DatabaseUnavailable, $"Cannot {doing} {Description}: {detail}."),
        };

        // The driver's message names no password, but a connection string can: the cause is kept only when clean.
        return new SyncException(kind, message, _redaction.Reveals(e.ToString()) ? null : e);
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static string? TryGetPassword(string connectionString)
    {
        try
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            return builder.TryGetValue("password", out var value) ? value?.ToString() : builder.TryGetValue("pwd", out value) ? value?.ToString() : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
