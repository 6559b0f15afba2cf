using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>Registers <see cref="ThuliumClient"/> with a service collection (see the conventions in <c>src/CONVENTIONS.md</c>).</summary>
public static class ThuliumServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="ThuliumClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, Action<ThuliumOptions> configure) =>
        services.AddThuliumClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="ThuliumClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, with keys named like the <see cref="ThuliumOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddThuliumClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a <see cref="ThuliumClient"/> for one account under <paramref name="name"/>, configured in code; resolve it
    /// with <c>GetRequiredKeyedService&lt;ThuliumClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, string name, Action<ThuliumOptions> configure) =>
        services.AddVendorClient(ThuliumDescriptor.Instance, name, configure);

    /// <summary>Registers a <see cref="ThuliumClient"/> for one account under <paramref name="name"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddThuliumClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddThuliumClient(name, options => configuration.Bind(options));
    }
}
