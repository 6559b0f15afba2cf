using CallCenterStats.Sdk.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// Voximplant to Core: its id, its error envelope, its client, and its authentication: a bearer JWT minted from the
/// service account by one token source per account, shared by every request so a token is minted once and reused
/// until shortly before it expires.
/// </summary>
internal sealed class VoximplantDescriptor : VendorClientDescriptor<VoximplantClient, VoximplantOptions>
{
    public static VoximplantDescriptor Instance { get; } = new();

    public override string Id => "voximplant";

    public override VendorErrorPolicy ErrorPolicy => VoximplantErrorPolicy.Instance;

    public override VoximplantClient CreateClient(VendorClientContext<VoximplantOptions> context) => new(context);

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
