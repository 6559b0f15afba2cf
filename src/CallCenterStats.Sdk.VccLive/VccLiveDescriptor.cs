using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>VCC Live to Core: its id, its error envelope, its client and its HTTP Basic authentication (customer, API token).</summary>
public sealed class VccLiveDescriptor : VendorClientDescriptor<VccLiveClient, VccLiveOptions>
{
    /// <summary>The descriptor.</summary>
    public static VccLiveDescriptor Instance { get; } = new();

    private VccLiveDescriptor()
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<VendorSetting> Settings { get; } =
    [
        new("customer", nameof(VccLiveOptions.Customer), VendorSettingKind.Option, "The call centre's name (sub-domain and HTTP Basic user).", "CCSTATS_VCCLIVE_CUSTOMER"),
        new("vendor-time-zone", nameof(VccLiveOptions.TimeZone), VendorSettingKind.Option, "The zone the call centre keeps its statistics in (IANA id; UTC by default)."),
        new("projects", "projects", VendorSettingKind.Filter, "Project ids, comma-separated (the vendor's active projects by default)."),
        new("token", nameof(VccLiveOptions.ApiToken), VendorSettingKind.Option, "The API token.", "CCSTATS_VCCLIVE_TOKEN", IsSecret: true),
    ];

    /// <inheritdoc />
    public override IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddVccLiveClient(name, configuration);

    /// <inheritdoc />
    public override string Id => "vcclive";

    /// <inheritdoc />
    public override VendorErrorPolicy ErrorPolicy => VccLiveErrorPolicy.Instance;

    /// <inheritdoc />
    public override VccLiveClient CreateClient(VendorClientContext<VccLiveOptions> context) => new(context);

    /// <inheritdoc />
    public override bool ProvidesAgentStatistics => true;

    /// <inheritdoc />
    public override Unified.IAgentStatisticsSource CreateSource(VccLiveClient client, string account) => new VccLiveAgentStatisticsSource(client, account);

    /// <inheritdoc />
    public override void AddAuthentication(VendorRegistration<VccLiveOptions> registration) =>
        registration.UseBasicAuthentication(options => new BasicCredentials(options.Customer!, options.ApiToken!));
}
