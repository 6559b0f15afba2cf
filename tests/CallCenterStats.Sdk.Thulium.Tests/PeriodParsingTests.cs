using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class PeriodParsingTests
{
    private static StatisticsPeriod? Parse(string? text, TimeBucket? aggregation = null, string zone = "UTC") =>
        AgentsWorkReportPeriod.TryParse(text, aggregation, new BucketCalendar(DateTimeZoneProviders.Tzdb[zone]), out var period, out var hourOfDay) && hourOfDay is null
            ? period ?? throw new InvalidOperationException("A recognised text gave neither a period nor an hour of the day.")
            : null;

    private static int? ParseHourOfDay(string? text, TimeBucket? aggregation = null)
    {
        var recognised = AgentsWorkReportPeriod.TryParse(text, aggregation, BucketCalendar.Utc, out var period, out var hourOfDay);
        Assert.True(recognised);
        Assert.Null(period);
        return hourOfDay;
    }

    [Theory]
    [InlineData("2019-12", null, "Month", "2019-12-01 00:00:00", "[2019-12-01T00:00:00Z, 2020-01-01T00:00:00Z)")]
    [InlineData("2019-12", TimeBucket.Month, "Month", "2019-12-01 00:00:00", "[2019-12-01T00:00:00Z, 2020-01-01T00:00:00Z)")]
    [InlineData("2019-12-02", TimeBucket.Day, "Day", "2019-12-02 00:00:00", "[2019-12-02T00:00:00Z, 2019-12-03T00:00:00Z)")]
    [InlineData("2019-12-02 08", TimeBucket.Hour, "Hour", "2019-12-02 08:00:00", "[2019-12-02T08:00:00Z, 2019-12-02T09:00:00Z)")]
    [InlineData("2019-12-02 08:00", TimeBucket.Hour, "Hour", "2019-12-02 08:00:00", "[2019-12-02T08:00:00Z, 2019-12-02T09:00:00Z)")]
    [InlineData("2019-12-02 08:00:00", TimeBucket.Hour, "Hour", "2019-12-02 08:00:00", "[2019-12-02T08:00:00Z, 2019-12-02T09:00:00Z)")]
    [InlineData("2019-12-02 08:15", TimeBucket.Minute, "Minute", "2019-12-02 08:15:00", "[2019-12-02T08:15:00Z, 2019-12-02T08:16:00Z)")]
    [InlineData("2019-12-02 08:00", TimeBucket.Minute, "Minute", "2019-12-02 08:00:00", "[2019-12-02T08:00:00Z, 2019-12-02T08:01:00Z)")]
    [InlineData("2019-12-02T08:00:00", TimeBucket.Hour, "Hour", "2019-12-02 08:00:00", "[2019-12-02T08:00:00Z, 2019-12-02T09:00:00Z)")]
    [InlineData("2019-49", TimeBucket.Week, "Week", "2019-12-02 00:00:00", "[2019-12-02T00:00:00Z, 2019-12-09T00:00:00Z)")]
    [InlineData("2019-W49", null, "Week", "2019-12-02 00:00:00", "[2019-12-02T00:00:00Z, 2019-12-09T00:00:00Z)")]
    [InlineData("201949", TimeBucket.Week, "Week", "2019-12-02 00:00:00", "[2019-12-02T00:00:00Z, 2019-12-09T00:00:00Z)")]
    [InlineData("2019-12", TimeBucket.Week, "Week", "2019-03-18 00:00:00", "[2019-03-18T00:00:00Z, 2019-03-25T00:00:00Z)")]
    [InlineData("2019-12-04", TimeBucket.Week, "Week", "2019-12-02 00:00:00", "[2019-12-02T00:00:00Z, 2019-12-09T00:00:00Z)")]
    [InlineData("2019", TimeBucket.Year, "Year", "2019-01-01 00:00:00", "[2019-01-01T00:00:00Z, 2020-01-01T00:00:00Z)")]
    [InlineData("2019-12-01 00:00:00", TimeBucket.Month, "Month", "2019-12-01 00:00:00", "[2019-12-01T00:00:00Z, 2020-01-01T00:00:00Z)")]
    public void Dated_periods_are_read_as_buckets(string text, TimeBucket? aggregation, string bucket, string localStart, string range)
    {
        var period = Parse(text, aggregation);

        Assert.NotNull(period);
        Assert.Equal(bucket, period.Bucket.ToString());
        Assert.Equal(localStart, period.LocalStart.ToString("uuuu-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(range, period.Range.ToString());
        Assert.Equal(DateTimeZone.Utc, period.Zone);
    }

    [Theory]
    [InlineData("8", 8)]
    [InlineData("08", 8)]
    [InlineData("0", 0)]
    [InlineData("23", 23)]
    [InlineData("08:00", 8)]
    public void Hour_of_day_periods_are_hour_numbers(string text, int hour)
    {
        Assert.Equal(hour, ParseHourOfDay(text, TimeBucket.HourOfDay));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("24")]
    [InlineData("2019-00")]
    [InlineData("2019-54")]
    [InlineData("2019-12-32")]
    [InlineData("yesterday")]
    [InlineData("2019/12/02")]
    public void Unrecognised_periods_give_no_parsed_period(string? text)
    {
        var recognised = AgentsWorkReportPeriod.TryParse(text, null, BucketCalendar.Utc, out var period, out var hourOfDay);

        Assert.False(recognised);
        Assert.Null(period);
        Assert.Null(hourOfDay);
    }

    [Fact]
    public void One_or_two_digits_are_an_hour_of_the_day_whatever_was_requested()
    {
        Assert.Equal(8, ParseHourOfDay("8", TimeBucket.Day));
    }

    [Fact]
    public void A_week_number_above_twelve_is_a_week_even_when_months_were_expected()
    {
        Assert.Equal(TimeBucket.Week, Parse("2019-49")!.Bucket);
    }

    [Fact]
    public void A_day_in_a_zone_with_daylight_saving_lasts_as_the_zone_says()
    {
        var period = Parse("2019-10-27", TimeBucket.Day, "Europe/Warsaw");

        Assert.Equal(Duration.FromHours(25), period!.Duration);
        Assert.Equal(Instant.FromUtc(2019, 10, 26, 22, 0), period.Start);
        Assert.Equal("Europe/Warsaw", period.Zone.Id);
    }

    [Fact]
    public void Month_example_of_the_spec_is_december_2019()
    {
        var period = Parse("2019-12");

        Assert.Equal(December2019, period!.Range);
    }
}
