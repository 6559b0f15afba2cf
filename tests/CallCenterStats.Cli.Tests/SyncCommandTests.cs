using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using Npgsql;

namespace CallCenterStats.Cli.Tests;

/// <summary><c>ccstats sync</c> against the emulator into temporary SQLite files: the table equals the pull, re-runs change nothing, later runs continue from the state.</summary>
public sealed class SyncCommandTests(EmulatorFixture fixture)
{
    internal static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    public static TheoryData<string, string> VendorsAndBuckets => new()
    {
        { "voximplant", "hour" }, { "vcclive", "hour" }, { "netaxis", "hour" }, { "enswitch", "hour" }, { "thulium", "hour" },
        { "voximplant", "day" }, { "vcclive", "day" }, { "netaxis", "day" }, { "enswitch", "day" }, { "thulium", "day" },
    };

    /// <summary>A wall-clock time of the simulated week (March 2024) in Europe/Warsaw.</summary>
    internal static Instant At(int day, int hour = 0, int minute = 0) => new LocalDateTime(2024, 3, day, hour, minute).InZoneStrictly(Warsaw).ToInstant();

    [Theory]
    [MemberData(nameof(VendorsAndBuckets))]
    public async Task The_table_holds_exactly_the_rows_ccstats_agents_prints_for_the_same_range(string vendor, string bucket)
    {
        var database = Path.Combine(fixture.NewFolder(), "stats.db");
        string[] range = ["--by", bucket, "--from", "2024-03-11", "--to", "2024-03-13"];

        var sync = await SyncAsync(new TestClock(At(18, 0, 30)), vendor, database, range);
        var agents = await Cli.RunAsync(["agents", "--vendor", vendor, "--config", Config(vendor), .. fixture.Scope(vendor).Args, "--time-zone", "Europe/Warsaw", .. range, "--format", "json"]);

        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.True(agents.ExitCode == 0, agents.ToString());
        Assert.Equal(string.Empty, sync.Error);
        var stored = await StoredTables.RowsAsync(database, unifiedOnly: true);
        Assert.Equal(StoredTables.JsonLines(agents.Output), stored);
        Assert.True(stored.Count >= 10, $"two days of ten agents ({stored.Count} rows)");
        var (periods, chunks) = bucket == "hour" ? (48, 2) : (2, 2);
        Assert.Equal(
            $"{vendor}/default: {stored.Count} rows written (0 provisional), {periods} periods 2024-03-11T00:00 to 2024-03-13T00:00 in {chunks} chunks; "
            + $"stored 2024-03-11T00:00 to 2024-03-13T00:00 (by {bucket} in Europe/Warsaw, SQLite {database}).\n",
            sync.Output);
        Assert.All(await StoredTables.RowsAsync(database), row => Assert.StartsWith($"default|{bucket}|Europe/Warsaw|{vendor}|", row));
    }

    [Fact]
    public async Task Running_the_same_sync_again_changes_nothing_and_a_relative_file_or_data_source_is_read_against_the_working_directory()
    {
        var folder = fixture.NewFolder();
        var database = Path.Combine(folder, "stats.db");
        var clock = new TestClock(At(18, 0, 30));
        string[] range = ["--by", "hour", "--from", "2024-03-11", "--to", "2024-03-13"];

        var first = await SyncAsync(clock, "thulium", "stats.db", range, folder);
        var rows = await StoredTables.RowsAsync(database);
        var states = await StoredTables.StatesAsync(database);
        clock.Now += Duration.FromMinutes(5);
        var again = await SyncAsync(clock, "thulium", "stats.db", range, folder);
        var withoutFrom = await SyncAsync(clock, "thulium", "stats.db", ["--by", "hour", "--to", "2024-03-13"], folder);
        var connectionString = await SyncAsync(clock, "thulium", "Data Source=other.db;Default Timeout=60", range, folder);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(withoutFrom.ExitCode == 0, withoutFrom.ToString());
        Assert.True(connectionString.ExitCode == 0, connectionString.ToString());
        Assert.Equal(first.Output, again.Output);
        Assert.Equal(first.Output.Replace("stats.db", "other.db", StringComparison.Ordinal), connectionString.Output);
        Assert.Equal(rows, await StoredTables.RowsAsync(Path.Combine(folder, "other.db")));
        Assert.Equal(rows, await StoredTables.RowsAsync(database));
        Assert.Equal(states, await StoredTables.StatesAsync(database));
        Assert.Contains("periods 2024-03-12T23:00 to 2024-03-13T00:00 in 1 chunks; stored 2024-03-11T00:00 to 2024-03-13T00:00", withoutFrom.Output);
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task A_run_without_from_continues_from_the_state_and_rewrites_the_provisional_periods()
    {
        var incremental = Path.Combine(fixture.NewFolder(), "stats.db");
        var clean = Path.Combine(fixture.NewFolder(), "stats.db");
        var clock = new TestClock(At(12, 12, 30));

        var first = await SyncAsync(clock, "thulium", incremental, ["--by", "hour", "--from", "2024-03-11"]);
        var provisionalBefore = await StoredTables.ScalarAsync(incremental, "SELECT COUNT(*) FROM agent_statistics WHERE provisional = 1 AND period_start = '2024-03-12T10:00:00Z'");
        clock.Now = At(13, 0, 30);
        var next = await SyncAsync(clock, "thulium", incremental, ["--by", "hour"]);
        var once = await SyncAsync(clock, "thulium", clean, ["--by", "hour", "--from", "2024-03-11"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.True(once.ExitCode == 0, once.ToString());
        Assert.Contains("periods 2024-03-11T00:00 to 2024-03-12T12:00 in 2 chunks", first.Output);
        Assert.True((long)provisionalBefore! > 0, "the last complete hour is provisional");
        Assert.Contains($"({provisionalBefore} provisional)", first.Output);
        Assert.Contains("periods 2024-03-12T11:00 to 2024-03-13T00:00 in 1 chunks; stored 2024-03-11T00:00 to 2024-03-13T00:00", next.Output);
        Assert.Equal(await StoredTables.RowsAsync(clean), await StoredTables.RowsAsync(incremental));
        Assert.Equal(await StoredTables.StatesAsync(clean), await StoredTables.StatesAsync(incremental));
        Assert.Equal(0L, await StoredTables.ScalarAsync(incremental, "SELECT COUNT(*) FROM agent_statistics WHERE provisional = 1 AND period_start < '2024-03-12T22:00:00Z'"));
    }

    [Fact]
    public async Task A_longer_lookback_keeps_more_periods_provisional_and_zero_keeps_none()
    {
        var sixHours = Path.Combine(fixture.NewFolder(), "stats.db");
        var none = Path.Combine(fixture.NewFolder(), "stats.db");
        var clock = new TestClock(At(12, 18, 0));

        var six = await SyncAsync(clock, "thulium", sixHours, ["--by", "hour", "--from", "2024-03-12", "--lookback", "6h"]);
        var zero = await SyncAsync(clock, "thulium", none, ["--by", "hour", "--from", "2024-03-12", "--lookback", "0"]);

        Assert.True(six.ExitCode == 0, six.ToString());
        Assert.True(zero.ExitCode == 0, zero.ToString());
        Assert.Equal("2024-03-12T11:00:00Z", await StoredTables.ScalarAsync(sixHours, "SELECT MIN(period_start) FROM agent_statistics WHERE provisional = 1"));
        Assert.Equal(0L, await StoredTables.ScalarAsync(sixHours, "SELECT COUNT(*) FROM agent_statistics WHERE provisional = 0 AND period_start >= '2024-03-12T11:00:00Z'"));
        Assert.Equal(0L, await StoredTables.ScalarAsync(none, "SELECT COUNT(*) FROM agent_statistics WHERE provisional = 1"));
        Assert.Contains("(0 provisional)", zero.Output);
    }

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["--by", "week", "--from", "2024-03-11"], "--by: 'week' is not one of hour, day." },
        { ["--time-zone", "Mars/Olympus", "--from", "2024-03-11"], "--time-zone: 'Mars/Olympus' is not an IANA time zone id" },
        { ["--lookback", "forever", "--from", "2024-03-11"], "--lookback: 'forever' is not a duration" },
        { ["--lookback", "-1h", "--from", "2024-03-11"], "--lookback: '-1h' is not a duration" },
        { ["--from", "2024-03-13", "--to", "2024-03-11"], "--to must be after --from" },
        { ["--from", "yesterday"], "--from: 'yesterday' is not a date" },
        { ["--from", "2024-03-11", "--agents", "agent001,,agent002"], "--agents: 'agent001,,agent002' has an empty item" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Bad_input_is_a_usage_error_with_one_line_and_nothing_is_written(string[] args, string message)
    {
        var database = Path.Combine(fixture.NewFolder(), "stats.db");

        var result = await SyncAsync(new TestClock(At(18)), "thulium", database, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.StartsWith("ccstats: error: ", result.Error);
        Assert.Equal(string.Empty, result.Output);
        Assert.False(File.Exists(database), "the database is not even opened");
    }

    [Fact]
    public async Task The_first_run_without_from_is_a_usage_error_before_any_request()
    {
        await using var server = await LoopbackServer.StartAsync(500, "{}");
        var database = Path.Combine(fixture.NewFolder(), "stats.db");

        var result = await Cli.RunUntilAsync(
            Cli.Ct,
            ["sync", "--vendor", "enswitch", "--endpoint", server.BaseAddress.AbsoluteUri, "--username", "u", "--password", "p", "--queue", "1", "--database", database, "--by", "day"],
            clock: new TestClock(At(18)));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"ccstats: error: enswitch/default by day in UTC was never synced into SQLite {database}: the first run needs --from.\n", result.Error);
        Assert.Empty(server.Requests);
        Assert.Equal(0L, await StoredTables.ScalarAsync(database, "SELECT COUNT(*) FROM agent_statistics"));
    }

    [Fact]
    public async Task Without_database_it_is_a_usage_error_and_ccstats_database_is_read_instead()
    {
        var database = Path.Combine(fixture.NewFolder(), "stats.db");
        string[] args = ["sync", "--vendor", "thulium", "--config", Config("thulium"), .. fixture.Scope("thulium").Args, "--from", "2024-03-17", "--time-zone", "Europe/Warsaw"];

        var missing = await Cli.RunUntilAsync(Cli.Ct, args, clock: new TestClock(At(18)));
        var fromEnvironment = await Cli.RunUntilAsync(Cli.Ct, args, new Dictionary<string, string> { ["CCSTATS_DATABASE"] = database }, clock: new TestClock(At(18)));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--database is required (or $CCSTATS_DATABASE)", missing.Error);
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Contains($"SQLite {database}", fromEnvironment.Output);
    }

    public static TheoryData<string, string> DatabaseFailures => new()
    {
        { "missing-folder", "Cannot open SQLite" },
        { "not-a-database", "is not a SQLite database or is damaged" },
        { "read-only", "is read-only" },
        { "newer-schema", "has schema version 99, written by a newer CallCenterStats.Sdk.Sync" },
        { "other-tables", "was not created by CallCenterStats.Sdk.Sync" },
    };

    [Theory]
    [MemberData(nameof(DatabaseFailures))]
    public async Task A_database_that_cannot_be_used_is_a_failure_with_one_clear_line(string problem, string message)
    {
        var folder = fixture.NewFolder();
        var file = Path.Combine(folder, "stats.db");
        var clock = new TestClock(At(18));
        string[] day = ["--by", "day", "--from", "2024-03-17"];
        var database = file;
        switch (problem)
        {
            case "missing-folder":
                database = Path.Combine(folder, "no-such-folder", "stats.db");
                break;
            case "not-a-database":
                await File.WriteAllTextAsync(file, new string('x', 4096), Cli.Ct);
                break;
            case "read-only":
                Assert.Equal(0, (await SyncAsync(clock, "thulium", file, day)).ExitCode);
                database = $"Data Source={file};Mode=ReadOnly";
                break;
            case "newer-schema":
                Assert.Equal(0, (await SyncAsync(clock, "thulium", file, day)).ExitCode);
                await StoredTables.ExecuteAsync(file, "INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01T00:00:00Z')");
                break;
            case "other-tables":
                await StoredTables.ExecuteAsync(file, "CREATE TABLE agent_statistics (id INTEGER)");
                break;
        }

        var result = await SyncAsync(clock, "thulium", database, day);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ccstats: error: ", result.Error);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, result.Output);
    }

    private const string Password = "Zq8/hunter2@Wv";

    public static TheoryData<string, int> DatabasesWithAPassword => new()
    {
        { "Host=127.0.0.1;Port=1;Database=stats;Username=sync;Password=" + Password + ";Timeout=5", 1 },
        { "postgres://sync:" + Uri.EscapeDataString(Password) + "@127.0.0.1:1/stats?Timeout=5", 1 },
        { "Host=127.0.0.1;Port=not-a-port;Username=sync;Password=" + Password, 2 },
        { "Host=127.0.0.1;Database=stats;Username=sync;Password=" + Password + ";No Such Keyword=1", 2 },
        { "Data Source={folder}/stats.db;Password=" + Password, 1 },
    };

    [Theory]
    [MemberData(nameof(DatabasesWithAPassword))]
    public async Task A_database_password_is_never_printed_not_even_with_verbose(string database, int exitCode)
    {
        database = database.Replace("{folder}", fixture.NewFolder(), StringComparison.Ordinal);

        var onCommandLine = await SyncAsync(new TestClock(At(18)), "thulium", database, ["--by", "day", "--from", "2024-03-17", "--verbose"]);
        var fromEnvironment = await Cli.RunUntilAsync(
            Cli.Ct,
            ["sync", "--vendor", "thulium", "--config", Config("thulium"), .. fixture.Scope("thulium").Args, "--from", "2024-03-17"],
            new Dictionary<string, string> { ["CCSTATS_DATABASE"] = database },
            clock: new TestClock(At(18)));

        foreach (var result in new[] { onCommandLine, fromEnvironment })
        {
            Assert.True(result.ExitCode == exitCode, result.ToString());
            Assert.StartsWith("ccstats: error: ", result.Error);
            foreach (var form in new[] { Password, Uri.EscapeDataString(Password), "hunter2" })
            {
                Assert.DoesNotContain(form, result.Everything, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Ctrl_c_stops_the_sync_cleanly_with_exit_code_130_and_commits_nothing_partial()
    {
        var requested = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            requested.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var database = Path.Combine(fixture.NewFolder(), "stats.db");
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Cli.Ct);

        var run = Cli.RunUntilAsync(
            ctrlC.Token,
            ["sync", "--vendor", "enswitch", "--endpoint", server.BaseAddress.AbsoluteUri, "--username", "u", "--password", "p", "--queue", "1", "--database", database, "--from", "2024-03-11"],
            clock: new TestClock(At(18)));
        await requested.Task.WaitAsync(Cli.Ct);
        await ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("ccstats: stopped.", result.Error.TrimEnd('\n'));
        Assert.Equal(0L, await StoredTables.ScalarAsync(database, "SELECT COUNT(*) FROM agent_statistics"));
        Assert.Equal(0L, await StoredTables.ScalarAsync(database, "SELECT COUNT(*) FROM sync_state"));
    }

    internal string Config(string vendor) =>
        fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object> { [vendor] = fixture.Settings(vendor) });

    internal Task<CliResult> SyncAsync(TestClock clock, string vendor, string database, string[] args, string? currentDirectory = null) =>
        Cli.RunUntilAsync(
            Cli.Ct,
            ["sync", "--vendor", vendor, "--config", Config(vendor), .. fixture.Scope(vendor).Args, "--database", database, .. args.Contains("--time-zone") ? Array.Empty<string>() : ["--time-zone", "Europe/Warsaw"], .. args],
            currentDirectory: currentDirectory,
            clock: clock);
}

/// <summary><c>ccstats sync</c> into PostgreSQL (the CI server, or a throw-away one), by connection string and by URL.</summary>
public sealed class SyncPostgresTests(EmulatorFixture fixture, PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_sync_into_postgresql_stores_what_sqlite_stores_and_a_url_continues_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var url = $"postgres://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";
        var sqlite = Path.Combine(fixture.NewFolder(), "stats.db");
        var tests = new SyncCommandTests(fixture);
        var clock = new TestClock(SyncCommandTests.At(12, 12, 30));
        string[] first = ["--by", "hour", "--from", "2024-03-11"];

        var intoPostgres = await tests.SyncAsync(clock, "vcclive", connectionString, first);
        var intoSqlite = await tests.SyncAsync(clock, "vcclive", sqlite, first);
        clock.Now = SyncCommandTests.At(13, 0, 30);
        var byUrl = await tests.SyncAsync(clock, "vcclive", url, ["--by", "hour"]);
        var sqliteNext = await tests.SyncAsync(clock, "vcclive", sqlite, ["--by", "hour"]);

        foreach (var result in new[] { intoPostgres, intoSqlite, byUrl, sqliteNext })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain(builder.Password!, result.Everything);
        }

        Assert.Contains($"(by hour in Europe/Warsaw, PostgreSQL {builder.Database} on {builder.Host}:{builder.Port} as {builder.Username}).", byUrl.Output);
        Assert.Contains("periods 2024-03-12T11:00 to 2024-03-13T00:00 in 1 chunks", byUrl.Output);
        var rows = await StoredTables.RowsAsync(connectionString);
        Assert.NotEmpty(rows);
        Assert.Equal(await StoredTables.RowsAsync(sqlite), rows);
        Assert.Equal(await StoredTables.StatesAsync(sqlite), await StoredTables.StatesAsync(connectionString));
    }
}
