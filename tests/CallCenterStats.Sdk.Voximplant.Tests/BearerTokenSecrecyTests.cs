using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// The vendor's own client logs the bearer token; this one never shows it. The JWT is minted at run time, so the
/// conformance base (which checks configured secrets) cannot know it: these tests take it from the request the server
/// received and look for it, and for its signature alone, in every log line at Trace, every span and metric tag, and
/// the exception, including when the server quotes the request back in its error and in its request-id header.
/// </summary>
public sealed class BearerTokenSecrecyTests
{
    private static async Task<(string Surfaces, VendorApiException? Exception)> CallAsync(LoopbackServer server)
    {
        var account = "jwt-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryCapture(account);
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Harness.Now));
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddVoximplantClient(account, o =>
        {
            o.Endpoint = server.BaseAddress;
            o.CredentialsJson = TestKeys.CredentialsJson();
            Harness.FastRetries(o);
        });

        VendorApiException? exception = null;
        await using (var provider = services.BuildServiceProvider(Harness.Strict))
        {
            try
            {
                await provider.GetRequiredKeyedService<VoximplantClient>(account).GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);
            }
            catch (VendorApiException ex)
            {
                exception = ex;
            }
        }

        Assert.NotEmpty(logs.Entries);
        Assert.NotEmpty(telemetry.Spans);
        var surfaces = string.Join('\n', logs.AllText, telemetry.AllText, exception?.ToString(), exception?.Message, exception?.RawBody, exception?.RequestId);
        return (surfaces, exception);
    }

    private static void AssertNoToken(string surfaces, string token)
    {
        Assert.DoesNotContain(token, surfaces, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], surfaces, StringComparison.Ordinal); // not even the signature alone
        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), surfaces, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_call_logs_its_request_but_never_the_token()
    {
        await using var server = await LoopbackServer.StartAsync(200, Harness.Fixture("voximplant_user_day.json"));

        var (surfaces, exception) = await CallAsync(server);

        Assert.Null(exception);
        Assert.Contains("platform_api/GetACDOperatorStatusStatistics", surfaces, StringComparison.Ordinal);
        AssertNoToken(surfaces, Harness.BearerToken(Assert.Single(server.Requests)));
    }

    [Fact]
    public async Task A_server_quoting_the_token_in_its_error_and_request_id_never_gets_it_shown()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            context.Response.Headers["X-Request-Id"] = "req " + request.Authorization;
            return context.RespondAsync(200, $$$"""{"error":{"code":104,"msg":"Forbidden for {{{request.Authorization}}}"}}""");
        });

        var (surfaces, exception) = await CallAsync(server);

        Assert.NotNull(exception);
        Assert.Equal(VendorErrorKind.PermissionDenied, exception.Kind);
        Assert.Contains("Forbidden for Bearer ***", exception.Message, StringComparison.Ordinal);
        AssertNoToken(surfaces, Harness.BearerToken(Assert.Single(server.Requests)));
    }

    [Fact]
    public async Task Neither_the_rejected_token_nor_its_replacement_is_shown_after_a_code_100()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(200, $$$"""{"error":{"code":100,"msg":"Authorization failed for {{{request.Authorization}}}"}}"""));

        var (surfaces, exception) = await CallAsync(server);

        Assert.Equal(VendorErrorKind.Authentication, exception?.Kind);
        Assert.Equal(2, server.Requests.Count);
        AssertNoToken(surfaces, Harness.BearerToken(server.Requests[0]));
        AssertNoToken(surfaces, Harness.BearerToken(server.Requests[1]));
    }
}
