using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// The scalar values of a report row, read straight from the UTF-8 token (no intermediate string for a count, a
/// duration or a date). Every reader accepts what Thulium is documented or seen to send, returns null for JSON
/// <c>null</c> (and <c>""</c> where a value may be blank), and otherwise throws <see cref="JsonException"/> naming
/// the field: a value out of range is refused here, never left to overflow later.
/// </summary>
internal static class ThuliumValues
{
    /// <summary>The longest duration read: 10¹² seconds (about 31,700 years), inside NodaTime's range (2²⁴ days).</summary>
    private const long MaxDurationSeconds = 1_000_000_000_000L;

    private const long MaxDurationHours = MaxDurationSeconds / 3600;

    private const long NanosecondsPerSecond = 1_000_000_000L;

    /// <summary>A string value; null for JSON null. Numbers and other types are refused.</summary>
    public static string? Text(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.String => GetString(ref reader, field),
        JsonTokenType.Null => null,
        _ => throw WrongType(field, "text", reader.TokenType),
    };

    /// <summary>A string or a number kept as its exact JSON text (an id or a date Thulium may send either way); null for JSON null.</summary>
    public static string? TextOrNumber(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.String => GetString(ref reader, field),
        JsonTokenType.Number => System.Text.Encoding.ASCII.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw WrongType(field, "text or a number", reader.TokenType),
    };

    /// <summary>A count: a JSON integer (or a whole number written with a fraction, <c>12.0</c>) or a numeric string; null for null, <c>""</c> or blanks.</summary>
    public static long? Count(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return JsonIntegers.TryGetWholeInt64(ref reader, out var number)
                    ? number
                    : throw new JsonException($"{field} is not an integer within 64 bits.");
            case JsonTokenType.String:
                var text = ValueBytes(ref reader);
                if (text.Trim(" "u8).IsEmpty)
                {
                    return null;
                }

                return JsonIntegers.TryParseInt64(text, out var parsed)
                    ? parsed
                    : throw new JsonException($"{field} is not an integer within 64 bits.");
            default:
                throw WrongType(field, "an integer", reader.TokenType);
        }
    }

    /// <summary>A decimal: a JSON number or a numeric string (exponents allowed); null for null, <c>""</c> or blanks.</summary>
    public static decimal? Decimal(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var number) ? number : throw new JsonException($"{field} is not a number within decimal's range.");
            case JsonTokenType.String:
                var text = ValueBytes(ref reader).Trim(" "u8);
                if (text.IsEmpty)
                {
                    return null;
                }

                return TryParseDecimal(text, out var parsed) ? parsed : throw new JsonException($"{field} is not a number.");
            default:
                throw WrongType(field, "a number", reader.TokenType);
        }
    }

    /// <summary>
    /// A duration: <c>"HH:MM:SS"</c> (any number of hour digits, seconds possibly fractional, <c>MM:SS</c> too, a leading
    /// minus allowed), or a number of seconds as a JSON number or a string; null for null, <c>""</c> or blanks.
    /// </summary>
    public static Duration? Duration(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    return whole is >= -MaxDurationSeconds and <= MaxDurationSeconds
                        ? NodaTime.Duration.FromSeconds(whole)
                        : throw OutOfRange(field);
                }

                return reader.TryGetDecimal(out var seconds) ? FromSeconds(seconds, field) : throw OutOfRange(field);
            case JsonTokenType.String:
                var text = ValueBytes(ref reader).Trim(" "u8);
                if (text.IsEmpty)
                {
                    return null;
                }

                if (TryParseClock(text, out var clock, out var outOfRange))
                {
                    return clock;
                }

                if (outOfRange)
                {
                    throw OutOfRange(field);
                }

                return TryParseDecimal(text, out var number) ? FromSeconds(number, field) : throw new JsonException($"{field} is neither a number of seconds nor an HH:MM:SS duration.");
            default:
                throw WrongType(field, "a duration", reader.TokenType);
        }
    }

    /// <summary>
    /// Reads <c>YYYY-MM-DD HH:MM:SS</c> (or with a <c>T</c>), surrounding spaces ignored, as wall-clock time in
    /// <paramref name="zone"/>; null for any other text (e.g. <c>0000-00-00 00:00:00</c>) and for years outside 1–9998.
    /// Skipped times (spring forward) move on by the gap; repeated times (fall back) take the earlier instant.
    /// </summary>
    public static Instant? WallClock(string? text, DateTimeZone zone)
    {
        var s = text.AsSpan().Trim();
        if (s.Length != 19 || s[4] != '-' || s[7] != '-' || s[10] is not (' ' or 'T') || s[13] != ':' || s[16] != ':'
            || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second)
            || year is < 1 or > 9998 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return zone.AtLeniently(new LocalDateTime(year, month, day, hour, minute, second)).ToInstant();
    }

    /// <summary>The token's value as UTF-8, unescaped (into a new array, a rare case) when it holds escapes.</summary>
    public static ReadOnlySpan<byte> ValueBytes(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var target = new byte[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
        try
        {
            return target.AsSpan(0, reader.CopyString(target));
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate (or invalid UTF-8) cannot be unescaped: not a value of any type.
            throw new JsonException("A string holds invalid UTF-8 or a lone surrogate.", ex);
        }
    }

    private static string GetString(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // Invalid UTF-8, or an escaped lone surrogate: not text.
            throw new JsonException($"{field} is not valid text (invalid UTF-8 or a lone surrogate).", ex);
        }
    }

    /// <summary><c>[-]H+:MM:SS[.fff]</c> or <c>[-]MM:SS[.fff]</c>; <paramref name="outOfRange"/> when it has that shape but too many hours.</summary>
    private static bool TryParseClock(ReadOnlySpan<byte> text, out Duration value, out bool outOfRange)
    {
        value = default;
        outOfRange = false;
        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var first = text.IndexOf((byte)':');
        if (first < 0)
        {
            return false;
        }

        var second = text[(first + 1)..].IndexOf((byte)':');
        long hours = 0;
        ReadOnlySpan<byte> minutesText, secondsText;
        if (second < 0)
        {
            minutesText = text[..first];
            secondsText = text[(first + 1)..];
        }
        else
        {
            second += first + 1;
            if (!TryWhole(text[..first], 18, out hours))
            {
                return false;
            }

            minutesText = text[(first + 1)..second];
            secondsText = text[(second + 1)..];
        }

        var dot = secondsText.IndexOf((byte)'.');
        var fraction = dot < 0 ? [] : secondsText[(dot + 1)..];
        if (!TryWhole(minutesText, 2, out var minutes) || minutes > 59
            || !TryWhole(dot < 0 ? secondsText : secondsText[..dot], 2, out var wholeSeconds) || wholeSeconds > 59
            || (dot >= 0 && (fraction.IsEmpty || fraction.Length > 9 || !TryWhole(fraction, 9, out _))))
        {
            return false;
        }

        if (hours > MaxDurationHours)
        {
            outOfRange = true;
            return false;
        }

        var nanoseconds = 0L;
        foreach (var digit in fraction)
        {
            nanoseconds = (nanoseconds * 10) + (digit - '0');
        }

        for (var i = fraction.Length; i < 9; i++)
        {
            nanoseconds *= 10;
        }

        value = NodaTime.Duration.FromSeconds((hours * 3600) + (minutes * 60) + wholeSeconds) + NodaTime.Duration.FromNanoseconds(nanoseconds);
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>One to <paramref name="maxDigits"/> ASCII digits (no sign, no spaces).</summary>
    private static bool TryWhole(ReadOnlySpan<byte> digits, int maxDigits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > maxDigits)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        if (text.Length > 64)
        {
            return false;
        }

        // Plain decimals are read as UTF-8; exponents ("1.5e3") through decimal's own parser, as before.
        if (Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length)
        {
            return true;
        }

        Span<char> chars = stackalloc char[64];
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        return decimal.TryParse(chars[..text.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static Duration FromSeconds(decimal seconds, string field)
    {
        if (seconds is < -MaxDurationSeconds or > MaxDurationSeconds)
        {
            throw OutOfRange(field);
        }

        var whole = decimal.Truncate(seconds);
        return NodaTime.Duration.FromSeconds((long)whole) + NodaTime.Duration.FromNanoseconds((long)((seconds - whole) * NanosecondsPerSecond));
    }

    private static JsonException OutOfRange(string field) =>
        new($"{field} is a duration longer than {MaxDurationSeconds.ToString(CultureInfo.InvariantCulture)} seconds.");

    private static JsonException WrongType(string field, string expected, JsonTokenType found) =>
        new($"{field} should be {expected}, found {Describe(found)}.");

    /// <summary>A token type in words, for messages.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
