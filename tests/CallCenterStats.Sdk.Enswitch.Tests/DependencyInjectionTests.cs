using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Enswitch.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Client_resolves_from_a_strict_provider_and_calls_the_deployment()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");
        var services = new ServiceCollection();
        services.AddEnswitchClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Username = Enswitch.Username;
            o.Password = Enswitch.Password;
        });
        await using var provider = services.BuildServiceProvider(Enswitch.Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();

        var rows = await provider.GetRequiredService<EnswitchClient>().GetQueueStatisticsAsync(123, Enswitch.Range, Enswitch.Ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal("POST", server.Requests.Single().Method);
    }

    [Fact]
    public void Client_is_a_singleton()
    {
        var services = new ServiceCollection();
        services.AddEnswitchClient(o => Valid(o, new Uri("http://127.0.0.1:1/")));
        using var provider = services.BuildServiceProvider(Enswitch.Strict);

        Assert.Same(provider.GetRequiredService<EnswitchClient>(), provider.GetRequiredService<EnswitchClient>());
    }

    [Fact]
    public async Task Named_deployments_live_side_by_side_bound_from_configuration()
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
            ["Enswitch:Warsaw:Timeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddEnswitchClient("london", configuration.GetSection("Enswitch:London"));
        services.AddEnswitchClient("warsaw", configuration.GetSection("Enswitch:Warsaw"));
        await using var provider = services.BuildServiceProvider(Enswitch.Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();

        var london = await provider.GetRequiredKeyedService<EnswitchClient>("london").GetDestinationStatisticsAsync(5, Enswitch.Range, Enswitch.Ct);
        var warsaw = await provider.GetRequiredKeyedService<EnswitchClient>("warsaw").GetDestinationStatisticsAsync(6, Enswitch.Range, Enswitch.Ct);

        Assert.Equal(1, london.Calls);
        Assert.Equal(2, warsaw.Calls);
        Assert.Equal("POST", first.Requests.Single().Method);
        Assert.Contains(new KeyValuePair<string, string>("auth_username", "london"), first.Requests.Single().Form);
        Assert.Equal("GET", second.Requests.Single().Method);
        Assert.Contains(new KeyValuePair<string, string>("auth_password", "pw-warsaw"), second.Requests.Single().Query);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptionsMonitor<EnswitchOptions>>().Get("warsaw").Timeout);
    }

    [Fact]
    public void Default_client_binds_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Enswitch:Endpoint"] = "https://pbx.example.com/",
            ["Enswitch:Username"] = "u",
            ["Enswitch:Password"] = "p",
            ["Enswitch:RequestMethod"] = "Get",
        }).Build();
        var services = new ServiceCollection();
        services.AddEnswitchClient(configuration.GetSection("Enswitch"));
        using var provider = services.BuildServiceProvider(Enswitch.Strict);

        var options = provider.GetRequiredService<IOptions<EnswitchOptions>>().Value;

        Assert.Equal(new Uri("https://pbx.example.com/"), options.Endpoint);
        Assert.Equal(EnswitchRequestMethod.Get, options.RequestMethod);
        Assert.NotNull(provider.GetRequiredService<EnswitchClient>());
    }

    [Fact]
    public void Missing_endpoint_fails_at_start_up_naming_the_option()
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
    }

    [Fact]
    public async Task Returned_builder_adds_handlers_to_the_clients_pipeline()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");
        var services = new ServiceCollection();
        services.AddEnswitchClient(o => Valid(o, server.BaseAddress))
            .AddHttpMessageHandler(() => new HeaderHandler());
        await using var provider = services.BuildServiceProvider(Enswitch.Strict);

        await provider.GetRequiredService<EnswitchClient>().GetDestinationStatisticsAsync(1, Enswitch.Range, Enswitch.Ct);

        Assert.Equal("yes", server.Requests.Single().Headers["X-Test"]);
    }

    [Fact]
    public async Task Client_without_di_works_end_to_end()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        var client = EnswitchClient.Create(Enswitch.Options(server.BaseAddress));
        var statistics = await client.GetDestinationStatisticsAsync(123, Enswitch.Range, Enswitch.Ct);

        Assert.Equal(10, statistics.Calls);
        Assert.Equal("/api/json/queues/destinations/statistics/get/", server.Requests.Single().Path);
    }

    [Fact]
    public async Task Client_can_be_mocked_through_its_virtual_methods()
    {
        EnswitchClient client = new FakeClient();

        var statistics = await client.GetDestinationStatisticsAsync(1, Enswitch.Range, Enswitch.Ct);

        Assert.Equal(99, statistics.Calls);
    }

    [Fact]
    public async Task Mock_calling_a_method_it_does_not_override_gets_a_clear_error()
    {
        EnswitchClient client = new FakeClient();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetQueueStatisticsAsync(1, Enswitch.Range, Enswitch.Ct));

        Assert.Contains("built for mocking", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EnswitchClient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mock_still_validates_arguments_before_failing()
    {
        EnswitchClient client = new FakeClient();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GetQueueStatisticsAsync(0, Enswitch.Range, Enswitch.Ct));

        Assert.Equal("queue", ex.ParamName);
    }

    [Fact]
    public void Registration_extensions_live_in_the_package_namespace_like_every_other_vendor()
    {
        Assert.Equal("CallCenterStats.Sdk.Enswitch", typeof(EnswitchServiceCollectionExtensions).Namespace);
        Assert.Equal(typeof(EnswitchClient).Namespace, typeof(EnswitchServiceCollectionExtensions).Namespace);
    }

    private static void Valid(EnswitchOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = "u";
        options.Password = "p";
    }

    private sealed class HeaderHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Test", "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FakeClient : EnswitchClient
    {
        public override Task<DestinationStatistics> GetDestinationStatisticsAsync(long destination, Time.InstantRange range, CancellationToken cancellationToken = default) =>
            Task.FromResult(new DestinationStatistics { Calls = 99 });
    }
}
