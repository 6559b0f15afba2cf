using System.Net;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// VCC Live's error envelope: <c>{"response": ..., "errors": [...]}</c>, sent with any HTTP status (errors come
/// with HTTP 200 too) and any content type. The shape of an <c>errors</c> item is undocumented: a string, or an
/// object whose <c>message</c>, <c>msg</c> or <c>error</c> string is the message (and <c>code</c> the code), or
/// anything else, kept as its JSON text. Classification is by HTTP status (401 authentication, 403 permission
/// denied: VCC Live only accepts registered IP addresses); the vendor documents no error codes. Because errors come
/// with HTTP 200, an error whose message says the service is temporarily unavailable, overloaded or asks to try again
/// later is also treated as transient, and (when the HTTP status says nothing more specific) of kind
/// <see cref="VendorErrorKind.ServiceUnavailable"/>: a documented heuristic, the vendor publishes no list of messages.
/// </summary>
internal sealed class VccLiveErrorPolicy : VendorErrorPolicy
{
    public static VccLiveErrorPolicy Instance { get; } = new();

    public override string VendorName => "VCC Live";

    private static readonly string[] TransientPhrases = ["temporarily unavailable", "try again later", "overloaded", "timed out", "timeout"];

    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors)
    {
        var kind = base.Classify(statusCode, errors);
        return kind == VendorErrorKind.Unknown && SaysTryLater(errors) ? VendorErrorKind.ServiceUnavailable : kind;
    }

    public override bool IsTransient(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors, VendorErrorKind kind) =>
        base.IsTransient(statusCode, errors, kind) || SaysTryLater(errors);

    private static bool SaysTryLater(IReadOnlyList<VendorError> errors) =>
        errors.Any(e => TransientPhrases.Any(phrase => e.Message.Contains(phrase, StringComparison.OrdinalIgnoreCase)));

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!JsonDocument.TryParseValue(ref reader, out var document))
        {
            return VendorErrorReport.Empty;
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors)
                ? new VendorErrorReport(ReadErrors(errors))
                : VendorErrorReport.Empty;
        }
    }

    /// <summary>Reads the value of an <c>errors</c> property: an array of items, a single item, or null.</summary>
    public static List<VendorError> ReadErrors(JsonElement errors)
    {
        var list = new List<VendorError>();
        switch (errors.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            case JsonValueKind.Array:
                foreach (var item in errors.EnumerateArray())
                {
                    if (ReadItem(item) is { } error)
                    {
                        list.Add(error);
                    }
                }

                break;
            default:
                if (ReadItem(errors) is { } single)
                {
                    list.Add(single);
                }

                break;
        }

        return list;
    }

    private static VendorError? ReadItem(JsonElement item)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                var text = TextOf(item);
                return string.IsNullOrWhiteSpace(text) ? null : new VendorError(null, text);
            case JsonValueKind.Object:
                string? message = null;
                foreach (var name in (ReadOnlySpan<string>)["message", "msg", "error"])
                {
                    if (TryGetString(item, name) is { Length: > 0 } found)
                    {
                        message = found;
                        break;
                    }
                }

                var code = TryGetScalarText(item, "code");
                return new VendorError(code, message ?? item.GetRawText());
            default:
                return new VendorError(null, item.GetRawText());
        }
    }

    private static string? TryGetString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? TextOf(value) : null;

    private static string? TryGetScalarText(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => TextOf(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };

    /// <summary>A string's text; its JSON text (escapes kept) when it is not valid text (a lone surrogate escape, invalid UTF-8).</summary>
    private static string TextOf(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }
}
