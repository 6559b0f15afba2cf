using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// Voximplant to Core: its id, its error envelope, its client, and its authentication: a bearer JWT minted from the
/// service account by one token source per account, shared by every request so a token is minted once and reused
/// until shortly before it expires.
/// </summary>
public sealed class VoximplantDescriptor : VendorClientDescriptor<VoximplantClient, VoximplantOptions>
{
    /// <summary>The descriptor.</summary>
    public static VoximplantDescriptor Instance { get; } = new();

    private VoximplantDescriptor()
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<VendorSetting> Settings { get; } =
    [
        new("credentials", nameof(VoximplantOptions.CredentialsPath), VendorSettingKind.Option, "The service account's credentials.json file.", VoximplantOptions.CredentialsEnvironmentVariable, IsPath: true),
    ];

    /// <inheritdoc />
    public override IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddVoximplantClient(name, configuration);

    /// <inheritdoc />
    public override string Id => "voximplant";

    /// <inheritdoc />
    public override VendorErrorPolicy ErrorPolicy => VoximplantErrorPolicy.Instance;

    /// <inheritdoc />
    public override VoximplantClient CreateClient(VendorClientContext<VoximplantOptions> context) => new(context);

    /// <inheritdoc />
    public override bool ProvidesAgentStatistics => true;

    /// <inheritdoc />
    public override Unified.IAgentStatisticsSource CreateSource(VoximplantClient client, string account) => new VoximplantAgentStatisticsSource(client, account);

    /// <inheritdoc />
    public override void AddAuthentication(VendorRegistration<VoximplantOptions> registration) =>
        registration.UseBearerToken(sp =>
        {
            var options = registration.GetOptions(sp);
            return new VoximplantTokenSource(
                options.LoadCredentials(),
                sp.GetService<IClock>() ?? SystemClock.Instance,
                Duration.FromTimeSpan(options.TokenLifetime));
        });
}
