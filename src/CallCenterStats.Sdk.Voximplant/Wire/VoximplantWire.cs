using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Voximplant.Wire;

// The error envelope of non-2xx answers and the service-account file. Statistics answers are read by StatisticsReader.

internal sealed class ErrorEnvelope
{
    [JsonPropertyName("error")]
    public ErrorDto? Error { get; set; }
}

internal sealed class ErrorDto
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Code { get; set; }

    [JsonPropertyName("msg")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Message { get; set; }
}

internal sealed class CredentialsDto
{
    [JsonPropertyName("account_email")]
    public string? AccountEmail { get; set; }

    [JsonPropertyName("account_id")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? AccountId { get; set; }

    [JsonPropertyName("key_id")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? KeyId { get; set; }

    [JsonPropertyName("private_key")]
    public string? PrivateKey { get; set; }
}

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(CredentialsDto))]
[JsonSerializable(typeof(string))]
internal sealed partial class VoximplantJsonContext : JsonSerializerContext;
