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
        // The first page is held back until three requests have arrived: this only completes when the pages
        // are really fetched concurrently, and the later pages then complete before the first one.
        var arrived = 0;
        var threeInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            if (Interlocked.Increment(ref arrived) == 3)
            {
                threeInFlight.TrySetResult();
            }

            var offset = int.Parse(request.Query.Single(p => p.Key == "offset").Value, CultureInfo.InvariantCulture);
            if (offset == 0)
            {
                await threeInFlight.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }

            await context.RespondAsync(200, Rows(offset, Math.Max(0, Math.Min(100, 250 - offset))));
        });
        using var client = Client(server, concurrency: 3);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"agent{i}"), rows.Select(r => r.Agent.Login));
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
