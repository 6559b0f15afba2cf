using System.Diagnostics;
using Npgsql;

[assembly: AssemblyFixture(typeof(CallCenterStats.Sdk.Sync.Tests.Infrastructure.PostgresServer))]

namespace CallCenterStats.Sdk.Sync.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the test run: the one CI started (its Npgsql connection string in
/// <c>CCSTATS_TEST_POSTGRES</c>), or else a throw-away server this fixture starts with <c>start-postgres.sh</c> (the same
/// script CI calls) and stops at the end. PostgreSQL tests are never skipped: without a server they fail.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "CCSTATS_TEST_POSTGRES";

    private string? _dataDirectory;

    /// <summary>The administrator's connection string (database <c>postgres</c>).</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given;
            return;
        }

        var output = await RunScriptAsync();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = ParseExport(line);
            if (name == EnvironmentVariable)
            {
                ConnectionString = value;
            }
            else if (name == EnvironmentVariable + "_DATA")
            {
                _dataDirectory = value;
            }
        }

        if (ConnectionString.Length == 0)
        {
            throw new InvalidOperationException("start-postgres.sh printed no connection string: " + output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is not null)
        {
            await RunScriptAsync("--stop", _dataDirectory);
        }
    }

    /// <summary>Creates an empty database of its own for a test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "sync_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/> (closing its pooled connections first).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static (string Name, string Value) ParseExport(string line)
    {
        // export NAME='value'
        var text = line.Trim();
        if (!text.StartsWith("export ", StringComparison.Ordinal))
        {
            return ("", "");
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return (text[7..equals], text[(equals + 1)..].Trim('\''));
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
