using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// The sync engine: pulls a source's unified agent statistics and stores them, incrementally, idempotently and
/// crash-safely, in a <see cref="StatisticsStore"/> (SQLite or PostgreSQL). Thread-safe: one instance can sync several
/// sources at once (each vendor account, bucket and zone has its own state).
/// </summary>
/// <remarks>
/// <para>A run pulls the range of <see cref="SyncRequest"/> in one query and writes it chunk by chunk, a chunk being the
/// periods of one local day in the request's zone. Each chunk is one transaction: the stored rows of the account whose
/// periods start in the chunk are deleted, the chunk's rows inserted, and the state (<c>sync_state</c>) advanced. So a
/// re-run writes the same rows again (idempotent), and a run killed at any moment leaves whole chunks only: running it
/// again continues from the state with no gap and no duplicate.</para>
/// <para>Failures: an invalid request or a scope the vendor cannot answer throws <see cref="ArgumentException"/> before
/// any I/O; database problems throw <see cref="SyncException"/>; vendor and network failures (after the client's own
/// retries) surface as the client's <see cref="Errors.VendorApiException"/>. Chunks committed before a failure stay.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var store = StatisticsStore.Open("stats.db");
/// var sync = new AgentStatisticsSync(store, SystemClock.Instance);
/// var result = await sync.SyncAsync(source, new SyncRequest
/// {
///     Bucket = TimeBucket.Hour,
///     TimeZone = DateTimeZoneProviders.Tzdb["Europe/Warsaw"],
///     From = new LocalDate(2024, 3, 1).AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/Warsaw"]).ToInstant(),
/// });
/// </code>
/// </example>
public sealed class AgentStatisticsSync
{
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the engine.</summary>
    /// <param name="store">Where to store the statistics.</param>
    /// <param name="clock">The clock that says now: where runs end and which periods are provisional.</param>
    /// <param name="logger">Where to log runs and chunks; none when null.</param>
    public AgentStatisticsSync(StatisticsStore store, IClock clock, ILogger<AgentStatisticsSync>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        Store = store;
        _clock = clock;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The store the engine writes to.</summary>
    public StatisticsStore Store { get; }

    /// <summary>
    /// Syncs one source: pulls the request's range from it and stores the records (see the class remarks for the range
    /// and the guarantees).
    /// </summary>
    /// <param name="source">The source: one vendor account (e.g. from the container's <c>IEnumerable&lt;IAgentStatisticsSource&gt;</c>).</param>
    /// <param name="request">What to sync.</param>
    /// <param name="progress">Told after each committed chunk; null for none.</param>
    /// <param name="cancellationToken">Stops the run; chunks committed until then stay.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="ArgumentException">The request is invalid (a bucket other than hour or day, a negative lookback, <c>From</c> after <c>To</c>), the source cannot answer its scope, or a first run has no <c>From</c>.</exception>
    /// <exception cref="SyncException">The database cannot be reached or written, its schema is newer than this package's, the account was synced with another scope, or the source returned records that cannot be stored.</exception>
    public Task<SyncResult> SyncAsync(IAgentStatisticsSource source, SyncRequest request, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        CheckBucket(request.Bucket, $"{nameof(request)}.{nameof(request.Bucket)}");
        ArgumentNullException.ThrowIfNull(request.TimeZone, $"{nameof(request)}.{nameof(request.TimeZone)}");
        ArgumentNullException.ThrowIfNull(request.VendorFilters, $"{nameof(request)}.{nameof(request.VendorFilters)}");
        if (request.Lookback is { } lookback && lookback < Duration.Zero)
        {
            throw new ArgumentException("The lookback cannot be negative.", $"{nameof(request)}.{nameof(request.Lookback)}");
        }

        if (request.From is { } from && request.To is { } to && to < from)
        {
            throw new ArgumentException($"To ({WireFormat.IsoUtc(to)}) is before From ({WireFormat.IsoUtc(from)}).", $"{nameof(request)}.{nameof(request.To)}");
        }

        if (string.IsNullOrEmpty(source.Vendor) || string.IsNullOrEmpty(source.Account))
        {
            throw new ArgumentException("The source has no vendor or account name.", nameof(source));
        }

        // A scope the vendor cannot answer (a missing filter, a malformed agent id) is refused before the database is
        // touched: the source plans a query for the last complete bucket (planning makes no request).
        var calendar = new BucketCalendar(request.TimeZone);
        var now = _clock.GetCurrentInstant();
        var current = calendar.GetBucketStart(now, request.Bucket);
        var probe = new InstantRange(calendar.GetBucketStart(current - Duration.Epsilon, request.Bucket), current);
        source.Plan(Query(request, probe));

        return RunAsync(source, request, calendar, now, progress, cancellationToken);
    }

    internal static void CheckBucket(TimeBucket bucket, string paramName)
    {
        if (bucket is not (TimeBucket.Hour or TimeBucket.Day))
        {
            throw new ArgumentException($"A sync stores hour or day periods, not '{bucket}'.", paramName);
        }
    }

    private async Task<SyncResult> RunAsync(
        IAgentStatisticsSource source,
        SyncRequest request,
        BucketCalendar calendar,
        Instant now,
        IProgress<SyncProgress>? progress,
        CancellationToken cancellationToken)
    {
        var bucket = request.Bucket;
        var bucketText = StoredValues.Bucket(bucket);
        var key = new SyncKey(source.Vendor, source.Account, bucket, request.TimeZone.Id);
        var scope = SyncScope.Describe(request.Agents, request.VendorFilters);

        await Store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var (before, earliestProvisional) = await Store.ReadStateAsync(key, cancellationToken).ConfigureAwait(false);
        if (before is not null && !string.Equals(before.Scope, scope, StringComparison.Ordinal))
        {
            throw StatisticsStore.ScopeChanged(before, scope);
        }

        // The run ends at the last complete bucket (or at To), and starts at From, or Lookback before the state (earlier
        // when a provisional period lies further back), never before the stored range nor after its end (no gap).
        var end = calendar.GetBucketStart(now, bucket);
        if (request.To is { } to && calendar.GetBucketStart(to, bucket) < end)
        {
            end = calendar.GetBucketStart(to, bucket);
        }

        Instant start;
        if (before is null)
        {
            start = request.From is { } from
                ? calendar.GetBucketStart(from, bucket)
                : throw new ArgumentException(
                    $"{key} was never synced into {Store.Description}: the first run needs a start (From).",
                    $"{nameof(request)}.{nameof(request.From)}");
        }
        else
        {
            var resume = LookbackStart(before.LastPeriodEnd, request.Lookback, calendar, bucket);
            if (earliestProvisional is { } provisional && provisional < resume)
            {
                resume = provisional;
            }

            if (resume < before.FirstPeriodStart)
            {
                resume = before.FirstPeriodStart;
            }

            start = request.From is { } from && calendar.GetBucketStart(from, bucket) < resume ? calendar.GetBucketStart(from, bucket) : resume;
        }

        if (start >= end)
        {
            SyncLog.UpToDate(_logger, key.Vendor, key.Account, bucketText, key.TimeZone, Store.Description);
            return new SyncResult
            {
                Vendor = key.Vendor,
                Account = key.Account,
                Bucket = bucket,
                TimeZone = key.TimeZone,
                StateBefore = before,
                StateAfter = before,
            };
        }

        var range = new InstantRange(start, end);
        var provisionalAfter = request.Lookback is { } lookback
            ? now - lookback
            : calendar.GetBucketStart(calendar.GetBucketStart(now, bucket) - Duration.Epsilon, bucket);
        var chunks = calendar.Split(range, TimeBucket.Day).ToArray();
        SyncLog.Starting(_logger, key.Vendor, key.Account, bucketText, key.TimeZone, Store.Description, start, end, chunks.Length);

        var run = new Run(this, key, scope, calendar, provisionalAfter, chunks, range, progress) { State = before };
        try
        {
            await foreach (var record in source.GetAgentStatisticsAsync(Query(request, range), cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await run.AddAsync(record, cancellationToken).ConfigureAwait(false);
            }

            await run.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            SyncLog.Stopped(_logger, key.Vendor, key.Account, run.ChunksWritten, e.GetType().Name + ": " + e.Message);
            throw;
        }

        SyncLog.Finished(_logger, key.Vendor, key.Account, run.RowsWritten, run.ProvisionalRows, run.ChunksWritten, end);
        return new SyncResult
        {
            Vendor = key.Vendor,
            Account = key.Account,
            Bucket = bucket,
            TimeZone = key.TimeZone,
            Range = range,
            Periods = calendar.Split(range, bucket).Count(),
            Chunks = run.ChunksWritten,
            RowsWritten = run.RowsWritten,
            ProvisionalRows = run.ProvisionalRows,
            StateBefore = before,
            StateAfter = run.State,
        };
    }

    private static Instant LookbackStart(Instant lastPeriodEnd, Duration? lookback, BucketCalendar calendar, TimeBucket bucket) =>
        lookback is { } duration
            ? calendar.GetBucketStart(lastPeriodEnd - duration, bucket)
            : calendar.GetBucketStart(lastPeriodEnd - Duration.Epsilon, bucket);

    private static AgentStatisticsQuery Query(SyncRequest request, InstantRange range) => new()
    {
        Range = range,
        Bucket = request.Bucket,
        TimeZone = request.TimeZone,
        Agents = request.Agents,
        VendorFilters = request.VendorFilters,
    };

    /// <summary>One run's progress through its chunks: buffers a chunk's records, checks them, and commits the chunk.</summary>
    private sealed class Run(
        AgentStatisticsSync owner,
        SyncKey key,
        string scope,
        BucketCalendar calendar,
        Instant provisionalAfter,
        InstantRange[] chunks,
        InstantRange range,
        IProgress<SyncProgress>? progress)
    {
        private readonly List<AgentStatistics> _rows = [];
        private int _chunk;
        private Instant? _checkedStart;

        public SyncState? State { get; set; }

        public int ChunksWritten { get; private set; }

        public long RowsWritten { get; private set; }

        public long ProvisionalRows { get; private set; }

        public async Task AddAsync(AgentStatistics record, CancellationToken cancellationToken)
        {
            Check(record);
            if (record.Period.Start < chunks[_chunk].Start)
            {
                throw Invalid($"the source returned a record of {record.Period} after records of later periods (records must come in period order)");
            }

            while (record.Period.Start >= chunks[_chunk].End)
            {
                await CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _rows.Add(record);
        }

        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            while (_chunk < chunks.Length)
            {
                await CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task CommitAsync(CancellationToken cancellationToken)
        {
            var chunk = chunks[_chunk];

            // In key order (period, then agent): the rows append to the key's index instead of landing all over it.
            _rows.Sort(KeyOrder);
            IReadOnlyList<AgentStatistics> rows = _rows;
            if (HasDuplicates(_rows))
            {
                // One agent twice in a period (e.g. an agent of two Netaxis call centers): the period's figures are the sum.
                rows = AgentStatisticsRollup.ToQuery(_rows, new AgentStatisticsQuery { Range = chunk, Bucket = key.Bucket, TimeZone = calendar.Zone });
                SyncLog.Merged(owner._logger, key.Vendor, key.Account, chunk.Start, chunk.End);
            }

            var pulledAt = StoredValues.ToMicroseconds(owner._clock.GetCurrentInstant());
            var write = new ChunkWrite(key, scope, range.Start, chunk, rows, provisionalAfter, pulledAt);
            State = await owner.Store.WriteChunkAsync(write, cancellationToken).ConfigureAwait(false);

            var provisional = rows.Count(write.IsProvisional);
            ChunksWritten++;
            RowsWritten += rows.Count;
            ProvisionalRows += provisional;
            SyncLog.ChunkWritten(owner._logger, key.Vendor, key.Account, chunk.Start, chunk.End, rows.Count, provisional);
            progress?.Report(new SyncProgress(range, chunk.End, ChunksWritten, chunks.Length, RowsWritten));

            _rows.Clear();
            _chunk++;
        }

        private static bool HasDuplicates(List<AgentStatistics> sorted)
        {
            for (var i = 1; i < sorted.Count; i++)
            {
                if (KeyOrder(sorted[i - 1], sorted[i]) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static int KeyOrder(AgentStatistics a, AgentStatistics b)
        {
            var byPeriod = a.Period.Start.CompareTo(b.Period.Start);
            return byPeriod != 0 ? byPeriod : string.CompareOrdinal(a.AgentId, b.AgentId);
        }

        private void Check(AgentStatistics record)
        {
            if (!string.Equals(record.Vendor, key.Vendor, StringComparison.Ordinal) || !string.Equals(record.Account, key.Account, StringComparison.Ordinal))
            {
                throw Invalid($"a record of {record.Vendor}/{record.Account} came from the source {key.Vendor}/{key.Account}");
            }

            if (string.IsNullOrEmpty(record.AgentId))
            {
                throw Invalid($"a record of {record.Period} has no agent id");
            }

            var period = record.Period;
            if (period.Start == _checkedStart)
            {
                return;
            }

            if (period.Bucket != key.Bucket || !string.Equals(period.Zone.Id, key.TimeZone, StringComparison.Ordinal)
                || calendar.GetBucketStart(period.Start, key.Bucket) != period.Start || calendar.GetNextBucketStart(period.Start, key.Bucket) != period.End)
            {
                throw Invalid($"the period {period} is not a whole {StoredValues.Bucket(key.Bucket)} in {key.TimeZone}");
            }

            if (period.Start < range.Start || period.End > range.End)
            {
                throw Invalid($"the period {period} is outside the range asked for, {range}");
            }

            _checkedStart = period.Start;
        }

        private SyncException Invalid(string what) =>
            new(SyncErrorKind.InvalidSourceData, $"Cannot store {key}: {what}. Nothing of the current chunk was written; {ChunksWritten} earlier chunk(s) were.");
    }
}
