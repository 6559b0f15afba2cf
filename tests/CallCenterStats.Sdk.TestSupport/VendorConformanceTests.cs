using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace CallCenterStats.Sdk.TestSupport;

/// <summary>
/// The behaviour every vendor package shares, tested once: dependency injection (strict providers, singletons, named
/// accounts, duplicate names, start-up validation, configuration binding, handlers on the returned builder), the no-DI
/// factory (options copied, what it was given used, the client disposable), the mock guard, the User-Agent, and that
/// no secret reaches a log line, a span, a metric or an exception, even from a server that echoes the request back.
/// Each vendor's test project derives one class from it.
/// </summary>
/// <typeparam name="TClient">The vendor's client.</typeparam>
/// <typeparam name="TOptions">The vendor's options.</typeparam>
public abstract class VendorConformanceTests<TClient, TOptions>
    where TClient : VendorClient
    where TOptions : VendorClientOptions, new()
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The vendor package's assembly name, e.g. <c>CallCenterStats.Sdk.Thulium</c> (the User-Agent's product).</summary>
    protected abstract string PackageName { get; }

    /// <summary>Calls <c>services.Add{Vendor}Client(name, configure)</c>.</summary>
    protected abstract IHttpClientBuilder Register(IServiceCollection services, string name, Action<TOptions> configure);

    /// <summary>Calls <c>services.Add{Vendor}Client(name, configuration)</c>.</summary>
    protected abstract IHttpClientBuilder Register(IServiceCollection services, string name, IConfiguration configuration);

    /// <summary>Calls <c>services.Add{Vendor}Client(configure)</c> (the default, unnamed registration).</summary>
    protected abstract IHttpClientBuilder RegisterDefault(IServiceCollection services, Action<TOptions> configure);

    /// <summary>Calls <c>{Vendor}Client.Create(options, services)</c>.</summary>
    protected abstract TClient Create(TOptions options, VendorClientServices? services = null);

    /// <summary>Sets valid options (credentials and all) for a server at <paramref name="endpoint"/>.</summary>
    protected abstract void Configure(TOptions options, Uri endpoint);

    /// <summary>The configuration keys and values that <see cref="Configure"/> sets, besides <c>Endpoint</c>.</summary>
    protected abstract IReadOnlyDictionary<string, string?> ConfigurationValues { get; }

    /// <summary>A client built with the protected constructor (a subclass overriding nothing).</summary>
    protected abstract TClient CreateMock();

    /// <summary>Every operation of the client, each called with valid arguments; the result is a task or a stream.</summary>
    protected abstract IEnumerable<(string Name, Func<TClient, object> Call)> Operations { get; }

    /// <summary>Runs one operation to the end (enumerating a stream) against a server that answers <see cref="SuccessBody"/>.</summary>
    protected abstract Task CallAsync(TClient client, CancellationToken cancellationToken);

    /// <summary>A body that makes <see cref="CallAsync"/> succeed (every request of the call gets it).</summary>
    protected abstract string SuccessBody { get; }

    /// <summary>The secrets <see cref="Configure"/> sets, as written (the base adds their encodings).</summary>
    protected abstract IEnumerable<string> Secrets { get; }

    /// <summary>Answers a token-source request (a login) when the vendor needs one before <see cref="CallAsync"/>; null by default.</summary>
    protected virtual string? TryAnswerAuthentication(RecordedRequest request) => null;

    /// <summary>An error body in the vendor's shape that quotes <paramref name="echo"/> (the request as received) in its message.</summary>
    protected abstract string ErrorBodyQuoting(string echo);

    private Task<LoopbackServer> StartSuccessServerAsync() =>
        LoopbackServer.StartAsync((request, context) => context.RespondAsync(200, TryAnswerAuthentication(request) ?? SuccessBody));

    private static ServiceProvider Provider(Action<IServiceCollection> register, ILoggerProvider? logger = null)
    {
        var services = new ServiceCollection();
        if (logger is not null)
        {
            services.AddLogging(b => b.AddProvider(logger).SetMinimumLevel(LogLevel.Trace));
        }

        register(services);
        return services.BuildServiceProvider(Strict);
    }

    [Fact]
    public async Task The_default_client_resolves_as_one_singleton_from_a_strict_provider_and_calls_the_server()
    {
        await using var server = await StartSuccessServerAsync();
        await using var provider = Provider(s => RegisterDefault(s, o => Configure(o, server.BaseAddress)));

        var client = provider.GetRequiredService<TClient>();
        await CallAsync(client, Ct);

        Assert.Same(client, provider.GetRequiredService<TClient>());
        Assert.Same(client, provider.GetRequiredKeyedService<TClient>(Options.DefaultName));
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task Named_accounts_are_distinct_clients_each_calling_its_own_endpoint()
    {
        await using var first = await StartSuccessServerAsync();
        await using var second = await StartSuccessServerAsync();
        await using var provider = Provider(s =>
        {
            Register(s, "eu", o => Configure(o, first.BaseAddress));
            Register(s, "us", o => Configure(o, second.BaseAddress));
        });

        var eu = provider.GetRequiredKeyedService<TClient>("eu");
        var us = provider.GetRequiredKeyedService<TClient>("us");
        await CallAsync(eu, Ct);

        Assert.NotSame(eu, us);
        Assert.NotEmpty(first.Requests);
        Assert.Empty(second.Requests);
        Assert.Null(provider.GetService<TClient>());
    }

    [Fact]
    public void Registering_the_same_name_twice_throws_naming_the_parameter()
    {
        var services = new ServiceCollection();
        Register(services, "eu", o => Configure(o, new Uri("https://eu.example.com/")));

        var ex = Assert.Throws<ArgumentException>(() => Register(services, "eu", o => Configure(o, new Uri("https://eu.example.com/"))));

        Assert.Equal("name", ex.ParamName);
    }

    [Theory]
    [InlineData("ftp://files.example.com/", "Endpoint")]
    [InlineData("http://api.example.com/", "https")]
    public void Bad_options_fail_when_the_client_is_resolved_with_a_message_naming_the_option(string endpoint, string expected)
    {
        using var provider = Provider(s => Register(s, "bad", o =>
        {
            Configure(o, new Uri("https://ok.example.com/"));
            o.Endpoint = new Uri(endpoint);
        }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<TClient>("bad"));

        Assert.Contains("Endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_and_timeout_settings_are_validated_with_the_option_named()
    {
        using var provider = Provider(s => Register(s, "bad", o =>
        {
            Configure(o, new Uri("https://ok.example.com/"));
            o.Retry.MaxRetries = -1;
            o.AttemptTimeout = TimeSpan.Zero;
        }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<TClient>("bad"));

        Assert.Contains("Retry.MaxRetries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_a_configuration_section_including_retry_and_timeouts()
    {
        await using var server = await StartSuccessServerAsync();
        var values = new Dictionary<string, string?>(ConfigurationValues)
        {
            ["Endpoint"] = server.BaseAddress.AbsoluteUri,
            ["AttemptTimeout"] = "00:00:42",
            ["Retry:MaxRetries"] = "7",
            ["MaxConcurrentRequests"] = "3",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        await using var provider = Provider(s => Register(s, "bound", configuration));

        await CallAsync(provider.GetRequiredKeyedService<TClient>("bound"), Ct);
        var options = provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get("bound");

        Assert.Equal(TimeSpan.FromSeconds(42), options.AttemptTimeout);
        Assert.Equal(7, options.Retry.MaxRetries);
        Assert.Equal(3, options.MaxConcurrentRequests);
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task A_handler_added_to_the_returned_builder_sees_every_request()
    {
        await using var server = await StartSuccessServerAsync();
        var counter = new CountingHandler();
        await using var provider = Provider(s => Register(s, "counted", o => Configure(o, server.BaseAddress)).AddHttpMessageHandler(() => counter));

        await CallAsync(provider.GetRequiredKeyedService<TClient>("counted"), Ct);

        Assert.True(counter.Count > 0);
        Assert.Equal(server.Requests.Count(r => TryAnswerAuthentication(r) is null), counter.Count);
    }

    [Fact]
    public async Task Every_request_carries_the_package_user_agent()
    {
        await using var server = await StartSuccessServerAsync();
        using var client = Create(ConfigureNew(server.BaseAddress));

        await CallAsync(client, Ct);

        Assert.All(server.Requests, r => Assert.StartsWith(PackageName + "/", r.Headers["User-Agent"], StringComparison.Ordinal));
    }

    [Fact]
    public void A_mock_throws_InvalidOperationException_from_the_call_itself_for_every_operation()
    {
        var mock = CreateMock();

        foreach (var (name, call) in Operations)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => call(mock));
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
            Assert.Contains("mocking", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_copies_the_options_so_later_changes_do_not_reach_the_client()
    {
        await using var server = await StartSuccessServerAsync();
        var options = ConfigureNew(server.BaseAddress);
        using var client = Create(options);

        options.Endpoint = new Uri("https://changed.invalid/");
        await CallAsync(client, Ct);

        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task Create_sends_through_the_given_primary_handler_and_disposing_the_client_leaves_it_usable()
    {
        await using var server = await StartSuccessServerAsync();
        using var primary = new CountingHandler(new SocketsHttpHandler());
        var client = Create(ConfigureNew(server.BaseAddress), new VendorClientServices { PrimaryHandler = primary });

        await CallAsync(client, Ct);
        client.Dispose();
        client.Dispose();

        Assert.True(primary.Count > 0);
        using var http = new HttpClient(primary, disposeHandler: false);
        using var response = await http.GetAsync(server.BaseAddress, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_logs_through_the_given_logger_factory()
    {
        await using var server = await StartSuccessServerAsync();
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var client = Create(ConfigureNew(server.BaseAddress), new VendorClientServices { LoggerFactory = loggerFactory });

        await CallAsync(client, Ct);

        Assert.Contains(logs.Entries, e => e.StartsWith(PackageName + " Debug", StringComparison.Ordinal) && e.Contains("completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operation_is_one_span_with_vendor_operation_account_attempts_and_outcome()
    {
        await using var server = await StartSuccessServerAsync();
        var account = "span-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryCapture(account);
        await using var provider = Provider(s => Register(s, account, o => Configure(o, server.BaseAddress)));

        await CallAsync(provider.GetRequiredKeyedService<TClient>(account), Ct);

        var span = telemetry.Spans.First(s => (string?)s.GetTagItem(CallCenterStatsTelemetry.OutcomeTag) == "success");
        Assert.NotNull(span.GetTagItem(CallCenterStatsTelemetry.VendorTag));
        Assert.NotNull(span.GetTagItem(CallCenterStatsTelemetry.OperationTag));
        Assert.True((int)span.GetTagItem(CallCenterStatsTelemetry.AttemptsTag)! >= 1);
        Assert.True(telemetry.Sum(CallCenterStatsTelemetry.RequestsMetric) >= 1);
        Assert.Contains(telemetry.Measurements, m => m.Instrument == CallCenterStatsTelemetry.DurationMetric);
    }

    [Fact]
    public async Task No_secret_reaches_a_log_line_a_span_a_metric_or_an_exception_even_when_the_server_echoes_the_request()
    {
        // The server quotes the whole request (headers, query, body) in an error body in the vendor's own shape.
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            if (TryAnswerAuthentication(request) is { } auth)
            {
                return context.RespondAsync(200, auth);
            }

            var echo = $"{request.Method} {request.Path}{request.QueryString} {string.Join(" ", request.Headers.Select(h => h.Key + ": " + h.Value))} {request.Body}";
            context.Response.Headers["X-Request-Id"] = echo;
            return context.RespondAsync(400, ErrorBodyQuoting(echo));
        });
        var account = "secret-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryCapture(account);
        var logs = new CapturingLoggerProvider();
        await using var provider = Provider(s => Register(s, account, o => Configure(o, server.BaseAddress)), logs);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CallAsync(provider.GetRequiredKeyedService<TClient>(account), Ct));

        var surfaces = string.Join('\n', logs.AllText, telemetry.AllText, ex.ToString(), ex.Message, (ex as Errors.VendorApiException)?.RawBody, (ex as Errors.VendorApiException)?.RequestId);
        foreach (var secret in SecretForms())
        {
            Assert.DoesNotContain(secret, surfaces, StringComparison.Ordinal);
        }

        Assert.NotEmpty(server.Requests);
    }

    /// <summary>Every form of every secret that must not appear anywhere.</summary>
    protected IEnumerable<string> SecretForms() =>
        Secrets
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s), Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal), WebUtility.UrlEncode(s), System.Text.Json.JsonEncodedText.Encode(s).ToString() })
            .Where(s => s.Length >= 4)
            .Distinct(StringComparer.Ordinal);

    private TOptions ConfigureNew(Uri endpoint)
    {
        var options = new TOptions();
        Configure(options, endpoint);
        return options;
    }

    /// <summary>Counts the requests it passes on.</summary>
    protected sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public CountingHandler()
        {
        }

        public CountingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
