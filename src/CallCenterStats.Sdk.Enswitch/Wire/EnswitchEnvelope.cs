using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Enswitch.Wire;

/// <summary>
/// Every Enswitch JSON API answer: <c>{"responses": [{"code": "200", "key": "", "message": "OK"}], "data": …}</c>.
/// <c>data</c> stays raw JSON until the envelope has been checked for errors, because its shape differs between
/// success (an object or an array) and failure (absent, null, or anything).
/// </summary>
internal sealed class EnswitchEnvelope
{
    [JsonPropertyName("responses")]
    [JsonConverter(typeof(SingleOrArrayConverter<EnswitchResponseEntry>))]
    public IReadOnlyList<EnswitchResponseEntry>? Responses { get; set; }

    [JsonPropertyName("data")]
    public JsonElement Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One entry of <c>responses[]</c>. <c>code</c> is a string on the wire; a number is accepted too.</summary>
internal sealed class EnswitchResponseEntry
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Code { get; set; }

    [JsonPropertyName("key")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Key { get; set; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Source-generated JSON metadata for the Enswitch wire types (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(EnswitchEnvelope))]
[JsonSerializable(typeof(EnswitchResponseEntry))]
internal sealed partial class EnswitchJsonContext : JsonSerializerContext;
