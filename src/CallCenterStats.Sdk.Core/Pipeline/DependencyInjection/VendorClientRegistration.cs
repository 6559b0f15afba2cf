using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// The one registration every vendor package builds on. A vendor's four <c>Add{Vendor}Client</c> overloads call
/// <see cref="AddVendorClient{TClient, TOptions}"/> with the vendor's descriptor; its static <c>Create</c> calls
/// <see cref="CreateStandalone{TClient, TOptions}"/> with the same descriptor, so both paths share one pipeline
/// (authentication, errors, retries, timeouts, limits, telemetry).
/// </summary>
public static class VendorClientRegistration
{
    /// <summary>
    /// Registers options (validated at start-up), a named <see cref="HttpClient"/> (the options' endpoint; redirects
    /// not followed; timeouts owned by the pipeline), the account's pipeline, and the client: a keyed singleton under
    /// <paramref name="name"/>, and also the unkeyed <typeparamref name="TClient"/> for the default name
    /// (<see cref="Options.DefaultName"/>).
    /// </summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <typeparam name="TOptions">The vendor's options.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="descriptor">The vendor.</param>
    /// <param name="name">The registration (account) name; <see cref="Options.DefaultName"/> for the default.</param>
    /// <param name="configure">Configures the options (in code, or by binding a configuration section).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers (a proxy, logging).</returns>
    /// <exception cref="ArgumentException">The same <typeparamref name="TClient"/> and <paramref name="name"/> are registered twice.</exception>
    public static IHttpClientBuilder AddVendorClient<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services,
        VendorClientDescriptor<TClient, TOptions> descriptor,
        string name,
        Action<TOptions> configure)
        where TClient : VendorClient
        where TOptions : VendorClientOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(TClient) && Equals(d.ServiceKey, name)))
        {
            throw new ArgumentException(
                $"{typeof(TClient).Name} is already registered under the name '{name}'. Use a different name for another account.",
                nameof(name));
        }

        services.AddOptions<TOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, VendorOptionsValidator<TOptions>>());

        var registration = new VendorRegistration<TOptions>(services, name, HttpClientName<TClient>(name));
        var builder = registration.AddHttpClient(registration.HttpClientName);

        services.AddKeyedSingleton(registration.HttpClientName, (sp, _) =>
        {
            var options = registration.GetOptions(sp);
            var limiter = options.MaxConcurrentRequests is { } max ? new SemaphoreSlim(max, max) : null;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return registration.CreatePipeline(sp, descriptor.Id, descriptor.ErrorPolicy, typeof(TClient).Assembly, () => factory.CreateClient(registration.HttpClientName), limiter);
        });

        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var pipeline = sp.GetRequiredKeyedService<VendorPipeline>(registration.HttpClientName);
            var context = new VendorClientContext<TOptions>(name, registration.GetOptions(sp), sp.GetService<IClock>() ?? SystemClock.Instance, pipeline, sp.GetService<StandaloneOwner>());
            return descriptor.CreateClient(context);
        });

        if (name == Options.DefaultName)
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<TClient>(name));
        }

        // One unified-statistics source per account, among the container's IEnumerable<IAgentStatisticsSource>.
        if (descriptor.ProvidesAgentStatistics)
        {
            var account = string.IsNullOrEmpty(name) ? Unified.AgentStatistics.DefaultAccount : name;
            services.AddSingleton(sp => descriptor.CreateSource(sp.GetRequiredKeyedService<TClient>(name), account)
                ?? throw new InvalidOperationException($"{descriptor.GetType().Name} provides agent statistics but built no source."));
        }

        descriptor.AddAuthentication(registration);
        return builder;
    }

    /// <summary>
    /// Builds a client without an application container: registers it under the default name on a private service
    /// collection with a copy of <paramref name="options"/> and what <paramref name="services"/> supplies, validates the
    /// options, and returns the client, which owns (and releases when disposed) everything it created.
    /// </summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <typeparam name="TOptions">The vendor's options.</typeparam>
    /// <param name="descriptor">The vendor.</param>
    /// <param name="options">The options; copied, so later changes to this object do not reach the client.</param>
    /// <param name="services">A primary handler, logger factory, clock or time provider to use; null for the defaults.</param>
    /// <returns>The client; dispose it when done.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static TClient CreateStandalone<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        VendorClientDescriptor<TClient, TOptions> descriptor,
        TOptions options,
        VendorClientServices? services = null)
        where TClient : VendorClient
        where TOptions : VendorClientOptions
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(options);
        var copy = (TOptions)options.Clone();
        var collection = new ServiceCollection();
        if (services?.LoggerFactory is { } loggerFactory)
        {
            collection.AddSingleton(loggerFactory);
        }

        if (services?.Clock is { } clock)
        {
            collection.AddSingleton(clock);
        }

        if (services?.TimeProvider is { } timeProvider)
        {
            collection.AddSingleton(timeProvider);
        }

        if (services?.PrimaryHandler is { } handler)
        {
            collection.AddSingleton(new PrimaryHandler(handler));
        }

        var owner = new StandaloneOwner();
        collection.AddSingleton(owner);
        collection.AddVendorClient(descriptor, Options.DefaultName, _ => { });
        collection.AddSingleton<IOptionsFactory<TOptions>>(sp => new InstanceOptionsFactory<TOptions>(copy, sp.GetServices<IValidateOptions<TOptions>>()));

        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        owner.Provider = provider;
        try
        {
            return provider.GetRequiredService<TClient>();
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>The name of the <see cref="HttpClient"/> registered for <typeparamref name="TClient"/> and <paramref name="name"/>.</summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <param name="name">The registration name.</param>
    /// <returns>The <c>IHttpClientFactory</c> client name.</returns>
    public static string HttpClientName<TClient>(string name) =>
        string.IsNullOrEmpty(name) ? typeof(TClient).FullName! : $"{typeof(TClient).FullName}:{name}";

    /// <summary>The <c>User-Agent</c> of a vendor package: <c>{assembly name}/{version}</c>, without build metadata.</summary>
    /// <param name="assembly">The vendor package's assembly.</param>
    /// <returns>E.g. <c>CallCenterStats.Sdk.Voximplant/0.2.0-preview</c>.</returns>
    public static string UserAgent(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        return $"{assembly.GetName().Name}/{version}";
    }

    /// <summary>The primary handler a no-DI caller supplied (not owned: never disposed by the client).</summary>
    internal sealed class PrimaryHandler(HttpMessageHandler handler)
    {
        public HttpMessageHandler Create() => new NonDisposingHandler(handler);
    }

    /// <summary>The private service provider of a no-DI client, disposed with the client.</summary>
    internal sealed class StandaloneOwner : IDisposable
    {
        public IDisposable? Provider { get; set; }

        public void Dispose() => Provider?.Dispose();
    }

    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        // The caller owns the handler it gave: never dispose it (the base would, when disposing).
        protected override void Dispose(bool disposing) => base.Dispose(disposing: false);
    }

    private sealed class InstanceOptionsFactory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(TOptions instance, IEnumerable<IValidateOptions<TOptions>> validators)
        : IOptionsFactory<TOptions>
        where TOptions : VendorClientOptions
    {
        public TOptions Create(string name)
        {
            var failures = validators
                .Select(v => v.Validate(name, instance))
                .Where(r => r.Failed)
                .SelectMany(r => r.Failures ?? [])
                .ToList();
            if (failures.Count > 0)
            {
                throw new OptionsValidationException(name, typeof(TOptions), failures);
            }

            return instance;
        }
    }
}

/// <summary>
/// One registration in progress, as a vendor's <see cref="VendorClientDescriptor{TClient, TOptions}.AddAuthentication"/>
/// sees it: the services, the account name, the client's <see cref="HttpClient"/> builder, and helpers for the usual
/// kinds of authentication.
/// </summary>
/// <typeparam name="TOptions">The vendor's options.</typeparam>
public sealed class VendorRegistration<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>
    where TOptions : VendorClientOptions
{
    internal VendorRegistration(IServiceCollection services, string name, string httpClientName)
    {
        Services = services;
        Name = name;
        HttpClientName = httpClientName;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The registration (account) name.</summary>
    public string Name { get; }

    /// <summary>The name of the client's <see cref="HttpClient"/>; also the key of the account's pipeline.</summary>
    public string HttpClientName { get; }

    /// <summary>The validated options of this registration.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns>The options.</returns>
    public TOptions GetOptions(IServiceProvider services) => services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(Name);

    /// <summary>Sends <c>Authorization: Basic …</c> with every request of the client.</summary>
    /// <param name="credentials">Builds the credentials from the validated options.</param>
    public void UseBasicAuthentication(Func<TOptions, BasicCredentials> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Services.AddHttpClient(HttpClientName).AddHttpMessageHandler(sp => new BasicAuthenticationHandler(credentials(GetOptions(sp))));
    }

    /// <summary>
    /// Sends <c>Authorization: Bearer …</c> with every request of the client, from a token source registered once per
    /// account (a keyed singleton under <see cref="Name"/>); the pipeline renews a token the vendor rejects, once.
    /// </summary>
    /// <typeparam name="TSource">The token source.</typeparam>
    /// <param name="createSource">Builds the source.</param>
    public void UseBearerToken<TSource>(Func<IServiceProvider, TSource> createSource)
        where TSource : BearerTokenSource
    {
        ArgumentNullException.ThrowIfNull(createSource);
        Services.TryAddKeyedSingleton(Name, (sp, _) => createSource(sp));
        Services.AddHttpClient(HttpClientName).AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredKeyedService<TSource>(Name)));
    }

    /// <summary>
    /// Registers a second pipeline for the account, over an <see cref="HttpClient"/> with the same endpoint and transport
    /// but none of the client's handlers, for calls those handlers must not see (a token source's login and refresh).
    /// It is not bound by the account's concurrency limit: a request waiting for a token must not wait for itself.
    /// </summary>
    /// <param name="purpose">What it is for, e.g. <c>auth</c>; part of its client's name.</param>
    /// <param name="descriptorId">The vendor's id, for telemetry.</param>
    /// <param name="errorPolicy">The error envelope of those calls.</param>
    /// <param name="assembly">The vendor package's assembly, for the <c>User-Agent</c>.</param>
    /// <returns>Builds the pipeline from a service provider.</returns>
    public Func<IServiceProvider, VendorPipeline> AddAuxiliaryPipeline(string purpose, string descriptorId, VendorErrorPolicy errorPolicy, Assembly assembly)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentNullException.ThrowIfNull(errorPolicy);
        var clientName = HttpClientName + ":" + purpose;
        AddHttpClient(clientName);
        return sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return CreatePipeline(sp, descriptorId, errorPolicy, assembly, () => factory.CreateClient(clientName), limiter: null);
        };
    }

    internal IHttpClientBuilder AddHttpClient(string clientName) =>
        Services
            .AddHttpClient(clientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = GetOptions(sp);
                http.BaseAddress = WithTrailingSlash(options.ResolveEndpoint()!);

                // The pipeline owns every timeout (attempt, operation, stream idle): HttpClient's would cut streams.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetService<VendorClientRegistration.PrimaryHandler>()?.Create() ?? new SocketsHttpHandler
            {
                // Never follow redirects: a 307/308 would re-send the credentials (a form password, a login body) to
                // wherever the server points. The pipeline reports a redirect as an error naming the target host.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

    internal VendorPipeline CreatePipeline(IServiceProvider sp, string vendorId, VendorErrorPolicy errorPolicy, Assembly assembly, Func<HttpClient> httpClient, SemaphoreSlim? limiter)
    {
        var options = GetOptions(sp);
        return new VendorPipeline(new VendorPipelineSettings
        {
            VendorId = vendorId,
            Account = Name,
            ErrorPolicy = errorPolicy,
            HttpClient = httpClient,
            Options = options,
            Redaction = new Redaction(options.GetSecrets()),
            Clock = sp.GetService<IClock>() ?? SystemClock.Instance,
            TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System,
            LoggerFactory = sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            LoggerCategory = assembly.GetName().Name ?? "CallCenterStats.Sdk",
            ConcurrencyLimiter = limiter,
            UserAgent = VendorClientRegistration.UserAgent(assembly),
            Endpoint = options.ResolveEndpoint(),
        });
    }

    private static Uri WithTrailingSlash(Uri endpoint) =>
        endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
}
