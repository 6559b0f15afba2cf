namespace CallCenterStats.Sdk.Aggregation;

/// <summary>
/// The time buckets statistics can be aggregated into: the union of what the five vendors offer.
/// Each vendor client documents which of these its API accepts.
/// </summary>
public enum TimeBucket
{
    /// <summary>No time aggregation: one figure for the whole range.</summary>
    None = 0,

    /// <summary>Calendar minutes of the local clock.</summary>
    Minute,

    /// <summary>Quarter hours of the local clock (<c>:00</c>, <c>:15</c>, <c>:30</c>, <c>:45</c>), e.g. VCC Live's time slots.</summary>
    QuarterHour,

    /// <summary>Calendar hours of the local clock (a date and an hour).</summary>
    Hour,

    /// <summary>The hour of the day (0–23) regardless of date: all 9 o'clocks of the range fall together.</summary>
    HourOfDay,

    /// <summary>Calendar days of the local clock (23, 24 or 25 hours long in zones with DST).</summary>
    Day,

    /// <summary>Calendar weeks; they start on Monday (ISO-8601) unless <see cref="BucketCalendar.FirstDayOfWeek"/> says otherwise.</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar years.</summary>
    Year,
}
