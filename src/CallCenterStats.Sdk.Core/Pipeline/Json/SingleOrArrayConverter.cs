using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Reads a list from either a JSON array or a single value (vendors that send one object where their other
/// clients see an array of them); null reads as an empty list. Writes an array. AOT-safe: the element type's
/// metadata comes from the options' source-generated resolver.
/// </summary>
/// <typeparam name="T">The element type; it must be registered in the same <see cref="JsonSerializerContext"/>.</typeparam>
public sealed class SingleOrArrayConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.StartArray:
                var items = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(JsonSerializer.Deserialize(ref reader, typeInfo)!);
                }

                return items;
            default:
                return [JsonSerializer.Deserialize(ref reader, typeInfo)!];
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, typeInfo);
        }

        writer.WriteEndArray();
    }
}
