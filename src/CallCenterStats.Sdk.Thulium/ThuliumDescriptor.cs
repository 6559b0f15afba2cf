using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>Thulium to Core: its id, its error envelope, its client and its HTTP Basic authentication.</summary>
public sealed class ThuliumDescriptor : VendorClientDescriptor<ThuliumClient, ThuliumOptions>
{
    /// <summary>The descriptor.</summary>
    public static ThuliumDescriptor Instance { get; } = new();

    private ThuliumDescriptor()
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<VendorSetting> Settings { get; } =
    [
        new("agent-groups", "agentGroups", VendorSettingKind.Filter, "Agent group ids, comma-separated (instead of agent logins)."),
        new("system-name", nameof(ThuliumOptions.SystemName), VendorSettingKind.Option, "The Thulium system name (acme for https://acme.thulium.com), instead of an endpoint."),
        new("vendor-time-zone", nameof(ThuliumOptions.TimeZone), VendorSettingKind.Option, "The zone the Thulium system reads and writes dates in (IANA id; UTC by default)."),
        new("username", nameof(ThuliumOptions.Username), VendorSettingKind.Option, "The API user's login.", "CCSTATS_THULIUM_USERNAME"),
        new("password", nameof(ThuliumOptions.Password), VendorSettingKind.Option, "The API user's password.", "CCSTATS_THULIUM_PASSWORD", IsSecret: true),
    ];

    /// <inheritdoc />
    public override IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddThuliumClient(name, configuration);

    /// <inheritdoc />
    public override string Id => "thulium";

    /// <inheritdoc />
    public override VendorErrorPolicy ErrorPolicy => ThuliumErrorPolicy.Instance;

    /// <inheritdoc />
    public override ThuliumClient CreateClient(VendorClientContext<ThuliumOptions> context) => new(context);

    /// <inheritdoc />
    public override bool ProvidesAgentStatistics => true;

    /// <inheritdoc />
    public override Unified.IAgentStatisticsSource CreateSource(ThuliumClient client, string account)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ThuliumAgentStatisticsSource(client, account, client.Calendar);
    }

    /// <inheritdoc />
    public override void AddAuthentication(VendorRegistration<ThuliumOptions> registration) =>
        registration.UseBasicAuthentication(options => new BasicCredentials(options.Username!, options.Password!));
}
