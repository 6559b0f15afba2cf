using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Enswitch to Core: its id, its error envelope and its client. Enswitch authenticates with <c>auth_username</c> and
/// <c>auth_password</c> parameters that the client adds to each request itself, so there is no handler to add.
/// </summary>
public sealed class EnswitchDescriptor : VendorClientDescriptor<EnswitchClient, EnswitchOptions>
{
    /// <summary>The descriptor.</summary>
    public static EnswitchDescriptor Instance { get; } = new();

    private EnswitchDescriptor()
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<VendorSetting> Settings { get; } =
    [
        new("queue", "queue", VendorSettingKind.Filter, "The queue id (every destination of the queue)."),
        new("destination", "destination", VendorSettingKind.Filter, "A destination id (instead of a queue)."),
        new("username", nameof(EnswitchOptions.Username), VendorSettingKind.Option, "The API user name.", "CCSTATS_ENSWITCH_USERNAME"),
        new("password", nameof(EnswitchOptions.Password), VendorSettingKind.Option, "The API password.", "CCSTATS_ENSWITCH_PASSWORD", IsSecret: true),
    ];

    /// <inheritdoc />
    public override IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddEnswitchClient(name, configuration);

    /// <inheritdoc />
    public override string Id => "enswitch";

    /// <inheritdoc />
    public override VendorErrorPolicy ErrorPolicy => EnswitchErrorPolicy.Instance;

    /// <inheritdoc />
    public override bool ProvidesAgentStatistics => true;

    /// <inheritdoc />
    public override Unified.IAgentStatisticsSource CreateSource(EnswitchClient client, string account) => new EnswitchAgentStatisticsSource(client, account);

    /// <inheritdoc />
    public override EnswitchClient CreateClient(VendorClientContext<EnswitchOptions> context) => new(context);
}
