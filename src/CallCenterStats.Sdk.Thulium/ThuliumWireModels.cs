using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

// Wire shapes of GET /api/agents_work_report, read by ThuliumJsonContext and mapped to the public records.
// Every DTO keeps the fields it does not know in Extra.

/// <summary>A page body: Thulium answers a bare array of rows on success and an error object on failure.</summary>
[JsonConverter(typeof(ThuliumPageConverter))]
internal sealed class ThuliumPageDto
{
    public List<RowDto>? Rows { get; init; }

    public ErrorEnvelopeDto? Error { get; init; }
}

internal sealed class RowDto
{
    [JsonPropertyName("agent")]
    public AgentDto? Agent { get; set; }

    // A number for hour_of_day buckets, possibly.
    [JsonPropertyName("period")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Period { get; set; }

    [JsonPropertyName("inbound")]
    public InboundDto? Inbound { get; set; }

    [JsonPropertyName("chat")]
    public ChatDto? Chat { get; set; }

    [JsonPropertyName("ticket")]
    public TicketDto? Ticket { get; set; }

    [JsonPropertyName("outbound_above_threshold")]
    public OutboundDto? OutboundAboveThreshold { get; set; }

    [JsonPropertyName("outbound_below_threshold")]
    public OutboundDto? OutboundBelowThreshold { get; set; }

    [JsonPropertyName("login_date")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? LoginDate { get; set; }

    [JsonPropertyName("logout_date")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? LogoutDate { get; set; }

    [JsonPropertyName("pauses")]
    public List<PauseDto>? Pauses { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class AgentDto
{
    [JsonPropertyName("login")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Login { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("surname")]
    public string? Surname { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class InboundDto
{
    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Count { get; set; }

    [JsonPropertyName("answered_count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? AnsweredCount { get; set; }

    [JsonPropertyName("not_answered_count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? NotAnsweredCount { get; set; }

    [JsonPropertyName("transferred_count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? TransferredCount { get; set; }

    [JsonPropertyName("sum")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? Sum { get; set; }

    [JsonPropertyName("average")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? Average { get; set; }

    [JsonPropertyName("wait_sum")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? WaitSum { get; set; }

    [JsonPropertyName("wait_average")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? WaitAverage { get; set; }

    [JsonPropertyName("calls_per_hour")]
    [JsonConverter(typeof(FlexibleNullableDecimalConverter))]
    public decimal? CallsPerHour { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ChatDto
{
    [JsonPropertyName("closed")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Closed { get; set; }

    [JsonPropertyName("responded")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Responded { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class TicketDto
{
    [JsonPropertyName("closed")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Closed { get; set; }

    [JsonPropertyName("responded")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Responded { get; set; }

    [JsonPropertyName("total_responded")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? TotalResponded { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class OutboundDto
{
    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Count { get; set; }

    [JsonPropertyName("sum")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? Sum { get; set; }

    [JsonPropertyName("average")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? Average { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class PauseDto
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(PauseIdJsonConverter))]
    public PauseId Id { get; set; }

    [JsonPropertyName("count")]
    [JsonConverter(typeof(FlexibleNullableInt64Converter))]
    public long? Count { get; set; }

    [JsonPropertyName("sum")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? Sum { get; set; }

    [JsonPropertyName("average")]
    [JsonConverter(typeof(NullableDurationClockConverter))]
    public Duration? Average { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

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

/// <summary>Reads a page body whatever its shape: an array of rows, or an error object.</summary>
internal sealed class ThuliumPageConverter : JsonConverter<ThuliumPageDto>
{
    public override ThuliumPageDto Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                var rowsInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<RowDto>>)options.GetTypeInfo(typeof(List<RowDto>));
                return new ThuliumPageDto { Rows = JsonSerializer.Deserialize(ref reader, rowsInfo) ?? [] };
            case JsonTokenType.StartObject:
                var errorInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ErrorEnvelopeDto>)options.GetTypeInfo(typeof(ErrorEnvelopeDto));
                return new ThuliumPageDto { Error = JsonSerializer.Deserialize(ref reader, errorInfo) };
            default:
                throw new JsonException($"Expected an array of report rows or an error object, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ThuliumPageDto value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Report pages are only read.");
}

[JsonSerializable(typeof(ThuliumPageDto))]
[JsonSerializable(typeof(List<RowDto>))]
[JsonSerializable(typeof(ErrorEnvelopeDto))]
internal sealed partial class ThuliumJsonContext : JsonSerializerContext;
