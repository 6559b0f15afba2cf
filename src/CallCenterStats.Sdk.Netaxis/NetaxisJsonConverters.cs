using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

// CORE-CANDIDATE: Core's FlexibleNullableInt64Converter and NullableDurationSecondsConverter throw OverflowException
// (a decimal cast to long) and ArgumentOutOfRangeException (Duration.FromSeconds past NodaTime's range) for numbers a
// hostile server may send; these two refuse such numbers with a JsonException instead. They can go once Core's do.

/// <summary>
/// A count: a JSON integer, a whole number written with a fraction (<c>3.0</c>) or a numeric string; null for null,
/// <c>""</c> or blanks. Anything else, a fraction or a number beyond 64 bits included, is a <see cref="JsonException"/>.
/// </summary>
internal sealed class NetaxisCountConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return JsonIntegers.TryGetWholeInt64(ref reader, out var number)
                    ? number
                    : throw new JsonException("Expected an integer within 64 bits.");
            case JsonTokenType.String:
                var text = reader.GetString()!.AsSpan().Trim();
                if (text.IsEmpty)
                {
                    return null;
                }

                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new JsonException("Expected an integer within 64 bits.");
            default:
                throw new JsonException($"Expected an integer, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>
/// A duration in seconds: a JSON number or a numeric string (fractions kept to the nanosecond), or an <c>HH:MM:SS</c>
/// string; null for null, <c>""</c> or blanks. Longer than 10¹² seconds (31,700 years) is a <see cref="JsonException"/>.
/// </summary>
internal sealed class NetaxisSecondsConverter : JsonConverter<Duration?>
{
    private const decimal MaxSeconds = 1_000_000_000_000m;

    public override bool HandleNull => true;

    public override Duration? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var seconds) ? FromSeconds(seconds) : throw OutOfRange();
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return FromSeconds(number);
                }

                // HH:MM:SS with at most 8 hour digits (11,400 years) stays inside NodaTime's range.
                var colon = text.AsSpan().TrimStart('-').IndexOf(':');
                return colon is > 0 and <= 8 && DurationText.TryParse(text, out var clock)
                    ? clock
                    : throw new JsonException("Expected a number of seconds.");
            default:
                throw new JsonException($"Expected a number of seconds, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, Duration? value, JsonSerializerOptions options)
    {
        if (value is { } d)
        {
            writer.WriteNumberValue((decimal)d.TotalSeconds);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static Duration FromSeconds(decimal seconds) =>
        seconds is >= -MaxSeconds and <= MaxSeconds ? DurationText.FromSeconds(seconds) : throw OutOfRange();

    private static JsonException OutOfRange() => new("Expected a number of seconds of at most 10^12.");
}
