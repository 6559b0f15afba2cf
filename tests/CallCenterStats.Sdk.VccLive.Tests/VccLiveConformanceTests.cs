using System.Text.Json;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>The behaviour every vendor package shares (DI, no-DI factory, mock guard, User-Agent, telemetry, secrets), for VCC Live.</summary>
public sealed class VccLiveConformanceTests : VendorConformanceTests<VccLiveClient, VccLiveOptions>
{
    protected override string PackageName => "CallCenterStats.Sdk.VccLive";

    protected override IReadOnlyDictionary<string, string?> ConfigurationValues => new Dictionary<string, string?>
    {
        ["Customer"] = Customer,
        ["ApiToken"] = ApiToken,
    };

    protected override IEnumerable<(string Name, Func<VccLiveClient, object> Call)> Operations =>
    [
        (nameof(VccLiveClient.GetUserBasedStatisticsAsync), client => client.GetUserBasedStatisticsAsync(Request(), Ct)),
    ];

    protected override string SuccessBody => TestFiles.Fixture("vcc_userbased.json");

    protected override IEnumerable<string> Secrets => [ApiToken, ExpectedAuthorization["Basic ".Length..]];

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, Action<VccLiveOptions> configure) =>
        services.AddVccLiveClient(name, configure);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddVccLiveClient(name, configuration);

    protected override IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<VccLiveOptions> configure) =>
        services.AddVccLiveClient(configure);

    protected override VccLiveClient Create(VccLiveOptions options, VendorClientServices? services = null) =>
        VccLiveClient.Create(options, services);

    protected override void Configure(VccLiveOptions options, Uri endpoint)
    {
        options.Customer = Customer;
        options.ApiToken = ApiToken;
        options.Endpoint = endpoint;
    }

    protected override VccLiveClient CreateMock() => new MockClient();

    protected override async Task CallAsync(VccLiveClient client, CancellationToken cancellationToken)
    {
        var rows = await client.GetUserBasedStatisticsAsync(Request(), cancellationToken).ToListAsync(cancellationToken);

        // The success body is the three-row fixture: the call really read it.
        Assert.Equal(3, rows.Count);
    }

    protected override string ErrorBodyQuoting(string echo) =>
        $$"""{"response":[],"errors":["{{JsonEncodedText.Encode(echo)}}"]}""";

    private sealed class MockClient : VccLiveClient;
}
