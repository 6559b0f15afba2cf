using System.Text;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Core.Tests.DependencyInjection;

public sealed class VendorClientRegistrationTests
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    [Fact]
    public async Task Client_resolves_and_calls_the_vendor_with_its_credentials()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"result": {"calls": 42}}""");
        var services = new ServiceCollection();
        services.AddAcmeClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Username = "u";
            o.Password = "p";
        });
        await using var provider = services.BuildServiceProvider(Strict);

        var calls = await provider.GetRequiredService<AcmeClient>().GetCallsAsync("q", TestContext.Current.CancellationToken);

        Assert.Equal(42, calls);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p")), server.Requests.Single().Authorization);
        Assert.Equal("/stats/calls", server.Requests.Single().Path);
    }

    [Fact]
    public void Client_is_a_singleton()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient(o => Valid(o, new Uri("http://127.0.0.1:1/")));
        using var provider = services.BuildServiceProvider(Strict);

        Assert.Same(provider.GetRequiredService<AcmeClient>(), provider.GetRequiredService<AcmeClient>());
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_each_option()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient(o => o.Endpoint = new Uri("ftp://example.com/"));
        using var provider = services.BuildServiceProvider(Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("AcmeOptions.Endpoint must be an absolute http or https URI.", ex.Failures);
        Assert.Contains("AcmeOptions.Username is required.", ex.Failures);
        Assert.Contains("AcmeOptions.Password is required.", ex.Failures);
    }

    [Fact]
    public void Endpoint_with_credentials_or_query_is_rejected()
    {
        var options = new AcmeOptions { Endpoint = new Uri("https://user:pw@example.com/?x=1"), Username = "u", Password = "p" };

        Assert.Contains("Endpoint must not contain a query string or user info; credentials have their own options.", options.Validate());
    }

    [Fact]
    public void Non_positive_timeout_is_rejected()
    {
        var options = new AcmeOptions { Endpoint = new Uri("https://example.com/"), Username = "u", Password = "p", Timeout = TimeSpan.Zero };

        Assert.Equal(["Timeout must be positive."], options.Validate());
    }

    [Fact]
    public async Task Named_accounts_live_side_by_side_bound_from_configuration()
    {
        await using var first = await LoopbackServer.StartAsync(200, """{"result": {"calls": 1}}""");
        await using var second = await LoopbackServer.StartAsync(200, """{"result": {"calls": 2}}""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Acme:Eu:Endpoint"] = first.BaseAddress.ToString(),
            ["Acme:Eu:Username"] = "eu",
            ["Acme:Eu:Password"] = "eu-secret",
            ["Acme:Us:Endpoint"] = second.BaseAddress.ToString(),
            ["Acme:Us:Username"] = "us",
            ["Acme:Us:Password"] = "us-secret",
            ["Acme:Us:Timeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection();
        services.AddAcmeClient("eu", configuration.GetSection("Acme:Eu"));
        services.AddAcmeClient("us", configuration.GetSection("Acme:Us"));
        await using var provider = services.BuildServiceProvider(Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();

        var eu = await provider.GetRequiredKeyedService<AcmeClient>("eu").GetCallsAsync("q", TestContext.Current.CancellationToken);
        var us = await provider.GetRequiredKeyedService<AcmeClient>("us").GetCallsAsync("q", TestContext.Current.CancellationToken);

        Assert.Equal((1, 2), (eu, us));
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptionsMonitor<AcmeOptions>>().Get("us").Timeout);
        Assert.Null(provider.GetService<AcmeClient>());
    }

    [Fact]
    public void Registering_the_same_name_twice_is_rejected()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient("eu", o => { });

        var ex = Assert.Throws<ArgumentException>(() => services.AddAcmeClient("eu", o => { }));

        Assert.Equal("name", ex.ParamName);
    }

    [Fact]
    public async Task Standalone_client_uses_the_same_pipeline()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"result": {"calls": 7}}""");

        var client = AcmeClient.Create(new AcmeOptions { Endpoint = server.BaseAddress, Username = "u", Password = "p" });

        Assert.Equal(7, await client.GetCallsAsync("q", TestContext.Current.CancellationToken));
        Assert.StartsWith("Basic ", server.Requests.Single().Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Standalone_client_with_bad_options_fails_naming_the_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => AcmeClient.Create(new AcmeOptions { Username = "u", Password = "p" }));

        Assert.Equal(["AcmeOptions.Endpoint is required."], ex.Failures);
    }

    [Fact]
    public void Endpoint_path_prefix_keeps_its_last_segment()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient(o => Valid(o, new Uri("https://example.com/api/v1")));
        using var provider = services.BuildServiceProvider(Strict);

        var http = provider.GetRequiredService<IHttpClientFactory>()
            .CreateClient(Sdk.DependencyInjection.VendorClientRegistration.HttpClientName<AcmeClient>(Options.DefaultName));

        Assert.Equal(new Uri("https://example.com/api/v1/"), http.BaseAddress);
    }

    private static void Valid(AcmeOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.Username = "u";
        options.Password = "p";
    }
}
