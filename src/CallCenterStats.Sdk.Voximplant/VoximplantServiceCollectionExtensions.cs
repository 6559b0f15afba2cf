using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>Registers <see cref="VoximplantClient"/> with a service collection (see the conventions in <c>src/CONVENTIONS.md</c>).</summary>
public static class VoximplantServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="VoximplantClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (credentials at least, unless <c>VOXIMPLANT_CREDENTIALS</c> is set).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, Action<VoximplantOptions> configure) =>
        services.AddVoximplantClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="VoximplantClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Voximplant")</c>, with keys named like the <see cref="VoximplantOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddVoximplantClient(Options.DefaultName, configuration);

    /// <summary>
    /// Registers a <see cref="VoximplantClient"/> for one account under <paramref name="name"/>, configured in code; resolve
    /// it with <c>GetRequiredKeyedService&lt;VoximplantClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, string name, Action<VoximplantOptions> configure) =>
        services.AddVendorClient(VoximplantDescriptor.Instance, name, configure);

    /// <summary>Registers a <see cref="VoximplantClient"/> for one account under <paramref name="name"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddVoximplantClient(name, options => configuration.Bind(options));
    }
}
