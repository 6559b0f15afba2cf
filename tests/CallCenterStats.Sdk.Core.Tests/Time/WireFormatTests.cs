using CallCenterStats.Sdk.Pipeline;
using System.Globalization;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.Time;

public sealed class WireFormatTests
{
    private static readonly Instant Sample = Instant.FromUtc(2024, 3, 11, 9, 5, 7) + Duration.FromMilliseconds(999);

    public static TheoryData<string> Cultures => new() { "", "en-US", "de-DE", "ar-SA", "th-TH", "fa-IR", "hi-IN" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Formats_do_not_depend_on_the_current_culture(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            Assert.Equal("2024-03-11 09:05:07", WireFormat.UtcDateTime(Sample));
            Assert.Equal("20240311", WireFormat.BasicDate(new LocalDate(2024, 3, 11)));
            Assert.Equal("2024-03-11", WireFormat.IsoDate(new LocalDate(2024, 3, 11)));
            Assert.Equal("1710147907", WireFormat.UnixSecondsText(Sample));
            Assert.Equal("2024-03-11T10:05:07+01:00", WireFormat.IsoWithOffset(Sample, DateTimeZoneProviders.Tzdb["Europe/Warsaw"]));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Utc_date_time_truncates_fractions_of_a_second()
    {
        Assert.Equal("2024-03-11 09:05:07", WireFormat.UtcDateTime(Sample));
    }

    [Fact]
    public void Local_date_time_uses_the_wall_clock_of_the_zone()
    {
        Assert.Equal("2024-03-11 10:05:07", WireFormat.LocalDateTime(Sample, DateTimeZoneProviders.Tzdb["Europe/Warsaw"]));
    }

    [Fact]
    public void Unix_seconds_round_down()
    {
        Assert.Equal(1710147907L, WireFormat.UnixSeconds(Sample));
        Assert.Equal(-1L, WireFormat.UnixSeconds(Instant.FromUnixTimeMilliseconds(-1)));
    }

    [Fact]
    public void Iso_with_offset_writes_utc_as_plus_zero()
    {
        Assert.Equal("2021-01-01T00:00:00+00:00", WireFormat.IsoWithOffset(Instant.FromUtc(2021, 1, 1, 0, 0), DateTimeZone.Utc));
        Assert.Equal("2021-01-01T05:30:00+05:30", WireFormat.IsoWithOffset(Instant.FromUtc(2021, 1, 1, 0, 0), Offset.FromHoursAndMinutes(5, 30)));
    }

    [Fact]
    public void Iso_with_offset_follows_daylight_saving_time()
    {
        var warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

        Assert.Equal("2024-07-01T02:00:00+02:00", WireFormat.IsoWithOffset(Instant.FromUtc(2024, 7, 1, 0, 0), warsaw));
    }

    [Fact]
    public void Parsers_accept_the_wire_formats()
    {
        Assert.True(WireFormat.TryParseLocalDateTime("2019-12-01 09:00:18", out var local));
        Assert.Equal(new LocalDateTime(2019, 12, 1, 9, 0, 18), local);
        Assert.True(WireFormat.TryParseIsoDate("2024-03-11", out var date));
        Assert.Equal(new LocalDate(2024, 3, 11), date);
        Assert.True(WireFormat.TryParseBasicDate("20240311", out var basic));
        Assert.Equal(new LocalDate(2024, 3, 11), basic);
        Assert.True(WireFormat.TryParseIsoWithOffset("2021-01-01T00:00:00+01:00", out var offset));
        Assert.Equal(Instant.FromUtc(2020, 12, 31, 23, 0), offset.ToInstant());
        Assert.True(WireFormat.TryParseIsoWithOffset("2021-01-01T00:00:00.5Z", out var fractional));
        Assert.Equal(Instant.FromUtc(2021, 1, 1, 0, 0) + Duration.FromMilliseconds(500), fractional.ToInstant());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2019-12-01T09:00:18")]
    [InlineData("2019-13-01 09:00:18")]
    public void Parsers_reject_other_text(string? text)
    {
        Assert.False(WireFormat.TryParseLocalDateTime(text, out _));
    }
}
