using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Sync;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// Issue 18's speed target: the sync writes at least 200,000 rows per second into SQLite. <see cref="Sync"/> runs the
/// SDK's engine (<see cref="AgentStatisticsSync"/> over a <see cref="SqliteStatisticsStore"/>) on 200,000 unified hourly
/// rows from an in-memory source (100 agents over 2,000 UTC hours: 84 chunks, each a day and one transaction, with the
/// engine's checks, key-order sort, delete, inserts and state update). The floor beside it writes the same rows into
/// the same table (created by the store, so the same columns, key and index) with the same pragmas in plain
/// Microsoft.Data.Sqlite: one transaction, one prepared INSERT whose parameters are reused row after row; a second,
/// tighter floor does the same through SQLite's C API (SQLitePCL), without ADO.NET's per-parameter work. Each
/// iteration starts from a fresh database file.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- --filter '*SyncBenchmarks*' --strategy Monitoring
/// --warmupCount 2 --iterationCount 7</c> (each operation takes a second or more), or,
/// on a machine shared with other work, the interleaved harness (<see cref="RunInterleavedAsync"/>), which alternates
/// floor and store runs and reports rows per second of wall time and of the process's CPU time:
/// <c>dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- sync-interleaved [rounds] [rows]</c>.
/// </remarks>
[MemoryDiagnoser]
public class SyncBenchmarks
{
    private const int Agents = 100;

    private static readonly Instant Start = Instant.FromUtc(2024, 1, 1, 0, 0);

    private AgentStatistics[] _records = [];
    private string _folder = "";
    private string _file = "";

    [Params(200_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _records = CreateRecords(Rows);
        _folder = Path.Combine(Path.GetTempPath(), "ccstats-sync-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // Each operation writes into a fresh file with the store's schema (created, like the old file's removal, inside the
    // operation: a few milliseconds of a second-long operation, the same for every writer). No [IterationSetup], so the
    // class runs under any job, CI's in-process dry job included.
    [Benchmark(Baseline = true)]
    public long Floor() => WriteFloor(NewDatabase(), _records);

    [Benchmark]
    public long RawFloor() => WriteRawFloor(NewDatabase(), _records);

    [Benchmark]
    public long Sync() => WriteWithStoreAsync(NewDatabase(), _records).GetAwaiter().GetResult();

    private string NewDatabase()
    {
        if (_file.Length > 0)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_file + suffix);
            }
        }

        return _file = CreateDatabaseAsync(_folder).GetAwaiter().GetResult();
    }

    /// <summary>The rows: 100 agents per UTC hour, figures varying with the row, two vendor metrics on most rows.</summary>
    public static AgentStatistics[] CreateRecords(int rows)
    {
        var agentIds = Enumerable.Range(0, Agents).Select(i => (487500 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        var names = agentIds.Select(id => "Agent " + id).ToArray();
        var noMetrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var records = new AgentStatistics[rows];
        StatisticsPeriod? period = null;
        for (var i = 0; i < rows; i++)
        {
            if (i % Agents == 0)
            {
                var hour = Start + Duration.FromHours(i / Agents);
                period = new StatisticsPeriod(hour, hour + Duration.FromHours(1), TimeBucket.Hour, DateTimeZone.Utc);
            }

            var agent = i % Agents;
            records[i] = new AgentStatistics
            {
                Vendor = "voximplant",
                Account = "default",
                AgentId = agentIds[agent],
                AgentName = names[agent],
                Period = period!,
                CallsHandled = i % 17,
                CallsUnanswered = agent % 5 == 0 ? null : i % 3,
                TalkTime = Duration.FromSeconds(i % 1800),
                AvailableTime = Duration.FromSeconds(600),
                OnCallTime = Duration.FromSeconds(i % 1800) + (agent % 10 == 0 ? Duration.FromMilliseconds(500) : Duration.Zero),
                AfterCallWorkTime = Duration.FromSeconds(120),
                PausedTime = Duration.FromSeconds(60),
                OfflineTime = Duration.Zero,
                DoNotDisturbTime = null,
                VendorMetrics = agent % 4 == 0
                    ? noMetrics
                    : new Dictionary<string, decimal>(StringComparer.Ordinal) { ["wait.sum"] = i % 97, ["ticket.closed"] = i % 5 },
            };
        }

        return records;
    }

    /// <summary>Creates a fresh database file in <paramref name="folder"/> with the store's schema; returns its path.</summary>
    public static async Task<string> CreateDatabaseAsync(string folder)
    {
        var file = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db");
        await using var store = SqliteStatisticsStore.FromFile(file);
        await store.EnsureSchemaAsync();
        return file;
    }

    /// <summary>The SDK: the sync engine over the SQLite store, the records from an in-memory source.</summary>
    public static async Task<long> WriteWithStoreAsync(string file, AgentStatistics[] records)
    {
        await using var store = SqliteStatisticsStore.FromFile(file);
        var end = records[^1].Period.End;
        var sync = new AgentStatisticsSync(store, new FixedClock(end + Duration.FromDays(1)));
        var result = await sync.SyncAsync(
            new ArraySource(records),
            new SyncRequest { Bucket = TimeBucket.Hour, TimeZone = DateTimeZone.Utc, From = records[0].Period.Start, To = end });
        return result.RowsWritten;
    }

    /// <summary>
    /// The floor: plain Microsoft.Data.Sqlite, the store's pragmas, one transaction, one prepared INSERT with its
    /// parameters reused; values converted from the records row by row as the store must (ISO text, seconds, JSON).
    /// </summary>
    public static long WriteFloor(string file, AgentStatistics[] records)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString);
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768";
            pragmas.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO agent_statistics (vendor, account, bucket, time_zone, pulled_at, agent_id, agent_name, period_start, period_end, " +
            "calls_handled, calls_unanswered, talk_seconds, available_seconds, on_call_seconds, after_call_work_seconds, paused_seconds, " +
            "offline_seconds, dnd_seconds, vendor_metrics, provisional) VALUES ($vendor, $account, $bucket, $zone, $pulled, $agent, $name, $start, $end, " +
            "$handled, $unanswered, $talk, $available, $oncall, $acw, $paused, $offline, $dnd, $metrics, $provisional)";
        var p = new Dictionary<string, SqliteParameter>(StringComparer.Ordinal);
        foreach (var name in new[]
        {
            "$vendor", "$account", "$bucket", "$zone", "$pulled", "$agent", "$name", "$start", "$end", "$handled", "$unanswered",
            "$talk", "$available", "$oncall", "$acw", "$paused", "$offline", "$dnd", "$metrics", "$provisional",
        })
        {
            p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        insert.Prepare();
        var pulledAt = InstantPattern.ExtendedIso.Format(SystemClockNow());
        var metrics = new ArrayBufferWriter<byte>(256);
        long written = 0;
        foreach (var record in records)
        {
            p["$vendor"].Value = record.Vendor;
            p["$account"].Value = record.Account;
            p["$bucket"].Value = "hour";
            p["$zone"].Value = record.Period.Zone.Id;
            p["$pulled"].Value = pulledAt;
            p["$agent"].Value = record.AgentId;
            p["$name"].Value = (object?)record.AgentName ?? DBNull.Value;
            p["$start"].Value = InstantPattern.ExtendedIso.Format(record.Period.Start);
            p["$end"].Value = InstantPattern.ExtendedIso.Format(record.Period.End);
            p["$handled"].Value = record.CallsHandled is { } handled ? handled : DBNull.Value;
            p["$unanswered"].Value = record.CallsUnanswered is { } unanswered ? unanswered : DBNull.Value;
            p["$talk"].Value = Seconds(record.TalkTime);
            p["$available"].Value = Seconds(record.AvailableTime);
            p["$oncall"].Value = Seconds(record.OnCallTime);
            p["$acw"].Value = Seconds(record.AfterCallWorkTime);
            p["$paused"].Value = Seconds(record.PausedTime);
            p["$offline"].Value = Seconds(record.OfflineTime);
            p["$dnd"].Value = Seconds(record.DoNotDisturbTime);
            p["$metrics"].Value = MetricsJson(record.VendorMetrics, metrics);
            p["$provisional"].Value = 0;
            written += insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return written;
    }

    /// <summary>
    /// A tighter floor: SQLite's own C API through SQLitePCL (as the store uses it), one transaction, one prepared
    /// single-row INSERT stepped per row, text bound as UTF-8 spans; values converted as in <see cref="WriteFloor"/>.
    /// What SQLite itself costs per row once ADO.NET's per-parameter work is gone.
    /// </summary>
    public static long WriteRawFloor(string file, AgentStatistics[] records)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString);
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768";
            pragmas.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var db = connection.Handle!;
        Check(SQLitePCL.raw.sqlite3_prepare_v2(
            db,
            "INSERT INTO agent_statistics (vendor, account, bucket, time_zone, pulled_at, agent_id, agent_name, period_start, period_end, " +
            "calls_handled, calls_unanswered, talk_seconds, available_seconds, on_call_seconds, after_call_work_seconds, paused_seconds, " +
            "offline_seconds, dnd_seconds, vendor_metrics, provisional) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            out var statement), db);
        using (statement)
        {
            var pulledAt = InstantPattern.ExtendedIso.Format(SystemClockNow());
            var metrics = new ArrayBufferWriter<byte>(256);
            long written = 0;
            foreach (var record in records)
            {
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 1, record.Vendor), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 2, record.Account), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 3, "hour"), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 4, record.Period.Zone.Id), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 5, pulledAt), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 6, record.AgentId), db);
                Check(record.AgentName is { } name ? SQLitePCL.raw.sqlite3_bind_text(statement, 7, name) : SQLitePCL.raw.sqlite3_bind_null(statement, 7), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 8, InstantPattern.ExtendedIso.Format(record.Period.Start)), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 9, InstantPattern.ExtendedIso.Format(record.Period.End)), db);
                BindRaw(statement, 10, record.CallsHandled is { } handled ? handled : DBNull.Value, db);
                BindRaw(statement, 11, record.CallsUnanswered is { } unanswered ? unanswered : DBNull.Value, db);
                BindRaw(statement, 12, Seconds(record.TalkTime), db);
                BindRaw(statement, 13, Seconds(record.AvailableTime), db);
                BindRaw(statement, 14, Seconds(record.OnCallTime), db);
                BindRaw(statement, 15, Seconds(record.AfterCallWorkTime), db);
                BindRaw(statement, 16, Seconds(record.PausedTime), db);
                BindRaw(statement, 17, Seconds(record.OfflineTime), db);
                BindRaw(statement, 18, Seconds(record.DoNotDisturbTime), db);
                Check(SQLitePCL.raw.sqlite3_bind_text(statement, 19, MetricsJson(record.VendorMetrics, metrics)), db);
                Check(SQLitePCL.raw.sqlite3_bind_int(statement, 20, 0), db);
                if (SQLitePCL.raw.sqlite3_step(statement) != SQLitePCL.raw.SQLITE_DONE)
                {
                    throw new InvalidOperationException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string());
                }

                Check(SQLitePCL.raw.sqlite3_reset(statement), db);
                written++;
            }

            transaction.Commit();
            return written;
        }
    }

    /// <summary>
    /// Alternates floor and store runs (a fresh file each), <paramref name="rounds"/> of each, and prints the median rows
    /// per second of wall time and of the process's CPU time for both, their ratio, and the machine's load average.
    /// </summary>
    /// <param name="rounds">Measured rounds (after one warm-up round).</param>
    /// <param name="rows">Rows per run.</param>
    /// <param name="withFloor">False to run the store alone (to attach a profiler).</param>
    public static async Task RunInterleavedAsync(int rounds, int rows, bool withFloor = true)
    {
        var records = CreateRecords(rows);
        var folder = Path.Combine(Path.GetTempPath(), "ccstats-sync-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            Console.WriteLine($"rows {rows}, rounds {rounds} (after one warm-up each), {Environment.ProcessorCount} cores, load before: {LoadAverage()}");
            var floor = new List<(double Wall, double Cpu)>();
            var rawFloor = new List<(double Wall, double Cpu)>();
            var store = new List<(double Wall, double Cpu)>();
            for (var round = -1; round < rounds; round++)
            {
                var f = withFloor ? await MeasureAsync(folder, file => Task.FromResult(WriteFloor(file, records)), rows) : (Wall: double.NaN, Cpu: double.NaN);
                var r = withFloor ? await MeasureAsync(folder, file => Task.FromResult(WriteRawFloor(file, records)), rows) : (Wall: double.NaN, Cpu: double.NaN);
                var s = await MeasureAsync(folder, file => WriteWithStoreAsync(file, records), rows);
                if (round >= 0)
                {
                    floor.Add(f);
                    rawFloor.Add(r);
                    store.Add(s);
                    Console.WriteLine($"round {round + 1}: "
                        + (withFloor ? $"floor {f.Wall:N0} rows/s wall, {f.Cpu:N0} rows/CPU-s; raw floor {r.Wall:N0} rows/s wall, {r.Cpu:N0} rows/CPU-s; " : "")
                        + $"store {s.Wall:N0} rows/s wall, {s.Cpu:N0} rows/CPU-s");
                }
            }

            static double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToArray();
                return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            }

            var floorWall = Median(floor.Select(x => x.Wall));
            var floorCpu = Median(floor.Select(x => x.Cpu));
            var rawWall = Median(rawFloor.Select(x => x.Wall));
            var rawCpu = Median(rawFloor.Select(x => x.Cpu));
            var storeWall = Median(store.Select(x => x.Wall));
            var storeCpu = Median(store.Select(x => x.Cpu));
            Console.WriteLine("| writer | rows/s (wall, median) | rows per CPU-second (median) |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| floor (plain Microsoft.Data.Sqlite) | {floorWall:N0} | {floorCpu:N0} |");
            Console.WriteLine($"| raw floor (SQLitePCL, single-row INSERT) | {rawWall:N0} | {rawCpu:N0} |");
            Console.WriteLine($"| store (AgentStatisticsSync + SqliteStatisticsStore) | {storeWall:N0} | {storeCpu:N0} |");
            Console.WriteLine($"store / floor: {storeWall / floorWall:P0} (wall), {storeCpu / floorCpu:P0} (CPU); store / raw floor: {storeWall / rawWall:P0} (wall), {storeCpu / rawCpu:P0} (CPU); load after: {LoadAverage()}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double Wall, double Cpu)> MeasureAsync(string folder, Func<string, Task<long>> write, int rows)
    {
        var file = await CreateDatabaseAsync(folder);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var written = await write(file);
        var wall = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        if (written != rows)
        {
            throw new InvalidOperationException($"{written} rows written, {rows} expected.");
        }

        SqliteConnection.ClearAllPools();
        File.Delete(file);
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        return (rows / wall.TotalSeconds, rows / cpu.TotalSeconds);
    }

    private static void BindRaw(SQLitePCL.sqlite3_stmt statement, int index, object value, SQLitePCL.sqlite3 db) =>
        Check(
            value switch
            {
                long whole => SQLitePCL.raw.sqlite3_bind_int64(statement, index, whole),
                double real => SQLitePCL.raw.sqlite3_bind_double(statement, index, real),
                _ => SQLitePCL.raw.sqlite3_bind_null(statement, index),
            },
            db);

    private static void Check(int rc, SQLitePCL.sqlite3 db)
    {
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            throw new InvalidOperationException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string());
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static Instant SystemClockNow() => NodaTime.SystemClock.Instance.GetCurrentInstant();

    private static object Seconds(Duration? duration) =>
        duration is not { } d ? DBNull.Value
        : d.SubsecondNanoseconds == 0 ? d.ToInt64Nanoseconds() / 1_000_000_000
        : d.TotalSeconds;

    private static string MetricsJson(IReadOnlyDictionary<string, decimal> metrics, ArrayBufferWriter<byte> buffer)
    {
        if (metrics.Count == 0)
        {
            return "{}";
        }

        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A clock that always says the same instant.</summary>
    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    /// <summary>A source that hands out an array of records (already in period order).</summary>
    private sealed class ArraySource(AgentStatistics[] records) : IAgentStatisticsSource
    {
        public string Vendor => records[0].Vendor;

        public string Account => records[0].Account;

        public IReadOnlyList<PlannedRequest> Plan(AgentStatisticsQuery query) =>
            [new PlannedRequest(Vendor, Account, "memory", query.Range, query.Bucket, new Dictionary<string, string>())];

        public IAsyncEnumerable<AgentStatistics> GetAgentStatisticsAsync(AgentStatisticsQuery query, CancellationToken cancellationToken = default) =>
            StreamAsync(query.Range, cancellationToken);

        private async IAsyncEnumerable<AgentStatistics> StreamAsync(InstantRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (range.Contains(record.Period.Start))
                {
                    yield return record;
                }
            }
        }
    }
}
