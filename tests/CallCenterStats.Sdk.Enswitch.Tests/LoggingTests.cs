using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// The password must never reach a log line: in POST mode it only travels in the body, which nothing logs; in GET
/// mode it is in the query string, which IHttpClientFactory's logging redacts (.NET 9 and later).
/// </summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Post_mode_logs_never_contain_the_password()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        var logs = await CallAndCaptureLogsAsync(server, EnswitchRequestMethod.Post);

        Assert.Contains("POST " + server.BaseAddress + "api/json/queues/destinations/statistics/get/", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Get_mode_logs_never_contain_the_password()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        var logs = await CallAndCaptureLogsAsync(server, EnswitchRequestMethod.Get);

        Assert.Contains("GET " + server.BaseAddress + "api/json/queues/destinations/statistics/get/?*", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Get_mode_logs_of_a_failed_call_never_contain_the_password()
    {
        await using var server = await LoopbackServer.StartAsync(401, """{"responses": [{"code": "401", "key": "", "message": "Bad login"}]}""");

        var logs = await CallAndCaptureLogsAsync(server, EnswitchRequestMethod.Get, expectFailure: true);

        Assert.Contains("401", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    private static async Task<string> CallAndCaptureLogsAsync(LoopbackServer server, EnswitchRequestMethod method, bool expectFailure = false)
    {
        var captured = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));
        services.AddEnswitchClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Username = Enswitch.Username;
            o.Password = Enswitch.Password;
            o.RequestMethod = method;
        });
        await using (var provider = services.BuildServiceProvider(Enswitch.Strict))
        {
            var call = provider.GetRequiredService<EnswitchClient>().GetDestinationStatisticsAsync(123, Enswitch.Range, Enswitch.Ct);
            if (expectFailure)
            {
                await Assert.ThrowsAsync<VendorApiException>(() => call);
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
        Assert.DoesNotContain(Enswitch.Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Enswitch.Password), logs, StringComparison.Ordinal);
        Assert.DoesNotContain("auth_password", logs, StringComparison.Ordinal);
    }
}
