using System.Collections.Concurrent;
using System.Globalization;
using CallCenterStats.Sdk.TestSupport;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class PrefetchTests
{
    private static ThuliumClient Client(LoopbackServer server, int concurrency)
    {
        var options = Options(server.BaseAddress);
        options.MaxConcurrentPageRequests = concurrency;
        return ThuliumClient.Create(options);
    }

    private static long[] Offsets(LoopbackServer server) =>
        server.Requests.Select(r => long.Parse(r.Query.Single(p => p.Key == "offset").Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task Prefetched_pages_are_in_flight_together_and_rows_keep_the_vendor_order()
    {
        // Every odd page is held back until the request for the page after it has arrived, and so completes after it:
        // this only ends when pages are really in flight together, and the rows must still come in page order.
        var arrived = new ConcurrentDictionary<long, TaskCompletionSource>();
        TaskCompletionSource Arrival(long offset) => arrived.GetOrAdd(offset, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            var offset = int.Parse(request.Query.Single(p => p.Key == "offset").Value, CultureInfo.InvariantCulture);
            Arrival(offset).TrySetResult();
            if (offset / 100 % 2 == 1)
            {
                await Arrival(offset + 100).Task.WaitAsync(TimeSpan.FromSeconds(10));
            }

            await context.RespondAsync(200, Rows(offset, Math.Max(0, Math.Min(100, 750 - offset))));
        });
        using var client = ThuliumClient.Create(Options(server.BaseAddress));

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 750).Select(i => $"agent{i}"), rows.Select(r => r.Agent.Login));
        Assert.Equal(Offsets(server).Length, Offsets(server).Distinct().Count());
    }

    [Fact]
    public async Task By_default_a_report_of_one_page_costs_one_request()
    {
        await using var server = await PagingServer(60);
        using var client = ThuliumClient.Create(Options(server.BaseAddress));

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(60, rows.Count);
        Assert.Equal([0L], Offsets(server));
    }

    [Fact]
    public async Task By_default_a_report_of_n_pages_costs_at_most_n_minus_one_requests_past_its_end()
    {
        // Three pages (the last one short): the window is 1, then 2, then 3 pages, so at most two requests past the end.
        await using var server = await PagingServer(250);
        using var client = ThuliumClient.Create(Options(server.BaseAddress));

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(250, rows.Count);
        Assert.Superset(new HashSet<long> { 0, 100, 200 }, Offsets(server).ToHashSet());
        Assert.Subset(new HashSet<long> { 0, 100, 200, 300, 400 }, Offsets(server).ToHashSet());
    }

    [Fact]
    public async Task By_default_the_window_grows_to_ten_pages_in_flight_and_no_further()
    {
        // After page 9 is read the window is 10 pages: 10 to 19. Page 10 is held until page 19 has been asked for (so this
        // only ends when 10 pages are really in flight together), and no page after 19 may be asked for before it.
        var arrived = new ConcurrentQueue<long>();
        var page19 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long[] arrivedWhenPage10Answered = [];
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            var offset = int.Parse(request.Query.Single(p => p.Key == "offset").Value, CultureInfo.InvariantCulture);
            arrived.Enqueue(offset);
            if (offset == 1900)
            {
                page19.TrySetResult();
            }

            if (offset == 1000)
            {
                await page19.Task.WaitAsync(TimeSpan.FromSeconds(10));
                arrivedWhenPage10Answered = [.. arrived.Order()];
            }

            await context.RespondAsync(200, Rows(offset, Math.Max(0, Math.Min(100, 2550 - offset))));
        });
        using var client = ThuliumClient.Create(Options(server.BaseAddress));

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2550, rows.Count);
        // Pages 11 to 18 were sent too, but may still be on their way: what counts is that page 19 was asked for while
        // page 10 was pending (10 in flight) and nothing after it.
        Assert.Equal(1900L, arrivedWhenPage10Answered.Max());
        Assert.Subset(Enumerable.Range(0, 20).Select(page => page * 100L).ToHashSet(), arrivedWhenPage10Answered.ToHashSet());
        Assert.Equal(ThuliumOptions.DefaultMaxConcurrentPageRequests, new ThuliumOptions().MaxConcurrentPageRequests);
    }

    [Fact]
    public async Task The_account_concurrency_limit_bounds_the_pages_in_flight()
    {
        // With one request at a time for the account, the stream pages sequentially: nothing is prefetched while the
        // caller reads, so stopping after a page and a half has sent exactly two requests.
        await using var server = await PagingServer(1000);
        var options = Options(server.BaseAddress);
        options.MaxConcurrentRequests = 1;
        using var client = ThuliumClient.Create(options);

        var seen = 0;
        await foreach (var unused in client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken))
        {
            if (++seen == 150)
            {
                break;
            }
        }

        Assert.Equal([0L, 100L], Offsets(server));
    }

    [Fact]
    public async Task Prefetching_requests_each_offset_once_and_at_most_one_window_past_the_end()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server, concurrency: 3);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        var offsets = Offsets(server);
        Assert.Equal(250, rows.Count);
        Assert.Equal(offsets.Length, offsets.Distinct().Count());
        Assert.Subset(new HashSet<long> { 0, 100, 200, 300, 400 }, offsets.ToHashSet());
        Assert.Superset(new HashSet<long> { 0, 100, 200 }, offsets.ToHashSet());
    }

    [Fact]
    public async Task Without_prefetching_the_next_page_waits_for_the_reader()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server, concurrency: 1);

        await using var rows = client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await rows.MoveNextAsync());

        Assert.Equal([0L], Offsets(server));
    }

    [Fact]
    public async Task A_failing_page_fails_the_enumeration_after_the_rows_before_it()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            var offset = int.Parse(request.Query.Single(p => p.Key == "offset").Value, CultureInfo.InvariantCulture);
            return offset == 100
                ? context.RespondAsync(500, """{"request_id":"r-100","errors":[{"message":"Internal error","code":500}]}""")
                : context.RespondAsync(200, Rows(offset, 100));
        });
        using var client = Client(server, concurrency: 4);

        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<Errors.VendorApiException>(async () =>
        {
            await foreach (var row in client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken))
            {
                seen.Add(row.Agent.Login);
            }
        });

        Assert.Equal("r-100", ex.RequestId);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"agent{i}"), seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Concurrency_out_of_range_is_rejected_naming_the_option(int concurrency)
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ThuliumClient.Create(
            new ThuliumOptions { SystemName = "acme", Username = "u", Password = "p", MaxConcurrentPageRequests = concurrency }));

        Assert.Contains(ex.Failures, f => f.Contains("MaxConcurrentPageRequests must be between 1 and 10", StringComparison.Ordinal));
    }
}
