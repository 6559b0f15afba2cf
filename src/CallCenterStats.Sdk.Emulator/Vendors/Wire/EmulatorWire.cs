using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Emulator.Vendors.Wire;

/// <summary>
/// The emulator's own wire values: its date and time patterns are written out here, literally, and its durations and
/// Unix seconds are plain arithmetic. The emulator is the SDK's independent witness: it never formats or parses a
/// wire value with the SDK's own formatters (Core's <c>WireFormat</c> or <c>DurationText</c>), so that a bug there
/// cannot hide on both sides of an end-to-end test.
/// </summary>
internal static class EmulatorWire
{
    private const long TicksPerSecond = 10_000_000;

    /// <summary><c>2024-03-11</c>.</summary>
    private static readonly LocalDatePattern DashedDate = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");

    /// <summary><c>20240311</c>.</summary>
    private static readonly LocalDatePattern CompactDate = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    /// <summary><c>2024-03-11 09:05:00</c>.</summary>
    private static readonly LocalDateTimePattern SpacedDateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss");

    /// <summary><c>2024-03-11T09:05:00+01:00</c>: whole seconds, offset as hours and minutes.</summary>
    private static readonly OffsetDateTimePattern SecondsWithOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    /// <summary><c>2024-03-11T09:05:00.5Z</c>, <c>…+01</c>, <c>…+01:00</c>: optional fraction, <c>Z</c> or an offset.</summary>
    private static readonly OffsetDateTimePattern FractionWithOffset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<G>");

    /// <summary>Formats a date as <c>yyyy-MM-dd</c>.</summary>
    public static string DashedDateText(LocalDate date) => DashedDate.Format(date);

    /// <summary>Parses <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParseDashedDate(string? text, out LocalDate date) => TryParse(DashedDate, text, out date);

    /// <summary>Parses <c>yyyyMMdd</c>.</summary>
    public static bool TryParseCompactDate(string? text, out LocalDate date) => TryParse(CompactDate, text, out date);

    /// <summary>Formats the wall-clock time of <paramref name="instant"/> in <paramref name="zone"/> as <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static string SpacedDateTimeText(Instant instant, DateTimeZone zone) => SpacedDateTime.Format(instant.InZone(zone).LocalDateTime);

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss</c> as a wall-clock time.</summary>
    public static bool TryParseSpacedDateTime(string? text, out LocalDateTime value) => TryParse(SpacedDateTime, text, out value);

    /// <summary>
    /// Parses an ISO-8601 date and time with its offset: <c>2024-03-11T09:05:00+01:00</c>, also with a fraction of a
    /// second, <c>Z</c>, or an offset in hours only.
    /// </summary>
    public static bool TryParseDateTimeWithOffset(string? text, out OffsetDateTime value) =>
        TryParse(SecondsWithOffset, text, out value) || TryParse(FractionWithOffset, text, out value);

    /// <summary>
    /// Formats a duration as <c>HH:MM:SS</c>: whole seconds (a fraction is dropped), hours as many digits as needed
    /// and at least two (<c>123:04:05</c>), a minus sign in front of a negative duration.
    /// </summary>
    public static string ClockText(Duration value)
    {
        var seconds = WholeSeconds(value);
        var sign = seconds < 0 ? "-" : string.Empty;
        seconds = Math.Abs(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}:{seconds % 3600 / 60:00}:{seconds % 60:00}");
    }

    /// <summary>The whole seconds of a duration, the fraction dropped (towards zero).</summary>
    public static long WholeSeconds(Duration value) => value.BclCompatibleTicks / TicksPerSecond;

    /// <summary>Seconds since 1970-01-01T00:00:00Z, rounded down: the instant minus the epoch, divided.</summary>
    public static long UnixSeconds(Instant instant)
    {
        var ticks = (instant - NodaConstants.UnixEpoch).BclCompatibleTicks;
        return ticks >= 0 ? ticks / TicksPerSecond : -((-ticks + TicksPerSecond - 1) / TicksPerSecond);
    }

    private static bool TryParse<T>(IPattern<T> pattern, string? text, out T value)
    {
        var result = text is null ? null : pattern.Parse(text);
        value = result is { Success: true } ? result.Value : default!;
        return result is { Success: true };
    }
}
