using CallCenterStats.Sdk;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;

namespace CallCenterStats.Cli.Vendors;

/// <summary>
/// The vendors the tool knows: one list of the packages' descriptors. Every vendor-dependent option, configuration
/// section, environment variable and source comes from here; a sixth vendor is one more line.
/// </summary>
internal static class VendorCatalog
{
    public static IReadOnlyList<VendorDescriptor> All { get; } =
    [
        VoximplantDescriptor.Instance,
        VccLiveDescriptor.Instance,
        NetaxisDescriptor.Instance,
        EnswitchDescriptor.Instance,
        ThuliumDescriptor.Instance,
    ];

    /// <summary>The vendor ids, for <c>--vendor</c>.</summary>
    public static string[] Ids => [.. All.Select(d => d.Id)];

    /// <summary>The vendor with this id (case-insensitive).</summary>
    public static VendorDescriptor Find(string id) =>
        All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"unknown vendor '{id}' (one of {string.Join(", ", Ids)}).");
}
