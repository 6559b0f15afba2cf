using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// Reading the rows of a large <c>{"response": [...], "errors": []}</c> envelope (VCC Live's shape): Core's
/// streaming reader, which holds one row at a time, against deserializing the whole envelope into a list.
/// </summary>
[MemoryDiagnoser]
public class EnvelopeStreamingBenchmarks
{
    private byte[] _body = [];

    [Params(1_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("{\"response\":[");
        for (var i = 0; i < Rows; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append("{\"date\":\"2024-03-11\",\"time\":").Append(900 + (i % 4 * 15))
                .Append(",\"projectId\":2,\"userId\":").Append(i % 500)
                .Append(",\"data\":[{\"field\":\"userstateAvailable\",\"count\":1,\"sum\":160},{\"field\":\"userstateCall\",\"count\":null,\"sum\":81}],\"level\":3}");
        }

        _body = Encoding.UTF8.GetBytes(text.Append("],\"errors\":[]}").ToString());
    }

    [Benchmark(Baseline = true)]
    public async Task<long> WholeEnvelope()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var envelope = await JsonSerializer.DeserializeAsync(stream, BenchmarkJsonContext.Default.Envelope);
        long sum = 0;
        foreach (var row in envelope!.Response)
        {
            sum += row.UserId;
        }

        return sum;
    }

    [Benchmark]
    public async Task<long> StreamedRows()
    {
        using var stream = new MemoryStream(_body, writable: false);
        long sum = 0;
        await foreach (var row in JsonArrayStreamReader.ReadAsync(stream, "response", BenchmarkJsonContext.Default.Row))
        {
            sum += row.UserId;
        }

        return sum;
    }
}

public sealed record Envelope([property: JsonPropertyName("response")] List<Row> Response, [property: JsonPropertyName("errors")] List<JsonElement> Errors);

public sealed record Row(
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("time")] int Time,
    [property: JsonPropertyName("projectId")] long ProjectId,
    [property: JsonPropertyName("userId")] long UserId,
    [property: JsonPropertyName("data")] List<Kpi> Data,
    [property: JsonPropertyName("level")] int Level);

public sealed record Kpi([property: JsonPropertyName("field")] string Field, [property: JsonPropertyName("count")] long? Count, [property: JsonPropertyName("sum")] decimal? Sum);

[JsonSerializable(typeof(Envelope))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
