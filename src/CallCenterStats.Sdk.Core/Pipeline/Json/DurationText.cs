using System.Globalization;
using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Parses and formats the duration notations vendors use: <c>"HH:MM:SS"</c> with hours that can exceed 24
/// (<c>"123:04:05"</c>), and plain numbers of seconds.
/// </summary>
public static class DurationText
{
    /// <summary>
    /// Parses <c>[-]H+:MM:SS</c> (any number of hour digits), <c>MM:SS</c>, or a number of seconds
    /// (fractions allowed), in the invariant culture.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration when parsing succeeded.</param>
    /// <returns>Whether <paramref name="text"/> was a duration.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out Duration value)
    {
        value = Duration.Zero;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (!text.Contains(':'))
        {
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                value = FromSeconds(seconds);
                return true;
            }

            return false;
        }

        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        Span<Range> parts = stackalloc Range[4];
        var count = text.Split(parts, ':');
        if (count is < 2 or > 3)
        {
            return false;
        }

        long hours = 0;
        var i = 0;
        if (count == 3 && !long.TryParse(text[parts[i++]], NumberStyles.None, CultureInfo.InvariantCulture, out hours))
        {
            return false;
        }

        if (!int.TryParse(text[parts[i++]], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes > 59
            || !decimal.TryParse(text[parts[i]], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var secs) || secs >= 60)
        {
            return false;
        }

        value = Duration.FromHours(hours) + Duration.FromMinutes(minutes) + FromSeconds(secs);
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Formats a duration as <c>HH:MM:SS</c> with as many hour digits as needed (at least two), truncating fractions.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text, e.g. <c>"27:00:05"</c>.</returns>
    public static string ToClockText(Duration value)
    {
        var negative = value < Duration.Zero;
        var total = (long)Math.Abs(value.TotalSeconds);
        var text = string.Create(CultureInfo.InvariantCulture, $"{total / 3600:00}:{total / 60 % 60:00}:{total % 60:00}");
        return negative ? "-" + text : text;
    }

    /// <summary>Converts a number of seconds (fractions allowed) to a duration, to the nanosecond.</summary>
    /// <param name="seconds">The seconds.</param>
    /// <returns>The duration.</returns>
    public static Duration FromSeconds(decimal seconds)
    {
        var whole = decimal.Truncate(seconds);
        return Duration.FromSeconds((long)whole) + Duration.FromNanoseconds((long)((seconds - whole) * 1_000_000_000m));
    }
}
