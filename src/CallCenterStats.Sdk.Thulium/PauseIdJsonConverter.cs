using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>Reads a pause id sent as a string (<c>"all"</c>, <c>"free"</c>, <c>"3"</c>) or a number (<c>3</c>).</summary>
internal sealed class PauseIdJsonConverter : JsonConverter<PauseId>
{
    public override PauseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out var number) => PauseId.FromNumber(number),
        JsonTokenType.Number => PauseId.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.String => PauseId.Parse(reader.GetString()!),
        JsonTokenType.Null => default,
        _ => throw new JsonException($"Expected a pause id (string or number), found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, PauseId value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
