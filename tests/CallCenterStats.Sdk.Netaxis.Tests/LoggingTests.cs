using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>
/// The password and the tokens must never reach a log line: the password travels only in the login body, which
/// nothing logs, and the access and refresh tokens only in <c>Authorization</c> headers, whose values
/// IHttpClientFactory's logging redacts. Every logger (both named clients, at Trace) is captured.
/// </summary>
public sealed class LoggingTests
{
    private const string LoginPath = "/api/v01/auth/login";
    private const string RefreshPath = "/api/v01/auth/access_token";
    private const string AccessToken1 = "access-Logged-1111111111";
    private const string AccessToken2 = "access-Logged-2222222222";
    private const string RefreshToken = "refresh-Logged-3333333333";
    private const string ReportingBody = """{"generateDailyReport": false, "collectionPeriodMinutes": 30}""";

    [Fact]
    public async Task Login_refresh_and_calls_never_log_the_password_or_the_tokens()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) => request.Path switch
        {
            LoginPath => context.RespondAsync(200, $$"""{"access_token": "{{AccessToken1}}", "refresh_token": "{{RefreshToken}}", "expires_in": 600}"""),
            RefreshPath => context.RespondAsync(200, $$"""{"access_token": "{{AccessToken2}}", "expires_in": 600}"""),
            _ => context.RespondAsync(200, ReportingBody),
        });

        var logs = await CallAndCaptureLogsAsync(server, async (client, clock) =>
        {
            await client.GetStatisticsReportingAsync(CallCenter, Ct);
            clock.Advance(Duration.FromMinutes(9) + Duration.FromSeconds(1));
            await client.GetStatisticsReportingAsync(CallCenter, Ct);
        });

        // The calls were made and logged: login, the first call, the refresh and the second call.
        Assert.Equal(
            [$"POST {LoginPath} ", $"GET reporting Bearer {AccessToken1}", $"GET {RefreshPath} Bearer {RefreshToken}", $"GET reporting Bearer {AccessToken2}"],
            server.Requests.Select(r => r.Path.StartsWith("/api/v1/", StringComparison.Ordinal) ? $"{r.Method} reporting {r.Authorization}" : $"{r.Method} {r.Path} {r.Authorization}"));
        Assert.Contains("POST " + server.BaseAddress + "api/v01/auth/login", logs, StringComparison.Ordinal);
        Assert.Contains("GET " + server.BaseAddress + "api/v01/auth/access_token", logs, StringComparison.Ordinal);
        Assert.Contains("/instance_statistics_reporting/", logs, StringComparison.Ordinal);
        Assert.Contains("Authorization", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Failed_refresh_echoing_the_refresh_token_never_logs_it()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) => request.Path switch
        {
            LoginPath => context.RespondAsync(200, $$"""{"access_token": "{{AccessToken1}}", "refresh_token": "{{RefreshToken}}", "expires_in": 600}"""),
            RefreshPath => context.RespondAsync(503, $$"""{"error": "Unavailable for {{request.Authorization}}"}"""),
            _ => context.RespondAsync(200, ReportingBody),
        });

        VendorApiException? failure = null;
        var logs = await CallAndCaptureLogsAsync(server, async (client, clock) =>
        {
            await client.GetStatisticsReportingAsync(CallCenter, Ct);
            clock.Advance(Duration.FromMinutes(9) + Duration.FromSeconds(1));
            failure = await Assert.ThrowsAsync<VendorApiException>(() => client.GetStatisticsReportingAsync(CallCenter, Ct));
        });

        Assert.Contains("503", logs, StringComparison.Ordinal);
        Assert.Contains("Unavailable for Bearer ***", logs, StringComparison.Ordinal);
        Assert.True(server.Requests.Count(r => r.Path == RefreshPath) > 1, "the refresh is retried: every retry is logged");
        AssertNoSecret(logs);
        AssertNoSecret(failure!.ToString() + failure.RawBody);
    }

    [Fact]
    public async Task Refresh_answer_reporting_an_error_that_quotes_the_refresh_token_never_logs_it()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) => request.Path switch
        {
            LoginPath => context.RespondAsync(200, $$"""{"access_token": "{{AccessToken1}}", "refresh_token": "{{RefreshToken}}", "expires_in": 600}"""),
            RefreshPath => context.RespondAsync(200, $$"""{"access_token": "{{AccessToken2}}", "error": "cannot refresh {{request.Authorization}}"}"""),
            _ => context.RespondAsync(200, ReportingBody),
        });

        VendorApiException? failure = null;
        var logs = await CallAndCaptureLogsAsync(server, async (client, clock) =>
        {
            await client.GetStatisticsReportingAsync(CallCenter, Ct);
            clock.Advance(Duration.FromMinutes(9) + Duration.FromSeconds(1));
            failure = await Assert.ThrowsAsync<VendorApiException>(() => client.GetStatisticsReportingAsync(CallCenter, Ct));
        });

        Assert.Equal("cannot refresh Bearer ***", failure!.VendorMessage);
        Assert.Contains("cannot refresh Bearer ***", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
        AssertNoSecret(failure.ToString() + failure.RawBody);
    }

    private static async Task<string> CallAndCaptureLogsAsync(LoopbackServer server, Func<NetaxisClient, FakeClock, Task> calls)
    {
        var captured = new CapturingLoggerProvider();
        var clock = new FakeClock(Now);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));
        services.AddSingleton<IClock>(clock);
        services.AddNetaxisClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            UseLogin(o);
            FastRetries(o);
        });
        await using (var provider = services.BuildServiceProvider(Strict))
        {
            await calls(provider.GetRequiredService<NetaxisClient>(), clock);
        }

        Assert.NotEmpty(captured.Entries);
        return captured.AllText;
    }

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in new[] { Password, AccessToken1, AccessToken2, RefreshToken })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
