using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Time;

public sealed class InstantRangeTests
{
    private static readonly Instant March11 = Instant.FromUtc(2024, 3, 11, 0, 0);

    [Fact]
    public void End_before_start_is_rejected_naming_the_end()
    {
        var ex = Assert.Throws<ArgumentException>(() => new InstantRange(March11, March11 - Duration.FromSeconds(1)));

        Assert.Equal("end", ex.ParamName);
        Assert.StartsWith("The end of the range (2024-03-10T23:59:59Z) must be after its start (2024-03-11T00:00:00Z).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_range_is_rejected()
    {
        Assert.Throws<ArgumentException>("end", () => new InstantRange(March11, March11));
    }

    [Fact]
    public void Range_is_half_open()
    {
        var range = new InstantRange(March11, March11 + Duration.FromHours(1));

        Assert.True(range.Contains(March11));
        Assert.True(range.Contains(March11 + Duration.FromHours(1) - Duration.Epsilon));
        Assert.False(range.Contains(March11 + Duration.FromHours(1)));
        Assert.False(range.Contains(March11 - Duration.Epsilon));
        Assert.Equal(Duration.FromHours(1), range.Duration);
    }

    [Fact]
    public void Future_end_is_rejected_by_the_clock_naming_the_parameter()
    {
        var clock = new FakeClock(March11 + Duration.FromMinutes(30));
        var range = new InstantRange(March11, March11 + Duration.FromHours(1));

        var ex = Assert.Throws<ArgumentException>(() => range.EnsureNotInFuture(clock, "range"));

        Assert.Equal("range", ex.ParamName);
        Assert.Contains("end of the range (2024-03-11T01:00:00Z) is in the future (now is 2024-03-11T00:30:00Z)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Future_start_is_rejected_by_the_clock()
    {
        var clock = new FakeClock(March11 - Duration.FromMinutes(1));
        var range = new InstantRange(March11, March11 + Duration.FromHours(1));

        var ex = Assert.Throws<ArgumentException>(() => range.EnsureNotInFuture(clock, "range"));

        Assert.Contains("start of the range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_ending_now_is_not_in_the_future()
    {
        var clock = new FakeClock(March11 + Duration.FromHours(1));
        var range = new InstantRange(March11, March11 + Duration.FromHours(1));

        Assert.Equal(range, range.EnsureNotInFuture(clock, "range"));
    }

    [Fact]
    public void Local_dates_in_Warsaw_cover_a_23_hour_spring_day()
    {
        var warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

        var range = InstantRange.FromLocalDates(DateRange.SingleDay(new LocalDate(2024, 3, 31)), warsaw);

        Assert.Equal(Instant.FromUtc(2024, 3, 30, 23, 0), range.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 31, 22, 0), range.End);
        Assert.Equal(Duration.FromHours(23), range.Duration);
    }

    [Fact]
    public void Local_dates_in_Warsaw_cover_a_25_hour_autumn_day()
    {
        var warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

        var range = new DateRange(new LocalDate(2024, 10, 27), new LocalDate(2024, 10, 27)).ToInstantRange(warsaw);

        Assert.Equal(Duration.FromHours(25), range.Duration);
    }

    [Fact]
    public void Default_range_is_detected_and_rejected_naming_the_argument()
    {
        InstantRange unset = default;

        var ex = Assert.Throws<ArgumentException>(() => InstantRange.ThrowIfDefault(unset));

        Assert.True(unset.IsDefault);
        Assert.False(new InstantRange(March11, March11 + Duration.FromSeconds(1)).IsDefault);
        Assert.Equal("unset", ex.ParamName);
    }

    [Fact]
    public void Interval_round_trips()
    {
        var range = new InstantRange(March11, March11 + Duration.FromDays(1));

        Assert.Equal(range, InstantRange.FromInterval(range.ToInterval()));
    }

    [Fact]
    public void Unbounded_interval_is_rejected()
    {
        Assert.Throws<ArgumentException>("interval", () => InstantRange.FromInterval(new Interval(March11, null)));
    }

    [Fact]
    public void ToString_is_iso_utc()
    {
        Assert.Equal("[2024-03-11T00:00:00Z, 2024-03-12T00:00:00Z)", new InstantRange(March11, March11 + Duration.FromDays(1)).ToString());
    }
}
