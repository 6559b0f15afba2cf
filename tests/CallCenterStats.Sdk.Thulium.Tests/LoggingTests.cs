using System.Text;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>
/// The password must never reach a log line, neither as written nor inside the <c>Authorization: Basic</c> header
/// (base64 of <c>user:password</c>), which IHttpClientFactory's logging writes at Trace level with its value redacted.
/// </summary>
public sealed class LoggingTests
{
    private static readonly string EncodedCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    private static readonly Action<ILogger, string, Exception?> LogFailure =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(1, "ThuliumCallFailed"), "Thulium call failed: {Message}");

    [Fact]
    public async Task Logs_of_a_successful_call_never_contain_the_credentials()
    {
        await using var server = await LoopbackServer.StartAsync(200, TestFiles.Fixture("thulium_report_day.json"));

        var logs = await CallAndCaptureLogsAsync(server);

        Assert.Contains("GET " + server.BaseAddress + "api/agents_work_report", logs, StringComparison.Ordinal);
        // The header is logged (Trace), so the test would see it if its value were not redacted.
        Assert.Contains("Authorization", logs, StringComparison.Ordinal);
        Assert.Equal("Basic " + EncodedCredentials, Assert.Single(server.Requests).Authorization);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Logs_of_a_failed_call_never_contain_the_credentials_even_when_the_server_echoes_them()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(401, $$"""{"request_id":"r1","errors":[{"message":"Bad login {{Password}} ({{request.Authorization}})","code":401}]}"""));

        var logs = await CallAndCaptureLogsAsync(server, expectFailure: true);

        Assert.Contains("401", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    private static async Task<string> CallAndCaptureLogsAsync(LoopbackServer server, bool expectFailure = false)
    {
        var captured = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));
        services.AddThuliumClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Username = Username;
            o.Password = Password;
        });
        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            var call = provider.GetRequiredService<ThuliumClient>().GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken).AsTask();
            if (expectFailure)
            {
                var ex = await Assert.ThrowsAsync<VendorApiException>(() => call);

                // What an application typically logs on failure: the exception.
                LogFailure(provider.GetRequiredService<ILogger<LoggingTests>>(), ex.Message, ex);
            }
            else
            {
                await call;
            }
        }

        Assert.NotEmpty(captured.Entries);
        return captured.AllText;
    }

    private static void AssertNoSecret(string logs)
    {
        Assert.DoesNotContain(Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(EncodedCredentials, logs, StringComparison.Ordinal);
    }
}
