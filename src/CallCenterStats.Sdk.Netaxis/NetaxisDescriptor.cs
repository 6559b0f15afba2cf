using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Netaxis APIO to Core: its id, its error envelopes, its client, and its authentication: a bearer token from one
/// token source per account (a preconfigured long-lived token, or login and refresh through the account's auxiliary
/// pipeline, over an <see cref="HttpClient"/> without the bearer handler, which would ask the source for the token it
/// is fetching).
/// </summary>
public sealed class NetaxisDescriptor : VendorClientDescriptor<NetaxisClient, NetaxisOptions>
{
    /// <summary>The descriptor.</summary>
    public static NetaxisDescriptor Instance { get; } = new();

    private NetaxisDescriptor()
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<VendorSetting> Settings { get; } =
    [
        new("tenant", "tenant", VendorSettingKind.Filter, "The tenant of the call centers."),
        new("group", "group", VendorSettingKind.Filter, "The group of the call centers."),
        new("call-center", "callCenter", VendorSettingKind.Filter, "The call centers (name@domain), comma-separated."),
        new("path-prefix", nameof(NetaxisOptions.PathPrefix), VendorSettingKind.Option, "The deployment's path prefix, e.g. /api/v1 or /api/v01/p3."),
        new("vendor-time-zone", nameof(NetaxisOptions.TimeZone), VendorSettingKind.Option, "The zone of the APIO deployment (IANA id; UTC by default)."),
        new("token", nameof(NetaxisOptions.Token), VendorSettingKind.Option, "A long-lived API token (instead of a user name and password).", "CCSTATS_NETAXIS_TOKEN", IsSecret: true),
        new("username", nameof(NetaxisOptions.Username), VendorSettingKind.Option, "The APIO user name.", "CCSTATS_NETAXIS_USERNAME"),
        new("password", nameof(NetaxisOptions.Password), VendorSettingKind.Option, "The APIO password.", "CCSTATS_NETAXIS_PASSWORD", IsSecret: true),
    ];

    /// <inheritdoc />
    public override IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddNetaxisClient(name, configuration);

    /// <inheritdoc />
    public override string Id => "netaxis";

    /// <inheritdoc />
    public override VendorErrorPolicy ErrorPolicy => NetaxisErrorPolicy.Instance;

    /// <inheritdoc />
    public override NetaxisClient CreateClient(VendorClientContext<NetaxisOptions> context) => new(context);

    /// <inheritdoc />
    public override bool ProvidesAgentStatistics => true;

    /// <inheritdoc />
    public override Unified.IAgentStatisticsSource CreateSource(NetaxisClient client, string account)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new NetaxisAgentStatisticsSource(client, account, client.Clock);
    }

    /// <inheritdoc />
    public override void AddAuthentication(VendorRegistration<NetaxisOptions> registration)
    {
        var authPipeline = registration.AddAuxiliaryPipeline("auth", Id, ErrorPolicy, typeof(NetaxisClient).Assembly);
        registration.UseBearerToken(sp =>
        {
            var options = registration.GetOptions(sp);
            var clock = sp.GetService<IClock>() ?? SystemClock.Instance;
            return string.IsNullOrEmpty(options.Token)
                ? new NetaxisTokenSource(
                    authPipeline(sp),
                    options.Username!,
                    options.Password!,
                    options.AuthPathPrefix,
                    Duration.FromTimeSpan(options.AccessTokenLifetime),
                    clock)
                : new NetaxisTokenSource(options.Token, clock);
        });
    }
}
