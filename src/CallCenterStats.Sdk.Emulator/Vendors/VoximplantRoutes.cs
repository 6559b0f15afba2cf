using CallCenterStats.Sdk.Emulator.Hosting;
using Microsoft.AspNetCore.Routing;

namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>PLACEHOLDER: being written.</summary>
internal static class VoximplantRoutes
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        _ = routes;
        _ = state;
    }
}
