using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>The API token never reaches a log line, as written or inside the Basic header, even when echoed back.</summary>
public sealed class LoggingTests
{
    private static readonly Action<ILogger, string, Exception?> LogFailure =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(1, "VccLiveCallFailed"), "VCC Live call failed: {Message}");

    [Fact]
    public async Task Logs_of_a_successful_call_never_contain_the_token()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"));

        var logs = await CallAndCaptureLogsAsync(server);

        Assert.Contains("v2/statistics/userbased", logs, StringComparison.Ordinal);
        Assert.Contains("Authorization", logs, StringComparison.Ordinal);
        Assert.Equal(ExpectedAuthorization, Assert.Single(server.Requests).Authorization);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Logs_of_a_failed_call_never_contain_the_token_even_when_the_server_echoes_it()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(200, $$"""{"response":[],"errors":["Rejected {{ApiToken}} ({{request.Authorization}})"]}"""));

        var logs = await CallAndCaptureLogsAsync(server, expectFailure: true);

        Assert.Contains("Rejected", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    private static async Task<string> CallAndCaptureLogsAsync(LoopbackServer server, bool expectFailure = false)
    {
        var captured = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));
        services.AddVccLiveClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Customer = Customer;
            o.ApiToken = ApiToken;
        });
        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            var call = provider.GetRequiredService<VccLiveClient>().GetUserBasedStatisticsAsync(Request(), Ct).ToListAsync(Ct).AsTask();
            if (expectFailure)
            {
                var ex = await Assert.ThrowsAsync<VendorApiException>(() => call);
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
        Assert.DoesNotContain(ApiToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ExpectedAuthorization["Basic ".Length..], logs, StringComparison.Ordinal);
    }
}
