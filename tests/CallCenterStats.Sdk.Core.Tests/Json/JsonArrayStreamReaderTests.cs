using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Core.Tests.Json;

public sealed record Row([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("name")] string Name);

[JsonSerializable(typeof(Row))]
internal sealed partial class StreamTestContext : JsonSerializerContext;

public sealed class JsonArrayStreamReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Reads_a_top_level_array_whatever_the_chunk_size(int chunk)
    {
        var json = "[" + string.Join(",", Enumerable.Range(1, 50).Select(i => $$"""{"id": {{i}}, "name": "agent \"{{i}}\" ünïcode"}""")) + "]";

        var rows = await ReadAll(new ChunkedStream(json, chunk), null);

        Assert.Equal(Enumerable.Range(1, 50), rows.Select(r => r.Id));
        Assert.Equal("agent \"50\" ünïcode", rows[^1].Name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    public async Task Reads_the_array_of_a_property_and_reports_the_other_properties(int chunk)
    {
        const string json = """
            {"meta": {"page": 1, "tags": ["a", "b"]},
             "response": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}],
             "errors": []}
            """;
        var others = new List<string>();

        var rows = await ReadAll(new ChunkedStream(json, chunk), "response", (name, value) => others.Add($"{name}={value.GetRawText()}"));

        Assert.Equal([1, 2], rows.Select(r => r.Id));
        Assert.Equal(["""meta={"page": 1, "tags": ["a", "b"]}""", "errors=[]"], others);
    }

    [Fact]
    public async Task Errors_before_the_array_are_reported_before_any_row()
    {
        const string json = """{"errors": ["Invalid customer"], "response": []}""";
        var errors = new List<string>();

        var rows = await ReadAll(new ChunkedStream(json, 3), "response", (name, value) => errors.Add(value[0].GetString()!));

        Assert.Empty(rows);
        Assert.Equal(["Invalid customer"], errors);
    }

    [Fact]
    public async Task Null_or_missing_array_yields_no_rows()
    {
        Assert.Empty(await ReadAll(new ChunkedStream("""{"response": null, "errors": ["x"]}""", 5), "response"));
        Assert.Empty(await ReadAll(new ChunkedStream("""{"errors": ["x"]}""", 5), "response"));
    }

    [Fact]
    public async Task Element_larger_than_the_buffer_is_read_whole()
    {
        var big = new string('x', 100_000);

        var rows = await ReadAll(new ChunkedStream($$"""[{"id": 1, "name": "{{big}}"}]""", 8192), null);

        Assert.Equal(big, rows.Single().Name);
    }

    [Fact]
    public async Task Truncated_json_is_an_error_after_the_complete_rows()
    {
        var rows = new List<Row>();

        await Assert.ThrowsAnyAsync<JsonException>(async () =>
        {
            await foreach (var row in JsonArrayStreamReader.ReadAsync(new ChunkedStream("""[{"id": 1, "name": "a"}, {"id": 2, "na""", 4), null, StreamTestContext.Default.Row, cancellationToken: Ct))
            {
                rows.Add(row);
            }
        });

        Assert.Equal([1], rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData("""{"id": 1}""")]
    [InlineData("""[1, 2]""")]
    public async Task Wrong_shape_is_an_error(string json)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAll(new ChunkedStream(json, 64), json.StartsWith('{') ? null : "response"));
    }

    [Fact]
    public async Task Rows_arrive_before_the_stream_ends()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""[{"id": 1, "name": "a"},"""), Ct);
        await using var enumerator = JsonArrayStreamReader.ReadAsync(pipe.Reader.AsStream(), null, StreamTestContext.Default.Row, cancellationToken: Ct).GetAsyncEnumerator(Ct);

        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(1, enumerator.Current.Id);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"id": 2, "name": "b"}]"""), Ct);
        await pipe.Writer.CompleteAsync();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(2, enumerator.Current.Id);
        Assert.False(await enumerator.MoveNextAsync());
    }

    private static async Task<List<Row>> ReadAll(Stream stream, string? property, JsonArrayStreamReader.OtherPropertyHandler? other = null)
    {
        var rows = new List<Row>();
        await foreach (var row in JsonArrayStreamReader.ReadAsync(stream, property, StreamTestContext.Default.Row, other, cancellationToken: Ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, as a slow network would.</summary>
    private sealed class ChunkedStream(string text, int chunk) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
