using System.Collections.ObjectModel;
using System.Text.Json;

namespace CallCenterStats.Sdk.Thulium;

internal static class EmptyData
{
    public static IReadOnlyDictionary<string, JsonElement> Instance { get; } = ReadOnlyDictionary<string, JsonElement>.Empty;
}
