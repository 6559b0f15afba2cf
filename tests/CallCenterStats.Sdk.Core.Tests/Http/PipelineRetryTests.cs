using System.Net;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>Which failures the one pipeline retries, how often, after how long, and which it never repeats.</summary>
public sealed class PipelineRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_503_then_a_200_is_two_requests_and_a_success()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((503, "{}"), (200, AcmeKit.Calls(7))));
        using var client = AcmeKit.Client(server);

        var calls = await client.GetCallsAsync(AcmeKit.Request, Ct);

        Assert.Equal(7, calls.Calls);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task Other_transient_statuses_are_retried_too(int status)
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((status, "{}"), (200, AcmeKit.Calls(7))));
        using var client = AcmeKit.Client(server);

        Assert.Equal(7, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_retry_after_in_seconds_waits_that_long_then_retries()
    {
        await using var server = await LoopbackServer.StartAsync(InTurnWithHeader("30", (429, "{}"), (200, AcmeKit.Calls(7))));
        var time = new InstantDelays();
        using var client = AcmeKit.Client(server, NoTimeouts, new VendorClientServices { TimeProvider = time });

        var calls = await client.GetCallsAsync(AcmeKit.Request, Ct);

        Assert.Equal(7, calls.Calls);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(30)], time.Delays);
    }

    [Fact]
    public async Task A_429_with_retry_after_as_an_http_date_waits_until_that_date_on_the_clock()
    {
        await using var server = await LoopbackServer.StartAsync(InTurnWithHeader("Mon, 11 Mar 2024 09:01:30 GMT", (429, "{}"), (200, AcmeKit.Calls(7))));
        var time = new InstantDelays();
        using var client = AcmeKit.Client(
            server,
            NoTimeouts,
            new VendorClientServices { TimeProvider = time, Clock = new FakeClock(Instant.FromUtc(2024, 3, 11, 9, 0)) });

        var calls = await client.GetCallsAsync(AcmeKit.Request, Ct);

        Assert.Equal(7, calls.Calls);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(90)], time.Delays);
    }

    [Fact]
    public async Task A_retry_after_date_already_past_retries_at_once()
    {
        await using var server = await LoopbackServer.StartAsync(InTurnWithHeader("Mon, 11 Mar 2024 08:00:00 GMT", (503, "{}"), (200, AcmeKit.Calls(7))));
        var time = new InstantDelays();
        using var client = AcmeKit.Client(
            server,
            NoTimeouts,
            new VendorClientServices { TimeProvider = time, Clock = new FakeClock(Instant.FromUtc(2024, 3, 11, 9, 0)) });

        Assert.Equal(7, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.All(time.Delays, d => Assert.Equal(TimeSpan.Zero, d));
    }

    [Fact]
    public async Task Without_retry_after_the_waits_grow_exponentially_up_to_the_maximum()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((503, "{}"), (503, "{}"), (503, "{}"), (503, "{}"), (200, AcmeKit.Calls(7))));
        var time = new InstantDelays();
        using var client = AcmeKit.Client(
            server,
            o =>
            {
                NoTimeouts(o);
                o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
                o.Retry.MaxDelay = TimeSpan.FromSeconds(5);
                o.Retry.UseJitter = false;
            },
            new VendorClientServices { TimeProvider = time });

        Assert.Equal(7, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.Equal([1, 2, 4, 5], time.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task Jitter_keeps_each_wait_between_half_and_all_of_the_computed_one()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((503, "{}"), (503, "{}"), (503, "{}"), (200, AcmeKit.Calls(7))));
        var time = new InstantDelays();
        using var client = AcmeKit.Client(
            server,
            o =>
            {
                NoTimeouts(o);
                o.Retry.BaseDelay = TimeSpan.FromSeconds(2);
                o.Retry.MaxDelay = TimeSpan.FromSeconds(60);
            },
            new VendorClientServices { TimeProvider = time });

        await client.GetCallsAsync(AcmeKit.Request, Ct);

        Assert.Collection(
            time.Delays,
            d => Assert.InRange(d.TotalSeconds, 1, 2),
            d => Assert.InRange(d.TotalSeconds, 2, 4),
            d => Assert.InRange(d.TotalSeconds, 4, 8));
    }

    [Fact]
    public async Task A_retry_after_above_the_cap_fails_at_once_and_says_how_long_the_vendor_asked_for()
    {
        await using var server = await LoopbackServer.StartAsync(InTurnWithHeader("600", (429, "{}"), (200, AcmeKit.Calls(7))));
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetryAfter = TimeSpan.FromMinutes(1));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(Duration.FromMinutes(10), ex.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(340, VendorErrorKind.RateLimited)]
    [InlineData(162, VendorErrorKind.ServiceUnavailable)]
    public async Task A_vendor_transient_error_inside_a_200_body_is_retried(int code, VendorErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((200, AcmeKit.Error(code, "Try later")), (200, AcmeKit.Calls(7))));
        using var client = AcmeKit.Client(server);

        Assert.Equal(7, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.Equal(2, server.Requests.Count);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => ErrorOnceAsync(code));
        Assert.Equal(kind, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData(400, VendorErrorKind.InvalidRequest)]
    [InlineData(402, VendorErrorKind.PermissionDenied)]
    [InlineData(403, VendorErrorKind.PermissionDenied)]
    [InlineData(401, VendorErrorKind.Authentication)]
    [InlineData(404, VendorErrorKind.NotFound)]
    public async Task A_permanent_failure_is_exactly_one_request(int status, VendorErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(status, AcmeKit.Error(111, "No"));
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(kind, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_permanent_error_inside_a_200_body_is_exactly_one_request()
    {
        await using var server = await LoopbackServer.StartAsync(200, AcmeKit.Error(111, "Invalid date"));
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Max_retries_bounds_the_attempts_to_one_more_than_it(int maxRetries)
    {
        await using var server = await LoopbackServer.StartAsync(503, "{}");
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetries = maxRetries);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.Equal(1 + maxRetries, server.Requests.Count);
    }

    [Fact]
    public async Task An_operation_that_is_not_safe_to_repeat_is_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((503, "{}"), (200, """{"result": {"text": "hi"}}""")));
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.SetGreetingAsync("hi", Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"text":"hi"}""", request.Body);
    }

    [Fact]
    public async Task A_body_cut_off_mid_way_is_a_transient_failure_and_retried()
    {
        await using var server = new RawHttpServer(n => n == 1
            ? RawHttpServer.CutOff("""{"result": {"calls": 7""")
            : RawHttpServer.Complete(AcmeKit.Calls(7)));
        using var client = AcmeClient.Create(AcmeKit.Options(server.BaseAddress));

        Assert.Equal(7, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_body_always_cut_off_fails_as_service_unavailable_and_transient()
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.CutOff("""{"result": {"calls": 7"""));
        using var client = AcmeClient.Create(AcmeKit.Options(server.BaseAddress, o => o.Retry.MaxRetries = 1));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("""{"result": {"calls": 7""", ex.RawBody);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_stream_that_fails_before_its_first_row_is_retried()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn(
            (503, "{}"),
            (200, AcmeKit.Error(340, "Rate limit")),
            (200, """{"rows": [{"agent": "a", "calls": 1}, {"agent": "b", "calls": 2}]}""")));
        using var client = AcmeKit.Client(server);

        var rows = await client.GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct);

        Assert.Equal([new AcmeCallRow("a", 1), new AcmeCallRow("b", 2)], rows);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_stream_that_fails_after_its_first_row_ends_with_the_exception_and_is_not_repeated()
    {
        await using var server = new RawHttpServer(_ => RawHttpServer.CutOff("""{"rows": [{"agent": "a", "calls": 1}, {"agent": "b", """));
        using var client = AcmeClient.Create(AcmeKit.Options(server.BaseAddress));
        var rows = new List<AcmeCallRow>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await foreach (var row in client.GetCallRowsAsync(AcmeKit.Request, Ct))
            {
                rows.Add(row);
            }
        });

        Assert.Equal([new AcmeCallRow("a", 1)], rows);
        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task An_error_after_the_rows_of_a_stream_is_thrown_and_not_repeated()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"rows": [{"agent": "a", "calls": 1}], "error": {"code": 340, "msg": "Rate limit"}}""");
        using var client = AcmeKit.Client(server);
        var rows = new List<AcmeCallRow>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await foreach (var row in client.GetCallRowsAsync(AcmeKit.Request, Ct))
            {
                rows.Add(row);
            }
        });

        Assert.Equal([new AcmeCallRow("a", 1)], rows);
        Assert.Equal("340", ex.VendorCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_stream_sends_nothing_until_it_is_enumerated()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"rows": []}""");
        using var client = AcmeKit.Client(server);

        var rows = client.GetCallRowsAsync(AcmeKit.Request, Ct);
        Assert.Empty(server.Requests);

        Assert.Empty(await rows.ToListAsync(Ct));
        Assert.Single(server.Requests);
    }

    private static void NoTimeouts(AcmeOptions options)
    {
        options.AttemptTimeout = Timeout.InfiniteTimeSpan;
        options.OperationTimeout = Timeout.InfiniteTimeSpan;
    }

    private static Func<RecordedRequest, HttpContext, Task> InTurnWithHeader(string retryAfter, params (int Status, string Body)[] responses)
    {
        var inTurn = AcmeKit.InTurn(responses);
        return (request, context) =>
        {
            context.Response.Headers.RetryAfter = retryAfter;
            return inTurn(request, context);
        };
    }

    private static async Task ErrorOnceAsync(int code)
    {
        await using var server = await LoopbackServer.StartAsync(200, AcmeKit.Error(code, "Try later"));
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetries = 0);
        await client.GetCallsAsync(AcmeKit.Request, Ct);
    }
}
