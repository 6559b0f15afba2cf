using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenterStats.Sdk.Emulator.Hosting;

/// <summary>Small HTTP helpers shared by the vendor routes: JSON writing (streamed), Basic auth, forms.</summary>
internal static class EmulatorHttp
{
    private const int FlushThreshold = 32 * 1024;

    /// <summary>Writes a JSON response with <see cref="Utf8JsonWriter"/> straight to the response body.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            write(writer);
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a large JSON response as it is produced: <paramref name="write"/> calls <see cref="FlushIfFullAsync"/>
    /// between items, so memory stays bounded whatever the size of the answer.
    /// </summary>
    public static async Task StreamJsonAsync(HttpContext context, int status, Func<Utf8JsonWriter, Task> write, string contentType = "application/json; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            await write(writer).ConfigureAwait(false);
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends what the writer has produced once enough bytes have accumulated since the last send. A
    /// <see cref="Utf8JsonWriter"/> over the response's pipe commits its bytes to the pipe by itself whenever a
    /// buffer fills, but only flushing the pipe sends them (and waits while the client is slower than the emulator:
    /// back-pressure), so without this the whole answer would pile up in memory.
    /// </summary>
    public static async ValueTask FlushIfFullAsync(Utf8JsonWriter writer, HttpContext context)
    {
        var produced = writer.BytesCommitted + writer.BytesPending;
        var sent = context.Items.TryGetValue(SentKey, out var value) && value is long mark ? mark : 0L;
        if (produced - sent >= FlushThreshold)
        {
            writer.Flush();
            context.Items[SentKey] = produced;
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static readonly object SentKey = new();

    /// <summary>Writes text (tab or CSV) to the response, flushing as it goes.</summary>
    public static async Task StreamTextAsync(HttpContext context, int status, string contentType, Func<Func<string, ValueTask>, Task> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var builder = new StringBuilder();
        async ValueTask Append(string text)
        {
            builder.Append(text);
            if (builder.Length >= FlushThreshold)
            {
                await context.Response.WriteAsync(builder.ToString(), context.RequestAborted).ConfigureAwait(false);
                builder.Clear();
            }
        }

        await write(Append).ConfigureAwait(false);
        await context.Response.WriteAsync(builder.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads HTTP Basic credentials, or returns false.</summary>
    public static bool TryGetBasic(HttpContext context, out string user, out string password)
    {
        user = password = string.Empty;
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            user = text[..colon];
            password = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether the request carries exactly these Basic credentials.</summary>
    public static bool HasBasic(HttpContext context, string user, string password) =>
        TryGetBasic(context, out var u, out var p) && u == user && p == password;

    /// <summary>Returns the bearer token of the request, or null.</summary>
    public static string? GetBearer(HttpContext context)
    {
        var value = context.Request.Headers.Authorization.ToString();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;
    }

    /// <summary>Reads the form body (for form posts) merged after the query string: the way PHP's <c>$_REQUEST</c> sees them.</summary>
    /// <param name="context">The request.</param>
    /// <param name="semicolonSeparatesQuery">
    /// Whether a raw <c>;</c> also separates query parameters (Enswitch documents <c>?a=1;b=2</c>); an escaped
    /// <c>%3B</c> stays part of its value.
    /// </param>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ReadParametersAsync(HttpContext context, bool semicolonSeparatesQuery = false)
    {
        var result = new List<KeyValuePair<string, string>>();
        var query = semicolonSeparatesQuery
            ? new QueryCollection(QueryHelpers.ParseQuery(context.Request.QueryString.Value?.Replace(';', '&')))
            : context.Request.Query;
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                result.Add(new(key, value ?? string.Empty));
            }
        }

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            foreach (var (key, values) in form)
            {
                foreach (var value in values)
                {
                    result.Add(new(key, value ?? string.Empty));
                }
            }
        }

        return result;
    }

    /// <summary>The last value of a parameter, or null.</summary>
    public static string? Get(this IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        parameters.LastOrDefault(p => p.Key == name).Value;

    /// <summary>Every value of a repeated parameter.</summary>
    public static IReadOnlyList<string> GetAll(this IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        parameters.Where(p => p.Key == name).Select(p => p.Value).ToList();
}
