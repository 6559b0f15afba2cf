using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Netaxis APIO to Core: its id, its error envelopes, its client, and its authentication: a bearer token from one
/// token source per account (a preconfigured long-lived token, or login and refresh through the account's auxiliary
/// pipeline, over an <see cref="HttpClient"/> without the bearer handler, which would ask the source for the token it
/// is fetching).
/// </summary>
internal sealed class NetaxisDescriptor : VendorClientDescriptor<NetaxisClient, NetaxisOptions>
{
    public static NetaxisDescriptor Instance { get; } = new();

    public override string Id => "netaxis";

    public override VendorErrorPolicy ErrorPolicy => NetaxisErrorPolicy.Instance;

    public override NetaxisClient CreateClient(VendorClientContext<NetaxisOptions> context) => new(context);

    public override void AddAuthentication(VendorRegistration<NetaxisOptions> registration)
    {
        // The auth calls' own policy: it masks the refresh token, which the pipeline cannot know is a secret.
        var authErrors = new NetaxisAuthErrorPolicy();
        var authPipeline = registration.AddAuxiliaryPipeline("auth", Id, authErrors, typeof(NetaxisClient).Assembly);
        registration.UseBearerToken(sp =>
        {
            var options = registration.GetOptions(sp);
            var clock = sp.GetService<IClock>() ?? SystemClock.Instance;
            return string.IsNullOrEmpty(options.Token)
                ? new NetaxisTokenSource(
                    authPipeline(sp),
                    authErrors,
                    options.Username!,
                    options.Password!,
                    options.AuthPathPrefix,
                    Duration.FromTimeSpan(options.AccessTokenLifetime),
                    clock)
                : new NetaxisTokenSource(options.Token, clock);
        });
    }
}
