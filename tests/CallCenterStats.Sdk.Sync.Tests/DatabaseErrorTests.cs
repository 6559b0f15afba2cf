using System.Net;
using System.Net.Sockets;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Sync.Tests.Infrastructure;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CallCenterStats.Sdk.Sync.Tests;

/// <summary>
/// Databases that cannot be reached, opened or written give a <see cref="SyncException"/> of the right kind with a
/// message that says what and where, and no password anywhere (message, inner exception, <c>ToString()</c>, logs).
/// </summary>
public sealed class DatabaseErrorTests(PostgresServer server)
{
    private const string Password = "hunter2-Secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SyncRequest Request = new() { Bucket = TimeBucket.Day, From = Instant.FromUtc(2024, 3, 11, 0, 0) };

    private static FakeClock Clock => new(Instant.FromUtc(2024, 3, 13, 0, 0));

    private static async Task<SyncException> SyncFailsAsync(string database, CapturingLoggerProvider? logs = null)
    {
        await using var store = StatisticsStore.Open(database);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs ?? new CapturingLoggerProvider()).SetMinimumLevel(LogLevel.Trace));
        var sync = new AgentStatisticsSync(store, Clock, factory.CreateLogger<AgentStatisticsSync>());
        return await Assert.ThrowsAsync<SyncException>(() => sync.SyncAsync(new FakeSource(), Request, cancellationToken: Ct));
    }

    private static void AssertNoSecret(Exception error, string secret = Password)
    {
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), error.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_is_named_without_its_password()
    {
        var port = FreePort();
        var logs = new CapturingLoggerProvider();

        var error = await SyncFailsAsync($"Host=127.0.0.1;Port={port};Database=stats;Username=sync;Password={Password};Timeout=3", logs);
        var viaUrl = await SyncFailsAsync($"postgres://sync:{Uri.EscapeDataString(Password)}@127.0.0.1:{port}/stats?Timeout=3");

        Assert.Equal(SyncErrorKind.DatabaseUnavailable, error.Kind);
        Assert.StartsWith($"Cannot connect to PostgreSQL stats on 127.0.0.1:{port} as sync:", error.Message, StringComparison.Ordinal);
        Assert.Equal(SyncErrorKind.DatabaseUnavailable, viaUrl.Kind);
        AssertNoSecret(error);
        AssertNoSecret(viaUrl);
        Assert.DoesNotContain(Password, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_a_refused_login_and_is_not_repeated()
    {
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = Password }.ConnectionString;

        var error = await SyncFailsAsync(database);

        Assert.Equal(SyncErrorKind.DatabaseUnavailable, error.Kind);
        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A_user_who_may_not_create_tables_gets_a_not_writable_error()
    {
        var owned = await server.CreateDatabaseAsync();
        var role = "reader_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{Password}'", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            var asReader = new NpgsqlConnectionStringBuilder(owned) { Username = role, Password = Password }.ConnectionString;

            var error = await SyncFailsAsync(asReader);

            Assert.Equal(SyncErrorKind.DatabaseNotWritable, error.Kind);
            Assert.Contains($"cannot be written by this user", error.Message, StringComparison.Ordinal);
            Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
            AssertNoSecret(error);
        }
        finally
        {
            await server.DropDatabaseAsync(owned);
        }
    }

    [Fact]
    public async Task A_SQLite_file_in_a_folder_that_does_not_exist_cannot_be_opened()
    {
        var path = Path.Combine(Path.GetTempPath(), "ccstats-sync-tests", Guid.NewGuid().ToString("N"), "missing", "stats.db");

        var error = await SyncFailsAsync(path);

        Assert.Equal(SyncErrorKind.DatabaseUnavailable, error.Kind);
        Assert.Contains("Cannot open SQLite " + path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SQLite_database_opened_read_only_cannot_be_written()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Sqlite, server);
        await using (var store = db.Open())
        {
            await new AgentStatisticsSync(store, Clock).SyncAsync(new FakeSource(), Request, cancellationToken: Ct);
        }

        var error = await SyncFailsAsync($"Data Source={db.Database};Mode=ReadOnly");

        Assert.Equal(SyncErrorKind.DatabaseNotWritable, error.Kind);
        Assert.Contains("is read-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_SQLite_database_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Sqlite, server);
        await File.WriteAllTextAsync(db.Database, "date,calls\n2024-03-11,5\n" + new string('x', 4096), Ct);

        var error = await SyncFailsAsync(db.Database);

        Assert.Equal(SyncErrorKind.DatabaseUnavailable, error.Kind);
        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_sync_logs_the_database_without_its_password()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            var logs = new CapturingLoggerProvider();
            var password = new NpgsqlConnectionStringBuilder(database).Password!;
            await using (var store = StatisticsStore.Open(database))
            {
                using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
                await new AgentStatisticsSync(store, Clock, factory.CreateLogger<AgentStatisticsSync>()).SyncAsync(new FakeSource(), Request, cancellationToken: Ct);
                Assert.DoesNotContain(password, store.ToString(), StringComparison.Ordinal);
            }

            Assert.Contains("into PostgreSQL sync_", logs.AllText, StringComparison.Ordinal);
            Assert.Contains("chunk 2024-03-11T00:00:00Z to 2024-03-12T00:00:00Z committed, 3 row(s)", logs.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(password, logs.AllText, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
