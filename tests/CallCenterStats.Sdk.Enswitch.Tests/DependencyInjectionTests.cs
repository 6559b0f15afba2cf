using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// What dependency injection does for Enswitch beyond the conformance base (<see cref="EnswitchConformanceTests"/>): each
/// deployment's credentials and request method bound from configuration, and the Enswitch option messages at start-up.
/// </summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Named_deployments_bound_from_configuration_each_send_their_own_credentials_their_own_way()
    {
        await using var first = await LoopbackServer.StartAsync(200, """{"responses": [{"code": "200"}], "data": {"calls": 1}}""");
        await using var second = await LoopbackServer.StartAsync(200, """{"responses": [{"code": "200"}], "data": {"calls": 2}}""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Enswitch:London:Endpoint"] = first.BaseAddress.ToString(),
            ["Enswitch:London:Username"] = "london",
            ["Enswitch:London:Password"] = "pw-london",
            ["Enswitch:Warsaw:Endpoint"] = second.BaseAddress.ToString(),
            ["Enswitch:Warsaw:Username"] = "warsaw",
            ["Enswitch:Warsaw:Password"] = "pw-warsaw",
            ["Enswitch:Warsaw:RequestMethod"] = "Get",
        }).Build();
        var services = new ServiceCollection();
        services.AddEnswitchClient("london", configuration.GetSection("Enswitch:London"));
        services.AddEnswitchClient("warsaw", configuration.GetSection("Enswitch:Warsaw"));
        await using var provider = services.BuildServiceProvider(Enswitch.Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();

        var london = await provider.GetRequiredKeyedService<EnswitchClient>("london").GetDestinationStatisticsAsync(new() { Destination = 5, Range = Enswitch.Range }, Enswitch.Ct);
        var warsaw = await provider.GetRequiredKeyedService<EnswitchClient>("warsaw").GetDestinationStatisticsAsync(new() { Destination = 6, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(1, london.Calls);
        Assert.Equal(2, warsaw.Calls);
        Assert.Equal("POST", first.Requests.Single().Method);
        Assert.Contains(new KeyValuePair<string, string>("auth_username", "london"), first.Requests.Single().Form);
        Assert.Contains(new KeyValuePair<string, string>("auth_password", "pw-london"), first.Requests.Single().Form);
        Assert.Equal("GET", second.Requests.Single().Method);
        Assert.Contains(new KeyValuePair<string, string>("auth_username", "warsaw"), second.Requests.Single().Query);
        Assert.Contains(new KeyValuePair<string, string>("auth_password", "pw-warsaw"), second.Requests.Single().Query);
    }

    [Fact]
    public async Task The_default_client_binds_from_a_configuration_section()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Enswitch:Endpoint"] = server.BaseAddress.ToString(),
            ["Enswitch:Username"] = "u",
            ["Enswitch:Password"] = "p",
            ["Enswitch:RequestMethod"] = "Get",
        }).Build();
        var services = new ServiceCollection();
        services.AddEnswitchClient(configuration.GetSection("Enswitch"));
        await using var provider = services.BuildServiceProvider(Enswitch.Strict);

        await provider.GetRequiredService<EnswitchClient>().GetDestinationStatisticsAsync(new() { Destination = 7, Range = Enswitch.Range }, Enswitch.Ct);

        var request = server.Requests.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal([new("auth_username", "u"), new("auth_password", "p"), new("destination", "7")], request.Query.Take(3));
    }

    [Fact]
    public void Missing_endpoint_fails_at_start_up_naming_the_option_as_Enswitch_has_no_public_host()
    {
        var services = new ServiceCollection();
        services.AddEnswitchClient(o =>
        {
            o.Username = "u";
            o.Password = "p";
        });
        using var provider = services.BuildServiceProvider(Enswitch.Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["EnswitchOptions.Endpoint is required."], ex.Failures);
    }

    [Fact]
    public void Bad_named_options_fail_at_start_up_naming_the_registration_and_option()
    {
        var services = new ServiceCollection();
        services.AddEnswitchClient("london", o => Valid(o, new Uri("https://pbx.example.com/")));
        services.AddEnswitchClient("warsaw", o => o.Endpoint = new Uri("https://pbx2.example.com/"));
        using var provider = services.BuildServiceProvider(Enswitch.Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("EnswitchOptions 'warsaw': Username is required.", ex.Failures);
        Assert.Contains("EnswitchOptions 'warsaw': Password is required.", ex.Failures);
        Assert.DoesNotContain(ex.Failures, f => f.Contains("'london'", StringComparison.Ordinal));
    }

    private static void Valid(EnswitchOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = "u";
        options.Password = "p";
    }
}
