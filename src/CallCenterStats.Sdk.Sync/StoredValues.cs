using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Sync;

/// <summary>How values are written to and read from the tables, the same way for every store.</summary>
internal static class StoredValues
{
    /// <summary>ISO-8601 UTC with as many fraction digits as needed (none for whole seconds), e.g. <c>2024-03-11T00:00:00Z</c>.</summary>
    private static readonly InstantPattern IsoPattern = InstantPattern.ExtendedIso;

    public static string Bucket(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Hour => "hour",
        TimeBucket.Day => "day",
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Only hour and day buckets are stored."),
    };

    public static TimeBucket ParseBucket(string text) => text switch
    {
        "hour" => TimeBucket.Hour,
        "day" => TimeBucket.Day,
        _ => throw new FormatException($"'{text}' is not a stored bucket."),
    };

    public static string Instant(Instant instant) => IsoPattern.Format(instant);

    public static Instant ParseInstant(string text) => IsoPattern.Parse(text).GetValueOrThrow();

    /// <summary>Truncates to whole microseconds, the precision PostgreSQL keeps, so both stores hold the same value.</summary>
    public static Instant ToMicroseconds(Instant instant) =>
        NodaTime.Instant.FromUnixTimeTicks(instant.ToUnixTimeTicks() / 10 * 10);

    /// <summary>Whether the duration is a whole number of seconds (written as an integer).</summary>
    public static bool IsWholeSeconds(Duration duration) => duration.SubsecondNanoseconds == 0;

    public static long WholeSeconds(Duration duration) => duration.ToInt64Nanoseconds() / 1_000_000_000;

    /// <summary>The duration in seconds, exact to the nanosecond.</summary>
    public static decimal Seconds(Duration duration) => (decimal)duration.ToBigIntegerNanoseconds() / 1_000_000_000m;

    public static Duration FromSeconds(decimal seconds) =>
        Duration.FromNanoseconds(decimal.ToInt64(decimal.Round(seconds * 1_000_000_000m, MidpointRounding.AwayFromZero)));

    public static Duration FromSeconds(double seconds) => FromSeconds((decimal)seconds);

    /// <summary>
    /// The vendor's own metrics as one JSON object, keys in ordinal order (so the same figures are the same text),
    /// numbers as written by <see cref="decimal"/>; <c>{}</c> when there are none.
    /// </summary>
    public static string VendorMetricsJson(IReadOnlyDictionary<string, decimal> metrics, ArrayBufferWriter<byte> buffer) =>
        metrics.Count == 0 ? "{}" : Encoding.UTF8.GetString(VendorMetricsUtf8(metrics, buffer));

    /// <summary><see cref="VendorMetricsJson"/> as UTF-8, written into <paramref name="buffer"/> (valid until its next use).</summary>
    public static ReadOnlySpan<byte> VendorMetricsUtf8(IReadOnlyDictionary<string, decimal> metrics, ArrayBufferWriter<byte> buffer)
    {
        if (metrics.Count == 0)
        {
            return "{}"u8;
        }

        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan;
    }

    /// <summary>Reads <see cref="VendorMetricsJson"/> back.</summary>
    public static IReadOnlyDictionary<string, decimal> ParseVendorMetrics(string? json)
    {
        var metrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return metrics;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            metrics[property.Name] = property.Value.GetDecimal();
        }

        return metrics;
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
