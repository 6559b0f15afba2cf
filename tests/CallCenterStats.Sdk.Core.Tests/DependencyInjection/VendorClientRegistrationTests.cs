using System.Net;
using System.Text;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Core.Tests.DependencyInjection;

/// <summary>
/// Core's generic registration as a vendor uses it (through Acme): what the conformance base does not already cover.
/// </summary>
public sealed class VendorClientRegistrationTests
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_resolves_and_calls_the_vendor_with_its_basic_credentials()
    {
        await using var server = await LoopbackServer.StartAsync(200, AcmeKit.Calls(42));
        await using var provider = AcmeKit.Provider(server.BaseAddress, Options.DefaultName);

        var calls = await provider.GetRequiredService<AcmeClient>().GetCallsAsync(AcmeKit.Request with { Queue = "sales" }, Ct);

        Assert.Equal(new AcmeCalls(42, null), calls);
        var request = server.Requests.Single();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AcmeKit.Username + ":" + AcmeKit.Password)), request.Authorization);
        Assert.Equal("/stats/calls", request.Path);
        Assert.Equal("?from=2024-03-11T00:00:00Z&to=2024-03-12T00:00:00Z&queue=sales", request.QueryString);
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_each_option()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient(o =>
        {
            o.Endpoint = new Uri("ftp://example.com/");
            o.Username = "a:b";
        });
        using var provider = services.BuildServiceProvider(Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["AcmeOptions.Endpoint must be an absolute https URI.", "AcmeOptions.Username cannot contain ':'.", "AcmeOptions.Password is required."],
            ex.Failures);
    }

    [Fact]
    public void A_named_registration_names_itself_in_every_failure()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient("eu", o => o.Endpoint = new Uri("https://example.com/"));
        using var provider = services.BuildServiceProvider(Strict);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<AcmeClient>("eu"));

        Assert.Equal(["AcmeOptions 'eu': Username is required.", "AcmeOptions 'eu': Password is required."], ex.Failures);
    }

    [Fact]
    public void Standalone_client_with_bad_options_fails_naming_the_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => AcmeClient.Create(new AcmeOptions { Username = "u", Password = "p" }));

        Assert.Equal(["AcmeOptions.Endpoint is required."], ex.Failures);
    }

    [Fact]
    public void The_http_client_keeps_the_endpoints_path_prefix_and_leaves_every_timeout_to_the_pipeline()
    {
        using var provider = AcmeKit.Provider(new Uri("https://example.com/api/v1"), "eu");

        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(VendorClientRegistration.HttpClientName<AcmeClient>("eu"));

        Assert.Equal(new Uri("https://example.com/api/v1/"), http.BaseAddress);
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }

    [Fact]
    public void Http_client_names_are_the_client_type_and_the_registration_name()
    {
        Assert.Equal(typeof(AcmeClient).FullName, VendorClientRegistration.HttpClientName<AcmeClient>(Options.DefaultName));
        Assert.Equal(typeof(AcmeClient).FullName + ":eu", VendorClientRegistration.HttpClientName<AcmeClient>("eu"));
    }

    [Fact]
    public void User_agent_is_the_assembly_name_and_its_version_without_build_metadata()
    {
        var userAgent = VendorClientRegistration.UserAgent(typeof(AcmeClient).Assembly);

        Assert.Matches(@"^CallCenterStats\.Sdk\.Core\.Tests/\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", userAgent);
    }

    [Fact]
    public async Task Standalone_client_uses_the_same_pipeline_and_the_given_clock()
    {
        // The clock turns a Retry-After date into a wait: the one it was given, not the system's.
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "Mon, 11 Mar 2024 09:02:00 GMT";
            await context.RespondAsync(503, "{}");
        });
        using var client = AcmeKit.Client(
            server,
            o => o.Retry.MaxRetries = 0,
            new VendorClientServices { Clock = new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2024, 3, 11, 9, 0)) });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(NodaTime.Duration.FromMinutes(2), ex.RetryAfter);
        Assert.StartsWith("Basic ", server.Requests.Single().Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_standalone_client_releases_what_its_private_provider_created()
    {
        // The token source is a singleton of the client's private provider: disposing the client disposes it.
        await using var server = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, AcmeKit.Calls(1)));
        var sources = new List<BearerTokenSource>();
        using var primary = new TokenSpy(sources);
        var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey, new VendorClientServices { PrimaryHandler = primary });
        await client.GetCallsAsync(AcmeKit.Request, Ct);
        var source = Assert.IsType<AcmeTokenSource>(Assert.Single(sources.Distinct()));
        Assert.False(source.IsDisposed);

        client.Dispose();

        Assert.True(source.IsDisposed);
    }

    [Fact]
    public async Task A_client_from_dependency_injection_owns_nothing_and_the_container_releases_it()
    {
        await using var server = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, AcmeKit.Calls(1)));
        var provider = AcmeKit.Provider(server.BaseAddress, "eu", o => o.ApiKey = AcmeKit.ApiKey);
        var client = provider.GetRequiredKeyedService<AcmeClient>("eu");
        var source = provider.GetRequiredKeyedService<AcmeTokenSource>("eu");
        await client.GetCallsAsync(AcmeKit.Request, Ct);

        client.Dispose();
        Assert.False(source.IsDisposed);
        await client.GetCallsAsync(AcmeKit.Request, Ct);
        await provider.DisposeAsync();

        Assert.True(source.IsDisposed);
        Assert.Equal(2, server.ApiRequests().Count);
    }

    [Fact]
    public async Task The_auxiliary_pipeline_has_the_endpoint_and_user_agent_but_none_of_the_clients_handlers()
    {
        await using var server = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, AcmeKit.Calls(3)));
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddAcmeClient(o =>
        {
            o.Endpoint = new Uri(server.BaseAddress, "api/");
            o.ApiKey = AcmeKit.ApiKey;
        }).AddHttpMessageHandler(() => counter);
        await using var provider = services.BuildServiceProvider(Strict);

        Assert.Equal(3, (await provider.GetRequiredService<AcmeClient>().GetCallsAsync(AcmeKit.Request, Ct)).Calls);

        var login = Assert.Single(server.Requests, r => r.Path == "/api/auth/token");
        var call = Assert.Single(server.Requests, r => r.Path == "/api/stats/calls");
        Assert.Null(login.Authorization);
        Assert.Equal([new KeyValuePair<string, string>("api_key", AcmeKit.ApiKey)], login.Form);
        Assert.Equal("Bearer " + AcmeKit.TokenPrefix + "1", call.Authorization);
        Assert.Equal(call.Headers["User-Agent"], login.Headers["User-Agent"]);
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task Each_named_account_logs_in_at_its_own_endpoint_with_its_own_key()
    {
        await using var eu = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, AcmeKit.Calls(1)));
        await using var us = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, AcmeKit.Calls(2)));
        var services = new ServiceCollection();
        services.AddAcmeClient("eu", o =>
        {
            o.Endpoint = eu.BaseAddress;
            o.ApiKey = "eu-key";
        });
        services.AddAcmeClient("us", o =>
        {
            o.Endpoint = us.BaseAddress;
            o.ApiKey = "us-key";
        });
        await using var provider = services.BuildServiceProvider(Strict);

        var euCalls = await provider.GetRequiredKeyedService<AcmeClient>("eu").GetCallsAsync(AcmeKit.Request, Ct);
        var usCalls = await provider.GetRequiredKeyedService<AcmeClient>("us").GetCallsAsync(AcmeKit.Request, Ct);

        Assert.Equal((1, 2), (euCalls.Calls, usCalls.Calls));
        Assert.Equal("eu-key", Assert.Single(eu.Logins()).Form.Single().Value);
        Assert.Equal("us-key", Assert.Single(us.Logins()).Form.Single().Value);
        Assert.NotSame(provider.GetRequiredKeyedService<AcmeTokenSource>("eu"), provider.GetRequiredKeyedService<AcmeTokenSource>("us"));
    }

    [Fact]
    public async Task A_login_is_not_held_back_by_the_accounts_concurrency_limit()
    {
        // With one permit, the request waiting for its token holds the permit: a login that needed it would never run.
        await using var server = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, AcmeKit.Calls(3)));
        using var client = AcmeKit.Client(server, o =>
        {
            o.ApiKey = AcmeKit.ApiKey;
            o.MaxConcurrentRequests = 1;
        });

        var calls = await client.GetCallsAsync(AcmeKit.Request, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(3, calls.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_auxiliary_pipeline_needs_a_purpose(string? purpose)
    {
        var services = new ServiceCollection();

        var ex = Assert.ThrowsAny<ArgumentException>(() => services.AddVendorClient(new AuxiliaryDescriptor(purpose!), "eu", _ => { }));

        Assert.Equal("purpose", ex.ParamName);
    }

    private sealed class AuxiliaryDescriptor(string purpose) : VendorClientDescriptor<AcmeClient, AcmeOptions>
    {
        public override string Id => "aux";

        public override VendorErrorPolicy ErrorPolicy => AcmeErrorPolicy.Instance;

        public override AcmeClient CreateClient(VendorClientContext<AcmeOptions> context) => throw new NotSupportedException();

        public override IHttpClientBuilder AddClient(IServiceCollection services, string name, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
            throw new NotSupportedException();

        public override void AddAuthentication(VendorRegistration<AcmeOptions> registration) =>
            registration.AddAuxiliaryPipeline(purpose, Id, ErrorPolicy, typeof(AcmeClient).Assembly);
    }

    /// <summary>A primary handler that notes the token source of each request (Core's internal request option).</summary>
    private sealed class TokenSpy(List<BearerTokenSource> sources) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Options.TryGetValue(UsedToken.Key, out var used))
            {
                lock (sources)
                {
                    sources.Add(used.Source);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
