using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>A row of the <c>response</c> array as VCC Live sends it.</summary>
internal sealed class UserBasedRowDto
{
    [JsonPropertyName("date")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Date { get; set; }

    [JsonPropertyName("time")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Time { get; set; }

    [JsonPropertyName("projectId")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? ProjectId { get; set; }

    [JsonPropertyName("userId")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? UserId { get; set; }

    [JsonPropertyName("level")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Level { get; set; }

    [JsonPropertyName("data")]
    public List<UserBasedKpiDto?>? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An item of a row's <c>data</c> array.</summary>
internal sealed class UserBasedKpiDto
{
    [JsonPropertyName("field")]
    public string? Field { get; set; }

    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Count { get; set; }

    [JsonPropertyName("sum")]
    [JsonConverter(typeof(FlexibleNullableDecimalConverter))]
    public decimal? Sum { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UserBasedRowDto))]
internal sealed partial class VccLiveJsonContext : JsonSerializerContext;
