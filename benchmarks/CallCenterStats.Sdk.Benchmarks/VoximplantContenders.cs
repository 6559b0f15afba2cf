using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Voximplant;
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
/// The four ways of reading the same Voximplant answer end to end over loopback (a local Kestrel serving the payload
/// for <c>POST /platform_api/GetACDOperatorStatusStatistics</c>), each returning the number of second-level entries
/// (the limit: the number of tokens) so that they can be checked against each other.
/// </summary>
public sealed class VoximplantContenders : IAsyncDisposable
{
    private const string StatisticsPath = "platform_api/GetACDOperatorStatusStatistics";

    private static readonly InstantRange Month = new(Instant.FromUtc(2024, 3, 1, 0, 0), Instant.FromUtc(2024, 4, 1, 0, 0));

    private readonly WebApplication _server;
    private readonly HttpClient _http;
    private readonly VoximplantClient _sdk;
    private byte[] _payload = [];
    private VoximplantShape _shape;

    private VoximplantContenders(WebApplication server, Uri baseAddress)
    {
        _server = server;
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        using var key = RSA.Create(2048);
        _sdk = VoximplantClient.Create(new VoximplantOptions
        {
            Endpoint = baseAddress,
            CredentialsJson = new System.Text.Json.Nodes.JsonObject
            {
                ["account_id"] = 1,
                ["key_id"] = "bench",
                ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            }.ToJsonString(),
            Retry = { MaxRetries = 0 },
            AttemptTimeout = TimeSpan.FromMinutes(5),
        });
    }

    /// <summary>The names of the contenders, floor first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["floor (STJ source-gen)", "SDK", "Newtonsoft.Json", "limit (Utf8JsonReader)"];

    /// <summary>The answer being served, and its size in MiB.</summary>
    public double PayloadMebibytes => _payload.Length / (1024.0 * 1024.0);

    /// <summary>Starts the server on 127.0.0.1 and builds the clients.</summary>
    public static async Task<VoximplantContenders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        VoximplantContenders? contenders = null;
        app.MapPost("/" + StatisticsPath, async context =>
        {
            var payload = contenders!._payload;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = payload.Length;

            // In 64 KiB writes, each awaiting the client: one large write would copy the whole payload into Kestrel's
            // pipe first, and those buffers would count as allocation in every contender's figures.
            for (var offset = 0; offset < payload.Length; offset += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(payload.AsMemory(offset, Math.Min(64 * 1024, payload.Length - offset)));
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        contenders = new VoximplantContenders(app, new Uri(address + "/"));
        return contenders;
    }

    /// <summary>Serves <paramref name="payload"/>, an answer of shape <paramref name="shape"/>, from now on.</summary>
    public void Serve(VoximplantShape shape, byte[] payload)
    {
        _shape = shape;
        _payload = payload;
    }

    /// <summary>Runs contender <paramref name="index"/> (see <see cref="Names"/>).</summary>
    public Task<long> RunAsync(int index) => index switch
    {
        0 => FloorAsync(),
        1 => SdkAsync(),
        2 => NewtonsoftAsync(),
        _ => LimitAsync(),
    };

    /// <summary>The SDK: <see cref="VoximplantClient.GetAcdOperatorStatusStatisticsAsync"/>, the public model.</summary>
    public async Task<long> SdkAsync()
    {
        var result = await _sdk.GetAcdOperatorStatusStatisticsAsync(new()
        {
            Range = Month,
            Aggregation = TimeBucket.Hour,
            Group = _shape.IsByAgent() ? StatisticsGrouping.ByAgent : StatisticsGrouping.ByPeriod,
        });
        long entries = 0;
        foreach (var group in result.Groups)
        {
            entries += group.Statistics.Count;
        }

        return entries;
    }

    /// <summary>The floor: bare source-generated <see cref="JsonSerializer"/> from the response stream into plain classes.</summary>
    public async Task<long> FloorAsync()
    {
        using var response = await SendAsync();
        await using var body = await response.Content.ReadAsStreamAsync();
        return _shape.IsArrayForm()
            ? Count((await JsonSerializer.DeserializeAsync(body, VoximplantFloorContext.Default.ArrayForm))!.Result!)
            : Count((await JsonSerializer.DeserializeAsync(body, VoximplantFloorContext.Default.ObjectForm))!.Result!);
    }

    /// <summary>The peer: Newtonsoft.Json (what Voximplant's own .NET client uses), streaming from the response into the same classes.</summary>
    public async Task<long> NewtonsoftAsync()
    {
        using var response = await SendAsync();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var text = new StreamReader(body);
        await using var json = new Newtonsoft.Json.JsonTextReader(text);
        var serializer = Newtonsoft.Json.JsonSerializer.CreateDefault();
        return _shape.IsArrayForm()
            ? Count(serializer.Deserialize<FloorEnvelope<FloorGroup<string, List<Dictionary<string, FloorFigures>>>>>(json)!.Result!)
            : Count(serializer.Deserialize<FloorEnvelope<FloorGroup<long, Dictionary<string, FloorFigures>>>>(json)!.Result!);
    }

    /// <summary>The limit: a bare <see cref="Utf8JsonReader"/> over every token, as the bytes arrive; returns the number of tokens.</summary>
    public async Task<long> LimitAsync()
    {
        using var response = await SendAsync();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var state = new JsonReaderState();
        int kept = 0, read;
        long tokens = 0;
        do
        {
            read = await body.ReadAsync(buffer.AsMemory(kept));
            var used = ReadTokens(buffer.AsSpan(0, kept + read), read == 0, ref state, ref tokens);
            kept = kept + read - used;
            buffer.AsSpan(used, kept).CopyTo(buffer);
        }
        while (read > 0);

        return tokens;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _sdk.Dispose();
        _http.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private static int ReadTokens(ReadOnlySpan<byte> data, bool isFinalBlock, ref JsonReaderState state, ref long tokens)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, state);
        while (reader.Read())
        {
            tokens++;
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private Task<HttpResponseMessage> SendAsync() =>
        _http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, StatisticsPath)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["from_date"] = "2024-03-01 00:00:00",
                    ["to_date"] = "2024-04-01 00:00:00",
                    ["user_id"] = "all",
                    ["aggregation"] = "hour",
                    ["group"] = _shape.IsByAgent() ? "user" : "aggregation",
                }),
            },
            HttpCompletionOption.ResponseHeadersRead);

    private static long Count<TId, TStatuses>(List<FloorGroup<TId, TStatuses>> groups)
    {
        long entries = 0;
        foreach (var group in groups)
        {
            entries += group.Statistics!.Count;
        }

        return entries;
    }
}
