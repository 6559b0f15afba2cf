using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Core.Tests.Json;

public sealed class JsonIntegersTests
{
    private static (bool Read, long Value) Number(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var read = JsonIntegers.TryGetWholeInt64(ref reader, out var value);
        return (read, value);
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("-7", -7)]
    [InlineData("12.0", 12)]
    [InlineData("1.2e1", 12)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Whole_numbers_within_64_bits_are_read(string json, long expected)
    {
        Assert.Equal((true, expected), Number(json));
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    [InlineData("1e400")]
    [InlineData("\"12\"")]
    [InlineData("null")]
    public void Anything_else_is_not_read_and_nothing_is_thrown(string json)
    {
        Assert.Equal((false, 0L), Number(json));
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData(" 42 ", 42)]
    [InlineData("-42", -42)]
    public void Digits_in_text_are_parsed(string text, long expected)
    {
        Assert.True(JsonIntegers.TryParseInt64(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("4 2")]
    [InlineData("42x")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Other_text_is_not_parsed(string text)
    {
        Assert.False(JsonIntegers.TryParseInt64(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("99999999999999999999999")]
    [InlineData("12.5")]
    public void The_tolerant_converter_refuses_numbers_that_are_not_64_bit_integers_with_a_json_exception(string json)
    {
        // It used to throw FormatException (1e400) or OverflowException (out of range): not a JSON reading error.
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize($$"""{"maybe": {{json}}, "count": 0, "sum": "00:00:00", "seconds": 0 }""", ConverterTestContext.Default.Tolerant));
    }
}
