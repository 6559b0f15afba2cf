using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class DependencyInjectionTests
{
    private const string ReportingBody = """{"generateDailyReport": true, "collectionPeriodMinutes": 15}""";

    [Fact]
    public void Client_resolves_from_a_strict_provider_as_a_singleton()
    {
        var services = new ServiceCollection();
        services.AddNetaxisClient(o =>
        {
            o.Endpoint = new Uri("https://apio.example.com/");
            o.Token = "t";
        });
        using var provider = services.BuildServiceProvider(Strict);

        var client = provider.GetRequiredService<NetaxisClient>();

        Assert.Same(client, provider.GetRequiredService<NetaxisClient>());
        Assert.Same(client, provider.GetRequiredKeyedService<NetaxisClient>(Options.DefaultName));
    }

    [Fact]
    public async Task Named_accounts_live_side_by_side_each_with_its_own_endpoint_and_credentials()
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
        Assert.Null(provider.GetService<NetaxisClient>());
    }

    [Fact]
    public async Task Options_bind_from_a_configuration_section()
    {
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            if (request.Path == "/api/v01/auth/login")
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
            ["Netaxis:TimeZone"] = "Europe/Brussels",
            ["Netaxis:AccessTokenLifetime"] = "00:30:00",
            ["Netaxis:Timeout"] = "00:00:20",
        }).Build();
        var services = new ServiceCollection();
        services.AddNetaxisClient("bound", configuration.GetSection("Netaxis"));
        await using var provider = services.BuildServiceProvider(Strict);

        var options = provider.GetRequiredService<IOptionsMonitor<NetaxisOptions>>().Get("bound");
        await provider.GetRequiredKeyedService<NetaxisClient>("bound").GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal("Europe/Brussels", options.TimeZone);
        Assert.Equal(TimeSpan.FromMinutes(30), options.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal("/api/v01/auth/login", server.Requests[0].Path);
        Assert.StartsWith("/api/v01/p4/tenants/", server.Requests[1].Path, StringComparison.Ordinal);
        Assert.Equal("Bearer a1", server.Requests[1].Authorization);
    }

    [Fact]
    public void Default_client_binds_from_configuration_too()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoint"] = "https://apio.example.com/",
            ["Token"] = "t",
        }).Build();
        var services = new ServiceCollection();
        services.AddNetaxisClient(configuration);
        using var provider = services.BuildServiceProvider(Strict);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<NetaxisClient>());
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
    public void Same_name_cannot_be_registered_twice()
    {
        var services = new ServiceCollection();
        services.AddNetaxisClient("a", o => o.Token = "t");

        Assert.Throws<ArgumentException>("name", () => services.AddNetaxisClient("a", o => o.Token = "t"));
    }

    [Fact]
    public async Task Create_builds_a_working_client_without_DI()
    {
        await using var server = await LoopbackServer.StartAsync(async (request, context) =>
        {
            if (request.Path == "/api/v01/auth/login")
            {
                await context.RespondAsync(200, """{"access_token": "a1", "refresh_token": "r1", "expires_in": 900}""");
            }
            else
            {
                await context.RespondAsync(200, ReportingBody);
            }
        });

        var client = NetaxisClient.Create(new NetaxisOptions { Endpoint = server.BaseAddress, Username = "apio-user", Password = "pw" });
        var settings = await client.GetStatisticsReportingAsync(CallCenter, Ct);
        await client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.True(settings.GenerateDailyReport);
        Assert.Equal(["/api/v01/auth/login", CallCenterPath, CallCenterPath], server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer a1", server.Requests[2].Authorization);
    }

    [Fact]
    public void Create_rejects_bad_options_naming_the_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => NetaxisClient.Create(new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Token = "t", Username = "u" }));

        Assert.Contains("NetaxisOptions.Token, or Username and Password: set one, not both (both are set).", ex.Failures);
    }

    private const string CallCenterPath = "/api/v1/tenants/foo/groups/foogroup/services/call_centers/APIOTestCCBasic@sip.netaxis.be/instance_statistics_reporting/";
}
