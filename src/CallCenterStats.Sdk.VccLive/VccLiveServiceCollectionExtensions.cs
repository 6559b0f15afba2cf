using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>Registers <see cref="VccLiveClient"/> with a service collection (see the conventions in <c>src/CONVENTIONS.md</c>).</summary>
public static class VccLiveServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="VccLiveClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, Action<VccLiveOptions> configure) =>
        services.AddVccLiveClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="VccLiveClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, with keys named like the <see cref="VccLiveOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddVccLiveClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a <see cref="VccLiveClient"/> for one account under <paramref name="name"/>, configured in code; resolve it
    /// with <c>GetRequiredKeyedService&lt;VccLiveClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, string name, Action<VccLiveOptions> configure) =>
        services.AddVendorClient(VccLiveDescriptor.Instance, name, configure);

    /// <summary>Registers a <see cref="VccLiveClient"/> for one account under <paramref name="name"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVccLiveClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddVccLiveClient(name, options => configuration.Bind(options));
    }
}
