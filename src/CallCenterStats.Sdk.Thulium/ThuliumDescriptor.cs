using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>Thulium to Core: its id, its error envelope, its client and its HTTP Basic authentication.</summary>
internal sealed class ThuliumDescriptor : VendorClientDescriptor<ThuliumClient, ThuliumOptions>
{
    public static ThuliumDescriptor Instance { get; } = new();

    public override string Id => "thulium";

    public override VendorErrorPolicy ErrorPolicy => ThuliumErrorPolicy.Instance;

    public override ThuliumClient CreateClient(VendorClientContext<ThuliumOptions> context) => new(context);

    public override void AddAuthentication(VendorRegistration<ThuliumOptions> registration) =>
        registration.UseBasicAuthentication(options => new BasicCredentials(options.Username!, options.Password!));
}
