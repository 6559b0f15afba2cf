using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Enswitch to Core: its id, its error envelope and its client. Enswitch authenticates with <c>auth_username</c> and
/// <c>auth_password</c> parameters that the client adds to each request itself, so there is no handler to add.
/// </summary>
internal sealed class EnswitchDescriptor : VendorClientDescriptor<EnswitchClient, EnswitchOptions>
{
    public static EnswitchDescriptor Instance { get; } = new();

    public override string Id => "enswitch";

    public override VendorErrorPolicy ErrorPolicy => EnswitchErrorPolicy.Instance;

    public override EnswitchClient CreateClient(VendorClientContext<EnswitchOptions> context) => new(context);
}
