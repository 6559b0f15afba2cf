using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.DependencyInjection;

/// <summary>
/// The one registration every vendor package builds on. A vendor's <c>AddXClient</c> extension calls
/// <see cref="AddVendorClient{TClient, TOptions}"/> and adds its auth handler to the returned builder;
/// its no-DI <c>Create</c> method calls <see cref="CreateStandalone{TClient, TOptions}"/> with the same
/// registration, so both paths share one pipeline (handlers, timeouts, retries, error mapping).
/// </summary>
public static class VendorClientRegistration
{
    /// <summary>
    /// Registers options (validated at start-up), a named <see cref="HttpClient"/> with the options' endpoint and
    /// timeout, and the client: a keyed singleton under <paramref name="name"/>, and also the unkeyed
    /// <typeparamref name="TClient"/> for the default name (<see cref="Options.DefaultName"/>).
    /// </summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <typeparam name="TOptions">The vendor's options.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name; <see cref="Options.DefaultName"/> for the default.</param>
    /// <param name="configure">Configures the options (from code, or by binding a configuration section).</param>
    /// <param name="createClient">Builds the client from its context.</param>
    /// <returns>The builder of the client's named <see cref="HttpClient"/>, to add handlers or resilience.</returns>
    /// <exception cref="ArgumentException">The same <typeparamref name="TClient"/> and <paramref name="name"/> are registered twice.</exception>
    public static IHttpClientBuilder AddVendorClient<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services,
        string name,
        Action<TOptions> configure,
        Func<VendorClientContext<TOptions>, TClient> createClient)
        where TClient : class
        where TOptions : VendorClientOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(createClient);

        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(TClient) && Equals(d.ServiceKey, name)))
        {
            throw new ArgumentException(
                $"{typeof(TClient).Name} is already registered under the name '{name}'. Use a different name for another account.",
                nameof(name));
        }

        services.AddOptions<TOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, VendorOptionsValidator<TOptions>>());

        var httpClientName = HttpClientName<TClient>(name);
        var builder = services.AddEndpointHttpClient<TOptions>(httpClientName, name);

        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return createClient(new VendorClientContext<TOptions>(sp, name, options, () => factory.CreateClient(httpClientName)));
        });

        if (name == Options.DefaultName)
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<TClient>(name));
        }

        return builder;
    }

    /// <summary>
    /// Builds a client without an application container: runs <paramref name="register"/> (the vendor's own
    /// <c>AddXClient</c>) on a private service collection whose options come from <paramref name="options"/>,
    /// validates them, and returns the client. The result has exactly the DI path's pipeline.
    /// </summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <typeparam name="TOptions">The vendor's options.</typeparam>
    /// <param name="options">The options; validated before the client is returned. The client reads this instance, so
    /// it must not be changed afterwards.</param>
    /// <param name="register">Registers the client under the default name.</param>
    /// <returns>The client.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static TClient CreateStandalone<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(TOptions options, Action<IServiceCollection> register)
        where TClient : class
        where TOptions : VendorClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(register);
        var services = new ServiceCollection();
        register(services);
        services.AddSingleton<IOptionsFactory<TOptions>>(sp => new InstanceOptionsFactory<TOptions>(options, sp.GetServices<IValidateOptions<TOptions>>()));

        // The provider lives as long as the client does: the client holds the HttpClient factory it owns.
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return provider.GetRequiredService<TClient>();
    }

    /// <summary>
    /// Registers a second named <see cref="HttpClient"/> for a vendor registration, with the same endpoint and
    /// timeout as the client's own but none of its handlers: for calls the client's handlers must not see, such
    /// as the login and token-refresh calls a bearer-token source makes.
    /// </summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <typeparam name="TOptions">The vendor's options.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="purpose">What the client is for (e.g. <c>auth</c>); part of its name.</param>
    /// <returns>The builder; its client is named <c>HttpClientName&lt;TClient&gt;(name) + ":" + purpose</c>.</returns>
    public static IHttpClientBuilder AddAuxiliaryHttpClient<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services,
        string name,
        string purpose)
        where TClient : class
        where TOptions : VendorClientOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return services.AddEndpointHttpClient<TOptions>(AuxiliaryHttpClientName<TClient>(name, purpose), name);
    }

    /// <summary>The name of the auxiliary <see cref="HttpClient"/> registered by <see cref="AddAuxiliaryHttpClient{TClient, TOptions}"/>.</summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <param name="name">The registration name.</param>
    /// <param name="purpose">What the client is for.</param>
    /// <returns>The <c>IHttpClientFactory</c> client name.</returns>
    public static string AuxiliaryHttpClientName<TClient>(string name, string purpose) => HttpClientName<TClient>(name) + ":" + purpose;

    /// <summary>The name of the <see cref="HttpClient"/> registered for <typeparamref name="TClient"/> and <paramref name="name"/>.</summary>
    /// <typeparam name="TClient">The vendor client.</typeparam>
    /// <param name="name">The registration name.</param>
    /// <returns>The <c>IHttpClientFactory</c> client name.</returns>
    public static string HttpClientName<TClient>(string name) =>
        string.IsNullOrEmpty(name) ? typeof(TClient).FullName! : $"{typeof(TClient).FullName}:{name}";

    private static IHttpClientBuilder AddEndpointHttpClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services,
        string httpClientName,
        string name)
        where TOptions : VendorClientOptions =>
        services
            .AddHttpClient(httpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
                http.BaseAddress = WithTrailingSlash(options.ResolveEndpoint()!);
                http.Timeout = options.Timeout;
            });

    private static Uri WithTrailingSlash(Uri endpoint) =>
        endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");

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
