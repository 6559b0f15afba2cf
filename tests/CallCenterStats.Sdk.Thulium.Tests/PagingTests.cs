using CallCenterStats.Sdk.TestSupport;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>
/// Paging one page at a time (<c>MaxConcurrentPageRequests = 1</c>), where every request is predictable; prefetching,
/// the default, is in <see cref="PrefetchTests"/>.
/// </summary>
public sealed class PagingTests
{
    private static ThuliumClient Client(LoopbackServer server)
    {
        var options = Options(server.BaseAddress);
        options.MaxConcurrentPageRequests = 1;
        return ThuliumClient.Create(options);
    }

    private static long[] Offsets(LoopbackServer server) =>
        server.Requests.Select(r => long.Parse(r.Query.Single(p => p.Key == "offset").Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string[] Limits(LoopbackServer server) =>
        server.Requests.Select(r => r.Query.Single(p => p.Key == "limit").Value).ToArray();

    [Fact]
    public async Task Rows_over_several_pages_are_fetched_at_consecutive_offsets_stopping_at_the_short_page()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(250, rows.Count);
        Assert.Equal([0L, 100L, 200L], Offsets(server));
        Assert.All(Limits(server), limit => Assert.Equal("100", limit));
    }

    [Fact]
    public async Task The_stream_sends_its_own_page_requests_one_and_a_half_pages_taking_two()
    {
        // Replaces a test that drove the stream through an overridden page method: the stream no longer calls it.
        await using var server = await PagingServer(150);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"agent{i}"), rows.Select(r => r.Agent.Login));
        Assert.Equal([0L, 100L], Offsets(server));
    }

    [Fact]
    public async Task Rows_keep_the_vendor_order_across_pages()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"agent{i}"), rows.Select(r => r.Agent.Login));
    }

    [Fact]
    public async Task A_full_last_page_is_followed_by_one_empty_page()
    {
        await using var server = await PagingServer(100);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(100, rows.Count);
        Assert.Equal([0L, 100L], Offsets(server));
    }

    [Fact]
    public async Task An_empty_report_takes_one_request()
    {
        await using var server = await PagingServer(0);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Empty(rows);
        Assert.Equal([0L], Offsets(server));
    }

    [Fact]
    public async Task The_page_size_of_the_request_is_the_limit()
    {
        await using var server = await PagingServer(65);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request() with { PageSize = 30 }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(65, rows.Count);
        Assert.Equal([0L, 30L, 60L], Offsets(server));
        Assert.All(Limits(server), limit => Assert.Equal("30", limit));
    }

    [Fact]
    public async Task No_offset_is_requested_twice()
    {
        await using var server = await PagingServer(1000);
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        var offsets = Offsets(server);
        Assert.Equal(1000, rows.Count);
        Assert.Equal(offsets.Length, offsets.Distinct().Count());
        Assert.Equal(11, offsets.Length);
    }

    [Fact]
    public async Task Nothing_is_sent_until_the_enumeration_starts()
    {
        await using var server = await PagingServer(10);
        using var client = Client(server);

        var rows = client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken);
        Assert.Empty(server.Requests);

        Assert.Equal(10, (await rows.ToListAsync(TestContext.Current.CancellationToken)).Count);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Pages_are_fetched_only_as_far_as_the_caller_reads()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server);

        var first = new List<AgentsWorkReportRow>();
        await foreach (var row in client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken))
        {
            first.Add(row);
            if (first.Count == 150)
            {
                break;
            }
        }

        Assert.Equal([0L, 100L], Offsets(server));
    }

    [Fact]
    public async Task The_single_page_method_fetches_exactly_the_requested_slice()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server);

        var page = await client.GetAgentsWorkReportPageAsync(Request(), offset: 200, limit: 40, TestContext.Current.CancellationToken);

        Assert.Equal(40, page.Rows.Count);
        Assert.Equal("agent200", page.Rows[0].Agent.Login);
        Assert.Equal(200, page.Offset);
        Assert.Equal(40, page.Limit);
        Assert.True(page.MayHaveMore);
        Assert.Equal(240, page.NextOffset);
        Assert.Equal([200L], Offsets(server));
    }

    [Fact]
    public async Task Null_items_count_towards_a_full_page_so_paging_goes_on()
    {
        // Page 1 is full (two items), one of them null; page 2 is short.
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(200, request.Query.Single(p => p.Key == "offset").Value == "0"
                ? """[null, {"agent":{"login":"a"}}]"""
                : """[{"agent":{"login":"b"}}]"""));
        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request() with { PageSize = 2 }, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var first = await client.GetAgentsWorkReportPageAsync(Request(), offset: 0, limit: 2, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], rows.Select(r => r.Agent.Login));
        Assert.Equal([0L, 2L, 0L], Offsets(server));
        Assert.Single(first.Rows);
        Assert.True(first.MayHaveMore);
        Assert.Equal(2, first.NextOffset);
    }

    [Fact]
    public async Task A_short_single_page_is_the_last()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server);

        var page = await client.GetAgentsWorkReportPageAsync(Request(), offset: 200, limit: 100, TestContext.Current.CancellationToken);

        Assert.Equal(50, page.Rows.Count);
        Assert.False(page.MayHaveMore);
        Assert.Null(page.NextOffset);
    }

    [Fact]
    public async Task An_error_on_a_later_page_surfaces_after_the_earlier_rows()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            request.Query.Single(p => p.Key == "offset").Value == "0"
                ? context.RespondAsync(200, Rows(0, 100))
                : context.RespondAsync(200, """{"request_id":"r-2","errors":[{"message":"Limit exceeded","code":429}]}"""));
        using var client = Client(server);

        var seen = 0;
        var ex = await Assert.ThrowsAsync<Errors.VendorApiException>(async () =>
        {
            await foreach (var unused in client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken))
            {
                seen++;
            }
        });

        Assert.Equal(100, seen);
        Assert.Equal("r-2", ex.RequestId);
    }

    [Fact]
    public async Task Cancelling_stops_the_enumeration()
    {
        await using var server = await PagingServer(250);
        using var client = Client(server);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).WithCancellation(cancel.Token))
            {
                if (++seen == 100)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(100, seen);
        Assert.Equal([0L], Offsets(server));
    }
}
