using System.Buffers.Text;
using System.Text.Json;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Whole 64-bit integers as vendors write them: a JSON number (<c>12</c>, or a whole value written with a fraction or an
/// exponent, <c>12.0</c>, <c>1.2e1</c>) or digits in a string. Never throws: a value that is not a whole number within
/// 64 bits (a fraction, <c>1e400</c>, 20 digits) is reported as not read, so that each reader can name the field.
/// </summary>
public static class JsonIntegers
{
    /// <summary>Reads the current <see cref="JsonTokenType.Number"/> token as a whole 64-bit integer.</summary>
    /// <param name="reader">A reader positioned on a number token.</param>
    /// <param name="value">The integer.</param>
    /// <returns>False when the token is not a number, or not a whole number within 64 bits.</returns>
    public static bool TryGetWholeInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        if (reader.TryGetInt64(out value))
        {
            return true;
        }

        if (reader.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)number;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Parses UTF-8 digits (an optional leading sign, spaces around allowed) as a 64-bit integer.</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="value">The integer.</param>
    /// <returns>False when the text (spaces trimmed) is not an integer within 64 bits, or is empty.</returns>
    public static bool TryParseInt64(ReadOnlySpan<byte> utf8, out long value)
    {
        var text = utf8.Trim(" "u8);
        value = 0;
        return !text.IsEmpty && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }
}
