using System.Data.Common;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace CallCenterStats.Sdk.Sync.Tests.Infrastructure;

/// <summary>The two databases every store test runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// An empty database of its own for one test (a SQLite file in a temporary folder, or a fresh PostgreSQL database on
/// the test server), read back with plain SQL so that tests check the tables themselves, not the store's own reading.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;
    private readonly string? _folder;

    private TestDatabase(StoreKind kind, string database, PostgresServer? server, string? folder)
    {
        Kind = kind;
        Database = database;
        _server = server;
        _folder = folder;
    }

    public StoreKind Kind { get; }

    /// <summary>The <c>--database</c> string: a SQLite file path, or a PostgreSQL connection string.</summary>
    public string Database { get; }

    public static async Task<TestDatabase> CreateAsync(StoreKind kind, PostgresServer server)
    {
        if (kind == StoreKind.Postgres)
        {
            return new TestDatabase(kind, await server.CreateDatabaseAsync(), server, null);
        }

        var folder = Path.Combine(Path.GetTempPath(), "ccstats-sync-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(kind, Path.Combine(folder, "stats.db"), null, folder);
    }

    public StatisticsStore Open() => StatisticsStore.Open(Database);

    public async Task<IReadOnlyList<StoredRow>> ReadRowsAsync()
    {
        const string Sql =
            "SELECT vendor, account, agent_id, agent_name, bucket, time_zone, period_start, period_end, calls_handled, calls_unanswered, " +
            "talk_seconds, available_seconds, on_call_seconds, after_call_work_seconds, paused_seconds, offline_seconds, dnd_seconds, " +
            "vendor_metrics, provisional, pulled_at FROM agent_statistics ORDER BY vendor, account, bucket, time_zone, period_start, agent_id";
        var rows = new List<StoredRow>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                ReadInstant(reader, 6),
                ReadInstant(reader, 7),
                reader.IsDBNull(8) ? null : Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(9) ? null : Convert.ToInt64(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture),
                ReadSeconds(reader, 10),
                ReadSeconds(reader, 11),
                ReadSeconds(reader, 12),
                ReadSeconds(reader, 13),
                ReadSeconds(reader, 14),
                ReadSeconds(reader, 15),
                ReadSeconds(reader, 16),
                StoredRow.Metrics(StoredValues.ParseVendorMetrics(reader.GetString(17))),
                Kind == StoreKind.Postgres ? reader.GetBoolean(18) : reader.GetInt64(18) switch { 0 => false, 1 => true, var v => throw new InvalidOperationException($"provisional = {v}") },
                ReadInstant(reader, 19)));
        }

        // The databases' text orders may differ (collations): the rows are compared in one order.
        return rows.OrderBy(r => r.Vendor, StringComparer.Ordinal).ThenBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.Bucket, StringComparer.Ordinal)
            .ThenBy(r => r.TimeZone, StringComparer.Ordinal).ThenBy(r => r.PeriodStart).ThenBy(r => r.AgentId, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<StateRow>> ReadStatesAsync()
    {
        var rows = new List<StateRow>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vendor, account, bucket, time_zone, scope, first_period_start, last_period_end, updated_at FROM sync_state ORDER BY vendor, account, bucket, time_zone";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StateRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), ReadInstant(reader, 5), ReadInstant(reader, 6), ReadInstant(reader, 7)));
        }

        return rows;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(Database);
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Kind == StoreKind.Postgres
            ? new NpgsqlConnection(Database)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static Instant ReadInstant(DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            string text => StoredValues.ParseInstant(text),
            DateTime time => Instant.FromDateTimeUtc(time),
            var other => throw new InvalidOperationException($"Column {ordinal} holds a {other.GetType().Name}"),
        };

    private static Duration? ReadSeconds(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal)
            ? null
            : reader.GetValue(ordinal) switch
            {
                long whole => Duration.FromSeconds(whole),
                double real => StoredValues.FromSeconds(real),
                decimal exact => StoredValues.FromSeconds(exact),
                var other => throw new InvalidOperationException($"Column {ordinal} holds a {other.GetType().Name}"),
            };
}
