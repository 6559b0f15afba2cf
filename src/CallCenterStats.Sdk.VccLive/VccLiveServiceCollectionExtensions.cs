using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>Registers <see cref="VccLiveClient"/> with dependency injection.</summary>
public static class VccLiveServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="VccLiveClient"/>, configured in code; options are validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least <see cref="VccLiveOptions.Customer"/> and <see cref="VccLiveOptions.ApiToken"/>).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers or resilience.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, Action<VccLiveOptions> configure) =>
        services.AddVccLiveClient(Microsoft.Extensions.Options.Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="VccLiveClient"/>, bound to a configuration section (e.g. <c>VccLive</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section holding <c>Customer</c>, <c>ApiToken</c> and the other <see cref="VccLiveOptions"/>.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, IConfiguration section) =>
        services.AddVccLiveClient(Microsoft.Extensions.Options.Options.DefaultName, section);

    /// <summary>
    /// Registers a named <see cref="VccLiveClient"/> (one per account, side by side), resolved with
    /// <c>GetRequiredKeyedService&lt;VccLiveClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, string name, Action<VccLiveOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services
            .AddVendorClient<VccLiveClient, VccLiveOptions>(name, configure, context => new VccLiveClient(context))
            .AddHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<VccLiveOptions>>().Get(name);
                return new BasicAuthenticationHandler(new BasicCredentials(options.Customer!, options.ApiToken!));
            });
    }

    /// <summary>Registers a named <see cref="VccLiveClient"/> bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="section">The section holding the <see cref="VccLiveOptions"/>.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddVccLiveClient(name, options => section.Bind(options));
    }
}
