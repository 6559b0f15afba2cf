using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Calendars;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// The SDK's best-effort reading of a report row's <c>period</c> text. Thulium documents only the month format
/// (<c>"2019-12"</c>); the other shapes below are plausible guesses, so the raw text is always kept in
/// <see cref="AgentsWorkReportRow.PeriodText"/> and an unrecognised text gives no period at all.
/// </summary>
/// <remarks>
/// <para>Shapes understood (wall-clock time in <see cref="ThuliumOptions.TimeZone"/>):</para>
/// <list type="bullet">
/// <item><c>"2019"</c>: a year.</item>
/// <item><c>"2019-12"</c>: a month; a week (ISO week 12) when the request asked for weeks.</item>
/// <item><c>"2019-49"</c>, <c>"2019-W49"</c>, <c>"201949"</c>: an ISO week (weeks start on Monday); a
/// <c>yyyy-NN</c> text is a week when the request asked for weeks or NN is above 12.</item>
/// <item><c>"2019-12-02"</c>: a day; the week, month or year containing it when the request asked for one.</item>
/// <item><c>"2019-12-02 08"</c>, <c>"2019-12-02 08:00"</c>, <c>"2019-12-02 08:00:00"</c>: an hour; a minute
/// when the minutes are not zero or the request asked for minutes; at midnight, the requested day, week,
/// month or year containing it.</item>
/// <item><c>"8"</c>, <c>"08"</c>, <c>"08:00"</c> (0–23): an hour of the day, with no date.</item>
/// </list>
/// </remarks>
internal static class AgentsWorkReportPeriod
{
    private static readonly LocalDatePattern YearPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu");
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM");
    private static readonly LocalDatePattern DayPattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");

    private static readonly LocalDateTimePattern[] DateTimePatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss"),
    ];

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
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        var requested = aggregation ?? TimeBucket.Month;
        if (TryParseHourOfDay(trimmed, requested, out var hour))
        {
            hourOfDay = hour;
            return true;
        }

        if (TryParse(YearPattern, trimmed, out var year))
        {
            period = Create(TimeBucket.Year, year.AtMidnight(), calendar);
            return true;
        }

        if (TryParseWeek(trimmed, requested, out var weekStart))
        {
            period = Create(TimeBucket.Week, weekStart.AtMidnight(), calendar);
            return true;
        }

        if (TryParse(MonthPattern, trimmed, out var month))
        {
            period = Create(TimeBucket.Month, month.AtMidnight(), calendar);
            return true;
        }

        if (TryParse(DayPattern, trimmed, out var day))
        {
            period = Create(requested is TimeBucket.Week or TimeBucket.Month or TimeBucket.Year ? requested : TimeBucket.Day, day.AtMidnight(), calendar);
            return true;
        }

        var dateTimeText = trimmed.Length > 10 && trimmed[10] == 'T' ? string.Concat(trimmed.AsSpan(0, 10), " ", trimmed.AsSpan(11)) : trimmed;
        foreach (var pattern in DateTimePatterns)
        {
            if (TryParse(pattern, dateTimeText, out var dateTime))
            {
                period = Create(DateTimeBucket(dateTime, requested), dateTime, calendar);
                return true;
            }
        }

        return false;
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

    private static bool TryParseHourOfDay(string text, TimeBucket requested, out int hour)
    {
        hour = 0;
        var span = text.AsSpan();
        if (requested == TimeBucket.HourOfDay && span.EndsWith(":00", StringComparison.Ordinal))
        {
            span = span[..^3];
        }

        // One or two digits can only be an hour of the day, whatever was requested.
        return span.Length is 1 or 2
            && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out hour)
            && hour is >= 0 and <= 23;
    }

    private static bool TryParseWeek(string text, TimeBucket requested, out LocalDate start)
    {
        start = default;
        var span = text.AsSpan();
        if (span.Length < 5 || !int.TryParse(span[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var weekYear))
        {
            return false;
        }

        var rest = span[4..];
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

        if (rest.Length is < 1 or > 2 || !int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var week))
        {
            return false;
        }

        // "2019-12" (or "201912") is a month unless weeks were asked for or the number cannot be a month.
        if (!explicitWeek && requested != TimeBucket.Week && week <= 12)
        {
            return false;
        }

        var rule = WeekYearRules.Iso;
        if (weekYear is < 1 or > 9998 || week < 1 || week > rule.GetWeeksInWeekYear(weekYear))
        {
            return false;
        }

        start = rule.GetLocalDate(weekYear, week, IsoDayOfWeek.Monday);
        return true;
    }

    private static bool TryParse<T>(IPattern<T> pattern, string text, out T value)
    {
        var result = pattern.Parse(text);
        value = result.Success ? result.Value : default!;
        return result.Success;
    }
}
