using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>VCC Live to Core: its id, its error envelope, its client and its HTTP Basic authentication (customer, API token).</summary>
internal sealed class VccLiveDescriptor : VendorClientDescriptor<VccLiveClient, VccLiveOptions>
{
    public static VccLiveDescriptor Instance { get; } = new();

    public override string Id => "vcclive";

    public override VendorErrorPolicy ErrorPolicy => VccLiveErrorPolicy.Instance;

    public override VccLiveClient CreateClient(VendorClientContext<VccLiveOptions> context) => new(context);

    public override void AddAuthentication(VendorRegistration<VccLiveOptions> registration) =>
        registration.UseBasicAuthentication(options => new BasicCredentials(options.Customer!, options.ApiToken!));
}
