using CallCenterStats.Sdk.Pipeline;
using System.Diagnostics;
using NodaTime;

namespace CallCenterStats.Sdk.Time;

/// <summary>
/// A half-open range of instants, <c>[Start, End)</c>: <see cref="Start"/> is included, <see cref="End"/> is not.
/// This is the time range every vendor client takes; it is converted to each vendor's wire format by
/// <see cref="WireFormat"/>.
/// </summary>
/// <remarks>
/// A range is never empty or inverted: <see cref="End"/> is always strictly after <see cref="Start"/>.
/// Use <see cref="FromLocalDates(DateRange, DateTimeZone)"/> to turn calendar days in a time zone into
/// the exact instants they cover (a day in a zone with daylight-saving time can last 23 or 25 hours).
/// </remarks>
[DebuggerDisplay("[{Start}, {End})")]
public readonly record struct InstantRange
{
    /// <summary>Creates the range <c>[start, end)</c>.</summary>
    /// <param name="start">The first instant in the range.</param>
    /// <param name="end">The first instant after the range; must be after <paramref name="start"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is not after <paramref name="start"/>.</exception>
    public InstantRange(Instant start, Instant end)
    {
        if (end <= start)
        {
            throw new ArgumentException(
                $"The end of the range ({WireFormat.IsoUtc(end)}) must be after its start ({WireFormat.IsoUtc(start)}).",
                nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>The first instant in the range (inclusive).</summary>
    public Instant Start { get; }

    /// <summary>The first instant after the range (exclusive).</summary>
    public Instant End { get; }

    /// <summary>The length of the range.</summary>
    public Duration Duration => End - Start;

    /// <summary>
    /// Whether this is <c>default(InstantRange)</c>, the one range the constructor cannot prevent: empty, at the
    /// Unix epoch. Every API taking a range rejects it with <see cref="ThrowIfDefault"/>.
    /// </summary>
    public bool IsDefault => End <= Start;

    /// <summary>Throws when <paramref name="range"/> is <c>default(InstantRange)</c> (a range nobody set).</summary>
    /// <param name="range">The range to check.</param>
    /// <param name="paramName">The parameter name; filled in by the compiler.</param>
    /// <exception cref="ArgumentException">The range is <c>default</c>.</exception>
    public static void ThrowIfDefault(InstantRange range, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(range))] string? paramName = null)
    {
        if (range.IsDefault)
        {
            throw new ArgumentException("A time range is required: this one was never set (it is default(InstantRange)).", paramName);
        }
    }

    /// <summary>Returns whether <paramref name="instant"/> lies in <c>[Start, End)</c>.</summary>
    /// <param name="instant">The instant to test.</param>
    /// <returns><see langword="true"/> when the instant is at or after the start and before the end.</returns>
    public bool Contains(Instant instant) => instant >= Start && instant < End;

    /// <summary>Converts the range to a NodaTime <see cref="Interval"/> (also half-open).</summary>
    /// <returns>An interval with the same start and end.</returns>
    public Interval ToInterval() => new(Start, End);

    /// <summary>Creates a range from a NodaTime <see cref="Interval"/> that has both a start and an end.</summary>
    /// <param name="interval">The interval; it must be bounded and non-empty.</param>
    /// <returns>The equivalent range.</returns>
    /// <exception cref="ArgumentException">The interval is unbounded or empty.</exception>
    public static InstantRange FromInterval(Interval interval)
    {
        if (!interval.HasStart || !interval.HasEnd)
        {
            throw new ArgumentException("The interval must have both a start and an end.", nameof(interval));
        }

        return new InstantRange(interval.Start, interval.End);
    }

    /// <summary>
    /// Creates the range covering the calendar days of <paramref name="dates"/> in <paramref name="zone"/>:
    /// from the start of the first day to the start of the day after the last one.
    /// </summary>
    /// <param name="dates">The days, inclusive at both ends.</param>
    /// <param name="zone">The zone the days are in.</param>
    /// <returns>The instants those days cover; DST days count 23 or 25 hours as the zone says.</returns>
    public static InstantRange FromLocalDates(DateRange dates, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new InstantRange(
            zone.AtStartOfDay(dates.Start).ToInstant(),
            zone.AtStartOfDay(dates.End.PlusDays(1)).ToInstant());
    }

    /// <summary>
    /// Creates the range from <paramref name="start"/> to <paramref name="end"/> in local time in <paramref name="zone"/>.
    /// Skipped local times (spring-forward gaps) move forward by the gap; ambiguous local times (fall-back
    /// overlaps) take the earlier instant, as NodaTime's lenient resolver does.
    /// </summary>
    /// <param name="start">The local start, inclusive.</param>
    /// <param name="end">The local end, exclusive.</param>
    /// <param name="zone">The zone the local times are in.</param>
    /// <returns>The equivalent instant range.</returns>
    public static InstantRange FromLocal(LocalDateTime start, LocalDateTime end, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new InstantRange(zone.AtLeniently(start).ToInstant(), zone.AtLeniently(end).ToInstant());
    }

    /// <summary>
    /// Creates the range from <paramref name="start"/> up to the current instant of <paramref name="clock"/>.
    /// </summary>
    /// <param name="start">The start of the range.</param>
    /// <param name="clock">The clock giving "now".</param>
    /// <returns>The range <c>[start, now)</c>.</returns>
    public static InstantRange SinceUntilNow(Instant start, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new InstantRange(start, clock.GetCurrentInstant());
    }

    /// <summary>
    /// Throws when any part of the range lies in the future according to <paramref name="clock"/>
    /// (some vendors reject such ranges; checking first saves a round trip).
    /// </summary>
    /// <param name="clock">The clock giving "now".</param>
    /// <param name="paramName">The name of the parameter the range came from, used in the exception.</param>
    /// <returns>This range, for chaining.</returns>
    /// <exception cref="ArgumentException">The start or the end is after the current instant.</exception>
    public InstantRange EnsureNotInFuture(IClock clock, string paramName)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetCurrentInstant();
        if (Start > now)
        {
            throw new ArgumentException(
                $"The start of the range ({WireFormat.IsoUtc(Start)}) is in the future (now is {WireFormat.IsoUtc(now)}).",
                paramName);
        }

        if (End > now)
        {
            throw new ArgumentException(
                $"The end of the range ({WireFormat.IsoUtc(End)}) is in the future (now is {WireFormat.IsoUtc(now)}).",
                paramName);
        }

        return this;
    }

    /// <summary>
    /// Splits the range into consecutive chunks whose boundaries fall on the boundaries of
    /// <paramref name="bucket"/> in the zone of <paramref name="calendar"/>. The first and last chunks may be
    /// partial buckets; the chunks cover the range exactly, without gaps or overlaps.
    /// </summary>
    /// <param name="bucket">The bucket size; <see cref="Aggregation.TimeBucket.None"/> yields the range itself.</param>
    /// <param name="calendar">The zone and week rule that place bucket boundaries.</param>
    /// <returns>The chunks in chronological order.</returns>
    public IEnumerable<InstantRange> Split(Aggregation.TimeBucket bucket, Aggregation.BucketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.Split(this, bucket);
    }

    /// <summary>Returns the range in ISO-8601 UTC, e.g. <c>[2024-03-11T00:00:00Z, 2024-03-12T00:00:00Z)</c>.</summary>
    /// <returns>A culture-independent description of the range.</returns>
    public override string ToString() => $"[{WireFormat.IsoUtc(Start)}, {WireFormat.IsoUtc(End)})";
}
