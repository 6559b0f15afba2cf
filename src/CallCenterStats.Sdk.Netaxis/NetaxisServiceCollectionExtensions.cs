using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>Registers <see cref="NetaxisClient"/> with a service collection (see the conventions in <c>src/CONVENTIONS.md</c>).</summary>
public static class NetaxisServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="NetaxisClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, Action<NetaxisOptions> configure) =>
        services.AddNetaxisClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="NetaxisClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, with keys named like the <see cref="NetaxisOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddNetaxisClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a <see cref="NetaxisClient"/> for one account under <paramref name="name"/>, configured in code; resolve it
    /// with <c>GetRequiredKeyedService&lt;NetaxisClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, string name, Action<NetaxisOptions> configure) =>
        services.AddVendorClient(NetaxisDescriptor.Instance, name, configure);

    /// <summary>Registers a <see cref="NetaxisClient"/> for one account under <paramref name="name"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddNetaxisClient(name, options => configuration.Bind(options));
    }
}
