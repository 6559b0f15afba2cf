using System.Globalization;
using NodaTime;

namespace CallCenterStats.Cli.Output;

/// <summary>How tables show figures: durations as hours:minutes:seconds, ratios as percentages, unknown as a dash.</summary>
internal static class Formats
{
    /// <summary>What a table shows for an unknown (not reported) figure.</summary>
    public const string Unknown = "–";

    public static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? Unknown;

    /// <summary>A duration as <c>h:mm:ss</c> (hours past 24 keep counting: <c>41:07:09</c>).</summary>
    public static string Time(Duration? value)
    {
        if (value is not { } d)
        {
            return Unknown;
        }

        var negative = d < Duration.Zero;
        var seconds = (long)Math.Round(Math.Abs(d.TotalSeconds));
        var text = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        return negative ? "-" + text : text;
    }

    public static string Percent(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : Unknown;

    /// <summary>An instant's wall-clock time in a zone, <c>2024-03-11 08:00</c>.</summary>
    public static string Local(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).LocalDateTime.ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
