using System.Net;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>How a failed answer becomes the one exception: kind, code, message, request id, raw body, redaction.</summary>
public sealed class PipelineErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_error_status_becomes_the_vendor_exception_with_code_message_and_request_id()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers["X-Request-Id"] = "req-123";
            await context.RespondAsync(400, """{"error": {"code": 111, "msg": "Invalid date format"}}""");
        });
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal("Acme", ex.Vendor);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("111", ex.VendorCode);
        Assert.Equal("Invalid date format", ex.VendorMessage);
        Assert.Equal("req-123", ex.RequestId);
        Assert.False(ex.IsTransient);
        Assert.Equal("GET", ex.RequestMethod);
        Assert.Equal("/stats/calls", ex.RequestPath);
        Assert.Equal("Acme request failed (HTTP 400): 111: Invalid date format. Request id: req-123.", ex.Message);
    }

    [Fact]
    public async Task An_error_inside_an_http_200_body_is_found()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"error": {"code": 340, "msg": "Rate limit"}}""");
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("340", ex.VendorCode);
        Assert.Equal("""{"error": {"code": 340, "msg": "Rate limit"}}""", ex.RawBody);
    }

    [Theory]
    [InlineData(429, VendorErrorKind.RateLimited, true)]
    [InlineData(500, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(503, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(401, VendorErrorKind.Authentication, false)]
    [InlineData(403, VendorErrorKind.PermissionDenied, false)]
    [InlineData(404, VendorErrorKind.NotFound, false)]
    [InlineData(418, VendorErrorKind.Unknown, false)]
    public async Task A_status_without_an_envelope_is_classified_by_the_status(int status, VendorErrorKind kind, bool transient)
    {
        await using var server = await LoopbackServer.StartAsync(status, "<html>proxy error</html>", "text/html");
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Empty(ex.Errors);
        Assert.Equal("<html>proxy error</html>", ex.RawBody);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_kept_on_the_exception()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "30";
            await context.RespondAsync(429, "{}");
        });
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(NodaTime.Duration.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task The_password_and_the_query_string_never_reach_the_exception()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(400, AcmeKit.Error(101, $"bad password {AcmeKit.Password} for {request.QueryString}")));
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request with { Queue = "q-marker" }, Ct));

        Assert.DoesNotContain(AcmeKit.Password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ss+w", ex.RawBody!, StringComparison.Ordinal);
        Assert.StartsWith("bad password *** for ?from=", ex.VendorMessage, StringComparison.Ordinal);
        Assert.Equal("/stats/calls", ex.RequestPath);
    }

    [Fact]
    public async Task The_raw_body_is_capped()
    {
        await using var server = await LoopbackServer.StartAsync(500, new string('x', 100_000), "text/plain");
        using var client = AcmeKit.Client(server, o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorApiException.MaxRawBodyLength, ex.RawBody!.Length);
    }

    [Fact]
    public async Task A_malformed_success_body_is_an_invalid_response_with_the_body_start_tried_once()
    {
        await using var server = await LoopbackServer.StartAsync(200, "<html>login page</html>", "text/html");
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("<html>login page</html>", ex.RawBody);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_reader_saying_why_an_answer_is_invalid_is_heard()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal("The answer could not be read: the answer has no \"result\".", ex.VendorMessage);
        Assert.Equal("{}", ex.RawBody);
    }

    [Fact]
    public async Task A_malformed_stream_is_an_invalid_response()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"rows": [{"agent": "a", "calls": "many"}]}""");
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct).AsTask());

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Requests_are_validated_before_anything_is_sent()
    {
        using var client = AcmeClient.Create(AcmeKit.Options(new Uri("http://127.0.0.1:9/")));

        Assert.Equal("request.Range", Assert.Throws<ArgumentException>(() => { _ = client.GetCallsAsync(new AcmeCallsRequest { Range = default }, Ct); }).ParamName);
        Assert.Equal("request.Queue", Assert.Throws<ArgumentException>(() => { _ = client.GetCallRowsAsync(AcmeKit.Request with { Queue = "a,b" }, Ct); }).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => { _ = client.GetCallsAsync(null!, Ct); }).ParamName);
    }
}
