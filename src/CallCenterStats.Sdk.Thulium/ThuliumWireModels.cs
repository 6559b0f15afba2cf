using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Thulium;

// Thulium's error object, read by ThuliumJsonContext (report rows are read by AgentsWorkReportReader, straight into the
// public records). Every DTO keeps the fields it does not know in Extra.

/// <summary><c>{"request_id": "...", "errors": [{"message": "...", "code": 123}]}</c>.</summary>
internal sealed class ErrorEnvelopeDto
{
    [JsonPropertyName("request_id")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? RequestId { get; set; }

    [JsonPropertyName("errors")]
    public List<ErrorDto>? Errors { get; set; }

    // Not documented: a single top-level error, read so that such a body is not taken for success.
    [JsonPropertyName("message")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Message { get; set; }

    [JsonPropertyName("code")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Code { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ErrorDto
{
    [JsonPropertyName("message")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Message { get; set; }

    [JsonPropertyName("code")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Code { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSerializable(typeof(ErrorEnvelopeDto))]
internal sealed partial class ThuliumJsonContext : JsonSerializerContext;
