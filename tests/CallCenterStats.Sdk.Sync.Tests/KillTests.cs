using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Sync.Tests.Infrastructure;
using Xunit.Sdk;

namespace CallCenterStats.Sdk.Sync.Tests;

/// <summary>
/// Crash safety with real process kills: a child process runs the sync (against the emulator with faults) and is
/// killed at a seeded random checkpoint, while it reads records from the vendor or inside a chunk's transaction (after
/// the delete, between inserted rows, after the state update); then it is run again as a scheduled worker would be
/// (from the state, or from the start when nothing was committed yet), and killed again early in that run; then a last
/// run completes. Every table must end equal to the one a clean run writes: no gap, no duplicate, no row from a
/// half-written chunk. The SQLite and PostgreSQL cases are two classes so that they can run side by side.
/// </summary>
public abstract class KillTests(PostgresServer server, StoreKind kind, int seed)
{
    private const int MinimumKills = 20;
    private const int MaxScenarios = 16;

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_sync_at_seeded_random_points_and_running_it_again_ends_equal_to_one_clean_run()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(EmulatorJobs.Options(), Ct);
        var random = new Random(seed);
        var folder = Directory.CreateTempSubdirectory("ccstats-sync-kill-");
        var kills = new List<string>();
        var clean = new Dictionary<string, (IReadOnlyList<StoredRow> Rows, IReadOnlyList<StateRow> States, Dictionary<string, int> Checkpoints)>();
        try
        {
            for (var scenario = 0; kills.Count < MinimumKills && scenario < MaxScenarios; scenario++)
            {
                var vendor = EmulatorJobs.VendorIds[scenario % EmulatorJobs.VendorIds.Count];
                if (!clean.TryGetValue(vendor, out var expected))
                {
                    // The clean run (in this process), counting its checkpoints to choose kill points among them.
                    await using var cleanDb = await TestDatabase.CreateAsync(kind, server);
                    var counts = new Dictionary<string, int> { ["record"] = 0, ["store"] = 0 };
                    await EmulatorJobs.Job(vendor, emulator, cleanDb.Database).RunAsync(resume: false, label => counts[Class(label)]++, Ct);
                    expected = clean[vendor] = (await cleanDb.ReadRowsAsync(), await cleanDb.ReadStatesAsync(), counts);
                    Assert.NotEmpty(expected.Rows);
                }

                await using var db = await TestDatabase.CreateAsync(kind, server);
                var job = EmulatorJobs.Job(vendor, emulator, db.Database);
                var jobFile = Path.Combine(folder.FullName, $"{vendor}-{scenario}.json");
                await File.WriteAllTextAsync(jobFile, job.ToJson(), Ct);
                var log = new List<string>();

                // First run: anywhere in the whole run (a fresh database's run passes every checkpoint of the clean run).
                // Second run: early in the resumed run, which always has a chunk to write (the provisional last hour).
                foreach (var limit in new[] { (Func<string, int>)(c => expected.Checkpoints[c]), c => 3 })
                {
                    var point = random.Next(2) == 0 ? "record" : "store";
                    var pauseAt = $"{point}:{random.Next(1, limit(point) + 1)}";
                    var run = await HostProcess.RunAsync(jobFile, resume: true, pauseAt, RunTimeout);
                    log.Add(run.Killed ? "killed at " + run.Checkpoint : "completed before " + pauseAt);
                    if (run.Killed)
                    {
                        kills.Add($"{vendor} {run.Checkpoint}");
                    }
                }

                // The last run, as the worker's next run would be: in this process (the same engine; it saves a start-up).
                await job.RunAsync(resume: true, checkpoint: null, Ct);

                var rows = await db.ReadRowsAsync();
                if (!rows.SequenceEqual(expected.Rows))
                {
                    throw new XunitException(
                        $"{kind} {vendor} scenario {scenario} ({string.Join(", ", log)}): {rows.Count} rows, clean run {expected.Rows.Count}; " +
                        $"missing {string.Join(" | ", expected.Rows.Except(rows).Take(3))}; unexpected {string.Join(" | ", rows.Except(expected.Rows).Take(3))}");
                }

                Assert.Equal(expected.States, await db.ReadStatesAsync());
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // At least 20 real kills, some while reading from the vendor and some inside a chunk's open transaction.
        Assert.True(kills.Count >= MinimumKills, $"only {kills.Count} kills: {string.Join("; ", kills)}");
        Assert.Contains(kills, k => k.Contains(" record ", StringComparison.Ordinal));
        Assert.Contains(kills, k => k.EndsWith(" deleted", StringComparison.Ordinal) || k.Contains(" rows ", StringComparison.Ordinal) || k.EndsWith(" state", StringComparison.Ordinal));
    }

    private static string Class(string label) => label == "record" ? "record" : "store";
}

/// <summary>The kill tests against SQLite.</summary>
public sealed class SqliteKillTests(PostgresServer server) : KillTests(server, StoreKind.Sqlite, seed: 18);

/// <summary>The kill tests against PostgreSQL.</summary>
public sealed class PostgresKillTests(PostgresServer server) : KillTests(server, StoreKind.Postgres, seed: 1018);
