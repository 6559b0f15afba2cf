using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// The token source of one registration (one account), held as a keyed singleton so that every handler the
/// <see cref="IHttpClientFactory"/> builds for that registration shares one cache. Its own type keeps it apart from
/// other vendors' registrations under the same name.
/// </summary>
internal sealed class NetaxisAuthentication
{
    private NetaxisAuthentication(BearerTokenSource tokenSource)
    {
        TokenSource = tokenSource;
    }

    public BearerTokenSource TokenSource { get; }

    public static NetaxisAuthentication Create(IServiceProvider services, string name, string authHttpClientName)
    {
        var options = services.GetRequiredService<IOptionsMonitor<NetaxisOptions>>().Get(name);
        if (!string.IsNullOrEmpty(options.Token))
        {
            return new(new StaticBearerTokenSource(options.Token));
        }

        var clock = services.GetService<IClock>() ?? SystemClock.Instance;
        var factory = services.GetRequiredService<IHttpClientFactory>();

        // This redaction knows the configured secrets only; the token source adds the refresh and access tokens it
        // holds (and any token in a failing answer) to the errors of its login and refresh calls.
        var pipeline = new VendorRequestPipeline(
            () => factory.CreateClient(authHttpClientName),
            NetaxisErrorPolicy.Instance,
            clock,
            new Redaction(options.GetSecrets()));
        return new(new NetaxisTokenSource(
            pipeline,
            options.Username!,
            options.Password!,
            options.AuthPathPrefix,
            Duration.FromTimeSpan(options.AccessTokenLifetime),
            clock));
    }
}
