using System.CommandLine;
using System.Globalization;
using CallCenterStats.Cli.Output;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Sync;
using CallCenterStats.Sdk.Unified;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Cli.Commands;

/// <summary>
/// <c>ccstats sync</c>: incremental, idempotent, crash-safe loads of one vendor's unified statistics (every account)
/// into SQLite or PostgreSQL, through <see cref="AgentStatisticsSync"/>.
/// </summary>
internal static class SyncCommand
{
    /// <summary>The environment variable <c>--database</c> falls back to (keeps a password off the command line).</summary>
    public const string DatabaseVariable = "CCSTATS_DATABASE";

    private static readonly LocalDateTimePattern LocalText = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static Command Create(CliSession session)
    {
        var selection = new VendorSourceOptions();
        var time = TimeOptions.ForSync();
        var database = new Option<string>("--database")
        {
            Description = "Where to store: a SQLite file (created when missing) or connection string (Data Source=stats.db), "
                + "or PostgreSQL (Host=…;Database=…;Username=…;Password=… or postgres://user:password@host/db). "
                + $"[env: ${DatabaseVariable}] A password: prefer the environment variable.",
            HelpName = "DB",
        };
        var lookback = new Option<Duration?>("--lookback")
        {
            Description = "How long after its end a period may still change at the vendor: such periods are stored provisional "
                + "and pulled again by the next run. 90m, 6h, 2d, 0 (everything final), or ISO-8601 (PT6H). Default: one bucket.",
            HelpName = "DURATION",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ParseDuration(text) is { } duration)
                {
                    return duration;
                }

                result.AddError($"--lookback: '{text}' is not a duration (e.g. 90m, 6h, 2d, 0, PT6H).");
                return null;
            },
        };

        var command = new Command(
            "sync",
            "Store one vendor's agent statistics (every account in --config) in SQLite or PostgreSQL, incrementally: the first run "
            + "needs --from, later runs continue from the stored state, re-pulling recent (provisional) periods. Re-runs change nothing; "
            + "a killed run leaves whole days and the next one continues.");
        selection.AddSelectionTo(command);
        command.Options.Add(database);
        time.AddTo(command);
        command.Options.Add(lookback);
        selection.AddConnectionTo(command);
        command.SetAction((parse, cancellationToken) => session.RunAsync(
            parse,
            ct => RunAsync(session, parse, new Inputs(selection, time, database, lookback), ct),
            cancellationToken));
        return command;
    }

    /// <summary>Parses a lookback: <c>0</c>, a whole number with s, m, h or d, or an ISO-8601 duration without months or years.</summary>
    internal static Duration? ParseDuration(string text)
    {
        text = text.Trim();
        if (text == "0")
        {
            return Duration.Zero;
        }

        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 's': return Duration.FromSeconds(amount);
                case 'm': return Duration.FromMinutes(amount);
                case 'h': return Duration.FromHours(amount);
                case 'd': return Duration.FromDays(amount);
            }
        }

        if (PeriodPattern.NormalizingIso.Parse(text) is { Success: true } iso && iso.Value is { Years: 0, Months: 0 } period
            && period.ToDuration() is var fromIso && fromIso >= Duration.Zero)
        {
            return fromIso;
        }

        return null;
    }

    private sealed record Inputs(VendorSourceOptions Selection, TimeOptions Time, Option<string> Database, Option<Duration?> Lookback);

    private static async Task<int> RunAsync(CliSession session, ParseResult parse, Inputs o, CancellationToken cancellationToken)
    {
        var databaseText = parse.GetValue(o.Database) is { Length: > 0 } given ? given
            : session.Console.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : throw new UsageException($"--database is required (or ${DatabaseVariable}): a SQLite file such as stats.db, or a PostgreSQL connection string.");

        // Its password first: whatever goes wrong next, no message may show it.
        session.AddSecrets(DatabaseSecrets.Passwords(databaseText));
        var selection = o.Selection.Resolve(parse, session);
        var zone = parse.GetValue(o.Time.TimeZone)!;
        var request = new SyncRequest
        {
            Bucket = parse.GetValue(o.Time.Bucket!),
            TimeZone = zone,
            From = parse.GetResult(o.Time.From) is { Implicit: false } ? parse.GetValue(o.Time.From).InZone(zone) : null,
            To = parse.GetResult(o.Time.To) is { Implicit: false } ? parse.GetValue(o.Time.To).InZone(zone) : null,
            Lookback = parse.GetValue(o.Lookback),
            Agents = selection.Agents,
            VendorFilters = selection.Filters,
        };
        if (request is { From: { } from, To: { } to } && to <= from)
        {
            throw new UsageException("--to must be after --from (--to is exclusive: --from 2024-03-11 --to 2024-03-12 is one day).");
        }

        await using var store = OpenStore(databaseText, session.Console.CurrentDirectory);
        await using var services = selection.BuildServices(session);
        var sources = selection.Sources(services);
        var sync = new AgentStatisticsSync(store, session.Console.Clock, services.GetService<ILogger<AgentStatisticsSync>>());

        // Before the first request: the database can be written, its schema is ours, and every account has a start.
        await store.EnsureSchemaAsync(cancellationToken);
        foreach (var source in sources)
        {
            if (request.From is null && await store.GetStateAsync(source.Vendor, source.Account, request.Bucket, zone, cancellationToken) is null)
            {
                throw new UsageException(
                    $"{source.Vendor}/{source.Account} by {Name(request.Bucket)} in {zone.Id} was never synced into {store.Description}: the first run needs --from.");
            }
        }

        var results = await ProgressDisplay.RunAsync(session, allowed: true, async line =>
        {
            var done = new List<SyncResult>();
            foreach (var source in sources)
            {
                var name = $"{source.Vendor}/{source.Account}";
                var progress = line($"{name}: pulling…");
                var result = await sync.SyncAsync(source, request, new ChunkProgress(progress, name), cancellationToken);
                progress.Done($"{name}: {result.RowsWritten} rows");
                done.Add(result);
            }

            return done;
        });

        foreach (var result in results)
        {
            await session.Out.WriteLineAsync(Summary(result, zone, store.Description));
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Opens the store, a relative SQLite file read against the working directory; a malformed database string is a
    /// usage error (its message never holds the password).
    /// </summary>
    private static StatisticsStore OpenStore(string database, string currentDirectory)
    {
        try
        {
            var store = StatisticsStore.Open(database);
            if (store is not SqliteStatisticsStore sqlite)
            {
                return store;
            }

            var text = database.Trim();
            if (string.Equals(sqlite.FilePath, Path.GetFullPath(text), StringComparison.Ordinal))
            {
                // A file path.
                if (Path.IsPathRooted(text))
                {
                    return store;
                }

                store.Dispose();
                return SqliteStatisticsStore.FromFile(Path.GetFullPath(text, currentDirectory));
            }

            // A connection string.
            var builder = new SqliteConnectionStringBuilder(text);
            if (Path.IsPathRooted(builder.DataSource) || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return store;
            }

            store.Dispose();
            builder.DataSource = Path.GetFullPath(builder.DataSource, currentDirectory);
            return new SqliteStatisticsStore(builder.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException("--database: " + WithoutParameterName(ex), ex);
        }
    }

    private static string WithoutParameterName(ArgumentException ex) =>
        ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message;

    /// <summary>One line per account: what was written, the range, and how far the store now goes.</summary>
    internal static string Summary(SyncResult result, DateTimeZone zone, string database)
    {
        var name = $"{result.Vendor}/{result.Account}";
        var stored = result.StateAfter is { } state ? $"stored {Local(state.FirstPeriodStart, zone)} to {Local(state.LastPeriodEnd, zone)}" : "nothing stored yet";
        var where = $"by {Name(result.Bucket)} in {result.TimeZone}, {database}";
        if (result.Range is not { } range)
        {
            return $"{name}: up to date, 0 rows written; {stored} ({where}).";
        }

        return $"{name}: {result.RowsWritten} rows written ({result.ProvisionalRows} provisional), {result.Periods} periods "
            + $"{Local(range.Start, zone)} to {Local(range.End, zone)} in {result.Chunks} chunks; {stored} ({where}).";
    }

    private static string Local(Instant instant, DateTimeZone zone) => LocalText.Format(instant.InZone(zone).LocalDateTime);

    private static string Name(TimeBucket bucket) => bucket == TimeBucket.Hour ? "hour" : "day";

    /// <summary>Chunk progress as one line: committed chunks and rows.</summary>
    private sealed class ChunkProgress(IProgressLine line, string name) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) =>
            line.Update($"{name}: {value.ChunksWritten}/{value.ChunksTotal} days, {value.RowsWritten} rows…");
    }
}
