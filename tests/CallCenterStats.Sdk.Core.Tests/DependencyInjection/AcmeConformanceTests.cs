using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Core.Tests.DependencyInjection;

/// <summary>
/// The conformance every vendor package passes, passed by Acme, a vendor written in this test project from Core's
/// public building blocks alone: a sixth vendor needs no Core change.
/// </summary>
public sealed class AcmeConformanceTests : VendorConformanceTests<AcmeClient, AcmeOptions>
{
    protected override string PackageName => typeof(AcmeClient).Assembly.GetName().Name!;

    protected override IReadOnlyDictionary<string, string?> ConfigurationValues => new Dictionary<string, string?>
    {
        ["Username"] = AcmeKit.Username,
        ["Password"] = AcmeKit.Password,
    };

    protected override IEnumerable<(string Name, Func<AcmeClient, object> Call)> Operations =>
    [
        (nameof(AcmeClient.GetCallsAsync), c => c.GetCallsAsync(AcmeKit.Request)),
        (nameof(AcmeClient.GetCallRowsAsync), c => c.GetCallRowsAsync(AcmeKit.Request)),
        (nameof(AcmeClient.SetGreetingAsync), c => c.SetGreetingAsync("hello")),
    ];

    protected override string SuccessBody => AcmeKit.Calls(42);

    protected override IEnumerable<string> Secrets => Pipeline.BasicCredentials.SecretsOf(AcmeKit.Username, AcmeKit.Password);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, Action<AcmeOptions> configure) =>
        services.AddAcmeClient(name, configure);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddAcmeClient(name, configuration);

    protected override IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<AcmeOptions> configure) =>
        services.AddAcmeClient(configure);

    protected override AcmeClient Create(AcmeOptions options, VendorClientServices? services = null) => AcmeClient.Create(options, services);

    protected override void Configure(AcmeOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = AcmeKit.Username;
        options.Password = AcmeKit.Password;
        AcmeKit.Fast(options);
    }

    protected override AcmeClient CreateMock() => new MockAcmeClient();

    protected override async Task CallAsync(AcmeClient client, CancellationToken cancellationToken) =>
        Assert.Equal(42, (await client.GetCallsAsync(AcmeKit.Request, cancellationToken)).Calls);

    protected override string ErrorBodyQuoting(string echo) => AcmeKit.Error(101, "Invalid request: " + echo);

    private sealed class MockAcmeClient : AcmeClient;
}
