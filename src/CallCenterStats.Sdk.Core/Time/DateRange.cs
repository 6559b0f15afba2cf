using CallCenterStats.Sdk.Pipeline;
using System.Diagnostics;
using NodaTime;

namespace CallCenterStats.Sdk.Time;

/// <summary>
/// A range of calendar days, inclusive at both ends (<c>2024-03-01..2024-03-31</c> is all of March),
/// as taken by vendors whose API speaks in dates rather than instants.
/// </summary>
[DebuggerDisplay("{Start}..{End}")]
public readonly record struct DateRange
{
    /// <summary>Creates the range of days from <paramref name="start"/> to <paramref name="end"/>, both included.</summary>
    /// <param name="start">The first day.</param>
    /// <param name="end">The last day; must not be before <paramref name="start"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>, or the calendars differ.</exception>
    public DateRange(LocalDate start, LocalDate end)
    {
        if (start.Calendar != end.Calendar)
        {
            throw new ArgumentException("The start and end dates must use the same calendar system.", nameof(end));
        }

        if (end < start)
        {
            throw new ArgumentException(
                $"The last day of the range ({WireFormat.IsoDate(end)}) must not be before its first day ({WireFormat.IsoDate(start)}).",
                nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>The first day (inclusive).</summary>
    public LocalDate Start { get; }

    /// <summary>The last day (inclusive).</summary>
    public LocalDate End { get; }

    /// <summary>The number of days in the range (1 for a single day).</summary>
    public int Length => Period.DaysBetween(Start, End) + 1;

    /// <summary>Creates a range of exactly one day.</summary>
    /// <param name="date">The day.</param>
    /// <returns>The range <c>date..date</c>.</returns>
    public static DateRange SingleDay(LocalDate date) => new(date, date);

    /// <summary>Creates a range from a NodaTime <see cref="DateInterval"/> (also inclusive at both ends).</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>The equivalent range.</returns>
    public static DateRange FromDateInterval(DateInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new DateRange(interval.Start, interval.End);
    }

    /// <summary>Converts to a NodaTime <see cref="DateInterval"/>.</summary>
    /// <returns>An interval with the same first and last days.</returns>
    public DateInterval ToDateInterval() => new(Start, End);

    /// <summary>Returns whether <paramref name="date"/> is one of the days in the range.</summary>
    /// <param name="date">The day to test.</param>
    /// <returns><see langword="true"/> when <c>Start &lt;= date &lt;= End</c>.</returns>
    public bool Contains(LocalDate date) => date >= Start && date <= End;

    /// <summary>The instants the days cover in <paramref name="zone"/>; see <see cref="InstantRange.FromLocalDates"/>.</summary>
    /// <param name="zone">The zone the days are in.</param>
    /// <returns>The half-open instant range from the start of the first day to the start of the day after the last.</returns>
    public InstantRange ToInstantRange(DateTimeZone zone) => InstantRange.FromLocalDates(this, zone);

    /// <summary>
    /// Throws when the last day is after today in <paramref name="zone"/> according to <paramref name="clock"/>.
    /// </summary>
    /// <param name="clock">The clock giving "now".</param>
    /// <param name="zone">The zone that decides what "today" is.</param>
    /// <param name="paramName">The name of the parameter the range came from, used in the exception.</param>
    /// <returns>This range, for chaining.</returns>
    /// <exception cref="ArgumentException">The range ends after today.</exception>
    public DateRange EnsureNotInFuture(IClock clock, DateTimeZone zone, string paramName)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(zone);
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        if (End > today)
        {
            throw new ArgumentException(
                $"The last day of the range ({WireFormat.IsoDate(End)}) is in the future (today is {WireFormat.IsoDate(today)} in {zone.Id}).",
                paramName);
        }

        return this;
    }

    /// <summary>Returns the range as <c>yyyy-MM-dd..yyyy-MM-dd</c>.</summary>
    /// <returns>A culture-independent description of the range.</returns>
    public override string ToString() => $"{WireFormat.IsoDate(Start)}..{WireFormat.IsoDate(End)}";
}
