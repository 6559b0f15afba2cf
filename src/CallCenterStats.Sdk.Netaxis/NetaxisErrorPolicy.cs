using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Reads both APIO error envelopes: core endpoints answer <c>{"error": "message"}</c>, gateway endpoints
/// <c>{"errors": [{"message": …, "details": …}]}</c>. Where the sub-error code sits is undocumented, so it is
/// looked for in the usual places (<c>subErrorCode</c>, <c>code</c>, … on the error or at the top level, or a
/// <c>2: INVALID_PARAMETERS</c> prefix of the message or of the details); the vendor's message is always kept as is.
/// </summary>
internal sealed partial class NetaxisErrorPolicy : VendorErrorPolicy
{
    /// <summary>The code of the error raised when a login asks for a second factor.</summary>
    public const string TwoFactorRequiredCode = "2FA_REQUIRED";

    /// <summary>The error raised when a login asks for a second factor.</summary>
    public static readonly VendorError TwoFactorRequired = new(
        TwoFactorRequiredCode,
        "The login requires two-factor authentication (2FA), which cannot be completed unattended. " +
        "Use an APIO user without 2FA (a machine user) or a long-lived token (NetaxisOptions.Token).");

    /// <summary>The name of sub-error 2.</summary>
    public const string InvalidParametersCode = "INVALID_PARAMETERS";

    /// <summary>The number of sub-error INVALID_PARAMETERS.</summary>
    public const string InvalidParametersNumber = "2";

    // Sub-error first: it is the more specific code when a body carries both.
    private static readonly string[] CodeFields = ["subErrorCode", "sub_error_code", "subCode", "sub_code", "errorCode", "error_code", "code"];
    private static readonly string[] MessageFields = ["message", "msg", "error", "detail", "description"];

    public static NetaxisErrorPolicy Instance { get; } = new();

    public override string VendorName => "Netaxis APIO";

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return VendorErrorReport.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return VendorErrorReport.Empty;
            }

            var report = ReadReport(name => root.TryGetProperty(name, out var value) ? value : null, bareMessageIsError: true);
            return root.TryGetProperty("2fa_payload", out var challenge) && IsTwoFactorChallenge(challenge)
                ? report with { Errors = [TwoFactorRequired, .. report.Errors] }
                : report;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a property name holding an escaped lone surrogate (which TryGetProperty cannot compare).
            return VendorErrorReport.Empty;
        }
    }

    /// <summary>Finds an error envelope inside a successful body's unknown fields.</summary>
    public static VendorErrorReport FindErrors(Dictionary<string, JsonElement>? extra) =>
        extra is null || (!extra.ContainsKey("error") && !extra.ContainsKey("errors"))
            ? VendorErrorReport.Empty
            : ReadReport(name => extra.TryGetValue(name, out var value) ? value : null, bareMessageIsError: false);

    /// <summary>
    /// The exception for an error envelope inside a successful body, or null when there is none. An envelope whose
    /// property names hold an escaped lone surrogate cannot be searched (<see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// throws): that answer is refused as invalid.
    /// </summary>
    public static VendorApiException? FindErrorException(VendorResponse response, Dictionary<string, JsonElement>? extra)
    {
        ArgumentNullException.ThrowIfNull(response);
        VendorErrorReport report;
        try
        {
            report = FindErrors(extra);
        }
        catch (InvalidOperationException)
        {
            return response.CreateInvalidResponseException("the error envelope holds a name that is not valid UTF-16");
        }

        return report.HasErrors ? response.CreateException(report) : null;
    }

    /// <summary>Whether a login answer's <c>2fa_payload</c> is an actual challenge (not null, false or empty).</summary>
    public static bool IsTwoFactorChallenge(JsonElement? payload) =>
        payload is { } value
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False)
        && !(value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).SequenceEqual("\"\""u8));

    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Any(e => e.Code == TwoFactorRequiredCode))
        {
            return VendorErrorKind.Authentication;
        }

        var byStatus = ClassifyStatus(statusCode);
        if (byStatus != VendorErrorKind.Unknown)
        {
            return byStatus;
        }

        // Errors inside a 2xx body: only the codes tell.
        return errors.Any(e => e.Code is InvalidParametersNumber or InvalidParametersCode)
            ? VendorErrorKind.InvalidRequest
            : VendorErrorKind.Unknown;
    }

    private static VendorErrorReport ReadReport(Func<string, JsonElement?> property, bool bareMessageIsError)
    {
        var topCode = FindCode(property);
        var topDetails = Text(property("details"));
        var errors = new List<VendorError>();

        if (property("errors") is { } list)
        {
            if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    AddItem(errors, item, topCode, topDetails);
                }
            }
            else
            {
                AddItem(errors, list, topCode, topDetails);
            }
        }

        if (property("error") is { } error)
        {
            AddItem(errors, error, topCode, topDetails);
        }

        if (errors.Count == 0 && bareMessageIsError)
        {
            // {"message": …} or flask-jwt-extended's {"msg": "Token has expired"}.
            var message = Text(property("message")) ?? Text(property("msg"));
            if (!string.IsNullOrWhiteSpace(message))
            {
                errors.Add(Create(topCode, message, topDetails));
            }
        }

        var requestId = Text(property("request_id")) ?? Text(property("requestId"));
        return new VendorErrorReport(errors, requestId);
    }

    private static void AddItem(List<VendorError> errors, JsonElement item, string? fallbackCode, string? fallbackDetails)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False:
                return;
            case JsonValueKind.String:
                var text = StringOrRaw(item);
                if (!string.IsNullOrWhiteSpace(text))
                {
                    errors.Add(Create(fallbackCode, text, fallbackDetails));
                }

                return;
            case JsonValueKind.Object:
                JsonElement? Property(string name) => item.TryGetProperty(name, out var value) ? value : null;
                var message = MessageFields.Select(f => Text(Property(f))).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
                var details = Text(Property("details")) ?? fallbackDetails;
                var code = FindCode(Property) ?? fallbackCode;
                errors.Add(Create(code, message ?? details ?? Raw(item), details) with
                {
                    Target = Text(Property("field")) ?? Text(Property("parameter")),
                });
                return;
            default:
                errors.Add(Create(fallbackCode, Raw(item), fallbackDetails));
                return;
        }
    }

    private static VendorError Create(string? code, string message, string? details)
    {
        // The sub-error notation "2: INVALID_PARAMETERS" may lead the message or the details.
        foreach (var text in (ReadOnlySpan<string?>)[message, details])
        {
            if (code is null && text is not null && LeadingCode().Match(text) is { Success: true } match)
            {
                code = match.Groups["number"].Value;
            }
        }

        return new VendorError(code, message) { Details = details };
    }

    private static string? FindCode(Func<string, JsonElement?> property) =>
        CodeFields
            .Select(f => property(f) is { ValueKind: JsonValueKind.String or JsonValueKind.Number } code ? Text(code) : null)
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));

    private static string? Text(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } e => StringOrRaw(e),
        { ValueKind: JsonValueKind.Number } e => Raw(e),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.Object or JsonValueKind.Array } e => Raw(e),
        _ => null,
    };

    /// <summary>
    /// The string, or its JSON text as sent (quotes and escapes included) when it is not text (an escaped lone surrogate,
    /// invalid UTF-8): the vendor's message is kept rather than lost to an <see cref="InvalidOperationException"/>.
    /// </summary>
    private static string StringOrRaw(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Raw(element);
        }
    }

    /// <summary>
    /// The element's JSON text as sent, invalid UTF-8 replaced by U+FFFD (<see cref="JsonElement.GetRawText"/> throws on
    /// it: the reader does not check the UTF-8 inside strings it only skips).
    /// </summary>
    private static string Raw(JsonElement element) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(element));

    // "2: INVALID_PARAMETERS, …", the notation of the spec's status-code list.
    [GeneratedRegex(@"^\s*(?<number>\d+)\s*:\s*[A-Z][A-Z0-9_]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LeadingCode();
}
