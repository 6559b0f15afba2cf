using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>What every vendor package shares (DI, no-DI factory, mocking, telemetry, secrets), for Thulium.</summary>
public sealed class ThuliumConformanceTests : VendorConformanceTests<ThuliumClient, ThuliumOptions>
{
    // Characters that every encoding the SDK produces writes differently (URL, form, JSON, Base64 of user:password).
    private const string ConformanceUser = "api_user";
    private const string ConformancePassword = "Pa55 \"w+rd/ż&=";

    protected override string PackageName => "CallCenterStats.Sdk.Thulium";

    protected override string SuccessBody => TestFiles.Fixture("thulium_report_day.json");

    protected override IEnumerable<string> Secrets =>
        [ConformancePassword, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConformanceUser}:{ConformancePassword}"))];

    protected override IReadOnlyDictionary<string, string?> ConfigurationValues => new Dictionary<string, string?>
    {
        ["Username"] = ConformanceUser,
        ["Password"] = ConformancePassword,
    };

    protected override IEnumerable<(string Name, Func<ThuliumClient, object> Call)> Operations =>
    [
        ("GetAgentsWorkReportAsync", client => client.GetAgentsWorkReportAsync(Request(), Ct)),
        ("GetAgentsWorkReportPageAsync", client => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, Ct)),
    ];

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, Action<ThuliumOptions> configure) =>
        services.AddThuliumClient(name, configure);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddThuliumClient(name, configuration);

    protected override IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<ThuliumOptions> configure) =>
        services.AddThuliumClient(configure);

    protected override ThuliumClient Create(ThuliumOptions options, VendorClientServices? services = null) =>
        ThuliumClient.Create(options, services);

    protected override void Configure(ThuliumOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = ConformanceUser;
        options.Password = ConformancePassword;
        options.Retry = FastRetry();
    }

    protected override ThuliumClient CreateMock() => new MockClient();

    protected override async Task CallAsync(ThuliumClient client, CancellationToken cancellationToken)
    {
        await foreach (var unused in client.GetAgentsWorkReportAsync(Request(), cancellationToken))
        {
        }
    }

    protected override string ErrorBodyQuoting(string echo) =>
        $$"""{"request_id":{{JsonSerializer.Serialize(echo)}},"errors":[{"message":{{JsonSerializer.Serialize("Bad request: " + echo)}},"code":400}]}""";

    private sealed class MockClient : ThuliumClient;
}
