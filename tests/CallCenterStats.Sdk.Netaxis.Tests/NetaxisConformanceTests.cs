using System.Text.Json;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>
/// The behaviour every vendor package shares, for Netaxis, with the user name and password configuration: every call
/// logs in first (<c>POST /api/v01/auth/login</c>, answered by <see cref="TryAnswerAuthentication"/>), through the
/// account's auxiliary pipeline, which handlers added to the client's builder do not see.
/// </summary>
public sealed class NetaxisConformanceTests : VendorConformanceTests<NetaxisClient, NetaxisOptions>
{
    private const string Username = "conformance-user";
    private const string Password = "conformance-Pa55word";
    private const string AccessToken = "conformance-access-0123456789";
    private const string RefreshToken = "conformance-refresh-0123456789";

    private static readonly CallCenterId CallCenter = new("foo", "foogroup", "APIOTestCCBasic@sip.netaxis.be");
    private static readonly InstantRange January = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 2, 1, 0, 0));

    protected override string PackageName => "CallCenterStats.Sdk.Netaxis";

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, Action<NetaxisOptions> configure) =>
        services.AddNetaxisClient(name, configure);

    protected override IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddNetaxisClient(name, configuration);

    protected override IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<NetaxisOptions> configure) =>
        services.AddNetaxisClient(configure);

    protected override NetaxisClient Create(NetaxisOptions options, VendorClientServices? services = null) =>
        NetaxisClient.Create(options, services);

    protected override void Configure(NetaxisOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = Username;
        options.Password = Password;
    }

    protected override IReadOnlyDictionary<string, string?> ConfigurationValues { get; } = new Dictionary<string, string?>
    {
        ["Username"] = Username,
        ["Password"] = Password,
    };

    protected override NetaxisClient CreateMock() => new MockClient();

    protected override IEnumerable<(string Name, Func<NetaxisClient, object> Call)> Operations =>
    [
        (nameof(NetaxisClient.GetStatisticsAsync), c => c.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January })),
        (nameof(NetaxisClient.GetStatisticsReportingAsync), c => c.GetStatisticsReportingAsync(CallCenter)),
        (nameof(NetaxisClient.SetStatisticsReportingAsync), c => c.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { GenerateDailyReport = true })),
    ];

    protected override Task CallAsync(NetaxisClient client, CancellationToken cancellationToken) =>
        client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, cancellationToken);

    protected override string SuccessBody => TestFiles.Fixture("netaxis_statistics.json");

    // The tokens the login hands out are secrets too: the server echoes the bearer header back.
    protected override IEnumerable<string> Secrets => [Password, AccessToken, RefreshToken];

    protected override string? TryAnswerAuthentication(RecordedRequest request) =>
        request.Path == "/api/v01/auth/login"
            ? $$"""{"access_token": "{{AccessToken}}", "refresh_token": "{{RefreshToken}}", "expires_in": 900}"""
            : null;

    protected override string ErrorBodyQuoting(string echo) =>
        $$"""{"errors": [{"message": {{JsonSerializer.Serialize(echo)}}, "details": "2: INVALID_PARAMETERS"}]}""";

    private sealed class MockClient : NetaxisClient;
}
