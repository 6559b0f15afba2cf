using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using NodaTime;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>
/// What the one pipeline does with Thulium's failures: transient ones (5xx, 429, a 4xx/5xx code inside an HTTP 200
/// error envelope, a dropped connection, a body cut off, a stalled body) are retried, permanent ones are sent once.
/// Retry waits are cut to milliseconds (<see cref="FastRetry"/>).
/// </summary>
public sealed class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Envelope(int code, string message, string requestId = "r-1") =>
        $$"""{"request_id":"{{requestId}}","errors":[{"message":"{{message}}","code":{{code}}}]}""";

    /// <summary>Answers one request with a failure of the named kind.</summary>
    internal static async Task FailAsync(string failure, HttpContext context)
    {
        switch (failure)
        {
            case "503":
                await context.RespondAsync(503, "<html>Service Unavailable</html>", "text/html");
                break;
            case "500 with envelope":
                await context.RespondAsync(500, Envelope(500, "Internal error"));
                break;
            case "429 with Retry-After":
                context.Response.Headers.RetryAfter = "0";
                await context.RespondAsync(429, Envelope(429, "Too many requests"));
                break;
            case "429 code in a 200 body":
                await context.RespondAsync(200, Envelope(429, "Too many requests"));
                break;
            case "503 code in a 200 body":
                await context.RespondAsync(200, Envelope(503, "Service temporarily unavailable"));
                break;
            case "dropped connection":
                context.Abort();
                break;
            case "body cut off":
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 4096;
                await context.Response.WriteAsync("""[{"agent":{"login":"cut""");
                await context.Response.Body.FlushAsync();
                context.Abort();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(failure), failure, null);
        }
    }

    /// <summary>Sends the status line and headers, then nothing until the client gives up.</summary>
    internal static async Task StallAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        await context.Response.WriteAsync("[");
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Theory]
    [InlineData("503")]
    [InlineData("500 with envelope")]
    [InlineData("429 with Retry-After")]
    [InlineData("429 code in a 200 body")]
    [InlineData("503 code in a 200 body")]
    [InlineData("dropped connection")]
    [InlineData("body cut off")]
    public async Task A_transient_failure_is_retried_and_the_call_then_succeeds(string failure)
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((_, context) =>
            Interlocked.Increment(ref calls) <= 2 ? FailAsync(failure, context) : context.RespondAsync(200, TestFiles.Fixture("thulium_report_day.json")));
        using var client = Client(server);

        var page = await client.GetAgentsWorkReportPageAsync(Request(), 0, 100, Ct);

        Assert.Equal("jkowalski", Assert.Single(page.Rows).Agent.Login);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_failure_that_persists_is_retried_max_retries_times_then_thrown_as_transient()
    {
        await using var server = await LoopbackServer.StartAsync(200, Envelope(503, "Service temporarily unavailable", "r-busy"));
        var options = Options(server.BaseAddress);
        options.Retry.MaxRetries = 2;
        using var client = ThuliumClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, Ct));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("r-busy", ex.RequestId);
    }

    [Theory]
    [InlineData(400, 400, VendorErrorKind.InvalidRequest)]
    [InlineData(401, 401, VendorErrorKind.Authentication)]
    [InlineData(402, 402, VendorErrorKind.PermissionDenied)]
    [InlineData(403, 403, VendorErrorKind.PermissionDenied)]
    [InlineData(404, 404, VendorErrorKind.NotFound)]
    [InlineData(200, 400, VendorErrorKind.InvalidRequest)]
    [InlineData(200, 401, VendorErrorKind.Authentication)]
    [InlineData(200, 403, VendorErrorKind.PermissionDenied)]
    [InlineData(200, 1001, VendorErrorKind.Unknown)]
    public async Task A_permanent_failure_is_sent_exactly_once(int status, int code, VendorErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(status, Envelope(code, "Rejected", "r-once"));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, Ct));

        Assert.Single(server.Requests);
        Assert.Equal(kind, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("r-once", ex.RequestId);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
    }

    [Fact]
    public async Task A_stream_whose_first_page_fails_permanently_sends_one_request()
    {
        await using var server = await LoopbackServer.StartAsync(401, Envelope(401, "Unauthorized"));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () => await client.GetAgentsWorkReportAsync(Request(), Ct).ToListAsync(Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_for_and_is_reported()
    {
        await using var server = await LoopbackServer.StartAsync((_, context) =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return context.RespondAsync(429, Envelope(429, "Too many requests"));
        });
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, Ct));

        Assert.Single(server.Requests);
        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(Duration.FromHours(1), ex.RetryAfter);
    }

    [Fact]
    public async Task A_stalled_body_is_cut_by_the_attempt_timeout_as_a_transient_timeout()
    {
        await using var server = await LoopbackServer.StartAsync((_, context) => StallAsync(context));
        var options = Options(server.BaseAddress);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        options.Retry.MaxRetries = 0;
        using var client = ThuliumClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_stalled_attempt_is_retried_and_the_next_attempt_succeeds()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((_, context) =>
            Interlocked.Increment(ref calls) == 1 ? StallAsync(context) : context.RespondAsync(200, TestFiles.Fixture("thulium_report_day.json")));
        var options = Options(server.BaseAddress);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        using var client = ThuliumClient.Create(options);

        var rows = await client.GetAgentsWorkReportAsync(Request(), Ct).ToListAsync(Ct);

        Assert.Equal("jkowalski", Assert.Single(rows).Agent.Login);
        Assert.Equal(2, server.Requests.Count);
    }
}
