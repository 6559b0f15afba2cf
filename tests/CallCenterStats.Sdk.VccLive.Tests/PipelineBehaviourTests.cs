using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Testing;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>
/// What Core's pipeline does with VCC Live's failures: transient ones (its "try later" errors inside HTTP 200 bodies,
/// 429 with <c>Retry-After</c>, 5xx, a body cut off, a stalled answer) are retried until the call succeeds, but only
/// before the first row reaches the caller; permanent ones are sent once. Retries wait 1 ms (see <see cref="VccLiveTestKit.OptionsFor"/>).
/// </summary>
public sealed class PipelineBehaviourTests
{
    private const string Row = """{"date":"2020-06-15","time":1500,"projectId":2,"userId":17,"data":[{"field":"callOut","count":1,"sum":7}],"level":3}""";

    private static string Fixture => TestFiles.Fixture("vcc_userbased.json");

    [Theory]
    [InlineData("Service temporarily unavailable")]
    [InlineData("Too many queries, please try again later")]
    public async Task A_try_later_error_in_a_200_body_is_retried_and_the_call_succeeds(string message)
    {
        await using var server = await SequenceAsync(
            c => c.RespondAsync(200, $$"""{"response":[],"errors":["{{message}}"]}"""),
            c => c.RespondAsync(200, Fixture));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(3, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_is_retried_and_the_call_succeeds(int status)
    {
        await using var server = await SequenceAsync(
            c => c.RespondAsync(status, "Service Unavailable", "text/plain"),
            c => c.RespondAsync(status, """{"response":null,"errors":["Internal error"]}"""),
            c => c.RespondAsync(200, Fixture));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(3, rows.Count);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Http_429_waits_the_retry_after_seconds_and_the_call_succeeds()
    {
        await using var server = await SequenceAsync(
            c =>
            {
                c.Response.Headers.RetryAfter = "7";
                return c.RespondAsync(429, "Too Many Requests", "text/plain");
            },
            c => c.RespondAsync(200, Fixture));
        var waits = new InstantRetryWaits();
        using var client = VccLiveClient.Create(OptionsFor(server), new VendorClientServices { TimeProvider = waits });

        var rows = await client.GetUserBasedStatisticsAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(3, rows.Count);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7)], waits.Waits);
    }

    [Fact]
    public async Task Http_429_waits_until_the_retry_after_date_and_the_call_succeeds()
    {
        var now = Instant.FromUtc(2024, 3, 11, 9, 0, 0);
        await using var server = await SequenceAsync(
            c =>
            {
                c.Response.Headers.RetryAfter = "Mon, 11 Mar 2024 09:00:20 GMT";
                return c.RespondAsync(429, "Too Many Requests", "text/plain");
            },
            c => c.RespondAsync(200, Fixture));
        var waits = new InstantRetryWaits();
        using var client = VccLiveClient.Create(OptionsFor(server), new VendorClientServices { TimeProvider = waits, Clock = new FakeClock(now) });

        var rows = await client.GetUserBasedStatisticsAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal(3, rows.Count);
        Assert.Equal([TimeSpan.FromSeconds(20)], waits.Waits);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_fails_at_once_saying_how_long_to_wait()
    {
        await using var server = await SequenceAsync(c =>
        {
            c.Response.Headers.RetryAfter = "600";
            return c.RespondAsync(429, "Too Many Requests", "text/plain");
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(server, Request()));

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(Duration.FromMinutes(10), ex.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_failure_that_stays_is_tried_max_retries_plus_one_times()
    {
        await using var server = await SequenceAsync(c => c.RespondAsync(503, "Service Unavailable", "text/plain"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(server, Request(), o => o.Retry.MaxRetries = 2));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(400, VendorErrorKind.InvalidRequest)]
    [InlineData(401, VendorErrorKind.Authentication)]
    [InlineData(402, VendorErrorKind.PermissionDenied)]
    [InlineData(403, VendorErrorKind.PermissionDenied)]
    public async Task A_permanent_http_failure_is_sent_once(int status, VendorErrorKind kind)
    {
        await using var server = await SequenceAsync(c => c.RespondAsync(status, """{"response":null,"errors":["Rejected"]}"""));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(server, Request()));

        Assert.Equal(kind, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("Invalid dimension: team")]
    [InlineData("Unknown preset: 99")]
    [InlineData("Access denied for this IP address")]
    public async Task A_permanent_error_in_a_200_body_is_sent_once(string message)
    {
        await using var server = await SequenceAsync(c => c.RespondAsync(200, $$"""{"response":[],"errors":["{{message}}"]}"""));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(server, Request()));

        Assert.Equal(message, ex.VendorMessage);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_stalled_body_is_cut_by_the_attempt_timeout_as_a_transient_timeout()
    {
        await using var server = await SequenceAsync(StallAfterAsync(string.Empty));

        using var client = Client(server, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Retry.MaxRetries = 0;
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
            await client.GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("")]
    [InlineData("""{"response":[""")]
    public async Task A_stalled_first_attempt_is_retried_and_the_call_succeeds(string sentBeforeTheStall)
    {
        await using var server = await SequenceAsync(StallAfterAsync(sentBeforeTheStall), c => c.RespondAsync(200, Fixture));

        using var client = Client(server, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var rows = await client.GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json, """{"response":[{"date":"2020-06-15","ti""")]
    [InlineData(UserBasedStatisticsFormat.Csv, "date,time,userId,callOut\r\n2020-06")]
    public async Task A_body_cut_off_before_the_first_row_is_retried_and_the_call_succeeds(UserBasedStatisticsFormat format, string partial)
    {
        const string Csv = "date,time,userId,callOut\r\n2020-06-15,1500,17,7\r\n2020-06-15,1515,17,8\r\n";
        await using var server = await SequenceAsync(
            async c =>
            {
                c.Response.ContentType = "text/plain";
                await c.Response.WriteAsync(partial);
                await c.Response.Body.FlushAsync();
                c.Abort();
            },
            c => c.RespondAsync(200, format == UserBasedStatisticsFormat.Json ? Fixture : Csv, "text/plain"));

        var rows = await GetAllAsync(server, DateTimeUserRequest(format));

        Assert.Equal(format == UserBasedStatisticsFormat.Json ? 3 : 2, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_transient_error_before_the_rows_is_retried_and_no_row_is_repeated()
    {
        await using var server = await SequenceAsync(
            c => c.RespondAsync(200, $$"""{"errors":["Service temporarily unavailable"],"response":[{{Row}}]}"""),
            c => c.RespondAsync(200, Fixture));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal([17L, 17L, 21L], rows.Select(r => r.UserId!.Value));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_transient_error_after_rows_were_returned_ends_the_stream_without_a_retry()
    {
        var firstRowReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SequenceAsync(
            async c =>
            {
                c.Response.ContentType = "application/json";
                await c.Response.WriteAsync($$"""{"response":[{{Row}},{{Row}}],""");
                await c.Response.Body.FlushAsync();
                await firstRowReceived.Task;
                await c.Response.WriteAsync("""  "errors":["Service temporarily unavailable"]}""");
            },
            c => c.RespondAsync(200, Fixture));
        var received = new List<UserBasedStatisticsRow>();
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await foreach (var row in client.GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken))
            {
                received.Add(row);
                firstRowReceived.TrySetResult();
            }
        });

        Assert.Equal(2, received.Count);
        Assert.True(ex.IsTransient);
        Assert.Equal("Service temporarily unavailable", ex.VendorMessage);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_stream_that_stalls_after_a_row_is_cut_by_the_idle_timeout_without_a_retry()
    {
        await using var server = await SequenceAsync(StallAfterAsync($$"""{"response":[{{Row}},"""), c => c.RespondAsync(200, Fixture));
        var received = new List<UserBasedStatisticsRow>();
        using var client = Client(server, o => o.StreamIdleTimeout = TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await foreach (var row in client.GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken))
            {
                received.Add(row);
            }
        });

        Assert.Single(received);
        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    /// <summary>A server whose n-th request gets the n-th answer (the last one again once they run out).</summary>
    private static Task<LoopbackServer> SequenceAsync(params Func<HttpContext, Task>[] answers)
    {
        var count = 0;
        return LoopbackServer.StartAsync((_, context) => answers[Math.Min(Interlocked.Increment(ref count), answers.Length) - 1](context));
    }

    /// <summary>Sends the headers and <paramref name="text"/>, then nothing until the client gives up.</summary>
    private static Func<HttpContext, Task> StallAfterAsync(string text) => async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        await context.Response.WriteAsync(text);
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client closed the connection.
        }
    };
}
