using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Time;

public sealed class DateRangeTests
{
    [Fact]
    public void Last_day_before_first_day_is_rejected_naming_the_end()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DateRange(new LocalDate(2024, 3, 2), new LocalDate(2024, 3, 1)));

        Assert.Equal("end", ex.ParamName);
        Assert.StartsWith("The last day of the range (2024-03-01) must not be before its first day (2024-03-02).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_is_inclusive_at_both_ends()
    {
        var march = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31));

        Assert.Equal(31, march.Length);
        Assert.True(march.Contains(new LocalDate(2024, 3, 1)));
        Assert.True(march.Contains(new LocalDate(2024, 3, 31)));
        Assert.False(march.Contains(new LocalDate(2024, 4, 1)));
    }

    [Fact]
    public void Single_day_has_length_one()
    {
        Assert.Equal(1, DateRange.SingleDay(new LocalDate(2024, 2, 29)).Length);
    }

    [Fact]
    public void Date_interval_round_trips()
    {
        var range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31));

        Assert.Equal(range, DateRange.FromDateInterval(range.ToDateInterval()));
    }

    [Fact]
    public void Instant_range_in_utc_ends_at_the_next_midnight()
    {
        var range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 2)).ToInstantRange(DateTimeZone.Utc);

        Assert.Equal(Instant.FromUtc(2024, 3, 1, 0, 0), range.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 3, 0, 0), range.End);
    }

    [Fact]
    public void Day_after_today_in_the_zone_is_in_the_future()
    {
        // 23:30 UTC on 10 March is already 11 March in Warsaw.
        var clock = new FakeClock(Instant.FromUtc(2024, 3, 10, 23, 30));
        var warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
        var range = DateRange.SingleDay(new LocalDate(2024, 3, 11));

        Assert.Equal(range, range.EnsureNotInFuture(clock, warsaw, "dates"));
        var ex = Assert.Throws<ArgumentException>(() => range.EnsureNotInFuture(clock, DateTimeZone.Utc, "dates"));
        Assert.Equal("dates", ex.ParamName);
        Assert.Contains("today is 2024-03-10 in UTC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_uses_iso_dates()
    {
        Assert.Equal("2024-03-01..2024-03-31", new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31)).ToString());
    }
}
