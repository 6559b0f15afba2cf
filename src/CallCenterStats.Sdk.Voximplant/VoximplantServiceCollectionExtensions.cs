using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>Registers <see cref="VoximplantClient"/> with an <see cref="IServiceCollection"/>.</summary>
public static class VoximplantServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="VoximplantClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (credentials at least, unless <c>VOXIMPLANT_CREDENTIALS</c> is set).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add resilience or logging handlers.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, Action<VoximplantOptions> configure) =>
        services.AddVoximplantClient(Options.DefaultName, configure);

    /// <summary>Registers the default <see cref="VoximplantClient"/>, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, e.g. <c>configuration.GetSection("Voximplant")</c>, with keys named as the <see cref="VoximplantOptions"/> properties.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, IConfiguration section) =>
        services.AddVoximplantClient(Options.DefaultName, section);

    /// <summary>
    /// Registers a named <see cref="VoximplantClient"/> (one per account), configured in code; resolve it with
    /// <c>GetRequiredKeyedService&lt;VoximplantClient&gt;(name)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, string name, Action<VoximplantOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        var builder = services.AddVendorClient<VoximplantClient, VoximplantOptions>(name, configure, context => new VoximplantClient(context));

        // One token source per account, shared by every handler the factory builds, so a token is minted once
        // and reused until shortly before it expires.
        services.TryAddKeyedSingleton(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<VoximplantOptions>>().Get(name);
            return new VoximplantTokenSource(
                options.LoadCredentials(),
                sp.GetService<IClock>() ?? SystemClock.Instance,
                Duration.FromTimeSpan(options.TokenLifetime));
        });

        builder.AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredKeyedService<VoximplantTokenSource>(name)));
        return builder;
    }

    /// <summary>Registers a named <see cref="VoximplantClient"/> (one per account), bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddVoximplantClient(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddVoximplantClient(name, options => section.Bind(options));
    }
}
