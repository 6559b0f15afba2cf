using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// The date and time formats the vendors put on the wire, always with the invariant culture, so a
/// request is the same whatever <see cref="CultureInfo.CurrentCulture"/> is (Thai, Arabic or German
/// calendars and digits never leak into a request).
/// </summary>
public static class WireFormat
{
    private static readonly LocalDateTimePattern SpaceSeparatedPattern =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss");

    private static readonly LocalDatePattern BasicDatePattern =
        LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    private static readonly LocalDatePattern IsoDatePattern = LocalDatePattern.Iso;

    private static readonly OffsetDateTimePattern IsoWithOffsetPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    private static readonly InstantPattern IsoUtcPattern = InstantPattern.General;

    /// <summary>
    /// Formats <paramref name="instant"/> as UTC <c>yyyy-MM-dd HH:mm:ss</c> (24-hour clock), e.g.
    /// <c>2024-03-11 09:00:00</c>. Sub-second precision is truncated.
    /// </summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The formatted UTC date and time.</returns>
    public static string UtcDateTime(Instant instant) => SpaceSeparatedPattern.Format(instant.InUtc().LocalDateTime);

    /// <summary>
    /// Formats <paramref name="instant"/> as <c>yyyy-MM-dd HH:mm:ss</c> in the local time of <paramref name="zone"/>.
    /// </summary>
    /// <param name="instant">The instant.</param>
    /// <param name="zone">The zone whose wall-clock time is written.</param>
    /// <returns>The formatted local date and time.</returns>
    public static string LocalDateTime(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return SpaceSeparatedPattern.Format(instant.InZone(zone).LocalDateTime);
    }

    /// <summary>Formats <paramref name="date"/> as <c>yyyyMMdd</c>, e.g. <c>20240311</c>.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The formatted date.</returns>
    public static string BasicDate(LocalDate date) => BasicDatePattern.Format(date);

    /// <summary>Formats <paramref name="date"/> as ISO-8601 <c>yyyy-MM-dd</c>.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The formatted date.</returns>
    public static string IsoDate(LocalDate date) => IsoDatePattern.Format(date);

    /// <summary>Returns the number of whole seconds since the Unix epoch (1970-01-01T00:00:00Z), rounded down.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>Unix seconds.</returns>
    public static long UnixSeconds(Instant instant) => instant.ToUnixTimeSeconds();

    /// <summary>Formats <see cref="UnixSeconds(Instant)"/> with the invariant culture.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>Unix seconds as a decimal string.</returns>
    public static string UnixSecondsText(Instant instant) => UnixSeconds(instant).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats <paramref name="instant"/> as ISO-8601 with the UTC offset that <paramref name="zone"/> has at
    /// that instant, e.g. <c>2021-01-01T00:00:00+01:00</c>; UTC is written <c>+00:00</c>.
    /// </summary>
    /// <param name="instant">The instant.</param>
    /// <param name="zone">The zone whose offset is used.</param>
    /// <returns>The formatted date, time and offset.</returns>
    public static string IsoWithOffset(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return IsoWithOffsetPattern.Format(instant.InZone(zone).ToOffsetDateTime());
    }

    /// <summary>Formats <paramref name="instant"/> as ISO-8601 with a fixed <paramref name="offset"/>.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="offset">The offset to write.</param>
    /// <returns>The formatted date, time and offset.</returns>
    public static string IsoWithOffset(Instant instant, Offset offset) => IsoWithOffsetPattern.Format(instant.WithOffset(offset));

    /// <summary>Formats <paramref name="instant"/> as ISO-8601 UTC with a <c>Z</c> suffix (used in messages).</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The formatted instant.</returns>
    public static string IsoUtc(Instant instant) => IsoUtcPattern.Format(instant);

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss</c> as a local date and time.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="value">The parsed value when the text matched.</param>
    /// <returns>Whether the text matched the format.</returns>
    public static bool TryParseLocalDateTime(string? text, out LocalDateTime value) => TryParse(SpaceSeparatedPattern, text, out value);

    /// <summary>Parses <c>yyyy-MM-dd</c> as a date.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="value">The parsed value when the text matched.</param>
    /// <returns>Whether the text matched the format.</returns>
    public static bool TryParseIsoDate(string? text, out LocalDate value) => TryParse(IsoDatePattern, text, out value);

    /// <summary>Parses <c>yyyyMMdd</c> as a date.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="value">The parsed value when the text matched.</param>
    /// <returns>Whether the text matched the format.</returns>
    public static bool TryParseBasicDate(string? text, out LocalDate value) => TryParse(BasicDatePattern, text, out value);

    /// <summary>Parses ISO-8601 with an offset, e.g. <c>2021-01-01T00:00:00+01:00</c>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="value">The parsed value when the text matched.</param>
    /// <returns>Whether the text matched the format.</returns>
    public static bool TryParseIsoWithOffset(string? text, out OffsetDateTime value)
    {
        if (TryParse(IsoWithOffsetPattern, text, out value))
        {
            return true;
        }

        return TryParse(OffsetDateTimePattern.ExtendedIso, text, out value);
    }

    private static bool TryParse<T>(IPattern<T> pattern, string? text, out T value)
    {
        if (text is not null)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                value = result.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }
}
