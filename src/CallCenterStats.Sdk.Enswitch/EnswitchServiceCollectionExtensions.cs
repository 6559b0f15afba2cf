using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>Registers <see cref="EnswitchClient"/> with a service collection (see the conventions in <c>src/CONVENTIONS.md</c>).</summary>
public static class EnswitchServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="EnswitchClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, Action<EnswitchOptions> configure) =>
        services.AddEnswitchClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="EnswitchClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, with keys named like the <see cref="EnswitchOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddEnswitchClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a <see cref="EnswitchClient"/> for one account under <paramref name="name"/>, configured in code; resolve it
    /// with <c>GetRequiredKeyedService&lt;EnswitchClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, string name, Action<EnswitchOptions> configure) =>
        services.AddVendorClient(EnswitchDescriptor.Instance, name, configure);

    /// <summary>Registers a <see cref="EnswitchClient"/> for one account under <paramref name="name"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddEnswitchClient(name, options => configuration.Bind(options));
    }
}
