using System.Net;
using System.Net.Sockets;
using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Http;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Http;

public sealed class VendorRequestPipelineTests
{
    private static readonly Instant Now = Instant.FromUtc(2024, 3, 11, 9, 0);
    private const string Secret = "hunter2-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Error_status_becomes_the_vendor_exception_with_code_message_and_request_id()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers["X-Request-Id"] = "req-123";
            await context.RespondAsync(400, """{"error": {"code": 111, "msg": "Invalid date format"}}""");
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal("Acme", ex.Vendor);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("111", ex.VendorCode);
        Assert.Equal("Invalid date format", ex.VendorMessage);
        Assert.Equal("req-123", ex.RequestId);
        Assert.False(ex.IsTransient);
        Assert.Equal("Acme request failed (HTTP 400): 111: Invalid date format. Request id: req-123.", ex.Message);
    }

    [Fact]
    public async Task Error_inside_an_http_200_body_is_found()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"error": {"code": 340, "msg": "Rate limit"}}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("340", ex.VendorCode);
    }

    [Theory]
    [InlineData(429, VendorErrorKind.RateLimited, true)]
    [InlineData(500, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(503, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(401, VendorErrorKind.Authentication, false)]
    [InlineData(403, VendorErrorKind.PermissionDenied, false)]
    [InlineData(404, VendorErrorKind.NotFound, false)]
    [InlineData(418, VendorErrorKind.Unknown, false)]
    public async Task Status_without_an_envelope_is_classified_by_status(int status, VendorErrorKind kind, bool transient)
    {
        await using var server = await LoopbackServer.StartAsync(status, "<html>proxy error</html>", "text/html");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Empty(ex.Errors);
        Assert.Equal("<html>proxy error</html>", ex.RawBody);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_kept()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "30";
            await context.RespondAsync(429, "{}");
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal(Duration.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_measured_from_the_clock()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "Mon, 11 Mar 2024 09:02:00 GMT";
            await context.RespondAsync(503, "{}");
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal(Duration.FromMinutes(2), ex.RetryAfter);
    }

    [Fact]
    public async Task Secrets_and_query_strings_never_reach_the_exception()
    {
        await using var server = await LoopbackServer.StartAsync(400, $$$"""{"error": {"code": 101, "msg": "bad password {{{Secret}}}"}}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, query: Secret));

        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.RawBody!, StringComparison.Ordinal);
        Assert.Equal("bad password ***", ex.VendorMessage);
        Assert.Equal("/stats/calls", ex.RequestPath);
        Assert.Equal("GET", ex.RequestMethod);
    }

    [Fact]
    public async Task Raw_body_is_capped()
    {
        await using var server = await LoopbackServer.StartAsync(500, new string('x', 100_000), "text/plain");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal(VendorApiException.MaxRawBodyLength, ex.RawBody!.Length);
    }

    [Fact]
    public async Task Malformed_success_body_is_an_invalid_response_with_the_body_start()
    {
        await using var server = await LoopbackServer.StartAsync(200, "<html>login page</html>", "text/html");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal("<html>login page</html>", ex.RawBody);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task Unreachable_vendor_is_a_transient_failure_without_status()
    {
        var port = FreePort();
        var pipeline = Pipeline(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => pipeline.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "x"), Ct));

        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task Timeout_is_a_transient_failure_but_caller_cancellation_is_not_wrapped()
    {
        var release = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            await release.Task;
            await context.RespondAsync(200, "{}");
        });
        var pipeline = Pipeline(new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(50) });

        var timeout = await Assert.ThrowsAsync<VendorApiException>(() => pipeline.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "x"), Ct));
        using var cts = new CancellationTokenSource();
        var patient = Pipeline(new HttpClient { BaseAddress = server.BaseAddress });
        var call = patient.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "x"), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        release.SetResult();

        Assert.True(timeout.IsTransient);
        Assert.Contains("timed out", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_bearer_token_in_a_200_body_is_replaced_and_the_request_sent_once_more()
    {
        var responses = new Queue<string>([
            """{"error": {"code": 100, "msg": "Authorization failed"}}""",
            """{"result": {"calls": 5}}""",
        ]);
        await using var server = await LoopbackServer.StartAsync((_, context) => context.RespondAsync(200, responses.Dequeue()));
        var tokens = new NumberedTokenSource();

        var result = await JsonPipeline(server, tokens);

        Assert.Equal(5, result);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Rejected_bearer_token_on_401_is_replaced_and_the_request_sent_once_more()
    {
        var statuses = new Queue<int>([401, 200]);
        await using var server = await LoopbackServer.StartAsync((_, context) =>
            context.RespondAsync(statuses.Dequeue(), """{"result": {"calls": 9}}"""));
        var tokens = new NumberedTokenSource();

        Assert.Equal(9, await JsonPipeline(server, tokens));
        Assert.Equal(["Bearer token-1", "Bearer token-2"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Second_rejection_fails_without_a_third_request()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"error": {"code": 100, "msg": "Authorization failed"}}""");
        var tokens = new NumberedTokenSource();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => JsonPipeline(server, tokens));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal(2, server.Requests.Count);
        Assert.DoesNotContain("token-", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_token_echoed_by_the_vendor_is_redacted()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(400, $$$"""{"error": {"code": 101, "msg": "bad header {{{request.Authorization}}}"}}"""));
        var tokens = new NumberedTokenSource();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => JsonPipeline(server, tokens));

        Assert.Equal("bad header Bearer ***", ex.VendorMessage);
        Assert.DoesNotContain("token-1", ex.RawBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_without_a_bearer_token_is_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync(401, "{}");

        await Assert.ThrowsAsync<VendorApiException>(() => Send(server));

        Assert.Single(server.Requests);
    }

    private static async Task<long> JsonPipeline(LoopbackServer server, BearerTokenSource tokens)
    {
        var http = new HttpClient(new BearerTokenHandler(tokens) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };
        var envelope = await Pipeline(http).SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Get, "stats/calls"),
            AcmeJsonContext.Default.AcmeEnvelope,
            AcmeErrorPolicy.ToReport,
            Ct);
        return envelope.Result!.Calls;
    }

    private static async Task<long> Send(LoopbackServer server, string query = "q")
    {
        var pipeline = Pipeline(new HttpClient { BaseAddress = server.BaseAddress });
        var envelope = await pipeline.SendJsonAsync(
            () => new HttpRequestMessage(HttpMethod.Get, "stats/calls?key=" + query),
            AcmeJsonContext.Default.AcmeEnvelope,
            AcmeErrorPolicy.ToReport,
            Ct);
        return envelope.Result!.Calls;
    }

    private static VendorRequestPipeline Pipeline(HttpClient http) =>
        new(() => http, new AcmeErrorPolicy(), new FakeClock(Now), new Redaction([Secret]));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class NumberedTokenSource() : BearerTokenSource(new FakeClock(Now))
    {
        private int _issued;

        protected override Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccessToken($"token-{Interlocked.Increment(ref _issued)}", Now + Duration.FromHours(1)));
    }
}
