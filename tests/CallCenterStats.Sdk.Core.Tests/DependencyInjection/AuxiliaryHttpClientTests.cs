using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.DependencyInjection;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Core.Tests.DependencyInjection;

/// <summary>
/// <see cref="VendorClientRegistration.AddAuxiliaryHttpClient{TClient, TOptions}"/>: a second named client with the
/// registration's endpoint and timeout but none of the main client's handlers.
/// </summary>
public sealed class AuxiliaryHttpClientTests
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Name_is_the_main_clients_name_and_the_purpose()
    {
        var prefix = typeof(AcmeClient).FullName;

        Assert.Equal(prefix + ":auth", VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>(Options.DefaultName, "auth"));
        Assert.Equal(prefix + ":eu:auth", VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>("eu", "auth"));
        Assert.Equal(
            VendorClientRegistration.HttpClientName<AcmeClient>("eu") + ":auth",
            VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>("eu", "auth"));
    }

    [Fact]
    public void Auxiliary_client_gets_the_registrations_endpoint_and_timeout()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient("eu", o => Valid(o, new Uri("https://example.com/api/v1"), TimeSpan.FromSeconds(7)));
        services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>("eu", "auth");
        using var provider = services.BuildServiceProvider(Strict);
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        using var main = factory.CreateClient(VendorClientRegistration.HttpClientName<AcmeClient>("eu"));
        using var auxiliary = factory.CreateClient(VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>("eu", "auth"));

        Assert.Equal(new Uri("https://example.com/api/v1/"), auxiliary.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(7), auxiliary.Timeout);
        Assert.Equal(main.BaseAddress, auxiliary.BaseAddress);
        Assert.Equal(main.Timeout, auxiliary.Timeout);
    }

    [Fact]
    public void Each_named_registration_gets_its_own_auxiliary_client()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient("eu", o => Valid(o, new Uri("https://eu.example.com/"), TimeSpan.FromSeconds(5)));
        services.AddAcmeClient("us", o => Valid(o, new Uri("https://us.example.com/"), TimeSpan.FromSeconds(9)));
        services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>("eu", "auth");
        services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>("us", "auth");
        using var provider = services.BuildServiceProvider(Strict);
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        using var eu = factory.CreateClient(VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>("eu", "auth"));
        using var us = factory.CreateClient(VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>("us", "auth"));

        Assert.Equal((new Uri("https://eu.example.com/"), TimeSpan.FromSeconds(5)), (eu.BaseAddress, eu.Timeout));
        Assert.Equal((new Uri("https://us.example.com/"), TimeSpan.FromSeconds(9)), (us.BaseAddress, us.Timeout));
    }

    [Fact]
    public async Task Auxiliary_client_does_not_run_the_main_clients_handlers()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        var services = new ServiceCollection();
        services.AddAcmeClient(o => Valid(o, server.BaseAddress, TimeSpan.FromSeconds(30)));
        services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>(Options.DefaultName, "auth");
        await using var provider = services.BuildServiceProvider(Strict);
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        using var main = factory.CreateClient(VendorClientRegistration.HttpClientName<AcmeClient>(Options.DefaultName));
        using var auxiliary = factory.CreateClient(VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>(Options.DefaultName, "auth"));
        using var viaMain = await main.GetAsync(new Uri("main", UriKind.Relative), Ct);
        using var viaAuxiliary = await auxiliary.GetAsync(new Uri("login", UriKind.Relative), Ct);

        var requests = server.Requests;
        Assert.Equal(["/main", "/login"], requests.Select(r => r.Path));
        Assert.StartsWith("Basic ", requests[0].Authorization, StringComparison.Ordinal);
        Assert.Null(requests[1].Authorization);
    }

    [Fact]
    public async Task Handlers_added_to_the_auxiliary_builder_stay_on_the_auxiliary_client()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        var services = new ServiceCollection();
        services.AddAcmeClient(o => Valid(o, server.BaseAddress, TimeSpan.FromSeconds(30)));
        services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>(Options.DefaultName, "auth")
            .AddHttpMessageHandler(() => new StampHandler("auxiliary"));
        await using var provider = services.BuildServiceProvider(Strict);
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        using var main = factory.CreateClient(VendorClientRegistration.HttpClientName<AcmeClient>(Options.DefaultName));
        using var auxiliary = factory.CreateClient(VendorClientRegistration.AuxiliaryHttpClientName<AcmeClient>(Options.DefaultName, "auth"));
        using var viaMain = await main.GetAsync(new Uri("main", UriKind.Relative), Ct);
        using var viaAuxiliary = await auxiliary.GetAsync(new Uri("login", UriKind.Relative), Ct);

        var requests = server.Requests;
        Assert.False(requests[0].Headers.ContainsKey(StampHandler.Header));
        Assert.Equal("auxiliary", requests[1].Headers[StampHandler.Header]);
        Assert.Null(requests[1].Authorization);
    }

    [Fact]
    public async Task Main_client_still_works_next_to_an_auxiliary_client()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"result": {"calls": 3}}""");
        var services = new ServiceCollection();
        services.AddAcmeClient(o => Valid(o, server.BaseAddress, TimeSpan.FromSeconds(30)));
        services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>(Options.DefaultName, "auth");
        await using var provider = services.BuildServiceProvider(Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(3, await provider.GetRequiredService<AcmeClient>().GetCallsAsync("q", Ct));
        Assert.StartsWith("Basic ", server.Requests.Single().Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Purpose_is_required(string? purpose)
    {
        var services = new ServiceCollection();

        var ex = Assert.ThrowsAny<ArgumentException>(() => services.AddAuxiliaryHttpClient<AcmeClient, AcmeOptions>("eu", purpose!));

        Assert.Equal("purpose", ex.ParamName);
    }

    private static void Valid(AcmeOptions options, Uri endpoint, TimeSpan timeout)
    {
        options.Endpoint = endpoint;
        options.Username = "u";
        options.Password = "p";
        options.Timeout = timeout;
    }

    private sealed class StampHandler(string value) : DelegatingHandler
    {
        public const string Header = "X-Test-Stamp";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(Header, value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
