using NodaTime;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class RowMappingTests
{
    private static readonly DateTimeZone Budapest = DateTimeZoneProviders.Tzdb["Europe/Budapest"];

    [Fact]
    public void Local_time_in_a_daylight_saving_gap_starts_after_the_gap()
    {
        // 2024-03-31 02:30 does not exist in Budapest (clocks jump from 02:00 to 03:00 CET→CEST).
        var start = UserBasedRowMapping.StartOf(new LocalDate(2024, 3, 31), new LocalTime(2, 30), Budapest);

        Assert.Equal(Instant.FromUtc(2024, 3, 31, 1, 30), start);
    }

    [Fact]
    public void Ambiguous_local_time_maps_to_the_earlier_instant()
    {
        // 2024-10-27 02:30 happens twice in Budapest; the first is CEST (UTC+2).
        var start = UserBasedRowMapping.StartOf(new LocalDate(2024, 10, 27), new LocalTime(2, 30), Budapest);

        Assert.Equal(Instant.FromUtc(2024, 10, 27, 0, 30), start);
    }

    [Fact]
    public void Start_needs_both_date_and_time()
    {
        Assert.Null(UserBasedRowMapping.StartOf(new LocalDate(2024, 3, 31), null, Budapest));
        Assert.Null(UserBasedRowMapping.StartOf(null, new LocalTime(2, 30), Budapest));
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
