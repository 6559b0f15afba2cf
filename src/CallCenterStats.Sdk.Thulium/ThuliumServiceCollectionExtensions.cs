using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>Registers <see cref="ThuliumClient"/> with a service collection.</summary>
public static class ThuliumServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="ThuliumClient"/> (a singleton), its options (validated at start-up) and
    /// its named <see cref="HttpClient"/> with HTTP Basic authentication.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers (e.g. resilience).</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, Action<ThuliumOptions> configure) =>
        services.AddThuliumClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="ThuliumClient"/> with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options (<c>SystemName</c>, <c>Username</c>, <c>Password</c>, <c>TimeZone</c>, <c>Endpoint</c>, <c>Timeout</c>).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddThuliumClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a <see cref="ThuliumClient"/> for one account under <paramref name="name"/>: resolve it with
    /// <c>GetRequiredKeyedService&lt;ThuliumClient&gt;(name)</c>. Several accounts can be registered side by side.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name; <see cref="Options.DefaultName"/> also registers the unkeyed client.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, string name, Action<ThuliumOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        var builder = services.AddVendorClient<ThuliumClient, ThuliumOptions>(name, configure, context => new ThuliumClient(context));

        builder.AddHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<ThuliumOptions>>().Get(name);
            return new BasicAuthenticationHandler(new BasicCredentials(options.Username!, options.Password!));
        });
        return builder;
    }

    /// <summary>Registers a <see cref="ThuliumClient"/> under <paramref name="name"/> with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddThuliumClient(name, options => configuration.Bind(options));
    }
}
