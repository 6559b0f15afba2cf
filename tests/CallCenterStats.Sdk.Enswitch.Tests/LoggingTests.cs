using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// In GET mode the password is in the query string, which IHttpClientFactory's logging redacts (.NET 9 and later) and
/// the pipeline never logs (it logs the path only). POST mode, where it only travels in the body, is covered by the
/// conformance base's secret scan.
/// </summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Get_mode_logs_never_contain_the_password()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        var logs = await CallAndCaptureLogsAsync(server, EnswitchRequestMethod.Get);

        Assert.Contains("GET " + server.BaseAddress + "api/json/queues/destinations/statistics/get/?*", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("auth_password", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Get_mode_logs_of_a_failed_call_never_contain_the_password()
    {
        await using var server = await LoopbackServer.StartAsync(401, """{"responses": [{"code": "401", "key": "", "message": "Bad login"}]}""");

        var logs = await CallAndCaptureLogsAsync(server, EnswitchRequestMethod.Get, expectFailure: true);

        Assert.Contains("401", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("auth_password", logs, StringComparison.Ordinal);
        AssertNoSecret(logs);
    }

    [Fact]
    public async Task Get_mode_retries_against_a_server_echoing_the_query_never_log_the_password()
    {
        // Every attempt fails transiently with the request line quoted: each retry logs its reason at Warning.
        await using var server = await LoopbackServer.StartAsync((request, context) => context.RespondAsync(
            200,
            $$"""{"responses": [{"code": "503", "key": "", "message": "Busy: {{request.Path}}{{request.QueryString}}"}], "data": null}"""));

        var logs = await CallAndCaptureLogsAsync(server, EnswitchRequestMethod.Get, expectFailure: true);

        Assert.Equal(RetryOptions.DefaultMaxRetries + 1, server.Requests.Count);
        Assert.Contains("retrying", logs, StringComparison.Ordinal);
        Assert.Contains("auth_password=***&", logs, StringComparison.Ordinal);
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
            Enswitch.FastRetries(o);
        });
        await using (var provider = services.BuildServiceProvider(Enswitch.Strict))
        {
            var call = provider.GetRequiredService<EnswitchClient>().GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);
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
        Assert.DoesNotContain(Uri.EscapeDataString(Enswitch.Password), logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(System.Net.WebUtility.UrlEncode(Enswitch.Password), logs, StringComparison.OrdinalIgnoreCase);
    }
}
