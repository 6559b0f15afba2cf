#!/usr/bin/env -S dotnet run
#:package CallCenterStats.Sdk.Emulator@0.2.0-preview
#:package CallCenterStats.Sdk.Voximplant@0.2.0-preview
#:package CallCenterStats.Sdk.Sync@0.2.0-preview
#:property RestoreAdditionalProjectSources=$(CCSTATS_PACKAGES)
// Syncs a week of Voximplant's hourly agent statistics into a SQLite file (CallCenterStats.Sdk.Sync), runs the sync
// again (nothing changes: it is idempotent), and checks the table against the emulator's simulation. Exit 1 on a
// difference.
//   CCSTATS_PACKAGES=/path/to/artifacts/packages dotnet run sync-sqlite.cs [stats.db]
// The #:property line adds a local package folder; once the packages come from the public NuGet feed, delete it.
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Sync;
using CallCenterStats.Sdk.Unified;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var database = Path.GetFullPath(args.Length > 0 ? args[0] : "stats.db");
File.Delete(database);

await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 7 });
var center = emulator.Center;

var services = new ServiceCollection();
services.AddVoximplantClient(options =>
{
    var emulated = emulator.CreateVoximplantOptions();
    (options.Endpoint, options.CredentialsJson) = (emulated.Endpoint, emulated.CredentialsJson);
});
services.AddAgentStatisticsSync(database);
await using var provider = services.BuildServiceProvider();
var sync = provider.GetRequiredService<AgentStatisticsSync>();
var source = provider.GetServices<IAgentStatisticsSource>().Single();

var request = new SyncRequest { Bucket = TimeBucket.Hour, TimeZone = center.Zone, From = center.Range.Start, To = center.Range.End };
var first = await sync.SyncAsync(source, request);
Console.WriteLine($"first run:  {first.RowsWritten} rows in {first.Chunks} chunks, through {first.StateAfter?.LastPeriodEnd}");
var second = await sync.SyncAsync(source, request);
Console.WriteLine($"second run: {second.RowsWritten} rows in {second.Chunks} chunks (the same rows again)");

await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
await connection.OpenAsync();
await using var command = connection.CreateCommand();
command.CommandText = "SELECT COUNT(*), COALESCE(SUM(talk_seconds), 0) FROM agent_statistics WHERE vendor = 'voximplant' AND bucket = 'hour'";
await using var reader = await command.ExecuteReaderAsync();
await reader.ReadAsync();
var (rows, talkSeconds) = (reader.GetInt64(0), reader.GetDecimal(1));

var truth = center.Agents.Aggregate(Duration.Zero, (sum, agent) => sum + center.GetTotals(agent, center.Range).TalkTime);
Console.WriteLine($"{database}: {rows} rows, talk {talkSeconds} s; simulation: talk {(decimal)truth.TotalSeconds} s");
if (rows == 0 || rows != first.RowsWritten || second.RowsWritten != first.RowsWritten || Math.Abs(talkSeconds - (decimal)truth.TotalSeconds) > 0.001m)
{
    Console.Error.WriteLine("sync-sqlite: the database does not match the simulation");
    return 1;
}

Console.WriteLine("sync-sqlite: ok");
return 0;
