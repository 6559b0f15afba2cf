using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch.Wire;

/// <summary>
/// Turns the <c>data</c> of a successful envelope into <see cref="DestinationStatistics"/>. A tolerant reader: the
/// field list is elided in Enswitch's docs, so every field is kept; numbers may arrive as strings.
/// </summary>
internal static class StatisticsReader
{
    private const string CallsField = "calls";
    private const string TalkTimeField = "talktime_sum";
    private const string DestinationTypeField = "dtype";
    private const string DestinationNumberField = "dnumber";
    private const decimal MaxDurationSeconds = 1_000_000_000_000m;

    /// <summary>
    /// Reads the statistics of one destination. <c>data</c> is documented as an object; a one-element array is
    /// accepted as the same thing, and an absent, null, empty-string or empty-array <c>data</c> as "no statistics".
    /// </summary>
    /// <exception cref="FormatException"><c>data</c> has a shape that cannot be statistics of one destination.</exception>
    public static DestinationStatistics ReadDestination(JsonElement data)
    {
        switch (data.ValueKind)
        {
            case JsonValueKind.Object:
                return ReadRow(data);
            case JsonValueKind.Array:
                var length = data.GetArrayLength();
                if (length == 0)
                {
                    return new DestinationStatistics();
                }

                if (length == 1 && data[0].ValueKind == JsonValueKind.Object)
                {
                    return ReadRow(data[0]);
                }

                throw new FormatException($"Expected the statistics of one destination, found an array of {length} elements.");
            default:
                if (IsNothing(data))
                {
                    return new DestinationStatistics();
                }

                throw new FormatException($"Expected an object in 'data', found {data.ValueKind}.");
        }
    }

    /// <summary>
    /// Reads the per-destination rows of a queue. <c>data</c> is documented as an array of objects; an object whose
    /// values are all objects (how PHP encodes an array keyed by group) is read as its values, nested or not; a single
    /// row object as one row; an absent, null or empty-string <c>data</c> as no rows.
    /// </summary>
    /// <exception cref="FormatException"><c>data</c> has a shape that cannot be rows of statistics.</exception>
    public static IReadOnlyList<DestinationStatistics> ReadQueue(JsonElement data)
    {
        if (IsNothing(data))
        {
            return [];
        }

        if (data.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            throw new FormatException($"Expected an array in 'data', found {data.ValueKind}.");
        }

        var rows = new List<DestinationStatistics>();
        Collect(data, rows);
        return rows;
    }

    private static void Collect(JsonElement element, List<DestinationStatistics> rows)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"Expected objects in the 'data' array, found {item.ValueKind}.");
                }

                Collect(item, rows);
            }

            return;
        }

        if (IsGroupObject(element))
        {
            foreach (var group in element.EnumerateObject())
            {
                Collect(group.Value, rows);
            }

            return;
        }

        rows.Add(ReadRow(element));
    }

    // {"phone-1234567": {...}, ...}: every value is an object, so no value is a statistic of the object itself.
    private static bool IsGroupObject(JsonElement element)
    {
        var any = false;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static bool IsNothing(JsonElement data) =>
        data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
        || (data.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(data.GetString()));

    private static DestinationStatistics ReadRow(JsonElement row)
    {
        string? destinationType = null;
        string? destinationNumber = null;
        var fields = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var additional = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        foreach (var property in row.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals(DestinationTypeField) && TryReadText(value, out var type))
            {
                destinationType = type;
            }
            else if (property.NameEquals(DestinationNumberField) && TryReadText(value, out var number))
            {
                destinationNumber = number;
            }
            else if (TryReadNumber(value, out var numeric, out var keepText))
            {
                fields[property.Name] = numeric;
                if (keepText)
                {
                    // "0123456", "1e3", " 5": the number alone would lose what was sent.
                    additional[property.Name] = value.Clone();
                }
                else
                {
                    additional.Remove(property.Name);
                }
            }
            else
            {
                additional[property.Name] = value.Clone();
                fields.Remove(property.Name);
            }
        }

        return new DestinationStatistics
        {
            DestinationType = destinationType,
            DestinationNumber = destinationNumber,
            Calls = ReadCalls(fields, additional),
            TalkTime = ReadTalkTime(fields, additional),
            Fields = fields,
            AdditionalData = additional,
        };
    }

    private static long ReadCalls(Dictionary<string, decimal> fields, Dictionary<string, JsonElement> additional)
    {
        if (!fields.TryGetValue(CallsField, out var calls))
        {
            // Absent, null or blank: no calls. Anything else that is not a number is the wrong type.
            return additional.TryGetValue(CallsField, out var raw) && !IsNothing(raw)
                ? throw new FormatException($"'{CallsField}' is not a number.")
                : 0;
        }

        if (calls != decimal.Truncate(calls))
        {
            throw new FormatException($"'{CallsField}' ({calls.ToString(CultureInfo.InvariantCulture)}) is not a whole number.");
        }

        return calls is >= long.MinValue and <= long.MaxValue
            ? (long)calls
            : throw new FormatException($"'{CallsField}' ({calls.ToString(CultureInfo.InvariantCulture)}) is out of range.");
    }

    private static Duration ReadTalkTime(Dictionary<string, decimal> fields, Dictionary<string, JsonElement> additional)
    {
        if (fields.TryGetValue(TalkTimeField, out var seconds))
        {
            return TryToDuration(seconds, out var talkTime)
                ? talkTime
                : throw new FormatException($"'{TalkTimeField}' ({seconds.ToString(CultureInfo.InvariantCulture)}) is out of range.");
        }

        if (!additional.TryGetValue(TalkTimeField, out var raw) || IsNothing(raw))
        {
            return Duration.Zero;
        }

        // Not a number: an "HH:MM:SS" text is the one other notation; anything else is the wrong type.
        return raw.ValueKind == JsonValueKind.String && TryParseClock(raw.GetString()!, out var clock)
            ? clock
            : throw new FormatException($"'{TalkTimeField}' is neither a number of seconds nor HH:MM:SS.");
    }

    /// <summary>
    /// Reads <c>HH:MM:SS</c> with at most 8 hour digits (11,400 years), which keeps the value inside what
    /// <see cref="Duration"/> holds (about 400 million hours); false for anything else (numbers are read before).
    /// </summary>
    private static bool TryParseClock(string text, out Duration value)
    {
        value = Duration.Zero;
        var colon = text.AsSpan().Trim().TrimStart('-').IndexOf(':');
        return colon is > 0 and <= 8 && DurationText.TryParse(text, out value);
    }

    /// <summary>Converts seconds to a duration; false when they lie outside what <see cref="Duration"/> holds.</summary>
    public static bool TryToDuration(decimal seconds, out Duration duration)
    {
        // Duration spans about ±16.7 million days; a trillion seconds (31,700 years) is far beyond any statistic.
        if (Math.Abs(seconds) > MaxDurationSeconds)
        {
            duration = Duration.Zero;
            return false;
        }

        duration = DurationText.FromSeconds(seconds);
        return true;
    }

    private static bool TryReadText(JsonElement value, out string? text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString();
                return true;
            case JsonValueKind.Number:
                text = value.GetRawText();
                return true;
            case JsonValueKind.Null:
                text = null;
                return true;
            default:
                text = null;
                return false;
        }
    }

    /// <summary>
    /// Reads a JSON number or a numeric string. <paramref name="keepText"/> is true for a string whose number does
    /// not print back to the same text (leading zeros as in <c>"0123456"</c>, an exponent, a sign, spaces), so the
    /// caller keeps the raw text too.
    /// </summary>
    private static bool TryReadNumber(JsonElement value, out decimal number, out bool keepText)
    {
        keepText = false;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetDecimal(out number);
            case JsonValueKind.String:
                var text = value.GetString();
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return false;
                }

                keepText = !string.Equals(number.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
                return true;
            default:
                number = 0;
                return false;
        }
    }
}
