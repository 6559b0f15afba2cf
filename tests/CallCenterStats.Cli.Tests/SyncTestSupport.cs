using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace CallCenterStats.Cli.Tests;

/// <summary>A clock that says the same instant until told otherwise.</summary>
public sealed class TestClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;
}

/// <summary>The synced tables read back with plain SQL, each row as one comparable line (the same for SQLite and PostgreSQL).</summary>
public static class StoredTables
{
    /// <summary>The unified columns, in the order of <c>ccstats agents</c>' JSON.</summary>
    public static readonly string[] UnifiedColumns =
    [
        "vendor", "agent_id", "agent_name", "period_start", "period_end", "calls_handled", "calls_unanswered", "talk_seconds",
        "available_seconds", "on_call_seconds", "after_call_work_seconds", "paused_seconds", "offline_seconds", "dnd_seconds",
    ];

    /// <summary>Every row of <c>agent_statistics</c>: the key, the unified columns, vendor metrics, provisional; pulled_at only when asked.</summary>
    public static async Task<List<string>> RowsAsync(string database, bool withPulledAt = false, bool unifiedOnly = false)
    {
        string[] columns = unifiedOnly
            ? UnifiedColumns
            : ["account", "bucket", "time_zone", .. UnifiedColumns, "vendor_metrics", "provisional", .. withPulledAt ? new[] { "pulled_at" } : []];
        return await LinesAsync(database, $"SELECT {string.Join(", ", columns)} FROM agent_statistics");
    }

    /// <summary>Every row of <c>sync_state</c> (updated_at only when asked).</summary>
    public static Task<List<string>> StatesAsync(string database, bool withUpdatedAt = false) =>
        LinesAsync(database, "SELECT vendor, account, bucket, time_zone, scope, first_period_start, last_period_end" + (withUpdatedAt ? ", updated_at" : string.Empty) + " FROM sync_state");

    public static async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(Cli.Ct);
        return value is DBNull ? null : value;
    }

    public static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Cli.Ct);
    }

    /// <summary>The unified JSON of <c>ccstats agents --format json</c> as the same lines as <see cref="RowsAsync"/> with <c>unifiedOnly</c>.</summary>
    public static List<string> JsonLines(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(row => string.Join('|', UnifiedColumns.Select(c => row.GetProperty(c) switch
            {
                { ValueKind: JsonValueKind.Null } => "null",
                { ValueKind: JsonValueKind.String } text => text.GetString()!,
                var number => Number(number.GetDecimal()),
            })))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static string Number(decimal value) => value.ToString("0.#########", CultureInfo.InvariantCulture);

    private static async Task<List<string>> LinesAsync(string database, string sql)
    {
        var lines = new List<string>();
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Cli.Ct);
        while (await reader.ReadAsync(Cli.Ct))
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Text(reader.GetName(i), reader.GetValue(i));
            }

            lines.Add(string.Join('|', values));
        }

        // The databases' text orders may differ (collations): compared in one order.
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Text(string column, object value) => value switch
    {
        DBNull => "null",
        string json when column == "vendor_metrics" => Metrics(json),
        string text => text,
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        int whole => whole.ToString(CultureInfo.InvariantCulture),
        double real => Number((decimal)real),
        decimal exact => Number(exact),
        bool flag => flag ? "1" : "0",
        DateTime time => InstantPattern.ExtendedIso.Format(Instant.FromDateTimeUtc(DateTime.SpecifyKind(time, DateTimeKind.Utc))),
        _ => throw new InvalidOperationException($"{column} holds a {value.GetType().Name}"),
    };

    private static string Metrics(string json)
    {
        using var document = JsonDocument.Parse(json);
        return string.Join(';', document.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + Number(p.Value.GetDecimal())));
    }

    private static async Task<DbConnection> OpenAsync(string database)
    {
        DbConnection connection = database.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            ? new NpgsqlConnection(database)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync(Cli.Ct);
        return connection;
    }
}

/// <summary>
/// The PostgreSQL server of the sync command's test: the one CI started (its connection string in
/// <c>CCSTATS_TEST_POSTGRES</c>), or else a throw-away one started with the Sync tests' <c>start-postgres.sh</c> and
/// stopped at the end. Never skipped: without a server the test fails.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private string? _dataDirectory;

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("CCSTATS_TEST_POSTGRES") is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }

        foreach (var line in (await RunScriptAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // export NAME='value'
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (!line.StartsWith("export ", StringComparison.Ordinal) || equals < 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim().Trim('\'');
            switch (line[7..equals])
            {
                case "CCSTATS_TEST_POSTGRES": ConnectionString = value; break;
                case "CCSTATS_TEST_POSTGRES_DATA": _dataDirectory = value; break;
            }
        }

        Assert.False(ConnectionString.Length == 0, "start-postgres.sh printed no connection string");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is not null)
        {
            await RunScriptAsync("--stop", _dataDirectory);
        }
    }

    /// <summary>A fresh, empty database on the server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "ccstats_cli_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(Cli.Ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(Cli.Ct);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "start-postgres.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"start-postgres.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
