using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using NodaTime;
using Sylvan.Data.Csv;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// VCC Live answers for the benchmarks, in the shape the emulator and the vendor's spec give: one row per project, user,
/// date and quarter-hour, with the seven KPIs of the unified mapping (five user states with count and seconds, callIn
/// with count and seconds, callMissed with a count and a null sum). The same rows in JSON (the envelope, and a bare
/// array for System.Text.Json's streaming floor), tab and CSV. Deterministic.
/// </summary>
public static class VccLivePayloads
{
    public static readonly string[] Kpis =
        ["userstateAvailable", "userstateCall", "userstateAfterwork", "userstatePause", "userstateDnd", "callIn", "callMissed"];

    /// <summary>The request the SDK sends for these rows: all four dimensions, the seven KPIs by name.</summary>
    public static UserBasedStatisticsRequest Request(UserBasedStatisticsFormat format) => new()
    {
        Range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31)),
        Dimensions = UserBasedStatisticsDimensions.All,
        Fields = [.. Kpis.Select(k => new UserBasedKpi(k))],
        Format = format,
    };

    /// <summary>A body of about <paramref name="bytes"/> bytes, in memory.</summary>
    public static byte[] Build(UserBasedStatisticsFormat format, long bytes, bool bareArray = false)
    {
        using var stream = Stream(format, bytes, bareArray);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A body of about <paramref name="bytes"/> bytes, generated as it is read (a 500 MB answer never sits in memory).</summary>
    public static Stream Stream(UserBasedStatisticsFormat format, long bytes, bool bareArray = false)
    {
        // A block of 4,096 rows, repeated: its rows differ in users, slots and values.
        var rows = Enumerable.Range(0, 4096).Select(Row).ToArray();
        if (format == UserBasedStatisticsFormat.Json)
        {
            var block = Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => Json(r) + ",")));
            var prefix = Encoding.UTF8.GetBytes(bareArray ? "[" : "{\"response\":[");
            var suffix = Encoding.UTF8.GetBytes(Json(rows[0]) + (bareArray ? "]" : "],\"errors\":[]}"));
            return new RepeatingStream(prefix, block, Math.Max(1, (bytes - prefix.Length - suffix.Length) / block.Length), suffix);
        }

        var separator = format == UserBasedStatisticsFormat.Tab ? "\t" : ",";
        var header = Encoding.UTF8.GetBytes(string.Join(separator, ["date", "time", "projectId", "userId", .. Kpis]) + "\r\n");
        var lines = Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => Delimited(r, separator) + "\r\n")));
        return new RepeatingStream(header, lines, Math.Max(1, (bytes - header.Length) / lines.Length), []);
    }

    /// <summary>An in-memory transport answering every request with a new body.</summary>
    public static HttpMessageHandler Handler(Func<Stream> body) => new BodyHandler(body);

    /// <summary>A client for the in-memory transport: no retries, so a failure is seen at once.</summary>
    public static VccLiveClient Client(HttpMessageHandler handler)
    {
        var options = new VccLiveOptions { Customer = "bench", ApiToken = "bench-token", TimeZone = "Europe/Budapest" };
        options.Retry.MaxRetries = 0;
        return VccLiveClient.Create(options, new VendorClientServices { PrimaryHandler = handler });
    }

    /// <summary>The SDK: every row through the client's pipeline and reader.</summary>
    public static async Task<long> SdkAsync(VccLiveClient client, UserBasedStatisticsRequest request)
    {
        long sum = 0;
        await foreach (var row in client.GetUserBasedStatisticsAsync(request).ConfigureAwait(false))
        {
            sum += row.UserId!.Value + row.Values.Count;
        }

        return sum;
    }

    /// <summary>The JSON floor: System.Text.Json's source-generated streaming deserializer, rows into plain classes.</summary>
    public static async Task<long> JsonFloorAsync(Stream bareArray)
    {
        long sum = 0;
        await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable(bareArray, FloorJsonContext.Default.FloorRow).ConfigureAwait(false))
        {
            sum += row!.UserId!.Value + row.Data!.Count;
        }

        return sum;
    }

    /// <summary>The JSON limit: one <see cref="Utf8JsonReader"/> pass over every token of the bytes, nothing built.</summary>
    public static long JsonLimit(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        long tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The tab/CSV floor: Sylvan.Data.Csv reading the rows, typed, into the same plain classes.</summary>
    public static async Task<long> DelimitedFloorAsync(Stream body, char separator)
    {
        using var text = new StreamReader(body, Encoding.UTF8);
        await using var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { Delimiter = separator, HasHeaders = true }).ConfigureAwait(false);
        var names = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        long sum = 0;
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            var row = new FloorRow
            {
                Date = csv.GetDate(0),
                Time = csv.GetInt32(1),
                ProjectId = csv.GetInt64(2),
                UserId = csv.GetInt64(3),
                Data = new List<FloorKpi>(names.Length - 4),
            };
            for (var i = 4; i < names.Length; i++)
            {
                row.Data.Add(new FloorKpi { Field = names[i], Sum = csv.GetFieldSpan(i).IsEmpty ? null : csv.GetDecimal(i) });
            }

            sum += row.UserId.Value + row.Data.Count;
        }

        return sum;
    }

    /// <summary>The tab/CSV limit: Sylvan.Data.Csv finding every field, nothing typed or built.</summary>
    public static async Task<long> DelimitedLimitAsync(Stream body, char separator)
    {
        using var text = new StreamReader(body, Encoding.UTF8);
        await using var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { Delimiter = separator, HasHeaders = true }).ConfigureAwait(false);
        long length = 0;
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                length += csv.GetFieldSpan(i).Length;
            }
        }

        return length;
    }

    private readonly record struct GeneratedRow(string Date, int Time, long ProjectId, long UserId, (long Count, long Sum)[] Values);

    private static GeneratedRow Row(int index)
    {
        var random = new Random(index);
        var slot = index % 96;
        var user = 1001 + (index / 96 % 40);
        var values = new (long Count, long Sum)[Kpis.Length];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = (random.Next(0, 4), random.Next(0, 901));
        }

        return new GeneratedRow(
            new LocalDate(2024, 3, 1).PlusDays(index / 3840 % 31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (slot / 4 * 100) + (slot % 4 * 15),
            (user % 5) + 1,
            user,
            values);
    }

    private static string Json(GeneratedRow row)
    {
        var data = string.Join(',', Kpis.Select((kpi, k) => kpi == "callMissed"
            ? $"{{\"field\":\"{kpi}\",\"count\":{row.Values[k].Count},\"sum\":null}}"
            : $"{{\"field\":\"{kpi}\",\"count\":{row.Values[k].Count},\"sum\":{row.Values[k].Sum}}}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"date\":\"{row.Date}\",\"time\":{row.Time},\"projectId\":{row.ProjectId},\"userId\":{row.UserId},\"data\":[{data}],\"level\":3}}");
    }

    private static string Delimited(GeneratedRow row, string separator) =>
        string.Join(separator, [row.Date, row.Time.ToString(CultureInfo.InvariantCulture), row.ProjectId.ToString(CultureInfo.InvariantCulture), row.UserId.ToString(CultureInfo.InvariantCulture),
            .. Kpis.Select((kpi, k) => (kpi == "callMissed" ? row.Values[k].Count : row.Values[k].Sum).ToString(CultureInfo.InvariantCulture))]);

    private sealed class BodyHandler(Func<Stream> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body(), 64 * 1024), RequestMessage = request });
    }

    /// <summary>A prefix, a block repeated, a suffix: a large body generated as it is read.</summary>
    private sealed class RepeatingStream(byte[] prefix, byte[] block, long repeats, byte[] suffix) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => prefix.Length + (block.Length * repeats) + suffix.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _position < Length)
            {
                byte[] source;
                long at;
                if (_position < prefix.Length)
                {
                    (source, at) = (prefix, _position);
                }
                else if (_position < prefix.Length + (block.Length * repeats))
                {
                    (source, at) = (block, (_position - prefix.Length) % block.Length);
                }
                else
                {
                    (source, at) = (suffix, _position - prefix.Length - (block.Length * repeats));
                }

                var take = Math.Min(buffer.Length - written, source.Length - (int)at);
                source.AsSpan((int)at, take).CopyTo(buffer[written..]);
                written += take;
                _position += take;
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A row as a plain class: the floor's target, the shape of the wire row.</summary>
public sealed class FloorRow
{
    public DateOnly? Date { get; set; }

    public int? Time { get; set; }

    public long? ProjectId { get; set; }

    public long? UserId { get; set; }

    public int? Level { get; set; }

    public List<FloorKpi>? Data { get; set; }
}

/// <summary>A KPI item as a plain class.</summary>
public sealed class FloorKpi
{
    public string? Field { get; set; }

    public long? Count { get; set; }

    public decimal? Sum { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FloorRow))]
internal sealed partial class FloorJsonContext : JsonSerializerContext;
