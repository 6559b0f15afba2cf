using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Calendars;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// The SDK's best-effort reading of a report row's <c>period</c> text. Thulium documents only the month format
/// (<c>"2019-12"</c>); the other shapes below are plausible guesses, so the raw text is always kept in
/// <see cref="AgentsWorkReportRow.PeriodText"/> and an unrecognised text gives no period at all.
/// </summary>
/// <remarks>
/// <para>Shapes understood (wall-clock time in <see cref="ThuliumOptions.TimeZone"/>; years 1 to 9998):</para>
/// <list type="bullet">
/// <item><c>"2019"</c>: a year.</item>
/// <item><c>"2019-12"</c>: a month; a week (ISO week 12) when the request asked for weeks.</item>
/// <item><c>"2019-49"</c>, <c>"2019-W49"</c>, <c>"201949"</c>: an ISO week (weeks start on Monday); a
/// <c>yyyy-NN</c> text is a week when the request asked for weeks or NN is above 12.</item>
/// <item><c>"2019-12-02"</c>: a day; the week, month or year containing it when the request asked for one.</item>
/// <item><c>"2019-12-02 08"</c>, <c>"2019-12-02 08:00"</c>, <c>"2019-12-02 08:00:00"</c> (or with a <c>T</c>): an hour; a
/// minute when the minutes are not zero or the request asked for minutes; at midnight, the requested day, week,
/// month or year containing it.</item>
/// <item><c>"8"</c>, <c>"08"</c>, <c>"08:00"</c> (0–23): an hour of the day, with no date.</item>
/// </list>
/// <para>The text is read by position, character by character (every shape has fixed positions after its four-digit
/// year), not by trying one NodaTime pattern after another: that cost 525 ns and 1.6 KB per row.</para>
/// </remarks>
internal static class AgentsWorkReportPeriod
{
    /// <summary>Reads a <c>period</c> text; see the type's remarks for the shapes understood.</summary>
    /// <param name="text">The text of <c>period</c>.</param>
    /// <param name="aggregation">The bucket the request asked for (<c>aggregate_by</c>); null for Thulium's default (month). Breaks ties between shapes.</param>
    /// <param name="calendar">The zone the system writes wall-clock times in, and its week rule.</param>
    /// <param name="period">The period when the text was a dated bucket.</param>
    /// <param name="hourOfDay">The hour of the day (0–23) when the text was a recurring hour.</param>
    /// <returns>Whether the text was recognised.</returns>
    public static bool TryParse(string? text, TimeBucket? aggregation, BucketCalendar calendar, out StatisticsPeriod? period, out int? hourOfDay)
    {
        period = null;
        hourOfDay = null;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        var requested = aggregation ?? TimeBucket.Month;
        if (TryParseHourOfDay(span, requested, out var hour))
        {
            hourOfDay = hour;
            return true;
        }

        // Every dated shape starts with a four-digit year.
        if (span.Length < 4 || !TryDigits(span, 0, 4, out var year) || year is < 1 or > 9998)
        {
            return false;
        }

        if (span.Length == 4)
        {
            period = Create(TimeBucket.Year, new LocalDateTime(year, 1, 1, 0, 0), calendar);
            return true;
        }

        if (TryParseWeek(span[4..], year, requested, out var weekStart))
        {
            period = Create(TimeBucket.Week, weekStart.AtMidnight(), calendar);
            return true;
        }

        if (span[4] != '-' || span.Length < 7 || !TryDigits(span, 5, 2, out var month) || month is < 1 or > 12)
        {
            return false;
        }

        if (span.Length == 7)
        {
            period = Create(TimeBucket.Month, new LocalDateTime(year, month, 1, 0, 0), calendar);
            return true;
        }

        if (span.Length < 10 || span[7] != '-' || !TryDigits(span, 8, 2, out var day) || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }

        var date = new LocalDate(year, month, day);
        if (span.Length == 10)
        {
            period = Create(requested is TimeBucket.Week or TimeBucket.Month or TimeBucket.Year ? requested : TimeBucket.Day, date.AtMidnight(), calendar);
            return true;
        }

        // "2019-12-02 08", "2019-12-02 08:15", "2019-12-02 08:15:00", with a space or a T.
        if (span[10] is not (' ' or 'T') || !TryTime(span[11..], out var time))
        {
            return false;
        }

        var dateTime = date + time;
        period = Create(DateTimeBucket(dateTime, requested), dateTime, calendar);
        return true;
    }

    private static bool TryTime(ReadOnlySpan<char> text, out LocalTime time)
    {
        time = default;
        int hour = 0, minute = 0, second = 0;
        var valid = text.Length is 2 or 5 or 8
            && TryDigits(text, 0, 2, out hour) && hour <= 23
            && (text.Length == 2 || (text[2] == ':' && TryDigits(text, 3, 2, out minute) && minute <= 59))
            && (text.Length != 8 || (text[5] == ':' && TryDigits(text, 6, 2, out second) && second <= 59));
        if (valid)
        {
            time = new LocalTime(hour, minute, second);
        }

        return valid;
    }

    private static TimeBucket DateTimeBucket(LocalDateTime value, TimeBucket requested)
    {
        if (value.TimeOfDay == LocalTime.Midnight && requested is TimeBucket.Day or TimeBucket.Week or TimeBucket.Month or TimeBucket.Year)
        {
            return requested;
        }

        return requested == TimeBucket.Minute || value.Minute != 0 || value.Second != 0 ? TimeBucket.Minute : TimeBucket.Hour;
    }

    private static StatisticsPeriod Create(TimeBucket bucket, LocalDateTime local, BucketCalendar calendar) =>
        StatisticsPeriod.Containing(calendar.Zone.AtLeniently(local).ToInstant(), bucket, calendar);

    private static bool TryParseHourOfDay(ReadOnlySpan<char> text, TimeBucket requested, out int hour)
    {
        hour = 0;
        if (requested == TimeBucket.HourOfDay && text.EndsWith(":00", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        // One or two digits can only be an hour of the day, whatever was requested.
        return text.Length is 1 or 2 && TryDigits(text, 0, text.Length, out hour) && hour <= 23;
    }

    /// <summary>Reads the week part after the year: <c>-49</c>, <c>-W49</c>, <c>W49</c> or <c>49</c> (one or two digits).</summary>
    private static bool TryParseWeek(ReadOnlySpan<char> rest, int weekYear, TimeBucket requested, out LocalDate start)
    {
        start = default;
        var explicitWeek = false;
        if (rest.StartsWith('-'))
        {
            rest = rest[1..];
        }

        if (rest.StartsWith('W') || rest.StartsWith('w'))
        {
            rest = rest[1..];
            explicitWeek = true;
        }

        if (rest.Length is < 1 or > 2 || !TryDigits(rest, 0, rest.Length, out var week))
        {
            return false;
        }

        // "2019-12" (or "201912") is a month unless weeks were asked for or the number cannot be a month.
        if (!explicitWeek && requested != TimeBucket.Week && week <= 12)
        {
            return false;
        }

        var rule = WeekYearRules.Iso;
        if (week < 1 || week > rule.GetWeeksInWeekYear(weekYear))
        {
            return false;
        }

        start = rule.GetLocalDate(weekYear, week, IsoDayOfWeek.Monday);
        return true;
    }

    /// <summary>Reads <paramref name="count"/> ASCII digits at <paramref name="start"/> (no sign, no spaces).</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

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
}
