using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenterStats.Sdk.TestSupport;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 with a free port, for end-to-end tests of the clients over a
/// real socket. Every request is recorded (method, path, query, headers, body) before the handler runs.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Starts a server that answers every request with <paramref name="handler"/>.</summary>
    public static async Task<LoopbackServer> StartAsync(Func<RecordedRequest, HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            var recorded = await RecordedRequest.ReadAsync(context.Request);
            server!._requests.Enqueue(recorded);
            await handler(recorded, context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Starts a server that answers every request with the same status and body.</summary>
    public static Task<LoopbackServer> StartAsync(int status, string body, string contentType = "application/json") =>
        StartAsync((_, context) => context.RespondAsync(status, body, contentType));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request as the server received it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    /// <summary>The form fields of an <c>application/x-www-form-urlencoded</c> body (empty otherwise).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form =>
        Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)
            ? ParsePairs(Body)
            : [];

    /// <summary>The query parameters in order (repeated names kept).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => ParsePairs(QueryString.TrimStart('?'));

    /// <summary>The <c>Authorization</c> header, or null.</summary>
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    internal static async Task<RecordedRequest> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.Method, request.Path.Value ?? string.Empty, request.QueryString.Value ?? string.Empty, headers, body);
    }

    private static List<KeyValuePair<string, string>> ParsePairs(string text) =>
        text.Length == 0
            ? []
            : text.Split('&')
                .Select(pair => pair.Split('=', 2))
                .Select(p => new KeyValuePair<string, string>(Unescape(p[0]), p.Length > 1 ? Unescape(p[1]) : string.Empty))
                .ToList();

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}

/// <summary>Response helpers for loopback handlers.</summary>
public static class HttpContextResponses
{
    /// <summary>Writes a status, a content type and a body.</summary>
    public static async Task RespondAsync(this HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }
}
