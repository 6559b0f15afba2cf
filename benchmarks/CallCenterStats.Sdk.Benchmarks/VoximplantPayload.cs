using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>The documented shapes of a <c>GetACDOperatorStatusStatistics</c> answer (VENDOR-NOTES: accept both).</summary>
public enum VoximplantShape
{
    /// <summary><c>group=user</c>; <c>acd_status</c> an object keyed by status, <c>user_id</c> a number (the docs' example).</summary>
    ByAgentObject,

    /// <summary><c>group=user</c>; <c>acd_status</c> an array of such objects, <c>user_id</c> a string (the generated clients).</summary>
    ByAgentArray,

    /// <summary><c>group=aggregation</c>; object form, numeric user ids.</summary>
    ByPeriodObject,

    /// <summary><c>group=aggregation</c>; array form, string user ids.</summary>
    ByPeriodArray,
}

/// <summary>
/// Builds hourly <c>GetACDOperatorStatusStatistics</c> answers of a given size in memory (seeded, so every contender
/// reads the same bytes): by agent, a month of hours per user; by period, 200 users per hour. Each entry has three to
/// six of the eight documented statuses and, one time in twenty, a custom one.
/// </summary>
public static class VoximplantPayload
{
    private static readonly string[] Statuses = ["OFFLINE", "ONLINE", "READY", "BANNED", "IN_SERVICE", "AFTER_SERVICE", "TIMEOUT", "DND"];

    /// <summary>Whether the shape is grouped by agent (<c>group=user</c>).</summary>
    public static bool IsByAgent(this VoximplantShape shape) => shape is VoximplantShape.ByAgentObject or VoximplantShape.ByAgentArray;

    /// <summary>Whether <c>acd_status</c> is an array and <c>user_id</c> a string (the generated clients' shape).</summary>
    public static bool IsArrayForm(this VoximplantShape shape) => shape is VoximplantShape.ByAgentArray or VoximplantShape.ByPeriodArray;

    /// <summary>Builds an answer of about <paramref name="mebibytes"/> MiB (whole groups, so a little more).</summary>
    public static byte[] Build(VoximplantShape shape, int mebibytes)
    {
        var target = mebibytes * 1024L * 1024L;
        var random = new Random(15);
        var buffer = new ArrayBufferWriter<byte>((int)target + (1 << 20));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("result");
            var first = new DateOnly(2024, 3, 1);
            for (var group = 0; w.BytesCommitted + w.BytesPending < target; group++)
            {
                w.WriteStartObject();
                if (shape.IsByAgent())
                {
                    WriteUserId(w, shape, 480_000 + group);
                    w.WriteStartArray("statistics");
                    for (var hour = 0; hour < 30 * 24; hour++)
                    {
                        w.WriteStartObject();
                        w.WriteString("date", first.AddDays(hour / 24).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                        w.WriteNumber("hour", hour % 24);
                        WriteStatuses(w, shape, random);
                        w.WriteEndObject();
                    }
                }
                else
                {
                    w.WriteString("date", first.AddDays(group / 24).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteNumber("hour", group % 24);
                    w.WriteStartArray("statistics");
                    for (var user = 0; user < 200; user++)
                    {
                        w.WriteStartObject();
                        WriteUserId(w, shape, 480_000 + user);
                        WriteStatuses(w, shape, random);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUserId(Utf8JsonWriter w, VoximplantShape shape, long id)
    {
        if (shape.IsArrayForm())
        {
            w.WriteString("user_id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNumber("user_id", id);
        }
    }

    private static void WriteStatuses(Utf8JsonWriter w, VoximplantShape shape, Random random)
    {
        w.WritePropertyName("acd_status");
        if (shape.IsArrayForm())
        {
            w.WriteStartArray();
        }

        w.WriteStartObject();
        var wanted = 3 + random.Next(4);
        var skip = Statuses.Length - wanted;
        foreach (var status in Statuses)
        {
            if (skip > 0 && random.Next(2) == 0)
            {
                skip--;
                continue;
            }

            if (wanted-- == 0)
            {
                break;
            }

            WriteFigures(w, status, random);
        }

        if (random.Next(20) == 0)
        {
            WriteFigures(w, "LUNCH", random);
        }

        w.WriteEndObject();
        if (shape.IsArrayForm())
        {
            w.WriteEndArray();
        }
    }

    private static void WriteFigures(Utf8JsonWriter w, string status, Random random)
    {
        var count = 1 + random.Next(9);
        var min = random.Next(1, 300);
        var max = min + random.Next(0, 3000);
        var avg = (min + max) / 2;
        w.WriteStartObject(status);
        w.WriteNumber("min", min);
        w.WriteNumber("avg", avg);
        w.WriteNumber("max", max);
        w.WriteNumber("sum", (long)avg * count);
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }
}

// The floor and the peer read into plain classes of the same shape: the union of the keys of both levels, as a wire
// model of this API must be (user_id or date/hour on either level). TId and TStatuses fit each shape exactly, so
// neither needs a converter: the floor is System.Text.Json at its barest.

/// <summary>The envelope, <c>{"result": [...]}</c>.</summary>
public sealed class FloorEnvelope<TGroup>
{
    /// <summary>The groups.</summary>
    [JsonPropertyName("result")]
    [Newtonsoft.Json.JsonProperty("result")]
    public List<TGroup>? Result { get; set; }
}

/// <summary>A first-level group.</summary>
public sealed class FloorGroup<TId, TStatuses>
{
    /// <summary><c>user_id</c>.</summary>
    [JsonPropertyName("user_id")]
    [Newtonsoft.Json.JsonProperty("user_id")]
    public TId? UserId { get; set; }

    /// <summary><c>date</c>.</summary>
    [JsonPropertyName("date")]
    [Newtonsoft.Json.JsonProperty("date")]
    public string? Date { get; set; }

    /// <summary><c>hour</c>.</summary>
    [JsonPropertyName("hour")]
    [Newtonsoft.Json.JsonProperty("hour")]
    public int? Hour { get; set; }

    /// <summary><c>statistics</c>.</summary>
    [JsonPropertyName("statistics")]
    [Newtonsoft.Json.JsonProperty("statistics")]
    public List<FloorEntry<TId, TStatuses>>? Statistics { get; set; }
}

/// <summary>A second-level entry.</summary>
public sealed class FloorEntry<TId, TStatuses>
{
    /// <summary><c>user_id</c>.</summary>
    [JsonPropertyName("user_id")]
    [Newtonsoft.Json.JsonProperty("user_id")]
    public TId? UserId { get; set; }

    /// <summary><c>date</c>.</summary>
    [JsonPropertyName("date")]
    [Newtonsoft.Json.JsonProperty("date")]
    public string? Date { get; set; }

    /// <summary><c>hour</c>.</summary>
    [JsonPropertyName("hour")]
    [Newtonsoft.Json.JsonProperty("hour")]
    public int? Hour { get; set; }

    /// <summary><c>acd_status</c>.</summary>
    [JsonPropertyName("acd_status")]
    [Newtonsoft.Json.JsonProperty("acd_status")]
    public TStatuses? AcdStatus { get; set; }
}

/// <summary>The figures of one status.</summary>
public sealed class FloorFigures
{
    /// <summary><c>min</c>, seconds.</summary>
    [JsonPropertyName("min")]
    [Newtonsoft.Json.JsonProperty("min")]
    public long Min { get; set; }

    /// <summary><c>avg</c>, seconds.</summary>
    [JsonPropertyName("avg")]
    [Newtonsoft.Json.JsonProperty("avg")]
    public long Avg { get; set; }

    /// <summary><c>max</c>, seconds.</summary>
    [JsonPropertyName("max")]
    [Newtonsoft.Json.JsonProperty("max")]
    public long Max { get; set; }

    /// <summary><c>sum</c>, seconds.</summary>
    [JsonPropertyName("sum")]
    [Newtonsoft.Json.JsonProperty("sum")]
    public long Sum { get; set; }

    /// <summary><c>count</c>.</summary>
    [JsonPropertyName("count")]
    [Newtonsoft.Json.JsonProperty("count")]
    public long Count { get; set; }
}

/// <summary>Source-generated metadata for the floor, one envelope type per shape.</summary>
[JsonSerializable(typeof(FloorEnvelope<FloorGroup<long, Dictionary<string, FloorFigures>>>), TypeInfoPropertyName = "ObjectForm")]
[JsonSerializable(typeof(FloorEnvelope<FloorGroup<string, List<Dictionary<string, FloorFigures>>>>), TypeInfoPropertyName = "ArrayForm")]
public sealed partial class VoximplantFloorContext : JsonSerializerContext;
