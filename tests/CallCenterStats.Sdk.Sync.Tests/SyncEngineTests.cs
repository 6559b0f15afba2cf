using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Sync.Tests.Infrastructure;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Sync.Tests;

/// <summary>
/// The engine's rules, against both databases, with a fake source whose figures are known: where a run starts and
/// ends, which periods are provisional and how later runs rewrite them, idempotence, scope, and what it refuses.
/// </summary>
public sealed class SyncEngineTests(PostgresServer server)
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    public static TheoryData<StoreKind> Stores => new(StoreKind.Sqlite, StoreKind.Postgres);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Instant Local(int day, int hour = 0, int minute = 0) => Warsaw.AtStrictly(new LocalDateTime(2024, 3, day, hour, minute)).ToInstant();

    private static SyncRequest Hourly(Instant? from = null, Instant? to = null, Duration? lookback = null) =>
        new() { Bucket = TimeBucket.Hour, TimeZone = Warsaw, From = from, To = to, Lookback = lookback };

    private static List<StoredRow> Expected(FakeSource source, SyncRequest request, InstantRange range) =>
        source.Records(new AgentStatisticsQuery { Range = range, Bucket = request.Bucket, TimeZone = request.TimeZone, Agents = request.Agents })
            .Select(r => StoredRow.From(r, provisional: false, pulledAt: default))
            .OrderBy(r => r.PeriodStart).ThenBy(r => r.AgentId, StringComparer.Ordinal)
            .ToList();

    private static List<StoredRow> Figures(IEnumerable<StoredRow> rows) => rows.Select(r => r.Figures()).ToList();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_sync_stores_every_record_of_the_source_with_unknown_metrics_as_NULL(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(13, 10, 30));
        var source = new FakeSource();
        var request = Hourly(from: Local(11));

        var result = await new AgentStatisticsSync(store, clock).SyncAsync(source, request, cancellationToken: Ct);

        var range = new InstantRange(Local(11), Local(13, 10));
        Assert.Equal(range, result.Range);
        Assert.Equal(58, result.Periods);
        Assert.Equal(3, result.Chunks);
        Assert.Equal(58 * 3, result.RowsWritten);
        var rows = await db.ReadRowsAsync();
        Assert.Equal(Expected(source, request, range), Figures(rows));
        Assert.All(rows, r => Assert.Equal(("fake", "default", "hour", "Europe/Warsaw", clock.GetCurrentInstant()), (r.Vendor, r.Account, r.Bucket, r.TimeZone, r.PulledAt)));

        // Unknown is NULL in the table, never 0; known zeros stay 0.
        Assert.Equal(58L * 3, Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM agent_statistics WHERE offline_seconds IS NULL"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(58L, Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM agent_statistics WHERE after_call_work_seconds IS NULL"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(58L * 3, Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM agent_statistics WHERE paused_seconds = 0"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_run_ends_at_the_last_complete_bucket_before_now_and_only_the_last_one_is_provisional(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(12, 10, 30));

        var result = await new AgentStatisticsSync(store, clock).SyncAsync(new FakeSource(), Hourly(from: Local(12)), cancellationToken: Ct);

        var rows = await db.ReadRowsAsync();
        Assert.Equal(Local(12, 10), rows.Max(r => r.PeriodEnd));
        Assert.Equal([Local(12, 9)], rows.Where(r => r.Provisional).Select(r => r.PeriodStart).Distinct());
        Assert.Equal(3, result.ProvisionalRows);
        Assert.Equal(Local(12, 10), result.StateAfter!.LastPeriodEnd);
        Assert.Equal(Local(12), result.StateAfter.FirstPeriodStart);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task To_stops_the_run_at_the_start_of_its_bucket(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(14));

        var result = await new AgentStatisticsSync(store, clock).SyncAsync(new FakeSource(), Hourly(from: Local(12, 5, 20), to: Local(12, 8, 59)), cancellationToken: Ct);

        Assert.Equal(new InstantRange(Local(12, 5), Local(12, 8)), result.Range);
        Assert.Equal([Local(12, 5), Local(12, 6), Local(12, 7)], (await db.ReadRowsAsync()).Select(r => r.PeriodStart).Distinct());
        Assert.Equal(0, result.ProvisionalRows);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Running_the_same_sync_again_changes_nothing(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(13, 10, 30)));
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(11)), cancellationToken: Ct);
        var first = await db.ReadRowsAsync();
        var firstState = await db.ReadStatesAsync();

        var again = await sync.SyncAsync(source, Hourly(from: Local(11)), cancellationToken: Ct);
        var resumed = await sync.SyncAsync(source, Hourly(), cancellationToken: Ct);

        Assert.Equal(first, await db.ReadRowsAsync());
        Assert.Equal(firstState, await db.ReadStatesAsync());
        Assert.Equal(first.Count, again.RowsWritten);
        Assert.Equal(new InstantRange(Local(13, 9), Local(13, 10)), resumed.Range);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_later_run_starts_one_bucket_before_the_state_and_rewrites_the_provisional_rows(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(12, 10, 30));
        var sync = new AgentStatisticsSync(store, clock);
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(12)), cancellationToken: Ct);
        var before = await db.ReadRowsAsync();

        // The vendor corrected its figures, and three hours went by.
        source.Revision = 1;
        clock.AdvanceHours(3);
        var result = await sync.SyncAsync(source, Hourly(), cancellationToken: Ct);

        Assert.Equal(new InstantRange(Local(12, 9), Local(12, 13)), source.Queries[^1].Range);
        Assert.Equal(new InstantRange(Local(12, 9), Local(12, 13)), result.Range);
        var after = await db.ReadRowsAsync();
        Assert.Equal(before.Where(r => r.PeriodStart < Local(12, 9)), after.Where(r => r.PeriodStart < Local(12, 9)));
        var rewritten = after.Where(r => r.PeriodStart == Local(12, 9)).ToList();
        Assert.Equal(3, rewritten.Count);
        Assert.All(rewritten, r => Assert.False(r.Provisional));
        Assert.All(rewritten, r => Assert.Equal(clock.GetCurrentInstant(), r.PulledAt));
        Assert.Equal(
            Expected(source, Hourly(), new InstantRange(Local(12, 9), Local(12, 10))),
            Figures(rewritten));
        Assert.NotEqual(Figures(before.Where(r => r.PeriodStart == Local(12, 9))), Figures(rewritten));
        Assert.Equal([Local(12, 12)], after.Where(r => r.Provisional).Select(r => r.PeriodStart).Distinct());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_longer_lookback_marks_that_much_provisional_and_the_next_run_pulls_it_again(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(12, 10, 30));
        var sync = new AgentStatisticsSync(store, clock);
        var source = new FakeSource();

        await sync.SyncAsync(source, Hourly(from: Local(12), lookback: Duration.FromHours(3)), cancellationToken: Ct);

        // Periods ending after 07:30 may still change: 07:00, 08:00 and 09:00.
        Assert.Equal([Local(12, 7), Local(12, 8), Local(12, 9)], (await db.ReadRowsAsync()).Where(r => r.Provisional).Select(r => r.PeriodStart).Distinct());

        clock.AdvanceMinutes(30);
        var result = await sync.SyncAsync(source, Hourly(lookback: Duration.FromHours(3)), cancellationToken: Ct);
        Assert.Equal(new InstantRange(Local(12, 7), Local(12, 11)), result.Range);
        Assert.Equal([Local(12, 8), Local(12, 9), Local(12, 10)], (await db.ReadRowsAsync()).Where(r => r.Provisional).Select(r => r.PeriodStart).Distinct());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_zero_lookback_stores_every_period_as_final_and_resumes_at_the_state(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(12, 10, 30));
        var sync = new AgentStatisticsSync(store, clock);

        await sync.SyncAsync(new FakeSource(), Hourly(from: Local(12), lookback: Duration.Zero), cancellationToken: Ct);
        clock.AdvanceHours(1);
        var result = await sync.SyncAsync(new FakeSource(), Hourly(lookback: Duration.Zero), cancellationToken: Ct);

        Assert.DoesNotContain(await db.ReadRowsAsync(), r => r.Provisional);
        Assert.Equal(new InstantRange(Local(12, 10), Local(12, 11)), result.Range);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_provisional_row_further_back_than_the_lookback_is_pulled_again(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var clock = new FakeClock(Local(12, 10, 30));
        var sync = new AgentStatisticsSync(store, clock);
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(12), lookback: Duration.FromHours(3)), cancellationToken: Ct);

        // A later run with the default lookback (one hour) still starts at the first provisional period, 07:00.
        clock.AdvanceHours(1);
        var result = await sync.SyncAsync(source, Hourly(), cancellationToken: Ct);

        Assert.Equal(Local(12, 7), result.Range!.Value.Start);
        Assert.Equal([Local(12, 10)], (await db.ReadRowsAsync()).Where(r => r.Provisional).Select(r => r.PeriodStart).Distinct());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Days_in_a_zone_with_daylight_saving_are_23_and_25_hours_long(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var from = Warsaw.AtStartOfDay(new LocalDate(2024, 3, 30)).ToInstant();
        var clock = new FakeClock(Warsaw.AtStartOfDay(new LocalDate(2024, 4, 2)).ToInstant());

        var result = await new AgentStatisticsSync(store, clock).SyncAsync(new FakeSource(), new SyncRequest { Bucket = TimeBucket.Day, TimeZone = Warsaw, From = from }, cancellationToken: Ct);

        var lengths = (await db.ReadRowsAsync()).Where(r => r.AgentId == "a1").Select(r => (r.PeriodEnd - r.PeriodStart).TotalHours).ToList();
        Assert.Equal([24, 23, 24], lengths);
        Assert.Equal(3, result.Chunks);
        Assert.Equal(["2024-03-29T23:00:00Z", "2024-03-30T23:00:00Z", "2024-03-31T22:00:00Z"], (await db.ReadRowsAsync()).Where(r => r.AgentId == "a1").Select(r => StoredValues.Instant(r.PeriodStart)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_hours_of_a_spring_forward_day_are_23_rows_per_agent_in_one_chunk(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var day = Warsaw.AtStartOfDay(new LocalDate(2024, 3, 31)).ToInstant();
        var clock = new FakeClock(Warsaw.AtStartOfDay(new LocalDate(2024, 4, 1)).ToInstant() + Duration.FromMinutes(5));

        var result = await new AgentStatisticsSync(store, clock).SyncAsync(new FakeSource(), Hourly(from: day), cancellationToken: Ct);

        Assert.Equal(1, result.Chunks);
        Assert.Equal(23, result.Periods);
        Assert.Equal(23, (await db.ReadRowsAsync()).Count(r => r.AgentId == "a1"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_first_run_needs_a_start_and_writes_nothing_without_one(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new AgentStatisticsSync(store, new FakeClock(Local(12))).SyncAsync(new FakeSource(), Hourly(), cancellationToken: Ct));

        Assert.Equal("request.From", error.ParamName);
        Assert.Contains("fake/default by hour in Europe/Warsaw was never synced", error.Message, StringComparison.Ordinal);
        Assert.Empty(await db.ReadStatesAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Nothing_to_do_when_the_state_is_at_the_last_complete_bucket_and_nothing_is_provisional(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(12, 10, 30)));
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(12), lookback: Duration.Zero), cancellationToken: Ct);

        var result = await sync.SyncAsync(source, Hourly(lookback: Duration.Zero), cancellationToken: Ct);

        Assert.Null(result.Range);
        Assert.Equal(0, result.RowsWritten);
        Assert.Single(source.Queries);
        Assert.Equal(result.StateBefore, result.StateAfter);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Another_scope_under_the_same_account_is_refused_and_changes_nothing(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(12, 10, 30)));
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(12)) with { Agents = ["a2", "a1"] }, cancellationToken: Ct);
        var rows = await db.ReadRowsAsync();

        // The same agents in another order are the same scope.
        await sync.SyncAsync(source, Hourly() with { Agents = ["a1", "a2"] }, cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<SyncException>(() => sync.SyncAsync(source, Hourly(from: Local(12)), cancellationToken: Ct));

        Assert.Equal(SyncErrorKind.ScopeChanged, error.Kind);
        Assert.Contains("'agents=a1,a2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'every agent, no vendor filter'", error.Message, StringComparison.Ordinal);
        Assert.Equal(rows, await db.ReadRowsAsync());
        Assert.Equal(["a1", "a2"], rows.Select(r => r.AgentId).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_start_after_the_state_does_not_leave_a_gap(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(15)));
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(11), to: Local(12)), cancellationToken: Ct);

        var result = await sync.SyncAsync(source, Hourly(from: Local(14)), cancellationToken: Ct);

        Assert.Equal(new InstantRange(Local(11, 23), Local(15)), result.Range);
        var hours = (await db.ReadRowsAsync()).Select(r => r.PeriodStart).Distinct().ToList();
        Assert.Equal(4 * 24, hours.Count);
        Assert.Equal(Local(11), hours[0]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_backfill_before_the_state_extends_it_backwards(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(14)));
        var source = new FakeSource();
        await sync.SyncAsync(source, Hourly(from: Local(13)), cancellationToken: Ct);

        var result = await sync.SyncAsync(source, Hourly(from: Local(11)), cancellationToken: Ct);

        Assert.Equal(Local(11), result.StateAfter!.FirstPeriodStart);
        Assert.Equal(Local(14), result.StateAfter.LastPeriodEnd);
        Assert.Equal(3 * 24 * 3, (await db.ReadRowsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_backfill_that_fails_before_reaching_the_stored_range_leaves_the_state_as_it_was(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(16)));
        var source = new FakeSource();
        var stored = (await sync.SyncAsync(source, Hourly(from: Local(14)), cancellationToken: Ct)).StateAfter!;

        // The backfill commits 11 March, then the vendor fails: the state must not claim 11 to 14 March.
        source.Failure = (24 * 3 + 5, new InvalidOperationException("vendor down"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => sync.SyncAsync(source, Hourly(from: Local(11)), cancellationToken: Ct));

        var state = Assert.Single(await db.ReadStatesAsync());
        Assert.Equal((stored.FirstPeriodStart, stored.LastPeriodEnd), (state.FirstPeriodStart, state.LastPeriodEnd));
        Assert.Contains(await db.ReadRowsAsync(), r => r.PeriodStart == Local(11));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_vendor_failure_keeps_the_committed_chunks_and_the_next_run_completes_the_table(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var clean = await TestDatabase.CreateAsync(kind, server);
        var clock = new FakeClock(Local(14, 2, 30));
        await using (var cleanStore = clean.Open())
        {
            await new AgentStatisticsSync(cleanStore, clock).SyncAsync(new FakeSource(), Hourly(from: Local(11)), cancellationToken: Ct);
        }

        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, clock);
        var source = new FakeSource { Failure = (24 * 3 + 30, new VendorApiException("Fake", VendorErrorKind.ServiceUnavailable, [new VendorError(null, "down")], System.Net.HttpStatusCode.ServiceUnavailable, isTransient: true)) };
        var error = await Assert.ThrowsAsync<VendorApiException>(() => sync.SyncAsync(source, Hourly(from: Local(11)), cancellationToken: Ct));
        Assert.Equal(VendorErrorKind.ServiceUnavailable, error.Kind);
        Assert.Equal(Local(12), Assert.Single(await db.ReadStatesAsync()).LastPeriodEnd);
        Assert.Equal(24 * 3, (await db.ReadRowsAsync()).Count);

        source.Failure = null;
        await sync.SyncAsync(source, Hourly(), cancellationToken: Ct);

        Assert.Equal(await clean.ReadRowsAsync(), await db.ReadRowsAsync());
        Assert.Equal(await clean.ReadStatesAsync(), await db.ReadStatesAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Cancelling_keeps_the_committed_chunks(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reports = new List<SyncProgress>();
        var progress = new SynchronousProgress(p =>
        {
            reports.Add(p);
            if (p.ChunksWritten == 2)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new AgentStatisticsSync(store, new FakeClock(Local(15))).SyncAsync(new FakeSource(), Hourly(from: Local(11)), progress, cancel.Token));

        Assert.Equal([(1, 4, Local(12), 72L), (2, 4, Local(13), 144L)], reports.Select(r => (r.ChunksWritten, r.ChunksTotal, r.CompletedThrough, r.RowsWritten)));
        Assert.Equal(Local(13), Assert.Single(await db.ReadStatesAsync()).LastPeriodEnd);
        Assert.Equal(144, (await db.ReadRowsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Records_out_of_period_order_are_refused_and_the_chunks_before_stay(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var source = new FakeSource
        {
            // A record of 11 March comes again after the records of 12 March.
            Rewrite = records => records.Where(r => r.Period.Start < Local(13)).Append(records[0]).Concat(records.Where(r => r.Period.Start >= Local(13))),
        };

        var error = await Assert.ThrowsAsync<SyncException>(() => new AgentStatisticsSync(store, new FakeClock(Local(14))).SyncAsync(source, Hourly(from: Local(11)), cancellationToken: Ct));

        Assert.Equal(SyncErrorKind.InvalidSourceData, error.Kind);
        Assert.Contains("period order", error.Message, StringComparison.Ordinal);

        // 11 March was committed; 12 March, the chunk being read when the stray record came, was not.
        Assert.Equal(Local(12), Assert.Single(await db.ReadStatesAsync()).LastPeriodEnd);
        Assert.Equal(24 * 3, (await db.ReadRowsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Records_of_another_vendor_or_not_on_bucket_boundaries_are_refused(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(14)));
        var otherVendor = new FakeSource { Rewrite = records => records.Select(r => r with { Vendor = "other" }) };
        var halfHours = new FakeSource
        {
            Rewrite = records => records.Select(r => r with { Period = new StatisticsPeriod(r.Period.Start, r.Period.Start + Duration.FromMinutes(30), TimeBucket.Hour, Warsaw) }),
        };
        var utcDays = new FakeSource
        {
            Rewrite = records => records.Select(r => r with { Period = new StatisticsPeriod(r.Period.Start, r.Period.End, TimeBucket.Hour, DateTimeZone.Utc) }),
        };

        foreach (var source in new[] { otherVendor, halfHours, utcDays })
        {
            var error = await Assert.ThrowsAsync<SyncException>(() => sync.SyncAsync(source, Hourly(from: Local(12)), cancellationToken: Ct));
            Assert.Equal(SyncErrorKind.InvalidSourceData, error.Kind);
        }

        Assert.Empty(await db.ReadRowsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_agent_twice_in_one_period_is_stored_once_with_the_figures_added_up(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var plain = new FakeSource();
        var twice = new FakeSource { Rewrite = records => records.Concat(records.Where(r => r.AgentId == "a2")).OrderBy(r => r.Period.Start) };

        await new AgentStatisticsSync(store, new FakeClock(Local(12, 3))).SyncAsync(twice, Hourly(from: Local(12)), cancellationToken: Ct);

        var rows = await db.ReadRowsAsync();
        Assert.Equal(9, rows.Count);
        var a2 = rows.First(r => r.AgentId == "a2");
        var single = plain.Figures("a2", new StatisticsPeriod(Local(12), Local(12, 1), TimeBucket.Hour, Warsaw));
        Assert.Equal(single.TalkTime * 2, a2.Talk);
        Assert.Equal(single.CallsHandled * 2, a2.CallsHandled);
        Assert.Equal(StoredRow.Metrics(single.VendorMetrics.Select(m => KeyValuePair.Create(m.Key, m.Value * 2))), a2.VendorMetrics);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Two_accounts_of_one_vendor_keep_their_own_rows_and_state(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(12, 6)));

        await Task.WhenAll(
            sync.SyncAsync(new FakeSource(account: "north"), Hourly(from: Local(12)), cancellationToken: Ct),
            sync.SyncAsync(new FakeSource(account: "south") { AgentIds = ["s1"] }, Hourly(from: Local(12, 2)) with { Agents = ["s1"] }, cancellationToken: Ct));

        var states = await db.ReadStatesAsync();
        Assert.Equal(["north", "south"], states.Select(s => s.Account));
        Assert.Equal(["", "agents=s1"], states.Select(s => s.Scope));
        Assert.Equal(6 * 3, (await db.ReadRowsAsync()).Count(r => r.Account == "north"));
        Assert.Equal(4, (await db.ReadRowsAsync()).Count(r => r.Account == "south"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Invalid_requests_are_refused_before_the_database_is_touched(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind, server);
        await using var store = db.Open();
        var sync = new AgentStatisticsSync(store, new FakeClock(Local(12)));
        var source = new FakeSource { RequiredFilter = "queue" };

        var week = Assert.Throws<ArgumentException>(() => { _ = sync.SyncAsync(source, new SyncRequest { Bucket = TimeBucket.Week, From = Local(1) }, cancellationToken: Ct); });
        var lookback = Assert.Throws<ArgumentException>(() => { _ = sync.SyncAsync(source, Hourly(from: Local(1), lookback: Duration.FromHours(-1)), cancellationToken: Ct); });
        var inverted = Assert.Throws<ArgumentException>(() => { _ = sync.SyncAsync(source, Hourly(from: Local(5), to: Local(4)), cancellationToken: Ct); });
        var filter = Assert.Throws<ArgumentException>(() => { _ = sync.SyncAsync(source, Hourly(from: Local(1)), cancellationToken: Ct); });

        Assert.Equal(["request.Bucket", "request.Lookback", "request.To", "query.VendorFilters"], new[] { week, lookback, inverted, filter }.Select(e => e.ParamName));
        Assert.Empty(source.Queries);
        if (kind == StoreKind.Sqlite)
        {
            Assert.False(File.Exists(db.Database));
        }
        else
        {
            Assert.Null(await db.ScalarAsync("SELECT to_regclass('schema_version')::text"));
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (<see cref="Progress{T}"/> posts).</summary>
    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
