using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Wire;

// Wire shapes, read tolerantly and mapped to the public records by StatisticsMapper.

internal sealed class StatisticsEnvelope
{
    [JsonPropertyName("result")]
    public List<GroupDto>? Result { get; set; }

    [JsonPropertyName("error")]
    public ErrorDto? Error { get; set; }
}

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

internal abstract class KeyedDto
{
    [JsonPropertyName("user_id")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? UserId { get; set; }

    [JsonPropertyName("date")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Date { get; set; }

    [JsonPropertyName("hour")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Hour { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GroupDto : KeyedDto
{
    [JsonPropertyName("statistics")]
    public List<EntryDto>? Statistics { get; set; }
}

internal sealed class EntryDto : KeyedDto
{
    // An object keyed by status (the docs) or an array of such objects (the generated clients).
    [JsonPropertyName("acd_status")]
    [JsonConverter(typeof(SingleOrArrayConverter<Dictionary<string, StatusStatisticsDto>>))]
    public IReadOnlyList<Dictionary<string, StatusStatisticsDto>>? AcdStatus { get; set; }
}

internal sealed class StatusStatisticsDto
{
    [JsonPropertyName("min")]
    [JsonConverter(typeof(NullableDurationSecondsConverter))]
    public Duration? Min { get; set; }

    [JsonPropertyName("avg")]
    [JsonConverter(typeof(NullableDurationSecondsConverter))]
    public Duration? Avg { get; set; }

    [JsonPropertyName("max")]
    [JsonConverter(typeof(NullableDurationSecondsConverter))]
    public Duration? Max { get; set; }

    [JsonPropertyName("sum")]
    [JsonConverter(typeof(NullableDurationSecondsConverter))]
    public Duration? Sum { get; set; }

    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Count { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
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
[JsonSerializable(typeof(StatisticsEnvelope))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(CredentialsDto))]
[JsonSerializable(typeof(Dictionary<string, StatusStatisticsDto>))]
[JsonSerializable(typeof(string))]
internal sealed partial class VoximplantJsonContext : JsonSerializerContext;
