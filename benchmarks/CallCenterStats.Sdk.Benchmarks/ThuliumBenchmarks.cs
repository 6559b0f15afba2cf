using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// Per row: the whole agents work report (30 pages of 100 hourly rows) read through the SDK's client, against the floor:
/// a plain <see cref="HttpClient"/> loop deserializing each page with source-generated System.Text.Json into plain
/// classes of the same shape (strings where Thulium sends strings). Both read the same bytes from the same in-memory
/// transport, page after page, so the ratio is the SDK's CPU and allocation per row, its pipeline (retries, telemetry,
/// limits) included.
/// </summary>
[MemoryDiagnoser]
public class ThuliumRowBenchmarks
{
    private const int Pages = 30;

    private ThuliumPages _pages = null!;
    private HttpClient _plain = null!;
    private ThuliumClient _sequential = null!;
    private ThuliumClient _defaults = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pages = ThuliumPages.Create(Pages);
        _plain = new HttpClient(new ThuliumPagesHandler(_pages)) { BaseAddress = ThuliumPages.Endpoint };
        _sequential = ThuliumPages.Client(ThuliumPages.Endpoint, new ThuliumPagesHandler(_pages), pagesInFlight: 1);
        _defaults = ThuliumPages.Client(ThuliumPages.Endpoint, new ThuliumPagesHandler(_pages), pagesInFlight: null);
        ThuliumPages.CheckSameRows(_pages, ThuliumPages.PlainLoopAsync(_plain).GetAwaiter().GetResult(), _sequential);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _sequential.Dispose();
        _defaults.Dispose();
    }

    /// <summary>The floor: page after page, <c>JsonSerializer.DeserializeAsync</c> into plain classes.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> PlainStj() => (await ThuliumPages.PlainLoopAsync(_plain)).Sum(r => r.Inbound!.Count);

    /// <summary>The SDK one page at a time (<c>MaxConcurrentPageRequests = 1</c>): the CPU and allocation per row.</summary>
    [Benchmark]
    public async Task<long> SdkSequential() => await SumAsync(_sequential);

    /// <summary>The SDK with its default options (pages prefetched): the same work, spread over both cores.</summary>
    [Benchmark]
    public async Task<long> SdkDefaults() => await SumAsync(_defaults);

    private static async Task<long> SumAsync(ThuliumClient client)
    {
        long sum = 0;
        await foreach (var row in client.GetAgentsWorkReportAsync(ThuliumPages.Request))
        {
            sum += row.Inbound!.Count;
        }

        return sum;
    }
}

/// <summary>
/// 300 pages of 100 rows from a local Kestrel server on 127.0.0.1 that waits 20 ms before each page: the SDK with its
/// default options against a plain sequential loop (HttpClient and source-generated System.Text.Json, one page after
/// the other), same rows in the same order (checked once in the setup).
/// </summary>
[MemoryDiagnoser]
public class ThuliumLatencyBenchmarks
{
    private const int Pages = 300;

    private ThuliumPages _pages = null!;
    private WebApplication _server = null!;
    private HttpClient _plain = null!;
    private ThuliumClient _sdk = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pages = ThuliumPages.Create(Pages);
        (_server, var endpoint) = await ThuliumPages.StartServerAsync(_pages, TimeSpan.FromMilliseconds(20));
        _plain = new HttpClient { BaseAddress = endpoint };
        _sdk = ThuliumPages.Client(endpoint, handler: null, pagesInFlight: null);
        ThuliumPages.CheckSameRows(_pages, await ThuliumPages.PlainLoopAsync(_plain), _sdk);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _plain.Dispose();
        _sdk.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> SequentialLoop() => (await ThuliumPages.PlainLoopAsync(_plain)).Count;

    [Benchmark]
    public async Task<int> SdkDefaults()
    {
        var count = 0;
        await foreach (var unused in _sdk.GetAgentsWorkReportAsync(ThuliumPages.Request))
        {
            count++;
        }

        return count;
    }
}

/// <summary>The report both sides read: hourly rows for 50 agents, in the emulator's shape, 100 rows a page.</summary>
internal sealed class ThuliumPages
{
    public const int PageSize = 100;

    public static readonly Uri Endpoint = new("https://acme.thulium.com/");

    public static readonly AgentsWorkReportRequest Request = new()
    {
        Range = new InstantRange(Instant.FromUtc(2024, 3, 1, 0, 0), Instant.FromUtc(2024, 4, 1, 0, 0)),
        AgentGroupIds = [1],
        Aggregation = TimeBucket.Hour,
    };

    private ThuliumPages(byte[][] pages, int rows)
    {
        Bodies = pages;
        Rows = rows;
    }

    /// <summary>The body of each page; the last one is empty (the report ends on a full page).</summary>
    public byte[][] Bodies { get; }

    public int Rows { get; }

    /// <summary>The body for a <c>limit</c>/<c>offset</c> query, or an empty array past the end.</summary>
    public byte[] Body(string? query)
    {
        var offset = 0L;
        foreach (var pair in (query ?? string.Empty).TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("offset=", StringComparison.Ordinal))
            {
                offset = long.Parse(pair.AsSpan(7), CultureInfo.InvariantCulture);
            }
        }

        var page = offset / PageSize;
        return page < Bodies.Length ? Bodies[page] : "[]"u8.ToArray();
    }

    public static ThuliumPages Create(int pages)
    {
        var bodies = new byte[pages + 1][];
        var start = Instant.FromUtc(2024, 3, 1, 0, 0);
        var row = 0;
        for (var p = 0; p < pages; p++)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartArray();
                for (var i = 0; i < PageSize; i++, row++)
                {
                    // Agent by agent, then hour by hour, as Thulium (and the emulator) order them.
                    var agent = row / 600;
                    var hour = start + Duration.FromHours(row % 600);
                    WriteRow(w, agent, hour, row);
                }

                w.WriteEndArray();
            }

            bodies[p] = stream.ToArray();
        }

        bodies[pages] = "[]"u8.ToArray();
        return new ThuliumPages(bodies, row);
    }

    private static void WriteRow(Utf8JsonWriter w, int agent, Instant hour, int seed)
    {
        var local = hour.InUtc().LocalDateTime;
        var answered = seed % 7;
        w.WriteStartObject();
        w.WriteStartObject("agent");
        w.WriteString("login", $"agent{agent:000}");
        w.WriteString("name", "Jan");
        w.WriteString("surname", $"Kowalski{agent}");
        w.WriteEndObject();
        w.WriteString("period", local.ToString("uuuu'-'MM'-'dd' 'HH", CultureInfo.InvariantCulture));
        w.WriteStartObject("inbound");
        w.WriteNumber("count", answered + 1);
        w.WriteNumber("answered_count", answered);
        w.WriteNumber("not_answered_count", 1);
        w.WriteNumber("transferred_count", 0);
        w.WriteString("sum", Clock(answered * 137));
        w.WriteString("average", Clock(answered == 0 ? 0 : 137));
        w.WriteString("wait_sum", Clock(answered * 12));
        w.WriteString("wait_average", Clock(answered == 0 ? 0 : 12));
        w.WriteNumber("calls_per_hour", answered * 1.25m);
        w.WriteEndObject();
        w.WriteStartObject("chat");
        w.WriteNumber("closed", 0);
        w.WriteNumber("responded", 0);
        w.WriteEndObject();
        w.WriteStartObject("ticket");
        w.WriteNumber("closed", 0);
        w.WriteNumber("responded", 0);
        w.WriteNumber("total_responded", 0);
        w.WriteEndObject();
        foreach (var name in (string[])["outbound_above_threshold", "outbound_below_threshold"])
        {
            w.WriteStartObject(name);
            w.WriteNumber("count", 0);
            w.WriteString("sum", "00:00:00");
            w.WriteString("average", "00:00:00");
            w.WriteEndObject();
        }

        w.WriteString("login_date", local.PlusMinutes(seed % 5).ToString("uuuu'-'MM'-'dd' 'HH':'mm':'ss", CultureInfo.InvariantCulture));
        w.WriteString("logout_date", local.PlusMinutes(55).ToString("uuuu'-'MM'-'dd' 'HH':'mm':'ss", CultureInfo.InvariantCulture));
        w.WriteStartArray("pauses");
        for (var pause = 0; pause < 6; pause++)
        {
            w.WriteStartObject();
            if (pause < 2)
            {
                w.WriteString("id", pause == 0 ? "all" : "free");
            }
            else
            {
                w.WriteNumber("id", pause - 1);
            }

            var count = (seed + pause) % 3;
            w.WriteNumber("count", count);
            w.WriteString("sum", Clock(count * 300));
            if (count > 0)
            {
                w.WriteString("average", Clock(300));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Clock(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");

    public static ThuliumClient Client(Uri endpoint, HttpMessageHandler? handler, int? pagesInFlight)
    {
        var options = new ThuliumOptions { Endpoint = endpoint, Username = "api_user", Password = "secret" };
        if (pagesInFlight is { } pages)
        {
            options.MaxConcurrentPageRequests = pages;
        }

        return ThuliumClient.Create(options, handler is null ? null : new VendorClientServices { PrimaryHandler = handler });
    }

    /// <summary>The floor: a plain sequential loop, page after page until a short page, into plain classes.</summary>
    public static async Task<List<PlainRow>> PlainLoopAsync(HttpClient client)
    {
        var rows = new List<PlainRow>();
        for (var offset = 0; ; offset += PageSize)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/agents_work_report?agent_group_ids[]=1&aggregate_by=hour&limit={PageSize}&offset={offset}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YXBpX3VzZXI6c2VjcmV0");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var page = await JsonSerializer.DeserializeAsync(body, ThuliumPlainJsonContext.Default.ListPlainRow) ?? [];
            rows.AddRange(page);
            if (page.Count < PageSize)
            {
                return rows;
            }
        }
    }

    /// <summary>Fails the setup unless the SDK returns the floor's rows, in the same order.</summary>
    public static void CheckSameRows(ThuliumPages pages, List<PlainRow> plain, ThuliumClient client)
    {
        var sdk = client.GetAgentsWorkReportAsync(Request).ToListAsync().AsTask().GetAwaiter().GetResult();
        var same = plain.Count == pages.Rows && sdk.Count == plain.Count
            && plain.Zip(sdk).All(p => p.First.Agent!.Login == p.Second.Agent.Login && p.First.Period == p.Second.PeriodText
                && p.First.Inbound!.Count == p.Second.Inbound!.Count && p.First.Pauses!.Count == p.Second.Pauses.Count);
        if (!same)
        {
            throw new InvalidOperationException($"The SDK's rows differ from the plain loop's ({sdk.Count} and {plain.Count} rows of {pages.Rows}).");
        }
    }

    /// <summary>Starts Kestrel on 127.0.0.1, answering each page after <paramref name="latency"/>.</summary>
    public static async Task<(WebApplication Server, Uri Endpoint)> StartServerAsync(ThuliumPages pages, TimeSpan latency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            await Task.Delay(latency, context.RequestAborted);
            var body = pages.Body(context.Request.QueryString.Value);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}

/// <summary>An in-memory transport serving the pages by offset (no sockets): both sides of the per-row benchmark use it.</summary>
internal sealed class ThuliumPagesHandler(ThuliumPages pages) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(pages.Body(request.RequestUri!.Query));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}

// The floor's classes: the wire's shape, values as the wire has them (strings for durations and dates, a string or
// number for a pause id through the one converter plain System.Text.Json needs for it).
#pragma warning disable CA1812, CA1002, CA2227 // Instantiated by the serializer; plain, mutable classes on purpose.

internal sealed class PlainRow
{
    [JsonPropertyName("agent")] public PlainAgent? Agent { get; set; }

    [JsonPropertyName("period")] public string? Period { get; set; }

    [JsonPropertyName("inbound")] public PlainInbound? Inbound { get; set; }

    [JsonPropertyName("chat")] public PlainChat? Chat { get; set; }

    [JsonPropertyName("ticket")] public PlainTicket? Ticket { get; set; }

    [JsonPropertyName("outbound_above_threshold")] public PlainOutbound? OutboundAboveThreshold { get; set; }

    [JsonPropertyName("outbound_below_threshold")] public PlainOutbound? OutboundBelowThreshold { get; set; }

    [JsonPropertyName("login_date")] public string? LoginDate { get; set; }

    [JsonPropertyName("logout_date")] public string? LogoutDate { get; set; }

    [JsonPropertyName("pauses")] public List<PlainPause>? Pauses { get; set; }
}

internal sealed class PlainAgent
{
    [JsonPropertyName("login")] public string? Login { get; set; }

    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("surname")] public string? Surname { get; set; }
}

internal sealed class PlainInbound
{
    [JsonPropertyName("count")] public long Count { get; set; }

    [JsonPropertyName("answered_count")] public long AnsweredCount { get; set; }

    [JsonPropertyName("not_answered_count")] public long NotAnsweredCount { get; set; }

    [JsonPropertyName("transferred_count")] public long TransferredCount { get; set; }

    [JsonPropertyName("sum")] public string? Sum { get; set; }

    [JsonPropertyName("average")] public string? Average { get; set; }

    [JsonPropertyName("wait_sum")] public string? WaitSum { get; set; }

    [JsonPropertyName("wait_average")] public string? WaitAverage { get; set; }

    [JsonPropertyName("calls_per_hour")] public decimal CallsPerHour { get; set; }
}

internal sealed class PlainChat
{
    [JsonPropertyName("closed")] public long Closed { get; set; }

    [JsonPropertyName("responded")] public long Responded { get; set; }
}

internal sealed class PlainTicket
{
    [JsonPropertyName("closed")] public long Closed { get; set; }

    [JsonPropertyName("responded")] public long Responded { get; set; }

    [JsonPropertyName("total_responded")] public long TotalResponded { get; set; }
}

internal sealed class PlainOutbound
{
    [JsonPropertyName("count")] public long Count { get; set; }

    [JsonPropertyName("sum")] public string? Sum { get; set; }

    [JsonPropertyName("average")] public string? Average { get; set; }
}

internal sealed class PlainPause
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(PlainPauseIdConverter))]
    public string? Id { get; set; }

    [JsonPropertyName("count")] public long Count { get; set; }

    [JsonPropertyName("sum")] public string? Sum { get; set; }

    [JsonPropertyName("average")] public string? Average { get; set; }
}

/// <summary>A pause id is <c>"all"</c>, <c>"free"</c> or a number: read as a string either way.</summary>
internal sealed class PlainPauseIdConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? System.Text.Encoding.ASCII.GetString(reader.ValueSpan) : reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

#pragma warning restore CA1812, CA1002, CA2227

[JsonSerializable(typeof(List<PlainRow>))]
internal sealed partial class ThuliumPlainJsonContext : JsonSerializerContext;
