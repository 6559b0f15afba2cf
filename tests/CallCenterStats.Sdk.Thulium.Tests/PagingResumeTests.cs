using System.Collections.Concurrent;
using System.Globalization;
using CallCenterStats.Sdk.TestSupport;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>
/// A page that fails transiently is retried on its own: paging resumes at that page, never restarts, never repeats a
/// row, whether pages are fetched one by one or prefetched.
/// </summary>
public sealed class PagingResumeTests
{
    private const int Total = 350;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long OffsetOf(RecordedRequest request) =>
        long.Parse(request.Query.Single(p => p.Key == "offset").Value, CultureInfo.InvariantCulture);

    private static long[] Offsets(LoopbackServer server) => server.Requests.Select(OffsetOf).ToArray();

    /// <summary>A server of <see cref="Total"/> rows whose page at <paramref name="failingOffset"/> fails <paramref name="failures"/> times first.</summary>
    private static Task<LoopbackServer> ServerFailingOnce(long failingOffset, string failure, int failures = 1)
    {
        var failed = new ConcurrentDictionary<long, int>();
        return LoopbackServer.StartAsync((request, context) =>
        {
            var offset = OffsetOf(request);
            var limit = int.Parse(request.Query.Single(p => p.Key == "limit").Value, CultureInfo.InvariantCulture);
            if (offset == failingOffset && failed.AddOrUpdate(offset, 1, (_, n) => n + 1) <= failures)
            {
                return RetryTests.FailAsync(failure, context);
            }

            return context.RespondAsync(200, Rows((int)offset, (int)Math.Max(0, Math.Min(limit, Total - offset))));
        });
    }

    private static ThuliumClient Client(LoopbackServer server, int prefetch)
    {
        var options = Options(server.BaseAddress);
        options.MaxConcurrentPageRequests = prefetch;
        return ThuliumClient.Create(options);
    }

    private static IEnumerable<string> AllLogins => Enumerable.Range(0, Total).Select(i => $"agent{i}");

    [Theory]
    [InlineData("503")]
    [InlineData("429 code in a 200 body")]
    [InlineData("dropped connection")]
    [InlineData("body cut off")]
    public async Task Fetching_page_by_page_resumes_at_the_failed_page(string failure)
    {
        await using var server = await ServerFailingOnce(200, failure);
        using var client = Client(server, prefetch: 1);

        var rows = await client.GetAgentsWorkReportAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(AllLogins, rows.Select(r => r.Agent.Login));
        Assert.Equal([0L, 100L, 200L, 200L, 300L], Offsets(server));
    }

    [Theory]
    [InlineData("503")]
    [InlineData("429 code in a 200 body")]
    [InlineData("dropped connection")]
    [InlineData("body cut off")]
    public async Task Prefetching_four_pages_resumes_at_the_failed_page(string failure)
    {
        await using var server = await ServerFailingOnce(200, failure);
        using var client = Client(server, prefetch: 4);

        var rows = await client.GetAgentsWorkReportAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(AllLogins, rows.Select(r => r.Agent.Login));
        var counts = Offsets(server).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        // The failed page twice, every other page once (offset 0 once: no restart); up to three pages past the end.
        Assert.Equal(2, counts[200]);
        Assert.All(counts.Where(c => c.Key != 200), c => Assert.Equal(1, c.Value));
        Assert.Superset(new HashSet<long> { 0, 100, 200, 300 }, counts.Keys.ToHashSet());
        Assert.Subset(new HashSet<long> { 0, 100, 200, 300, 400, 500, 600 }, counts.Keys.ToHashSet());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_failure_before_the_first_row_is_retried(int prefetch)
    {
        await using var server = await ServerFailingOnce(0, "503", failures: 2);
        using var client = Client(server, prefetch);

        var rows = await client.GetAgentsWorkReportAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(AllLogins, rows.Select(r => r.Agent.Login));
        Assert.Equal(3, Offsets(server).Count(o => o == 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Rows_read_before_a_page_that_keeps_failing_are_not_repeated_and_the_failure_ends_the_stream(int prefetch)
    {
        await using var server = await ServerFailingOnce(200, "503", failures: int.MaxValue);
        using var client = Client(server, prefetch);

        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<Errors.VendorApiException>(async () =>
        {
            await foreach (var row in client.GetAgentsWorkReportAsync(Request(), Ct))
            {
                seen.Add(row.Agent.Login);
            }
        });

        Assert.True(ex.IsTransient);
        Assert.Equal(AllLogins.Take(200), seen);
        // One attempt and the five retries of the failed page; the pages before it once each.
        Assert.Equal(6, Offsets(server).Count(o => o == 200));
        Assert.Equal(1, Offsets(server).Count(o => o == 0));
        Assert.Equal(1, Offsets(server).Count(o => o == 100));
    }

    [Fact]
    public async Task The_accounts_concurrency_limit_also_bounds_page_prefetching()
    {
        // Each request waits until a second one is in flight (or a moment passes): with a limit of two, a third can
        // never be in flight, even though four pages are prefetched.
        var inFlight = 0;
        var most = 0;
        var twoInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            if (now >= 2)
            {
                twoInFlight.TrySetResult();
            }

            try
            {
                await Task.WhenAny(twoInFlight.Task, Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
                await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
                var offset = OffsetOf(request);
                await context.RespondAsync(200, Rows((int)offset, (int)Math.Max(0, Math.Min(100, Total - offset))));
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        var options = Options(server.BaseAddress);
        options.MaxConcurrentPageRequests = 4;
        options.MaxConcurrentRequests = 2;
        using var client = ThuliumClient.Create(options);

        var rows = await client.GetAgentsWorkReportAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(AllLogins, rows.Select(r => r.Agent.Login));
        Assert.Equal(2, Volatile.Read(ref most));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
