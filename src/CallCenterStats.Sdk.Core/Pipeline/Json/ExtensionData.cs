using System.Collections.ObjectModel;
using System.Text.Json;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Fields a vendor sent that the SDK does not model, as every response record exposes them
/// (<c>AdditionalData</c>): read-only, never null, kept as the JSON the vendor sent.
/// </summary>
public static class ExtensionData
{
    /// <summary>The empty set of additional fields.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Empty { get; } = ReadOnlyDictionary<string, JsonElement>.Empty;

    /// <summary>
    /// Wraps the dictionary a <c>[JsonExtensionData]</c> property collected as a read-only view, or returns
    /// <see cref="Empty"/> when there is none.
    /// </summary>
    /// <param name="extra">The collected fields, or null.</param>
    /// <returns>A read-only view of the fields.</returns>
    public static IReadOnlyDictionary<string, JsonElement> From(IDictionary<string, JsonElement>? extra) =>
        extra is { Count: > 0 } ? new ReadOnlyDictionary<string, JsonElement>(extra) : Empty;
}
