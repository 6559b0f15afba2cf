using CallCenterStats.Sdk.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>Registers <see cref="EnswitchClient"/> with an application's service collection.</summary>
public static class EnswitchServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="EnswitchClient"/> (a singleton) with options from code, validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the endpoint (required: Enswitch is self-hosted), user name and password.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers or resilience.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, Action<EnswitchOptions> configure) =>
        services.AddEnswitchClient(Microsoft.Extensions.Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers the default <see cref="EnswitchClient"/> with options bound from a configuration section
    /// (<c>Endpoint</c>, <c>Username</c>, <c>Password</c>, <c>RequestMethod</c>, <c>Timeout</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, e.g. <c>configuration.GetSection("Enswitch")</c>.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, IConfiguration section) =>
        services.AddEnswitchClient(Microsoft.Extensions.Options.Options.DefaultName, section);

    /// <summary>
    /// Registers a named <see cref="EnswitchClient"/> (one per deployment or account), resolved with
    /// <c>GetRequiredKeyedService&lt;EnswitchClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="configure">Sets the options of this registration.</param>
    /// <returns>The builder of this registration's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, string name, Action<EnswitchOptions> configure) =>
        services.AddVendorClient<EnswitchClient, EnswitchOptions>(name, configure, context => new EnswitchClient(context));

    /// <summary>Registers a named <see cref="EnswitchClient"/> with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder of this registration's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddEnswitchClient(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddEnswitchClient(name, options => section.Bind(options));
    }
}
