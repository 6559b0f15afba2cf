using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>Registers <see cref="NetaxisClient"/> in an <see cref="IServiceCollection"/>.</summary>
public static class NetaxisServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="NetaxisClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers or resilience.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, Action<NetaxisOptions> configure) =>
        services.AddNetaxisClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="NetaxisClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Netaxis")</c>, with keys named like the <see cref="NetaxisOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddNetaxisClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a named <see cref="NetaxisClient"/> (one per account), configured in code. Resolve it with
    /// <c>GetRequiredKeyedService&lt;NetaxisClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, string name, Action<NetaxisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        var builder = services.AddVendorClient<NetaxisClient, NetaxisOptions>(name, configure, context => new NetaxisClient(context));

        // The login and refresh calls have their own HttpClient, without the bearer handler (which would ask the
        // token source for the token it is fetching). Same endpoint and timeout as the main client.
        services.AddAuxiliaryHttpClient<NetaxisClient, NetaxisOptions>(name, "auth");
        var authClientName = VendorClientRegistration.AuxiliaryHttpClientName<NetaxisClient>(name, "auth");
        services.AddKeyedSingleton(name, (sp, _) => NetaxisAuthentication.Create(sp, name, authClientName));
        builder.AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredKeyedService<NetaxisAuthentication>(name).TokenSource));
        return builder;
    }

    /// <summary>Registers a named <see cref="NetaxisClient"/> (one per account), bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="configuration">The section with keys named like the <see cref="NetaxisOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddNetaxisClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddNetaxisClient(name, options => configuration.Bind(options));
    }
}
