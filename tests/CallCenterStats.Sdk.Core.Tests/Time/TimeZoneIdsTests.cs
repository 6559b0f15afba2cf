using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.Time;

public sealed class TimeZoneIdsTests
{
    private const string Advice = "is not a known time zone id (use an IANA id such as Europe/Warsaw, UTC, or a fixed offset such as UTC+01:00).";

    [Theory]
    [InlineData("Europe/Warsaw", "Europe/Warsaw")]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("UTC", "UTC")]
    [InlineData("  Europe/Warsaw\t", "Europe/Warsaw")]
    public void Find_resolves_iana_ids_ignoring_surrounding_white_space(string id, string expected)
    {
        var zone = TimeZoneIds.Find(id);

        Assert.NotNull(zone);
        Assert.Equal(expected, zone.Id);
    }

    [Fact]
    public void Find_resolves_the_zone_with_its_rules()
    {
        var warsaw = TimeZoneIds.Find("Europe/Warsaw")!;

        // CET in winter, CEST in summer: the real tzdb zone, not a fixed offset.
        Assert.Equal(Offset.FromHours(1), warsaw.GetUtcOffset(Instant.FromUtc(2024, 1, 15, 12, 0)));
        Assert.Equal(Offset.FromHours(2), warsaw.GetUtcOffset(Instant.FromUtc(2024, 7, 15, 12, 0)));
    }

    [Fact]
    public void Find_resolves_fixed_offsets()
    {
        var zone = TimeZoneIds.Find("UTC+01:00");

        Assert.NotNull(zone);
        Assert.Equal(Offset.FromHours(1), zone.GetUtcOffset(Instant.FromUtc(2024, 7, 15, 12, 0)));
        Assert.Equal(Offset.FromHours(1), zone.GetUtcOffset(Instant.FromUtc(2024, 1, 15, 12, 0)));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Warsaw2")]
    [InlineData("CET+")]
    public void Find_returns_null_for_an_unknown_id(string id)
    {
        Assert.Null(TimeZoneIds.Find(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Find_returns_null_for_a_missing_id(string? id)
    {
        Assert.Null(TimeZoneIds.Find(id));
    }

    [Theory]
    [InlineData("Europe/Warsaw")]
    [InlineData(" UTC ")]
    [InlineData("UTC+01:00")]
    public void Validate_accepts_a_known_zone(string id)
    {
        Assert.Null(TimeZoneIds.Validate(id, "TimeZone"));
    }

    [Fact]
    public void Validate_names_the_option_and_the_bad_id()
    {
        var message = TimeZoneIds.Validate("Mars/Olympus_Mons", "ReportTimeZone");

        Assert.Equal("ReportTimeZone 'Mars/Olympus_Mons' " + Advice, message);
    }

    [Theory]
    [InlineData(null, "TimeZone '' ")]
    [InlineData("", "TimeZone '' ")]
    [InlineData("  ", "TimeZone '  ' ")]
    public void Validate_rejects_a_missing_id_naming_the_option(string? id, string start)
    {
        Assert.Equal(start + Advice, TimeZoneIds.Validate(id, "TimeZone"));
    }

    [Theory]
    [InlineData("Europe/Warsaw", "Europe/Warsaw")]
    [InlineData(" UTC ", "UTC")]
    [InlineData("UTC+01:00", "UTC+01")]
    public void Resolve_returns_the_zone_of_a_known_id(string id, string expected)
    {
        Assert.Equal(expected, TimeZoneIds.Resolve(id).Id);
    }

    [Fact]
    public void Resolve_returns_the_same_zone_as_the_provider()
    {
        Assert.Same(DateTimeZoneProviders.Tzdb["Europe/Warsaw"], TimeZoneIds.Resolve("Europe/Warsaw"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    public void Resolve_refuses_an_unknown_or_missing_id_naming_it(string? id)
    {
        var ex = Assert.Throws<ArgumentException>(() => TimeZoneIds.Resolve(id));

        Assert.Equal("id", ex.ParamName);
        Assert.StartsWith($"'{id}' is not a known time zone id.", ex.Message, StringComparison.Ordinal);
    }
}
