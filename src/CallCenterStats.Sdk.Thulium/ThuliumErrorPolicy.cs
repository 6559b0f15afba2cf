using System.Globalization;
using System.Net;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// Thulium's error envelope, <c>{"request_id": "...", "errors": [{"message": "...", "code": 123}]}</c>, in any
/// HTTP status. Thulium does not publish its error codes: failures are classified by the HTTP status, and for
/// errors inside a 2xx body by the first error's code when it looks like an HTTP status (400–599), else
/// <see cref="VendorErrorKind.Unknown"/> (not transient).
/// </summary>
internal sealed class ThuliumErrorPolicy : VendorErrorPolicy
{
    public static ThuliumErrorPolicy Instance { get; } = new();

    public override string VendorName => "Thulium";

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return VendorErrorReport.Empty;
            }

            return ToReport(JsonSerializer.Deserialize(body, ThuliumJsonContext.Default.ErrorEnvelopeDto));
        }
        catch (JsonException)
        {
            return VendorErrorReport.Empty;
        }
        catch (InvalidOperationException)
        {
            // Text that is not valid UTF-8 or UTF-16: no error can be read from it.
            return VendorErrorReport.Empty;
        }
    }

    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) =>
        ClassifyStatus(EffectiveStatus(statusCode, errors));

    public override bool IsTransient(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors, VendorErrorKind kind) =>
        base.IsTransient(EffectiveStatus(statusCode, errors), errors, kind);

    internal static VendorErrorReport ToReport(ErrorEnvelopeDto? envelope)
    {
        if (envelope is null)
        {
            return VendorErrorReport.Empty;
        }

        var errors = new List<VendorError>();
        foreach (var error in envelope.Errors ?? [])
        {
            // An entry with neither a code nor a message says nothing: in an error status the status decides; in a 2xx
            // answer the reader refuses the whole body before it gets here.
            if (error is not null && !(string.IsNullOrEmpty(error.Code) && string.IsNullOrEmpty(error.Message)))
            {
                errors.Add(new VendorError(NullIfEmpty(error.Code), error.Message ?? string.Empty));
            }
        }

        if (errors.Count == 0 && (envelope.Message is not null || envelope.Code is not null))
        {
            errors.Add(new VendorError(NullIfEmpty(envelope.Code), envelope.Message ?? string.Empty));
        }

        return new VendorErrorReport(errors, NullIfEmpty(envelope.RequestId));
    }

    private static HttpStatusCode EffectiveStatus(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors)
    {
        if ((int)statusCode < 300
            && errors.Count > 0
            && int.TryParse(errors[0].Code, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is >= 400 and <= 599)
        {
            return (HttpStatusCode)code;
        }

        return statusCode;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
