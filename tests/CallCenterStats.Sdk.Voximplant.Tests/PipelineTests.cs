using System.Globalization;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// What the one request pipeline does with Voximplant's failures: its "try later" codes inside HTTP 200 bodies, HTTP 429
/// with <c>Retry-After</c> and 5xx are retried until the call succeeds; bad input, permissions and bad credentials are
/// sent once (plus the one re-minted token after code 100); a stalled answer is cut by <c>AttemptTimeout</c>. Retry
/// waits are read from a <see cref="RecordingTimeProvider"/>: asserted exactly, never slept.
/// </summary>
public sealed class PipelineTests
{
    private static readonly string Fixture = Harness.Fixture("voximplant_user_day.json");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Func<HttpContext, Task> Ok => context => context.RespondAsync(200, Fixture);

    private static Func<HttpContext, Task> Code(int code, string message = "Something went wrong") =>
        context => context.RespondAsync(200, $$$"""{"error":{"code":{{{code}}},"msg":"{{{message}}}"}}""");

    private static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers["Retry-After"] = retryAfter;
        }

        return context.RespondAsync(status, "Try later.", "text/plain");
    };

    /// <summary>Sends the status line, the headers and the start of the body, then nothing until the client gives up.</summary>
    private static Func<HttpContext, Task> StallAfterHeaders => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"result": [{"user_id": 487576, "statistics": [""", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await WaitForTheClientToLeaveAsync(context);
    };

    private static Func<HttpContext, Task> StallBeforeHeaders => WaitForTheClientToLeaveAsync;

    /// <summary>Sends the start of the body, then drops the connection.</summary>
    private static Func<HttpContext, Task> CutOff => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Fixture.Length;
        await context.Response.WriteAsync(Fixture[..40], context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    };

    private static async Task WaitForTheClientToLeaveAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client cut the attempt, as it should.
        }
    }

    private sealed record Run(AcdOperatorStatusStatistics? Result, VendorApiException? Error, IReadOnlyList<RecordedRequest> Requests, IReadOnlyList<TimeSpan> Waits);

    /// <summary>
    /// Calls the client once against a server that gives the n-th request the n-th answer (the last one from then on).
    /// Waits go through a <see cref="RecordingTimeProvider"/> unless <paramref name="realTime"/> (needed for attempt timeouts).
    /// </summary>
    private static async Task<Run> RunAsync(Func<HttpContext, Task>[] answers, Action<VoximplantOptions>? configure = null, bool realTime = false)
    {
        var count = 0;
        await using var server = await LoopbackServer.StartAsync((_, context) => answers[Math.Min(Interlocked.Increment(ref count), answers.Length) - 1](context));
        var time = new RecordingTimeProvider();
        await using var provider = Harness.Provider(
            server.BaseAddress,
            configure: options =>
            {
                if (!realTime)
                {
                    RecordingTimeProvider.WithoutTimeouts(options);
                }

                configure?.Invoke(options);
            },
            register: services =>
            {
                if (!realTime)
                {
                    services.AddSingleton<TimeProvider>(time);
                }
            });
        var client = provider.GetRequiredService<VoximplantClient>();
        try
        {
            var result = await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, Ct);
            return new Run(result, null, server.Requests, time.Waits);
        }
        catch (VendorApiException ex)
        {
            return new Run(null, ex, server.Requests, time.Waits);
        }
    }

    private static void AssertSucceeded(Run run, int requests)
    {
        Assert.Null(run.Error);
        Assert.Equal([487576L, 487581L], run.Result!.Groups.Select(g => g.UserId));
        Assert.Equal(requests, run.Requests.Count);

        // A retry sends the same request again.
        Assert.All(run.Requests, r => Assert.Equal(run.Requests[0].Body, r.Body));
    }

    // ---- transient failures: retried, then the call succeeds ----

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(162)]
    [InlineData(314)]
    [InlineData(340)]
    public async Task Transient_code_inside_HTTP_200_is_retried_with_backoff_and_the_call_succeeds(int code)
    {
        var run = await RunAsync([Code(code), Code(code), Ok]);

        AssertSucceeded(run, requests: 3);
        // Exponential backoff from BaseDelay (1 ms here) up to MaxDelay (5 ms), with jitter: no Retry-After to honour.
        Assert.All(run.Waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromMilliseconds(5)));
    }

    [Fact]
    public async Task Code_416_waits_the_seconds_its_message_asks_for_then_succeeds()
    {
        var run = await RunAsync([Code(416, "Repeat the request after 17 seconds"), Ok]);

        AssertSucceeded(run, requests: 2);
        Assert.Equal([TimeSpan.FromSeconds(17)], run.Waits);
    }

    [Fact]
    public async Task HTTP_429_waits_its_Retry_After_seconds_then_succeeds()
    {
        var run = await RunAsync([Status(429, "7"), Ok]);

        AssertSucceeded(run, requests: 2);
        Assert.Equal([TimeSpan.FromSeconds(7)], run.Waits);
    }

    [Fact]
    public async Task HTTP_429_waits_until_its_Retry_After_date_on_the_client_clock_then_succeeds()
    {
        var date = (Harness.Now + Duration.FromSeconds(20)).ToDateTimeOffset().ToString("R", CultureInfo.InvariantCulture);

        var run = await RunAsync([Status(429, date), Ok]);

        AssertSucceeded(run, requests: 2);
        Assert.Equal([TimeSpan.FromSeconds(20)], run.Waits);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task HTTP_408_and_5xx_are_retried_and_the_call_succeeds(int status)
    {
        var run = await RunAsync([Status(status), Ok]);

        AssertSucceeded(run, requests: 2);
    }

    [Fact]
    public async Task HTTP_503_with_Voximplant_envelope_of_a_permanent_code_is_still_retried()
    {
        var run = await RunAsync([context => context.RespondAsync(503, """{"error":{"code":101,"msg":"Invalid arguments"}}"""), Ok]);

        AssertSucceeded(run, requests: 2);
    }

    [Fact]
    public async Task An_answer_cut_off_mid_body_is_retried_and_the_call_succeeds()
    {
        var run = await RunAsync([CutOff, Ok]);

        AssertSucceeded(run, requests: 2);
    }

    [Fact]
    public async Task An_answer_cut_off_mid_body_is_a_transient_failure()
    {
        var run = await RunAsync([CutOff], o => o.Retry.MaxRetries = 0);

        Assert.Equal(VendorErrorKind.ServiceUnavailable, run.Error!.Kind);
        Assert.True(run.Error.IsTransient);
        Assert.Single(run.Requests);
    }

    [Fact]
    public async Task A_mix_of_transient_failures_is_retried_up_to_MaxRetries_and_the_call_succeeds()
    {
        var run = await RunAsync([Status(503), Code(340), Status(429, "1"), CutOff, Code(416, "Repeat the request after 2 seconds"), Ok]);

        AssertSucceeded(run, requests: 6);
        Assert.Contains(TimeSpan.FromSeconds(1), run.Waits);
        Assert.Contains(TimeSpan.FromSeconds(2), run.Waits);
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_with_the_last_failure()
    {
        var run = await RunAsync([Code(162)], o => o.Retry.MaxRetries = 2);

        Assert.Equal(3, run.Requests.Count);
        Assert.Equal("162", run.Error!.VendorCode);
        Assert.True(run.Error.IsTransient);
    }

    [Fact]
    public async Task MaxRetries_0_sends_a_transient_failure_once()
    {
        var run = await RunAsync([Code(314), Ok], o => o.Retry.MaxRetries = 0);

        Assert.Single(run.Requests);
        Assert.Equal(VendorErrorKind.RateLimited, run.Error!.Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_wait_longer_than_MaxRetryAfter_fails_at_once_saying_how_long_to_wait(bool inHeader)
    {
        var run = await RunAsync(
            [inHeader ? Status(429, "600") : Code(416, "Repeat the request after 600 seconds"), Ok],
            o => o.Retry.MaxRetryAfter = TimeSpan.FromMinutes(5));

        Assert.Single(run.Requests);
        Assert.True(run.Error!.IsTransient);
        Assert.Equal(Duration.FromMinutes(10), run.Error.RetryAfter);
        Assert.Empty(run.Waits);
    }

    // ---- permanent failures: sent once ----

    [Theory]
    [InlineData(101, VendorErrorKind.InvalidRequest)]
    [InlineData(104, VendorErrorKind.PermissionDenied)]
    [InlineData(111, VendorErrorKind.InvalidRequest)]
    [InlineData(117, VendorErrorKind.InvalidRequest)]
    [InlineData(123, VendorErrorKind.InvalidRequest)]
    [InlineData(227, VendorErrorKind.InvalidRequest)]
    [InlineData(228, VendorErrorKind.InvalidRequest)]
    [InlineData(569, VendorErrorKind.InvalidRequest)]
    [InlineData(999, VendorErrorKind.Unknown)]
    public async Task Bad_parameters_permissions_and_unknown_codes_are_sent_once(int code, VendorErrorKind kind)
    {
        var run = await RunAsync([Code(code), Ok]);

        Assert.Single(run.Requests);
        Assert.Equal(kind, run.Error!.Kind);
        Assert.False(run.Error.IsTransient);
    }

    [Theory]
    [InlineData(400, VendorErrorKind.InvalidRequest)]
    [InlineData(402, VendorErrorKind.PermissionDenied)]
    [InlineData(403, VendorErrorKind.PermissionDenied)]
    [InlineData(404, VendorErrorKind.NotFound)]
    public async Task HTTP_400_402_403_and_404_are_sent_once(int status, VendorErrorKind kind)
    {
        var run = await RunAsync([Status(status), Ok]);

        Assert.Single(run.Requests);
        Assert.Equal(kind, run.Error!.Kind);
        Assert.False(run.Error.IsTransient);
    }

    [Fact]
    public async Task Code_100_re_mints_the_token_once_and_then_fails_with_Authentication()
    {
        var run = await RunAsync([Code(100, "Authorization failed")]);

        Assert.Equal(2, run.Requests.Count);
        Assert.NotEqual(Harness.BearerToken(run.Requests[0]), Harness.BearerToken(run.Requests[1]));
        Assert.Equal(VendorErrorKind.Authentication, run.Error!.Kind);
        Assert.False(run.Error.IsTransient);
        Assert.Empty(run.Waits); // the re-send after a rejected token does not wait
    }

    [Fact]
    public async Task HTTP_401_without_an_envelope_re_mints_the_token_once_too()
    {
        var run = await RunAsync([Status(401)]);

        Assert.Equal(2, run.Requests.Count);
        Assert.NotEqual(Harness.BearerToken(run.Requests[0]), Harness.BearerToken(run.Requests[1]));
        Assert.Equal(VendorErrorKind.Authentication, run.Error!.Kind);
    }

    [Fact]
    public async Task The_re_send_after_code_100_is_not_a_retry_so_it_happens_with_MaxRetries_0()
    {
        var run = await RunAsync([Code(100, "Authorization failed"), Ok], o => o.Retry.MaxRetries = 0);

        AssertSucceeded(run, requests: 2);
    }

    [Fact]
    public async Task Code_100_after_a_transient_failure_still_gets_its_one_re_mint()
    {
        var run = await RunAsync([Code(162), Code(100, "Authorization failed"), Ok], o => o.Retry.MaxRetries = 1);

        AssertSucceeded(run, requests: 3);
        Assert.Equal(Harness.BearerToken(run.Requests[0]), Harness.BearerToken(run.Requests[1]));
        Assert.NotEqual(Harness.BearerToken(run.Requests[1]), Harness.BearerToken(run.Requests[2]));
    }

    // ---- timeouts ----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stalled_answer_is_cut_by_AttemptTimeout_as_a_transient_Timeout(bool afterHeaders)
    {
        var run = await RunAsync(
            [afterHeaders ? StallAfterHeaders : StallBeforeHeaders],
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
                o.Retry.MaxRetries = 0;
            },
            realTime: true);

        Assert.Single(run.Requests);
        Assert.Equal(VendorErrorKind.Timeout, run.Error!.Kind);
        Assert.True(run.Error.IsTransient);
        Assert.Contains("AttemptTimeout", run.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_answer_is_retried_and_the_call_succeeds()
    {
        var run = await RunAsync([StallAfterHeaders, Ok], o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300), realTime: true);

        AssertSucceeded(run, requests: 2);
    }
}
