using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.Json;

public sealed record Tolerant(
    [property: JsonPropertyName("id"), JsonConverter(typeof(NumberOrStringConverter))] string? Id,
    [property: JsonPropertyName("count"), JsonConverter(typeof(FlexibleInt64Converter))] long Count,
    [property: JsonPropertyName("maybe"), JsonConverter(typeof(FlexibleNullableInt64Converter))] long? Maybe,
    [property: JsonPropertyName("avg"), JsonConverter(typeof(FlexibleNullableDecimalConverter))] decimal? Average,
    [property: JsonPropertyName("sum"), JsonConverter(typeof(DurationClockConverter))] Duration Sum,
    [property: JsonPropertyName("seconds"), JsonConverter(typeof(DurationSecondsConverter))] Duration Seconds,
    [property: JsonPropertyName("optional"), JsonConverter(typeof(NullableDurationClockConverter))] Duration? Optional,
    [property: JsonPropertyName("items"), JsonConverter(typeof(SingleOrArrayConverter<Item>))] IReadOnlyList<Item>? Items);

public sealed record Item([property: JsonPropertyName("n")] int N);

[JsonSerializable(typeof(Tolerant))]
[JsonSerializable(typeof(Item))]
internal sealed partial class ConverterTestContext : JsonSerializerContext;

public sealed class ConverterTests
{
    private static Tolerant Read(string json) => JsonSerializer.Deserialize(json, ConverterTestContext.Default.Tolerant)!;

    private const string Minimal = """ "count": 0, "sum": "00:00:00", "seconds": 0 """;

    [Theory]
    [InlineData("487576", "487576")]
    [InlineData("\"487576\"", "487576")]
    [InlineData("12.50", "12.50")]
    [InlineData("null", null)]
    public void Ids_are_read_from_numbers_or_strings(string json, string? expected)
    {
        Assert.Equal(expected, Read($$"""{"id": {{json}}, {{Minimal}} }""").Id);
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("\"12\"", 12)]
    [InlineData("12.0", 12)]
    [InlineData("9007199254740993", 9007199254740993)]
    public void Counts_are_read_from_numbers_or_numeric_strings(string json, long expected)
    {
        Assert.Equal(expected, Read($$"""{"count": {{json}}, "sum": "00:00:00", "seconds": 0}""").Count);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("12.5")]
    [InlineData("null")]
    public void Non_integers_are_not_counts(string json)
    {
        Assert.Throws<JsonException>(() => Read($$"""{"count": {{json}}, "sum": "00:00:00", "seconds": 0}"""));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("\"\"", null)]
    [InlineData("7", 7L)]
    [InlineData("\"7\"", 7L)]
    public void Nullable_numbers_accept_null_and_empty(string json, long? expected)
    {
        Assert.Equal(expected, Read($$"""{"maybe": {{json}}, {{Minimal}} }""").Maybe);
    }

    [Theory]
    [InlineData("1.4", "1.4")]
    [InlineData("\"1.4\"", "1.4")]
    [InlineData("4", "4")]
    public void Decimals_accept_numbers_and_strings(string json, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Read($$"""{"avg": {{json}}, {{Minimal}} }""").Average);
    }

    [Theory]
    [InlineData("\"00:41:20\"", 2480)]
    [InlineData("\"123:04:05\"", 443045)]
    [InlineData("\"04:05\"", 245)]
    [InlineData("150", 150)]
    [InlineData("\"150\"", 150)]
    public void Clock_durations_accept_hours_over_24_and_plain_seconds(string json, long seconds)
    {
        Assert.Equal(Duration.FromSeconds(seconds), Read($$"""{"count": 0, "sum": {{json}}, "seconds": 0}""").Sum);
    }

    [Theory]
    [InlineData("\"00:61:00\"")]
    [InlineData("\"1:2:3:4\"")]
    [InlineData("\"soon\"")]
    [InlineData("true")]
    public void Malformed_durations_are_rejected(string json)
    {
        Assert.Throws<JsonException>(() => Read($$"""{"count": 0, "sum": {{json}}, "seconds": 0}"""));
    }

    [Fact]
    public void Second_durations_keep_fractions()
    {
        Assert.Equal(Duration.FromMilliseconds(1500), Read("""{"count": 0, "sum": "0:00:00", "seconds": 1.5}""").Seconds);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Optional_durations_read_null_and_empty_as_null(string json)
    {
        Assert.Null(Read($$"""{"optional": {{json}}, {{Minimal}} }""").Optional);
    }

    [Fact]
    public void Single_object_reads_as_a_one_element_list()
    {
        Assert.Equal([new Item(1)], Read($$"""{"items": {"n": 1}, {{Minimal}} }""").Items);
        Assert.Equal([new Item(1), new Item(2)], Read($$"""{"items": [{"n": 1}, {"n": 2}], {{Minimal}} }""").Items);
        Assert.Empty(Read($$"""{"items": null, {{Minimal}} }""").Items!);
    }

    [Fact]
    public void Writing_uses_clock_and_seconds_notations()
    {
        var value = new Tolerant("1", 2, null, 1.5m, Duration.FromSeconds(93784), Duration.FromSeconds(90), null, [new Item(3)]);

        var json = JsonSerializer.Serialize(value, ConverterTestContext.Default.Tolerant);

        Assert.Equal("""{"id":"1","count":2,"maybe":null,"avg":1.5,"sum":"26:03:04","seconds":90,"optional":null,"items":[{"n":3}]}""", json);
    }

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(59, "00:00:59")]
    [InlineData(360000, "100:00:00")]
    [InlineData(-61, "-00:01:01")]
    public void Clock_text_round_trips(long seconds, string text)
    {
        Assert.Equal(text, DurationText.ToClockText(Duration.FromSeconds(seconds)));
        Assert.True(DurationText.TryParse(text, out var parsed));
        Assert.Equal(Duration.FromSeconds(seconds), parsed);
    }
}
