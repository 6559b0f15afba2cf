using System.Buffers.Text;
using System.Text;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Reads VCC Live's wire values straight from UTF-8 bytes (a JSON value or a tab/CSV cell), without making strings:
/// dates, <c>hhmm</c> times, integers and decimals. Surrounding spaces are allowed; anything else is not a value.
/// </summary>
internal static class WireValues
{
    /// <summary>The largest time-KPI sum the SDK accepts, in seconds (about 31,700 years): beyond it a sum is not a duration.</summary>
    public const decimal MaxSeconds = 1_000_000_000_000m;

    /// <summary><c>yyyy-mm-dd</c> (documented) or <c>yyyymmdd</c>, years 1 to 9998 (a day either side stays in NodaTime's range).</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out LocalDate date)
    {
        date = default;
        text = text.Trim((byte)' ');
        int year, month, day;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-')
        {
            if (!TryDigits32(text[..4], out year) || !TryDigits32(text.Slice(5, 2), out month) || !TryDigits32(text.Slice(8, 2), out day))
            {
                return false;
            }
        }
        else if (text.Length == 8)
        {
            if (!TryDigits32(text[..4], out year) || !TryDigits32(text.Slice(4, 2), out month) || !TryDigits32(text.Slice(6, 2), out day))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (year is < 1 or > 9998 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }

        date = new LocalDate(year, month, day);
        return true;
    }

    /// <summary>The <c>hhmm</c> integer (<c>1500</c>, <c>915</c>, <c>0</c>, <c>0915</c>), or <c>H:mm</c> / <c>H:mm:ss</c>.</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> text, out LocalTime time)
    {
        time = default;
        text = text.Trim((byte)' ');
        int hour, minute, second = 0;
        var colon = text.IndexOf((byte)':');
        if (colon < 0)
        {
            if (text.Length is < 1 or > 4 || !TryDigits32(text, out var hhmm))
            {
                return false;
            }

            (hour, minute) = Math.DivRem(hhmm, 100);
        }
        else
        {
            // H:mm or H:mm:ss, the hour in one or two digits.
            var rest = text[(colon + 1)..];
            if (colon is < 1 or > 2 || !TryDigits32(text[..colon], out hour)
                || rest.Length is not (2 or 5) || !TryDigits32(rest[..2], out minute)
                || (rest.Length == 5 && (rest[2] != ':' || !TryDigits32(rest[3..], out second))))
            {
                return false;
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new LocalTime(hour, minute, second);
        return true;
    }

    /// <summary>A whole number, with an optional sign: <c>17</c>, <c>-3</c>, or a whole decimal such as <c>12.0</c>.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        text = text.Trim((byte)' ');
        if (Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length)
        {
            return true;
        }

        // 12.0 and the like: whole values written with a fraction.
        if (TryParseDecimal(text, out var number) && number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)number;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>A decimal number in the invariant culture (<c>12.5</c>, <c>-3</c>, <c>1e3</c>); false when it does not fit a decimal.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        text = text.Trim((byte)' ');

        // Most cells are small whole numbers: parse them without the general decimal parser.
        if (text.Length is > 0 and <= 18 && TryDigits(text, out long whole))
        {
            value = whole;
            return true;
        }

        if (Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length)
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Whether a sum is a duration the SDK can give (see <see cref="MaxSeconds"/>).</summary>
    public static bool IsDuration(decimal seconds) => seconds is >= -MaxSeconds and <= MaxSeconds;

    /// <summary>
    /// The value for an error message: quoted whole when short, otherwise only its length (a long value is never cut,
    /// so a secret the server echoed is either whole, and masked, or not shown).
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> text) =>
        text.Length <= 40 ? "'" + Encoding.UTF8.GetString(text) + "'" : $"a {text.Length}-byte value";

    private static bool TryDigits32(ReadOnlySpan<byte> text, out int value)
    {
        if (!TryDigits(text, out long wide) || wide > int.MaxValue)
        {
            value = 0;
            return false;
        }

        value = (int)wide;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var b in text)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
