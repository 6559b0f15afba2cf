using System.Text.Json;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>The behaviour every vendor package shares (DI, no-DI factory, mock guard, telemetry, secrets), for Voximplant.</summary>
public sealed class VoximplantConformanceTests : VendorConformanceTests<VoximplantClient, VoximplantOptions>
{
    protected override string PackageName => "CallCenterStats.Sdk.Voximplant";

    protected override IReadOnlyDictionary<string, string?> ConfigurationValues { get; } = new Dictionary<string, string?>
    {
        ["CredentialsJson"] = TestKeys.CredentialsJson(),
    };

    protected override IEnumerable<(string Name, Func<VoximplantClient, object> Call)> Operations =>
    [
        (nameof(VoximplantClient.GetAcdOperatorStatusStatisticsAsync), client => client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, Ct)),
    ];

    protected override string SuccessBody => Harness.Fixture("voximplant_user_day.json");

    /// <summary>
    /// The service account's private key, line by line (any line of its base64 body is enough to rebuild part of it).
    /// The bearer JWT is minted at run time, not configured: <see cref="BearerTokenSecrecyTests"/> covers it.
    /// </summary>
    protected override IEnumerable<string> Secrets =>
        TestKeys.PrivateKeyPem
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("-----", StringComparison.Ordinal) && line.Length >= 16);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, Action<VoximplantOptions> configure) =>
        services.AddVoximplantClient(name, configure);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddVoximplantClient(name, configuration);

    protected override IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<VoximplantOptions> configure) =>
        services.AddVoximplantClient(configure);

    protected override VoximplantClient Create(VoximplantOptions options, VendorClientServices? services = null) =>
        VoximplantClient.Create(options, services);

    protected override void Configure(VoximplantOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.CredentialsJson = TestKeys.CredentialsJson();
    }

    protected override VoximplantClient CreateMock() => new MockClient();

    protected override Task CallAsync(VoximplantClient client, CancellationToken cancellationToken) =>
        client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, cancellationToken);

    /// <summary>Voximplant's envelope with a code that is neither transient nor an auth failure (101 invalid arguments).</summary>
    protected override string ErrorBodyQuoting(string echo) =>
        $$$"""{"error":{"code":101,"msg":{{{JsonSerializer.Serialize("Invalid arguments: " + echo)}}}}}""";

    private sealed class MockClient : VoximplantClient;
}
