using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Sync.Tests.Infrastructure;
using CallCenterStats.Sdk.Unified;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Sync.Tests;

/// <summary>The tables as a BI tool sees them: created on first use, versioned, with the CSV's column names and the key.</summary>
public sealed class SchemaTests(PostgresServer server)
{
    public static TheoryData<StoreKind> Stores => new(StoreKind.Sqlite, StoreKind.Postgres);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<string>> ColumnsAsync(TestDatabase db, string table, bool keyOnly = false)
    {
        var sql = db.Kind == StoreKind.Sqlite
            ? $"SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('{table}') {(keyOnly ? "WHERE pk > 0" : "")} ORDER BY name)"
            : keyOnly
                ? $"SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '{table}'::regclass AND i.indisprimary"
                : $"SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = '{table}'";
        return ((string)(await db.ScalarAsync(sql))!).Split(',').ToList();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_schema_is_created_on_first_use_with_the_CSV_column_names_and_the_key(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();

        await store.EnsureSchemaAsync(Ct);

        Assert.Equal(
            AgentStatisticsWriter.Columns.Concat(["account", "bucket", "time_zone", "vendor_metrics", "provisional", "pulled_at"]).Order(StringComparer.Ordinal),
            await ColumnsAsync(db, "agent_statistics"));
        Assert.Equal(["account", "agent_id", "bucket", "period_start", "time_zone", "vendor"], await ColumnsAsync(db, "agent_statistics", keyOnly: true));
        Assert.Equal(["account", "bucket", "first_period_start", "last_period_end", "scope", "time_zone", "updated_at", "vendor"], await ColumnsAsync(db, "sync_state"));
        Assert.Equal(["account", "bucket", "time_zone", "vendor"], await ColumnsAsync(db, "sync_state", keyOnly: true));
        Assert.Equal(1L, Convert.ToInt64(await db.ScalarAsync("SELECT MAX(version) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
        if (kind == StoreKind.Sqlite)
        {
            Assert.Equal("wal", await db.ScalarAsync("PRAGMA journal_mode"));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Opening_the_database_again_migrates_nothing(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using (var first = db.Open())
        {
            await first.EnsureSchemaAsync(Ct);
        }

        await using var second = db.Open();
        await second.EnsureSchemaAsync(Ct);
        await second.EnsureSchemaAsync(Ct);

        Assert.Equal(1L, Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_schema_from_a_newer_version_is_refused_and_left_alone(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using (var first = db.Open())
        {
            await first.EnsureSchemaAsync(Ct);
        }

        await db.ExecuteAsync(kind == StoreKind.Sqlite
            ? "INSERT INTO schema_version (version, applied_at) VALUES (2, '2030-01-01T00:00:00Z')"
            : "INSERT INTO schema_version (version) VALUES (2)");
        await using var store = db.Open();

        var error = await Assert.ThrowsAsync<SyncException>(() => store.EnsureSchemaAsync(Ct));
        var viaSync = await Assert.ThrowsAsync<SyncException>(() =>
            new AgentStatisticsSync(store, new FakeClock(Instant.FromUtc(2024, 3, 12, 0, 0))).SyncAsync(
                new FakeSource(),
                new SyncRequest { From = Instant.FromUtc(2024, 3, 11, 0, 0) },
                cancellationToken: Ct));

        Assert.Equal(SyncErrorKind.SchemaTooNew, error.Kind);
        Assert.Equal(SyncErrorKind.SchemaTooNew, viaSync.Kind);
        Assert.Contains("has schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("knows up to 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await db.ReadRowsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_table_of_the_same_name_made_by_someone_else_is_refused(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await db.ExecuteAsync("CREATE TABLE agent_statistics (id integer PRIMARY KEY, note text)");
        await using var store = db.Open();

        var error = await Assert.ThrowsAsync<SyncException>(() => store.EnsureSchemaAsync(Ct));

        Assert.Equal(SyncErrorKind.SchemaMismatch, error.Kind);
        Assert.Contains("not created by CallCenterStats.Sdk.Sync", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_key_refuses_a_second_row_for_the_same_agent_and_period(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        await store.EnsureSchemaAsync(Ct);
        var insert = kind == StoreKind.Sqlite
            ? "INSERT INTO agent_statistics (vendor, account, agent_id, bucket, time_zone, period_start, period_end, provisional, pulled_at) VALUES ('v', 'a', '1', 'day', 'UTC', '2024-03-11T00:00:00Z', '2024-03-12T00:00:00Z', 0, '2024-03-12T00:00:00Z')"
            : "INSERT INTO agent_statistics (vendor, account, agent_id, bucket, time_zone, period_start, period_end, provisional, pulled_at) VALUES ('v', 'a', '1', 'day', 'UTC', '2024-03-11T00:00:00Z', '2024-03-12T00:00:00Z', false, now())";

        await db.ExecuteAsync(insert);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.ExecuteAsync(insert));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Instants_are_ISO_text_in_SQLite_and_timestamptz_in_PostgreSQL_and_seconds_are_numbers(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
        await new AgentStatisticsSync(store, new FakeClock(Instant.FromUtc(2024, 3, 12, 12, 0, 0) + Duration.FromMilliseconds(250))).SyncAsync(
            new FakeSource(),
            new SyncRequest { Bucket = TimeBucket.Day, TimeZone = warsaw, From = Instant.FromUtc(2024, 3, 10, 23, 0) },
            cancellationToken: Ct);

        if (kind == StoreKind.Sqlite)
        {
            Assert.Equal(
                "2024-03-10T23:00:00Z|text|2024-03-11T23:00:00Z|2024-03-12T12:00:00.25Z",
                await db.ScalarAsync("SELECT period_start || '|' || typeof(period_start) || '|' || period_end || '|' || pulled_at FROM agent_statistics WHERE agent_id = 'a1'"));
            Assert.Equal("integer|real|integer|null", await db.ScalarAsync(
                "SELECT typeof(calls_handled) || '|' || typeof(talk_seconds) || '|' || typeof(provisional) || '|' || typeof(offline_seconds) FROM agent_statistics WHERE agent_id = 'a1'"));
        }
        else
        {
            Assert.Equal(
                "timestamp with time zone|numeric|jsonb|boolean",
                await db.ScalarAsync("SELECT pg_typeof(period_start)::text || '|' || pg_typeof(talk_seconds)::text || '|' || pg_typeof(vendor_metrics)::text || '|' || pg_typeof(provisional)::text FROM agent_statistics WHERE agent_id = 'a1'"));
            Assert.Equal("2024-03-10 23:00:00+00", await db.ScalarAsync("SELECT (period_start AT TIME ZONE 'UTC')::text || '+00' FROM agent_statistics WHERE agent_id = 'a1'"));
        }
    }
}
