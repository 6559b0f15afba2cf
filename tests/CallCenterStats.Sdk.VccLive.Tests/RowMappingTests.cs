using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>How a row's <c>date</c> and <c>time</c> become its <see cref="UserBasedStatisticsRow.Period"/>, and how the wire values are read.</summary>
public sealed class RowMappingTests
{
    private static readonly DateTimeZone Budapest = DateTimeZoneProviders.Tzdb["Europe/Budapest"];

    // Budapest moves its clocks from 02:00 CET to 03:00 CEST on 2024-03-31, and from 03:00 CEST back to 02:00 CET on 2024-10-27.
    private static readonly LocalDate SpringForward = new(2024, 3, 31), FallBack = new(2024, 10, 27);

    private static UserBasedRowMapping.RowPeriods Periods(TimeBucket slot = TimeBucket.QuarterHour) => new(new BucketCalendar(Budapest), slot);

    [Fact]
    public void Date_and_time_give_a_quarter_hour_slot_in_the_zone_by_default()
    {
        var period = Periods().Of(new LocalDate(2024, 6, 3), new LocalTime(9, 15));

        Assert.Equal(new StatisticsPeriod(Instant.FromUtc(2024, 6, 3, 7, 15), Instant.FromUtc(2024, 6, 3, 7, 30), TimeBucket.QuarterHour, Budapest), period);
    }

    [Theory]
    [InlineData(TimeBucket.Minute, 1)]
    [InlineData(TimeBucket.QuarterHour, 15)]
    [InlineData(TimeBucket.Hour, 60)]
    public void The_slot_option_decides_the_length_and_bucket(TimeBucket slot, int minutes)
    {
        var period = Periods(slot).Of(new LocalDate(2024, 1, 15), new LocalTime(14, 0))!;

        Assert.Equal(Instant.FromUtc(2024, 1, 15, 13, 0), period.Start);
        Assert.Equal(Duration.FromMinutes(minutes), period.Duration);
        Assert.Equal(slot, period.Bucket);
        Assert.Same(Budapest, period.Zone);
    }

    [Fact]
    public void A_date_alone_is_that_local_day()
    {
        var period = Periods().Of(new LocalDate(2024, 6, 3), null);

        Assert.Equal(new StatisticsPeriod(Instant.FromUtc(2024, 6, 2, 22, 0), Instant.FromUtc(2024, 6, 3, 22, 0), TimeBucket.Day, Budapest), period);
    }

    [Fact]
    public void The_day_clocks_go_forward_lasts_23_hours()
    {
        var period = Periods().Of(SpringForward, null)!;

        Assert.Equal(Instant.FromUtc(2024, 3, 30, 23, 0), period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 31, 22, 0), period.End);
        Assert.Equal(Duration.FromHours(23), period.Duration);
    }

    [Fact]
    public void The_day_clocks_go_back_lasts_25_hours()
    {
        var period = Periods().Of(FallBack, null)!;

        Assert.Equal(Instant.FromUtc(2024, 10, 26, 22, 0), period.Start);
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 23, 0), period.End);
        Assert.Equal(Duration.FromHours(25), period.Duration);
    }

    [Fact]
    public void Slots_either_side_of_the_spring_gap_are_contiguous_instants()
    {
        var before = Periods().Of(SpringForward, new LocalTime(1, 45))!;
        var after = Periods().Of(SpringForward, new LocalTime(3, 0))!;

        Assert.Equal(Instant.FromUtc(2024, 3, 31, 0, 45), before.Start);
        Assert.Equal(after.Start, before.End);
        Assert.Equal(Instant.FromUtc(2024, 3, 31, 1, 15), after.End);
    }

    [Fact]
    public void Local_time_in_a_daylight_saving_gap_starts_after_the_gap()
    {
        // 02:30 does not exist that day: it is read as 03:30 CEST, as NodaTime's lenient resolver shifts it.
        var period = Periods().Of(SpringForward, new LocalTime(2, 30))!;

        Assert.Equal(Instant.FromUtc(2024, 3, 31, 1, 30), period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 31, 1, 45), period.End);
    }

    [Fact]
    public void Ambiguous_local_time_maps_to_the_earlier_instant()
    {
        // 02:30 happens twice that day; the first is CEST (UTC+2).
        var quarter = Periods().Of(FallBack, new LocalTime(2, 30))!;
        var hour = Periods(TimeBucket.Hour).Of(FallBack, new LocalTime(2, 0))!;

        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 30), quarter.Start);
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 45), quarter.End);
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 0), hour.Start);
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 1, 0), hour.End);
    }

    [Fact]
    public void A_period_needs_the_date()
    {
        Assert.Null(Periods().Of(null, new LocalTime(2, 30)));
        Assert.Null(Periods().Of(null, null));
    }

    [Theory]
    [InlineData("2020-06-15")]
    [InlineData("20200615")]
    [InlineData(" 2020-06-15 ")]
    public void Dates_are_read_in_either_wire_form(string text)
    {
        Assert.Equal(new LocalDate(2020, 6, 15), UserBasedRowMapping.ParseDate(text));
    }

    [Theory]
    [InlineData("2400")]
    [InlineData("1260")]
    [InlineData("12345")]
    [InlineData("-915")]
    [InlineData("noon")]
    public void Impossible_times_are_rejected(string text)
    {
        Assert.Throws<FormatException>(() => UserBasedRowMapping.ParseTime(text));
    }
}
