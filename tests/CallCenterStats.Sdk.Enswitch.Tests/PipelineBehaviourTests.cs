using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// What Core's pipeline does with Enswitch's failures: a 5xx envelope code (inside HTTP 200 too), HTTP 5xx and 429, a
/// cut or stalled body are retried and the call then succeeds; the documented codes 400, 401, 402 and 404 are sent
/// once, whatever the HTTP status. Both operations are reads, safe to repeat in either request method. Retry waits are
/// a millisecond (<see cref="Enswitch.FastRetries"/>).
/// </summary>
public sealed class PipelineBehaviourTests
{
    private static readonly string QueueBody = TestFiles.Fixture("enswitch_queue.json");

    [Theory]
    [InlineData(EnswitchRequestMethod.Post)]
    [InlineData(EnswitchRequestMethod.Get)]
    public async Task A_5xx_code_inside_an_http_200_body_is_retried_and_the_call_then_succeeds(EnswitchRequestMethod method)
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Respond(200, ErrorBody("503", "Database busy")), Respond(200, ErrorBody("500", "")), Respond(200, QueueBody)));
        using var client = Enswitch.Client(server, method);

        var rows = await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(["1234567", "1234568"], rows.Select(r => r.DestinationNumber));
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal((server.Requests[0].Method, server.Requests[0].QueryString, server.Requests[0].Body), (r.Method, r.QueryString, r.Body)));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task An_http_server_error_without_an_envelope_is_retried_and_the_call_then_succeeds(int status)
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Respond(status, "<html>Bad gateway</html>", contentType: "text/html"), Respond(200, QueueBody)));
        using var client = Enswitch.Client(server);

        var rows = await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_the_call_then_succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Respond(429, "Too many requests", retryAfter: "0", contentType: "text/plain"), Respond(200, QueueBody)));
        using var client = Enswitch.Client(server);

        var rows = await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_ends_the_call_at_once()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Respond(429, "Too many requests", retryAfter: "600", contentType: "text/plain")));
        var options = Enswitch.Options(server.BaseAddress);
        options.Retry.MaxRetryAfter = TimeSpan.FromMinutes(2);
        using var client = EnswitchClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.Equal(NodaTime.Duration.FromMinutes(10), ex.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Transient_failures_are_retried_MaxRetries_times_then_reported()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Respond(200, ErrorBody("503", "Database busy"))));
        var options = Enswitch.Options(server.BaseAddress);
        options.Retry.MaxRetries = 2;
        using var client = EnswitchClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 5, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("Database busy", ex.VendorMessage);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_body_cut_off_mid_way_is_transient_and_retried()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(
            async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(QueueBody[..60]);
                await context.Response.Body.FlushAsync();
                context.Abort();
            },
            Respond(200, QueueBody)));
        using var client = Enswitch.Client(server);

        var rows = await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_stalled_body_is_cut_by_the_attempt_timeout_as_a_transient_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Stall));
        var options = Enswitch.Options(server.BaseAddress);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        options.Retry.MaxRetries = 0;
        using var client = EnswitchClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_stalled_attempt_is_retried_and_the_call_then_succeeds()
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Stall, Respond(200, QueueBody)));
        var options = Enswitch.Options(server.BaseAddress);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        using var client = EnswitchClient.Create(options);

        var rows = await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    public static TheoryData<string, int, VendorErrorKind> PermanentCodes => new()
    {
        { "400", 200, VendorErrorKind.InvalidRequest },
        { "401", 200, VendorErrorKind.Authentication },
        { "402", 200, VendorErrorKind.PermissionDenied },
        { "404", 200, VendorErrorKind.NotFound },
        { "400", 400, VendorErrorKind.InvalidRequest },
        { "401", 401, VendorErrorKind.Authentication },
        { "402", 402, VendorErrorKind.PermissionDenied },
        { "404", 404, VendorErrorKind.NotFound },
        { "404", 503, VendorErrorKind.NotFound },
    };

    [Theory]
    [MemberData(nameof(PermanentCodes))]
    public async Task A_documented_error_code_is_sent_exactly_once(string code, int status, VendorErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(Answers(Respond(status, ErrorBody(code, "Refused"))));
        using var client = Enswitch.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(kind, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Requests);
    }

    /// <summary>Answers the n-th request with the n-th answer, and every later one with the last.</summary>
    private static Func<RecordedRequest, HttpContext, Task> Answers(params Func<HttpContext, Task>[] answers)
    {
        var count = -1;
        return (_, context) => answers[Math.Min(Interlocked.Increment(ref count), answers.Length - 1)](context);
    }

    private static Func<HttpContext, Task> Respond(int status, string body, string? retryAfter = null, string contentType = "application/json") => context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return context.RespondAsync(status, body, contentType);
    };

    /// <summary>Sends the headers and the start of a body, then nothing until the client gives up.</summary>
    private static async Task Stall(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"responses\": [");
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client cut the attempt.
        }
    }

    private static string ErrorBody(string code, string message) =>
        $$"""{"responses": [{"code": "{{code}}", "key": "", "message": "{{message}}"}], "data": null}""";
}
