using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>
/// The pipeline's timeouts: per attempt (covering a buffered body), per operation, and per silence in a stream. Each
/// test's server stalls for far longer (30 s) than the timeout under test (300 ms to 2 s): the call ending while the
/// server is still stalling, and the server seeing the request aborted, is what shows the timeout cut it. Attempt
/// timeouts are 2 s, so that on a loaded machine a request still reaches the server and its headers come back in time.
/// </summary>
public sealed class PipelineTimeoutTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_attempt_timeout_cuts_a_body_that_stalls_after_the_headers()
    {
        var server = new StallingServer("""{"result": {"calls": """);
        await using var loopback = await server.StartAsync();
        using var client = AcmeKit.Client(loopback, o =>
        {
            o.AttemptTimeout = Attempt;
            o.Retry.MaxRetries = 0;
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);

        // The headers had arrived: the timeout cut the body.
        Assert.Equal(System.Net.HttpStatusCode.OK, ex.StatusCode);
        Assert.False(server.StallEnded);
        await server.Aborted.WaitAsync(Stall, Ct);
        Assert.Single(loopback.Requests);
    }

    [Fact]
    public async Task An_attempt_that_timed_out_is_retried()
    {
        var attempt = 0;
        var stalling = new StallingServer("""{"result": {"calls": """);
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            Interlocked.Increment(ref attempt) == 1 ? stalling.Handle(request, context) : context.RespondAsync(200, AcmeKit.Calls(8)));
        using var client = AcmeKit.Client(server, o => o.AttemptTimeout = Attempt);

        Assert.Equal(8, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.Equal(2, server.Requests.Count);
        Assert.False(stalling.StallEnded);
    }

    [Fact]
    public async Task The_attempt_timeout_cuts_a_server_that_never_sends_headers()
    {
        var server = new StallingServer(start: null);
        await using var loopback = await server.StartAsync();
        using var client = AcmeKit.Client(loopback, o =>
        {
            o.AttemptTimeout = Attempt;
            o.Retry.MaxRetries = 1;
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.Equal(2, loopback.Requests.Count);
        Assert.False(server.StallEnded);
    }

    [Fact]
    public async Task The_operation_timeout_bounds_every_attempt_and_wait_together()
    {
        var server = new StallingServer(start: null);
        await using var loopback = await server.StartAsync();
        using var client = AcmeKit.Client(loopback, o =>
        {
            o.AttemptTimeout = Stall;
            o.OperationTimeout = Attempt;
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.Contains("OperationTimeout", ex.Message, StringComparison.Ordinal);
        Assert.False(server.StallEnded);
        await server.Aborted.WaitAsync(Stall, Ct);
    }

    [Fact]
    public async Task A_stream_silent_before_its_first_row_is_cut_at_the_idle_timeout_and_retried()
    {
        var server = new StallingServer("""{"rows": [""");
        await using var loopback = await server.StartAsync();
        using var client = AcmeKit.Client(loopback, o =>
        {
            o.StreamIdleTimeout = Short;
            o.Retry.MaxRetries = 1;
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct).AsTask());

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("StreamIdleTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, loopback.Requests.Count);
        Assert.False(server.StallEnded);
    }

    [Fact]
    public async Task A_stream_that_stops_mid_way_is_cut_at_the_idle_timeout_and_not_repeated()
    {
        var server = new StallingServer("""{"rows": [{"agent": "a", "calls": 1}, {"agent": "b", """);
        await using var loopback = await server.StartAsync();
        using var client = AcmeKit.Client(loopback, o => o.StreamIdleTimeout = Short);
        var rows = new List<AcmeCallRow>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await foreach (var row in client.GetCallRowsAsync(AcmeKit.Request, Ct))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal([new AcmeCallRow("a", 1)], rows);
        Assert.Single(loopback.Requests);
        Assert.False(server.StallEnded);
        await server.Aborted.WaitAsync(Stall, Ct);
    }

    [Fact]
    public async Task A_stream_is_not_bound_by_the_attempt_timeout_once_its_first_row_arrived()
    {
        // Rows keep coming within the idle timeout, and the whole stream outlasts the attempt timeout (1.6 s against 1 s):
        // an attempt timeout that covered the whole stream would cut every attempt, and the call would fail.
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"rows": [{"agent": "a", "calls": 1}""", Ct);
            await context.Response.Body.FlushAsync(Ct);
            for (var i = 0; i < 4; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400), Ct);
                await context.Response.WriteAsync(""", {"agent": "b", "calls": 2}""", Ct);
                await context.Response.Body.FlushAsync(Ct);
            }

            await context.Response.WriteAsync("]}", Ct);
        });
        using var client = AcmeKit.Client(server, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.StreamIdleTimeout = TimeSpan.FromSeconds(20);
        });

        var rows = await client.GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct);

        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_its_cancellation_not_a_vendor_exception_and_nothing_is_retried()
    {
        var server = new StallingServer(start: null);
        await using var loopback = await server.StartAsync();
        using var client = AcmeKit.Client(loopback);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.GetCallsAsync(AcmeKit.Request, cts.Token);
        await server.Started.WaitAsync(Stall, Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await server.Aborted.WaitAsync(Stall, Ct);
        Assert.Single(loopback.Requests);
    }

    [Fact]
    public async Task A_caller_cancelling_during_a_retry_wait_gets_its_cancellation_at_once()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "30";
            await context.RespondAsync(503, "{}");
            first.TrySetResult();
        });
        using var client = AcmeKit.Client(server);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.GetCallsAsync(AcmeKit.Request, cts.Token);
        await first.Task.WaitAsync(Stall, Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Stall, Ct));
        Assert.Single(server.Requests);
    }

    /// <summary>
    /// Answers 200 with <c>start</c> (or sends nothing at all when null) and then stalls for 30 s, noting whether the
    /// client aborted the request first.
    /// </summary>
    private sealed class StallingServer(string? start)
    {
        private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _stallEnded;

        public Task Aborted => _aborted.Task;

        public Task Started => _started.Task;

        public bool StallEnded => _stallEnded;

        public Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(Handle);

        public async Task Handle(RecordedRequest request, HttpContext context)
        {
            if (start is not null)
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(start);
                await context.Response.Body.FlushAsync();
            }

            _started.TrySetResult();
            try
            {
                await Task.Delay(Stall, context.RequestAborted);
                _stallEnded = true;
            }
            catch (OperationCanceledException)
            {
                _aborted.TrySetResult();
            }
        }
    }
}
