using System.Text.Json;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// The behaviour every vendor package shares, for Enswitch in GET mode, where the password travels in the query string,
/// and with a password that URL, form and JSON encodings all change (<c>@ : / + &amp;</c> and a space): the base's secret
/// scan then covers every form a server echoing the request can send back.
/// </summary>
public sealed class EnswitchConformanceTests : VendorConformanceTests<EnswitchClient, EnswitchOptions>
{
    private const string Username = "conformance-user";
    private const string Password = "c@nf pass:w/rd+&=1";

    private static readonly InstantRange January = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 2, 1, 0, 0));

    protected override string PackageName => "CallCenterStats.Sdk.Enswitch";

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, Action<EnswitchOptions> configure) =>
        services.AddEnswitchClient(name, configure);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddEnswitchClient(name, configuration);

    protected override IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<EnswitchOptions> configure) =>
        services.AddEnswitchClient(configure);

    protected override EnswitchClient Create(EnswitchOptions options, VendorClientServices? services = null) =>
        EnswitchClient.Create(options, services);

    protected override void Configure(EnswitchOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = Username;
        options.Password = Password;
        options.RequestMethod = EnswitchRequestMethod.Get;
    }

    protected override IReadOnlyDictionary<string, string?> ConfigurationValues { get; } = new Dictionary<string, string?>
    {
        ["Username"] = Username,
        ["Password"] = Password,
        ["RequestMethod"] = "Get",
    };

    protected override EnswitchClient CreateMock() => new MockClient();

    protected override IEnumerable<(string Name, Func<EnswitchClient, object> Call)> Operations =>
    [
        (nameof(EnswitchClient.GetDestinationStatisticsAsync), c => c.GetDestinationStatisticsAsync(new() { Destination = 123, Range = January })),
        (nameof(EnswitchClient.GetQueueStatisticsAsync), c => c.GetQueueStatisticsAsync(new() { Queue = 123, Range = January })),
    ];

    protected override Task CallAsync(EnswitchClient client, CancellationToken cancellationToken) =>
        client.GetQueueStatisticsAsync(new() { Queue = 123, Range = January }, cancellationToken);

    protected override string SuccessBody => TestFiles.Fixture("enswitch_queue.json");

    protected override IEnumerable<string> Secrets => [Password];

    protected override string ErrorBodyQuoting(string echo) =>
        $$"""{"responses": [{"code": "400", "key": "queue", "message": {{JsonSerializer.Serialize(echo)}}}], "data": null}""";

    private sealed class MockClient : EnswitchClient;
}
