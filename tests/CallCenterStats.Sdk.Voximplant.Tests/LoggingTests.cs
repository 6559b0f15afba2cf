using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// The vendor's own client logs the bearer token; this one never does: neither the JWT it sends nor the service
/// account's private key reaches a log line, even at Trace level and even when the server echoes the token back.
/// </summary>
public sealed class LoggingTests
{
    private static readonly Action<ILogger, string, Exception?> LogFailure =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(1, "VoximplantCallFailed"), "Voximplant call failed: {Message}");

    [Fact]
    public async Task Logs_of_a_successful_call_never_contain_the_token_or_the_key()
    {
        await using var server = await LoopbackServer.StartAsync(200, Harness.Fixture("voximplant_user_day.json"));

        var logs = await CallAndCaptureLogsAsync(server);

        var token = Harness.BearerToken(Assert.Single(server.Requests));
        Assert.Contains("platform_api/GetACDOperatorStatusStatistics", logs, StringComparison.Ordinal);
        Assert.Contains("Authorization", logs, StringComparison.Ordinal); // the header is logged, its value must not be
        AssertNoSecret(logs, token);
    }

    [Fact]
    public async Task Logs_of_a_failed_call_never_contain_the_token_even_when_the_server_echoes_it()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(200, $$$"""{"error":{"code":103,"msg":"Bad request from {{{request.Authorization}}}"}}"""));

        var logs = await CallAndCaptureLogsAsync(server, expectFailure: true);

        Assert.Contains("103", logs, StringComparison.Ordinal);
        AssertNoSecret(logs, Harness.BearerToken(server.Requests[0]));
    }

    private static async Task<string> CallAndCaptureLogsAsync(LoopbackServer server, bool expectFailure = false)
    {
        var captured = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Harness.Now));
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));
        services.AddVoximplantClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.CredentialsJson = TestKeys.CredentialsJson();
        });
        await using (var provider = services.BuildServiceProvider(Harness.Strict))
        {
            var call = provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);
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

    private static void AssertNoSecret(string logs, string token)
    {
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal); // not even the signature alone
        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), logs, StringComparison.Ordinal);
    }
}
