using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>
/// What dependency injection does for Netaxis beyond the conformance base (<see cref="NetaxisConformanceTests"/>): one
/// token source and one path prefix per account, the Netaxis options bound from configuration, and the Netaxis
/// option messages at start-up.
/// </summary>
public sealed class DependencyInjectionTests
{
    private const string ReportingBody = """{"generateDailyReport": true, "collectionPeriodMinutes": 15}""";

    [Fact]
    public async Task Named_accounts_each_send_their_own_token_under_their_own_path_prefix()
    {
        await using var first = await LoopbackServer.StartAsync(200, ReportingBody);
        await using var second = await LoopbackServer.StartAsync(200, ReportingBody);
        var services = new ServiceCollection();
        services.AddNetaxisClient("brussels", o =>
        {
            o.Endpoint = first.BaseAddress;
            o.Token = "token-brussels";
        });
        services.AddNetaxisClient("ghent", o =>
        {
            o.Endpoint = second.BaseAddress;
            o.Token = "token-ghent";
            o.PathPrefix = "/api/v01/p2";
        });
        await using var provider = services.BuildServiceProvider(Strict);

        await provider.GetRequiredKeyedService<NetaxisClient>("brussels").GetStatisticsReportingAsync(CallCenter, Ct);
        await provider.GetRequiredKeyedService<NetaxisClient>("ghent").GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal("Bearer token-brussels", first.Requests.Single().Authorization);
        Assert.StartsWith("/api/v1/", first.Requests.Single().Path, StringComparison.Ordinal);
        Assert.Equal("Bearer token-ghent", second.Requests.Single().Authorization);
        Assert.StartsWith("/api/v01/p2/", second.Requests.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Netaxis_options_bind_from_a_configuration_section()
    {
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            if (request.Path == "/auth/v2/login")
            {
                await context.RespondAsync(200, """{"access_token": "a1", "refresh_token": "r1"}""");
            }
            else
            {
                await context.RespondAsync(200, ReportingBody);
            }
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netaxis:Endpoint"] = server.BaseAddress.ToString(),
            ["Netaxis:Username"] = "apio-user",
            ["Netaxis:Password"] = "pw",
            ["Netaxis:PathPrefix"] = "/api/v01/p4",
            ["Netaxis:AuthPathPrefix"] = "/auth/v2",
            ["Netaxis:TimeZone"] = "Europe/Brussels",
            ["Netaxis:AccessTokenLifetime"] = "00:30:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddNetaxisClient("bound", configuration.GetSection("Netaxis"));
        await using var provider = services.BuildServiceProvider(Strict);

        var options = provider.GetRequiredService<IOptionsMonitor<NetaxisOptions>>().Get("bound");
        await provider.GetRequiredKeyedService<NetaxisClient>("bound").GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal("Europe/Brussels", options.TimeZone);
        Assert.Equal(TimeSpan.FromMinutes(30), options.AccessTokenLifetime);
        Assert.Equal("/auth/v2/login", server.Requests[0].Path);
        Assert.StartsWith("/api/v01/p4/tenants/", server.Requests[1].Path, StringComparison.Ordinal);
        Assert.Equal("Bearer a1", server.Requests[1].Authorization);
    }

    [Fact]
    public async Task The_default_client_binds_from_configuration_too()
    {
        await using var server = await LoopbackServer.StartAsync(200, ReportingBody);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoint"] = server.BaseAddress.ToString(),
            ["Token"] = "bound-token",
        }).Build();
        var services = new ServiceCollection();
        services.AddNetaxisClient(configuration);
        await using var provider = services.BuildServiceProvider(Strict);

        await provider.GetRequiredService<NetaxisClient>().GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal("Bearer bound-token", server.Requests.Single().Authorization);
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_each_option()
    {
        var services = new ServiceCollection();
        services.AddNetaxisClient(o =>
        {
            o.PathPrefix = "/api/../admin";
            o.TimeZone = "Mars/Olympus";
        });
        using var provider = services.BuildServiceProvider(Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("NetaxisOptions.Endpoint is required.", ex.Failures);
        Assert.Contains("NetaxisOptions.Token, or Username and Password, is required (set one, not both).", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("NetaxisOptions.PathPrefix ", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("NetaxisOptions.TimeZone 'Mars/Olympus'", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_rejects_bad_options_naming_the_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => NetaxisClient.Create(new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Token = "t", Username = "u" }));

        Assert.Contains("NetaxisOptions.Token, or Username and Password: set one, not both (both are set).", ex.Failures);
    }
}
