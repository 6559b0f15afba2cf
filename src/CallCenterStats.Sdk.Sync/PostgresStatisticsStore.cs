using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// A PostgreSQL database (Npgsql), for stores shared by several machines or read by BI tools. Instants are stored as
/// <c>timestamptz</c>, durations as <c>numeric</c> seconds, the vendor's own metrics as <c>jsonb</c>. Tables are created in
/// the connection's search path (<c>Search Path=…</c> in the connection string picks a schema). Concurrent syncs of the
/// same vendor account, bucket and zone take turns chunk by chunk (a transaction-level advisory lock).
/// </summary>
public sealed class PostgresStatisticsStore : StatisticsStore
{
    /// <summary>How many rows are copied between two test checkpoints.</summary>
    internal const int CheckpointEvery = 50;

    // An arbitrary constant: migrations of one database take turns on it.
    private const long MigrationLockId = 0x63_63_73_74_61_74_73; // "ccstats"

    private const string CopySql =
        "COPY agent_statistics (vendor, account, bucket, time_zone, pulled_at, agent_id, agent_name, period_start, period_end, " +
        "calls_handled, calls_unanswered, talk_seconds, available_seconds, on_call_seconds, after_call_work_seconds, paused_seconds, " +
        "offline_seconds, dnd_seconds, vendor_metrics, provisional) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SecretMask _redaction;

    /// <summary>Creates a store over an Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>); no I/O.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="ArgumentException">The connection string is malformed or names no host (the message never contains the password).</exception>
    public PostgresStatisticsStore(string connectionString)
        : this(Parse(connectionString, out var redaction), redaction, nameof(connectionString))
    {
    }

    private PostgresStatisticsStore(NpgsqlConnectionStringBuilder builder, SecretMask redaction, string paramName)
    {
        _redaction = redaction;
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException("The PostgreSQL connection string names no server (Host=…).", paramName);
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "CallCenterStats.Sdk.Sync";
        }

        Description = string.Create(
            CultureInfo.InvariantCulture,
            $"PostgreSQL {builder.Database ?? builder.Username ?? "(default database)"} on {builder.Host}:{builder.Port}{(builder.Username is { Length: > 0 } user ? " as " + user : "")}");
        try
        {
            _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString)
                .EnableTransportSecurity()
                .EnableJsonTypes()
                .Build();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new ArgumentException("The PostgreSQL connection string is not valid: " + _redaction.Redact(e.Message), paramName);
        }
    }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>
    /// Creates a store from a URL, <c>postgres://user:password@host:port/database?keyword=value</c> (<c>postgresql://</c>
    /// too; user and password percent-encoded; query parameters are Npgsql connection-string keywords such as
    /// <c>sslmode</c>); no I/O.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The URL is malformed (the message never contains the password).</exception>
    public static PostgresStatisticsStore FromUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var password = UrlPassword(url);
        var redaction = new SecretMask(password);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{redaction.Redact(url)}' is not a PostgreSQL URL (postgres://user:password@host:5432/database).", nameof(url));
        }

        var builder = new NpgsqlConnectionStringBuilder();
        try
        {
            builder.Host = uri.DnsSafeHost;
            if (uri.Port > 0)
            {
                builder.Port = uri.Port;
            }

            var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length > 0)
            {
                builder.Database = database;
            }

            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                if (colon >= 0)
                {
                    builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
                }
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..]);
                builder[key] = value;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException("The PostgreSQL URL is not valid: " + redaction.Redact(e.Message), nameof(url));
        }

        return new PostgresStatisticsStore(builder, redaction, nameof(url));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    internal override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockId });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            bool hasVersion, hasTables;
            using (var command = new NpgsqlCommand(
                "SELECT to_regclass('schema_version') IS NOT NULL, to_regclass('agent_statistics') IS NOT NULL OR to_regclass('sync_state') IS NOT NULL",
                connection,
                transaction))
            {
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                hasVersion = reader.GetBoolean(0);
                hasTables = reader.GetBoolean(1);
            }

            if (!hasVersion && hasTables)
            {
                throw new SyncException(
                    SyncErrorKind.SchemaMismatch,
                    $"{Description} has a table agent_statistics or sync_state that was not created by CallCenterStats.Sdk.Sync (there is no schema_version table); use another database or schema (Search Path=…).");
            }

            long current = 0;
            if (hasVersion)
            {
                using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction);
                current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }
            else
            {
                await ExecuteAsync(connection, transaction, "CREATE TABLE schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
            }

            if (current > SchemaVersion)
            {
                throw SchemaStatements.TooNew(Description, current);
            }

            for (var version = (int)current + 1; version <= SchemaVersion; version++)
            {
                foreach (var statement in SchemaStatements.Postgres(version))
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                }

                using var record = new NpgsqlCommand("INSERT INTO schema_version (version) VALUES ($1)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, "prepare the tables of");
        }
    }

    internal override async Task<(SyncState? State, Instant? EarliestProvisional)> ReadStateAsync(SyncKey key, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var state = await ReadStateAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
            using var command = new NpgsqlCommand(
                "SELECT MIN(period_start) FROM agent_statistics WHERE vendor = $1 AND account = $2 AND bucket = $3 AND time_zone = $4 AND provisional",
                connection);
            AddKey(command, key);
            var earliest = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return (state, earliest is DateTime time ? Instant.FromDateTimeUtc(time) : null);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, "read the sync state from");
        }
    }

    internal override async Task<SyncState> WriteChunkAsync(ChunkWrite chunk, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            Reached("begin");
            using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"ccstats-sync\n{chunk.Key.Vendor}\n{chunk.Key.Account}\n{StoredValues.Bucket(chunk.Key.Bucket)}\n{chunk.Key.TimeZone}" });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var current = await ReadStateAsync(connection, transaction, chunk.Key, cancellationToken).ConfigureAwait(false);
            var next = MergeState(current, chunk);

            using (var delete = new NpgsqlCommand(
                "DELETE FROM agent_statistics WHERE vendor = $1 AND account = $2 AND bucket = $3 AND time_zone = $4 AND period_start >= $5 AND period_start < $6",
                connection,
                transaction))
            {
                AddKey(delete, chunk.Key);
                delete.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = chunk.Range.Start.ToDateTimeUtc() });
                delete.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = chunk.Range.End.ToDateTimeUtc() });
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Reached("deleted");
            if (chunk.Rows.Count > 0)
            {
                await CopyRowsAsync(connection, chunk, cancellationToken).ConfigureAwait(false);
            }

            using (var upsert = new NpgsqlCommand(
                "INSERT INTO sync_state (vendor, account, bucket, time_zone, scope, first_period_start, last_period_end, updated_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) " +
                "ON CONFLICT (vendor, account, bucket, time_zone) DO UPDATE SET scope = excluded.scope, first_period_start = excluded.first_period_start, " +
                "last_period_end = excluded.last_period_end, updated_at = excluded.updated_at",
                connection,
                transaction))
            {
                AddKey(upsert, chunk.Key);
                upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next.Scope });
                upsert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = next.FirstPeriodStart.ToDateTimeUtc() });
                upsert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = next.LastPeriodEnd.ToDateTimeUtc() });
                upsert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = next.UpdatedAt.ToDateTimeUtc() });
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Reached("state");
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Reached("committed");
            return next;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, "write to");
        }
    }

    private async Task CopyRowsAsync(NpgsqlConnection connection, ChunkWrite chunk, CancellationToken cancellationToken)
    {
        var vendor = chunk.Key.Vendor;
        var account = chunk.Key.Account;
        var bucket = StoredValues.Bucket(chunk.Key.Bucket);
        var zone = chunk.Key.TimeZone;
        var pulledAt = chunk.PulledAt.ToDateTimeUtc();
        var metricsBuffer = new ArrayBufferWriter<byte>(256);
        var written = 0;
        var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in chunk.Rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(vendor, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(account, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(bucket, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(zone, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(pulledAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.AgentId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.AgentName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Period.Start.ToDateTimeUtc(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Period.End.ToDateTimeUtc(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await WriteCountAsync(importer, row.CallsHandled, cancellationToken).ConfigureAwait(false);
                await WriteCountAsync(importer, row.CallsUnanswered, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.TalkTime, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.AvailableTime, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.OnCallTime, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.AfterCallWorkTime, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.PausedTime, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.OfflineTime, cancellationToken).ConfigureAwait(false);
                await WriteSecondsAsync(importer, row.DoNotDisturbTime, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(StoredValues.VendorMetricsJson(row.VendorMetrics, metricsBuffer), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(chunk.IsProvisional(row), NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                if (++written % CheckpointEvery == 0)
                {
                    Reached("rows " + StoredValues.Text(written));
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteCountAsync(NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteSecondsAsync(NpgsqlBinaryImporter importer, Duration? value, CancellationToken cancellationToken) =>
        value is { } d ? importer.WriteAsync(StoredValues.Seconds(d), NpgsqlDbType.Numeric, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e, "connect to");
        }
    }

    private static async Task<SyncState?> ReadStateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SyncKey key, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            "SELECT scope, first_period_start, last_period_end, updated_at FROM sync_state WHERE vendor = $1 AND account = $2 AND bucket = $3 AND time_zone = $4",
            connection,
            transaction);
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
            FirstPeriodStart = Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(1)),
            LastPeriodEnd = Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(2)),
            UpdatedAt = Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(3)),
        };
    }

    private static void AddKey(NpgsqlCommand command, SyncKey key)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Vendor });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Account });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StoredValues.Bucket(key.Bucket) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.TimeZone });
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private SyncException Translate(NpgsqlException e, string doing)
    {
        var detail = _redaction.Redact(e is PostgresException p ? p.MessageText : e.Message);
        if (e.InnerException is { } inner && e is not PostgresException)
        {
            detail += " (" + _redaction.Redact(inner.Message) + ")";
        }

        var (kind, message) = e switch
        {
            PostgresException { SqlState: "28P01" or "28000" } => (SyncErrorKind.DatabaseUnavailable, $"{Description} refused the login: {detail}."),
            PostgresException { SqlState: "3D000" } => (SyncErrorKind.DatabaseUnavailable, $"Cannot connect to {Description}: {detail}."),
            PostgresException { SqlState: "42501" or "25006" } => (SyncErrorKind.DatabaseNotWritable, $"{Description} cannot be written by this user: cannot {doing} it ({detail})."),
            PostgresException { SqlState: var state } when state.StartsWith("53", StringComparison.Ordinal) =>
                (SyncErrorKind.DatabaseNotWritable, $"{Description} is out of resources (disk, memory or connections): cannot {doing} it ({detail})."),
            PostgresException => (SyncErrorKind.DatabaseUnavailable, $"Cannot {doing} {Description}: {detail}."),
            { InnerException: SocketException or TimeoutException or IOException } => (SyncErrorKind.DatabaseUnavailable, $"Cannot connect to {Description}: {detail}."),
            _ => (SyncErrorKind.DatabaseUnavailable, $"Cannot {doing} {Description}: {detail}."),
        };

        return new SyncException(kind, message, _redaction.Reveals(e.ToString()) ? null : e);
    }

    private static NpgsqlConnectionStringBuilder Parse(string connectionString, out SecretMask redaction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        string? password = null;
        try
        {
            var generic = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            password = generic.TryGetValue("password", out var value) ? value?.ToString() : generic.TryGetValue("pwd", out value) ? value?.ToString() : null;
        }
        catch (ArgumentException)
        {
        }

        redaction = new SecretMask(password);
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ArgumentException("The PostgreSQL connection string is not valid: " + redaction.Redact(e.Message), nameof(connectionString));
        }
    }

    private static string? UrlPassword(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var at = rest.LastIndexOf('@');
        if (at < 0)
        {
            return null;
        }

        var userInfo = rest[..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon == userInfo.Length - 1 ? null : userInfo[(colon + 1)..];
    }
}
