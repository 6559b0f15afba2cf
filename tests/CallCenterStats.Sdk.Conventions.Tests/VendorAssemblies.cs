using System.Reflection;

namespace CallCenterStats.Sdk.Conventions.Tests;

/// <summary>The five vendor assemblies the conventions apply to.</summary>
internal static class VendorAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } =
    [
        typeof(Voximplant.VoximplantClient).Assembly,
        typeof(VccLive.VccLiveClient).Assembly,
        typeof(Netaxis.NetaxisClient).Assembly,
        typeof(Enswitch.EnswitchClient).Assembly,
        typeof(Thulium.ThuliumClient).Assembly,
    ];
}
