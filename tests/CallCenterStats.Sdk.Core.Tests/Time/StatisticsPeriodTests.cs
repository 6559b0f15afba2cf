using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.Time;

public sealed class StatisticsPeriodTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
    private static readonly Instant Start = Instant.FromUtc(2024, 3, 11, 9, 0);

    [Fact]
    public void A_period_keeps_its_start_end_bucket_and_zone()
    {
        var period = new StatisticsPeriod(Start, Start + Duration.FromHours(1), TimeBucket.Hour, Warsaw);

        Assert.Equal((Start, Start + Duration.FromHours(1), TimeBucket.Hour, Warsaw), (period.Start, period.End, period.Bucket, period.Zone));
        Assert.Equal(Duration.FromHours(1), period.Duration);
        Assert.Equal(new InstantRange(Start, Start + Duration.FromHours(1)), period.Range);
        Assert.Equal(new Interval(Start, Start + Duration.FromHours(1)), period.ToInterval());
        Assert.Equal(new LocalDateTime(2024, 3, 11, 10, 0), period.LocalStart);
        Assert.Equal("[2024-03-11T09:00:00Z, 2024-03-11T10:00:00Z) Hour Europe/Warsaw", period.ToString());
    }

    [Fact]
    public void A_period_that_ends_at_or_before_its_start_is_rejected_naming_the_end()
    {
        Assert.Equal("end", Assert.Throws<ArgumentException>(() => new StatisticsPeriod(Start, Start, TimeBucket.Day, Warsaw)).ParamName);
        Assert.Equal("end", Assert.Throws<ArgumentException>(() => new StatisticsPeriod(Start, Start - Duration.FromSeconds(1), TimeBucket.Day, Warsaw)).ParamName);
    }

    [Theory]
    [InlineData(TimeBucket.HourOfDay)]
    [InlineData((TimeBucket)99)]
    public void A_recurring_or_undefined_bucket_is_not_a_period(TimeBucket bucket)
    {
        var ex = Assert.Throws<ArgumentException>(() => new StatisticsPeriod(Start, Start + Duration.FromHours(1), bucket, Warsaw));

        Assert.Equal("bucket", ex.ParamName);
    }

    [Fact]
    public void A_period_needs_a_zone()
    {
        Assert.Throws<ArgumentNullException>("zone", () => new StatisticsPeriod(Start, Start + Duration.FromHours(1), TimeBucket.Hour, null!));
    }

    [Fact]
    public void The_whole_range_is_a_period_of_no_bucket()
    {
        var period = new StatisticsPeriod(Start, Start + Duration.FromDays(3), TimeBucket.None, DateTimeZone.Utc);

        Assert.Equal(TimeBucket.None, period.Bucket);
        Assert.Equal(Duration.FromDays(3), period.Duration);
    }

    [Theory]
    [InlineData(TimeBucket.QuarterHour, "2024-03-11T09:45:00Z", "2024-03-11T10:00:00Z")]
    [InlineData(TimeBucket.Hour, "2024-03-11T09:00:00Z", "2024-03-11T10:00:00Z")]
    [InlineData(TimeBucket.Day, "2024-03-10T23:00:00Z", "2024-03-11T23:00:00Z")]
    [InlineData(TimeBucket.Week, "2024-03-10T23:00:00Z", "2024-03-17T23:00:00Z")]
    [InlineData(TimeBucket.Month, "2024-02-29T23:00:00Z", "2024-03-31T22:00:00Z")]
    public void Containing_gives_the_bucket_of_the_local_clock_that_holds_the_instant(TimeBucket bucket, string start, string end)
    {
        var instant = Instant.FromUtc(2024, 3, 11, 9, 50);

        var period = StatisticsPeriod.Containing(instant, bucket, new BucketCalendar(Warsaw));

        Assert.Equal(start, period.Start.ToString());
        Assert.Equal(end, period.End.ToString());
        Assert.Equal(bucket, period.Bucket);
        Assert.Same(Warsaw, period.Zone);
        Assert.True(period.Range.Contains(instant));
    }

    [Theory]
    [InlineData(2024, 3, 31, 23)]
    [InlineData(2024, 10, 27, 25)]
    [InlineData(2024, 10, 28, 24)]
    public void A_day_in_Warsaw_lasts_23_or_25_hours_on_the_days_clocks_change(int year, int month, int day, int hours)
    {
        var noon = new LocalDateTime(year, month, day, 12, 0).InZoneStrictly(Warsaw).ToInstant();

        var period = StatisticsPeriod.Containing(noon, TimeBucket.Day, new BucketCalendar(Warsaw));

        Assert.Equal(Duration.FromHours(hours), period.Duration);
        Assert.Equal(new LocalDateTime(year, month, day, 0, 0), period.LocalStart);
        Assert.Equal(new LocalDate(year, month, day).PlusDays(1), period.End.InZone(Warsaw).Date);
    }

    [Fact]
    public void Containing_refuses_a_bucket_without_boundaries()
    {
        Assert.Throws<ArgumentException>(() => StatisticsPeriod.Containing(Start, TimeBucket.None, BucketCalendar.Utc));
        Assert.Throws<ArgumentNullException>("calendar", () => StatisticsPeriod.Containing(Start, TimeBucket.Day, null!));
    }

    [Fact]
    public void Periods_are_equal_when_start_end_bucket_and_zone_are()
    {
        var a = new StatisticsPeriod(Start, Start + Duration.FromHours(1), TimeBucket.Hour, Warsaw);

        Assert.Equal(a, new StatisticsPeriod(Start, Start + Duration.FromHours(1), TimeBucket.Hour, DateTimeZoneProviders.Tzdb["Europe/Warsaw"]));
        Assert.NotEqual(a, new StatisticsPeriod(Start, Start + Duration.FromHours(1), TimeBucket.Hour, DateTimeZone.Utc));
        Assert.NotEqual(a, new StatisticsPeriod(Start, Start + Duration.FromHours(1), TimeBucket.None, Warsaw));
    }
}
