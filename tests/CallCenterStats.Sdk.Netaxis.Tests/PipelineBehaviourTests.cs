using System.Globalization;
using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.AspNetCore.Http;
using NodaTime;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>
/// What Core's pipeline does with Netaxis' failures: transient ones (5xx, 429, a cut or stalled body) are retried and
/// the call then succeeds; permanent ones (400, 403, 404, bad credentials) are sent once, plus exactly one token renewal
/// after a 401; the settings update (PUT) is never repeated except after a token rejection; login and refresh are
/// retried like any call. Retry waits are a millisecond (<see cref="NetaxisTestHost.FastRetries"/>).
/// </summary>
public sealed class PipelineBehaviourTests
{
    private const string LoginPath = "/api/v01/auth/login";
    private const string RefreshPath = "/api/v01/auth/access_token";
    private const string Unavailable = """{"error": "Service temporarily unavailable"}""";
    private const string ReportingBody = """{"generateDailyReport": true, "collectionPeriodMinutes": 15}""";

    private static readonly InstantRange January = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 2, 1, 0, 0));
    private static readonly string StatisticsBody = TestFiles.Fixture("netaxis_statistics.json");

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_server_error_is_retried_and_the_call_then_succeeds(int status)
    {
        await using var host = await StartAsync(Answers(Respond(status, Unavailable), Respond(status, Unavailable), Respond(200, StatisticsBody)));

        var statistics = await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        Assert.Equal(42, statistics.Queue!.CallsAnswered);
        Assert.Equal(3, host.Server.Requests.Count);
        Assert.All(host.Server.Requests, r => Assert.Equal(host.Server.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_it_gives_and_the_call_then_succeeds()
    {
        await using var host = await StartAsync(Answers(Respond(429, """{"error": "Too many requests"}""", retryAfter: "0"), Respond(200, StatisticsBody)));

        var statistics = await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        Assert.Equal(2, statistics.Agents.Count);
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Theory]
    [InlineData("600")]
    [InlineData("date")]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_ends_the_call_at_once_saying_how_long_to_wait(string retryAfter)
    {
        // As seconds or as an HTTP date ten minutes after the (fake) clock's now.
        var value = retryAfter == "date"
            ? (Now + Duration.FromMinutes(10)).ToDateTimeOffset().ToString("R", CultureInfo.InvariantCulture)
            : retryAfter;
        await using var host = await StartAsync(Answers(Respond(429, """{"error": "Too many requests"}""", value)), o => o.Retry.MaxRetryAfter = TimeSpan.FromMinutes(2));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(Duration.FromMinutes(10), ex.RetryAfter);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task Transient_failures_are_retried_MaxRetries_times_then_reported()
    {
        await using var host = await StartAsync(Answers(Respond(503, Unavailable)), o => o.Retry.MaxRetries = 3);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("Service temporarily unavailable", ex.VendorMessage);
        Assert.Equal(4, host.Server.Requests.Count);
    }

    [Fact]
    public async Task A_body_cut_off_mid_way_is_transient_and_retried()
    {
        await using var host = await StartAsync(Answers(
            async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(StatisticsBody[..40]);
                await context.Response.Body.FlushAsync();
                context.Abort();
            },
            Respond(200, StatisticsBody)));

        var statistics = await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        Assert.Equal(42, statistics.Queue!.CallsAnswered);
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Fact]
    public async Task A_stalled_body_is_cut_by_the_attempt_timeout_as_a_transient_timeout()
    {
        await using var host = await StartAsync(Answers(Stall), o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Retry.MaxRetries = 0;
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task A_stalled_attempt_is_retried_and_the_call_then_succeeds()
    {
        await using var host = await StartAsync(Answers(Stall, Respond(200, StatisticsBody)), o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var statistics = await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        Assert.Equal(42, statistics.Queue!.CallsAnswered);
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Theory]
    [InlineData(400, VendorErrorKind.InvalidRequest)]
    [InlineData(403, VendorErrorKind.PermissionDenied)]
    [InlineData(404, VendorErrorKind.NotFound)]
    public async Task A_permanent_failure_is_sent_exactly_once(int status, VendorErrorKind kind)
    {
        await using var host = await StartAsync(Answers(Respond(status, """{"errors": [{"message": "no", "details": "2: INVALID_PARAMETERS"}]}""")));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.Equal(kind, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task An_error_inside_a_200_body_is_not_retried()
    {
        await using var host = await StartAsync(Answers(Respond(200, """{"error": "BroadWorks unavailable"}""")));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.False(ex.IsTransient);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task A_401_is_answered_by_exactly_one_token_renewal_then_reported()
    {
        await using var host = await StartAsync(Apio(call: Answers(Respond(401, """{"msg": "Token has been revoked"}"""))), UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(
            [$"POST {LoginPath}", "GET statistics Bearer access-1", $"GET {RefreshPath} Bearer refresh-1", "GET statistics Bearer access-2"],
            Describe(host.Server.Requests));
    }

    [Fact]
    public async Task A_wrong_password_is_one_login_request_and_no_call()
    {
        await using var host = await StartAsync(Apio(login: Answers(Respond(401, """{"error": "Invalid credentials"}"""))), UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal([$"POST {LoginPath}"], Describe(host.Server.Requests));
    }

    [Fact]
    public async Task A_login_that_fails_transiently_is_retried_and_the_call_then_succeeds()
    {
        await using var host = await StartAsync(Apio(login: Answers(Respond(503, Unavailable), Respond(200, """{"access_token": "access-1", "refresh_token": "refresh-1"}"""))), UseLogin);

        var statistics = await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        Assert.Equal(42, statistics.Queue!.CallsAnswered);
        Assert.Equal([$"POST {LoginPath}", $"POST {LoginPath}", "GET statistics Bearer access-1"], Describe(host.Server.Requests));
    }

    [Fact]
    public async Task A_settings_update_answered_503_is_not_repeated()
    {
        await using var host = await StartAsync(Answers(Respond(503, Unavailable)));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { GenerateDailyReport = true }, Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task A_settings_update_cut_off_by_the_attempt_timeout_is_not_repeated()
    {
        await using var host = await StartAsync(Answers(Stall), o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { GenerateDailyReport = true }, Ct));

        Assert.Equal(VendorErrorKind.Timeout, ex.Kind);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task A_settings_update_whose_token_is_rejected_is_sent_again_once_with_a_new_token()
    {
        await using var host = await StartAsync(
            Apio(call: Answers(Respond(401, """{"msg": "Token has expired"}"""), Respond(200, ReportingBody))),
            UseLogin);

        var settings = await host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { GenerateDailyReport = true }, Ct);

        Assert.True(settings.GenerateDailyReport);
        Assert.Equal(
            [$"POST {LoginPath}", "PUT reporting Bearer access-1", $"GET {RefreshPath} Bearer refresh-1", "PUT reporting Bearer access-2"],
            Describe(host.Server.Requests));
        var puts = host.Server.Requests.Where(r => r.Method == "PUT").ToArray();
        Assert.Equal("""{"generateDailyReport":true}""", puts[0].Body);
        Assert.Equal(puts[0].Body, puts[1].Body);
    }

    /// <summary>Answers the n-th request with the n-th answer, and every later one with the last.</summary>
    private static Func<RecordedRequest, HttpContext, Task> Answers(params Func<HttpContext, Task>[] answers)
    {
        var count = -1;
        return (_, context) => answers[Math.Min(Interlocked.Increment(ref count), answers.Length - 1)](context);
    }

    private static Func<HttpContext, Task> Respond(int status, string body, string? retryAfter = null) => context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return context.RespondAsync(status, body);
    };

    /// <summary>Sends the headers and the start of a body, then nothing until the client gives up.</summary>
    private static async Task Stall(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"queueStatistics\": {");
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

    /// <summary>A fake APIO with login (access-N, refresh-1) and refresh (the next access-N); calls answered by <paramref name="call"/>.</summary>
    private static Func<RecordedRequest, HttpContext, Task> Apio(
        Func<RecordedRequest, HttpContext, Task>? login = null,
        Func<RecordedRequest, HttpContext, Task>? call = null)
    {
        var issued = 0;
        return (request, context) => request.Path switch
        {
            LoginPath => login is not null
                ? login(request, context)
                : context.RespondAsync(200, $$"""{"access_token": "access-{{Interlocked.Increment(ref issued)}}", "refresh_token": "refresh-1"}"""),
            RefreshPath => context.RespondAsync(200, $$"""{"access_token": "access-{{Interlocked.Increment(ref issued)}}"}"""),
            _ => call is not null ? call(request, context) : context.RespondAsync(200, StatisticsBody),
        };
    }

    private static string[] Describe(IEnumerable<RecordedRequest> requests) => requests
        .Select(r => r.Path.EndsWith("/instance_statistics_reporting/", StringComparison.Ordinal) ? $"{r.Method} reporting {r.Authorization}"
            : r.Path.EndsWith("/statistics/", StringComparison.Ordinal) ? $"{r.Method} statistics {r.Authorization}"
            : $"{r.Method} {r.Path}{(r.Authorization is null ? string.Empty : " " + r.Authorization)}")
        .ToArray();
}
