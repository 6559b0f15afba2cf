using CallCenterStats.Sdk.Emulator.Vendors;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>
/// The emulator's own wire values and Thulium periods, checked against literal expectations (never against the
/// SDK's formatters, which the emulator exists to check).
/// </summary>
public sealed class EmulatorWireTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(59, "00:00:59")]
    [InlineData(3_599, "00:59:59")]
    [InlineData(97_205, "27:00:05")]
    [InlineData(443_045, "123:04:05")]
    [InlineData(-3_661, "-01:01:01")]
    public void Clock_text_has_at_least_two_hour_digits_and_as_many_as_needed(long seconds, string expected) =>
        Assert.Equal(expected, EmulatorWire.ClockText(Duration.FromSeconds(seconds)));

    [Fact]
    public void Clock_text_drops_a_fraction_of_a_second() =>
        Assert.Equal("00:01:01", EmulatorWire.ClockText(Duration.FromMilliseconds(61_999)));

    [Fact]
    public void Unix_seconds_count_from_the_epoch_rounding_down()
    {
        Assert.Equal(1_710_144_000, EmulatorWire.UnixSeconds(Instant.FromUtc(2024, 3, 11, 8, 0)));
        Assert.Equal(1_710_144_000, EmulatorWire.UnixSeconds(Instant.FromUtc(2024, 3, 11, 8, 0) + Duration.FromMilliseconds(999)));
        Assert.Equal(-1, EmulatorWire.UnixSeconds(Instant.FromUtc(1970, 1, 1, 0, 0) - Duration.FromMilliseconds(1)));
    }

    [Fact]
    public void Dates_and_wall_clock_times_use_the_literal_patterns()
    {
        var instant = Instant.FromUtc(2024, 3, 31, 1, 5, 9);

        Assert.Equal("2024-03-31", EmulatorWire.DashedDateText(new LocalDate(2024, 3, 31)));
        Assert.Equal("2024-03-31 03:05:09", EmulatorWire.SpacedDateTimeText(instant, Warsaw));
        Assert.True(EmulatorWire.TryParseCompactDate("20240331", out var compact));
        Assert.Equal(new LocalDate(2024, 3, 31), compact);
        Assert.False(EmulatorWire.TryParseCompactDate("2024-03-31", out _));
        Assert.True(EmulatorWire.TryParseDashedDate("2024-03-31", out _));
        Assert.False(EmulatorWire.TryParseDashedDate(null, out _));
        Assert.True(EmulatorWire.TryParseSpacedDateTime("2024-03-31 02:30:00", out var skipped));
        Assert.Equal(new LocalDateTime(2024, 3, 31, 2, 30), skipped);
        Assert.False(EmulatorWire.TryParseSpacedDateTime("2024-03-31T02:30:00", out _));
    }

    [Theory]
    [InlineData("2024-03-31T03:00:00+02:00", "2024-03-31T01:00:00Z")]
    [InlineData("2024-03-31T01:00:00Z", "2024-03-31T01:00:00Z")]
    [InlineData("2024-03-31T01:00:00.25Z", "2024-03-31T01:00:00.25Z")]
    [InlineData("2024-03-31T03:00:00+02", "2024-03-31T01:00:00Z")]
    public void Date_times_with_an_offset_are_read_in_every_iso_form(string text, string instant)
    {
        Assert.True(EmulatorWire.TryParseDateTimeWithOffset(text, out var value));
        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Parse(instant).Value, value.ToInstant());
    }

    [Theory]
    [InlineData("2024-03-31 03:00:00")]
    [InlineData("2024-03-31T03:00:00")]
    [InlineData(null)]
    public void Date_times_without_an_offset_are_refused(string? text) =>
        Assert.False(EmulatorWire.TryParseDateTimeWithOffset(text, out _));

    [Fact]
    public void Both_occurrences_of_the_repeated_hour_are_hours_of_their_own()
    {
        var hours = new ThuliumCalendar(Warsaw, ThuliumAggregation.Hour);
        var firstTwoThirty = Instant.FromUtc(2024, 10, 27, 0, 30);   // 02:30 +02:00
        var secondTwoThirty = Instant.FromUtc(2024, 10, 27, 1, 30);  // 02:30 +01:00

        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 0), hours.PeriodStart(firstTwoThirty));
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 1, 0), hours.PeriodStart(secondTwoThirty));
        Assert.Equal(Instant.FromUtc(2024, 10, 27, 2, 0), hours.PeriodEnd(hours.PeriodStart(secondTwoThirty)));
    }

    [Fact]
    public void The_skipped_hour_has_no_period_and_days_last_as_long_as_the_wall_clock_says()
    {
        var hours = new ThuliumCalendar(Warsaw, ThuliumAggregation.Hour);
        var days = new ThuliumCalendar(Warsaw, ThuliumAggregation.Day);
        var nightOfSpring = new Interval(Instant.FromUtc(2024, 3, 30, 23, 0), Instant.FromUtc(2024, 3, 31, 2, 0)); // 00:00 +01 to 04:00 +02

        Assert.Equal(
            new[] { Instant.FromUtc(2024, 3, 30, 23, 0), Instant.FromUtc(2024, 3, 31, 0, 0), Instant.FromUtc(2024, 3, 31, 1, 0) },
            hours.Cut(nightOfSpring.Start, nightOfSpring.End).Select(p => p.Start));
        Assert.Equal(Duration.FromHours(23), days.PeriodEnd(days.PeriodStart(Instant.FromUtc(2024, 3, 31, 12, 0))) - days.PeriodStart(Instant.FromUtc(2024, 3, 31, 12, 0)));
        Assert.Equal(Duration.FromHours(25), days.PeriodEnd(days.PeriodStart(Instant.FromUtc(2024, 10, 27, 12, 0))) - days.PeriodStart(Instant.FromUtc(2024, 10, 27, 12, 0)));
    }

    [Theory]
    [InlineData("Minute", "2024-03-13T08:17:00Z", "2024-03-13T08:18:00Z")]
    [InlineData("Week", "2024-03-10T23:00:00Z", "2024-03-17T23:00:00Z")]     // Monday 11 March to Monday 18 March, local midnights
    [InlineData("Month", "2024-02-29T23:00:00Z", "2024-03-31T22:00:00Z")]    // March lasts an hour less
    [InlineData("Year", "2023-12-31T23:00:00Z", "2024-12-31T23:00:00Z")]
    public void Periods_begin_on_the_wall_clock_and_longer_ones_at_the_local_start_of_their_first_day(string aggregation, string start, string end)
    {
        var calendar = new ThuliumCalendar(Warsaw, Enum.Parse<ThuliumAggregation>(aggregation));
        var wednesday = Instant.FromUtc(2024, 3, 13, 8, 17, 42);

        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Parse(start).Value, calendar.PeriodStart(wednesday));
        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Parse(end).Value, calendar.PeriodEnd(calendar.PeriodStart(wednesday)));
    }
}
