using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Reads a <see cref="Duration"/> from a JSON number of seconds, a numeric string, or an <c>"HH:MM:SS"</c>
/// string (hours may exceed 24); writes a whole number of seconds.
/// </summary>
public sealed class DurationSecondsConverter : JsonConverter<Duration>
{
    /// <inheritdoc />
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DurationReading.Read(ref reader) ?? throw new JsonException("Expected a duration, found null.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue((long)value.TotalSeconds);
    }
}

/// <summary>As <see cref="DurationSecondsConverter"/>, for an optional duration; null and <c>""</c> read as null.</summary>
public sealed class NullableDurationSecondsConverter : JsonConverter<Duration?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override Duration? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => DurationReading.Read(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Duration? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } d)
        {
            writer.WriteNumberValue((long)d.TotalSeconds);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>
/// Reads a <see cref="Duration"/> like <see cref="DurationSecondsConverter"/>; writes <c>"HH:MM:SS"</c>, the
/// notation of vendors that report clock-style durations.
/// </summary>
public sealed class DurationClockConverter : JsonConverter<Duration>
{
    /// <inheritdoc />
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DurationReading.Read(ref reader) ?? throw new JsonException("Expected a duration, found null.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(DurationText.ToClockText(value));
    }
}

/// <summary>As <see cref="DurationClockConverter"/>, for an optional duration; null and <c>""</c> read as null.</summary>
public sealed class NullableDurationClockConverter : JsonConverter<Duration?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override Duration? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => DurationReading.Read(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Duration? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } d)
        {
            writer.WriteStringValue(DurationText.ToClockText(d));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal static class DurationReading
{
    public static Duration? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return DurationText.FromSeconds(reader.GetDecimal());
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return DurationText.TryParse(text, out var value)
                    ? value
                    : throw new JsonException($"'{text}' is neither a number of seconds nor an HH:MM:SS duration.");
            default:
                throw new JsonException($"Expected a duration, found {reader.TokenType}.");
        }
    }
}
