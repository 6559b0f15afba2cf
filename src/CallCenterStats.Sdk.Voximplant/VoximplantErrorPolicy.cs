using System.Net;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Voximplant.Wire;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// Voximplant's error envelope, <c>{"error": {"code": int, "msg": string}}</c>, which arrives with any HTTP status
/// (often 200), and what its codes mean.
/// </summary>
internal sealed partial class VoximplantErrorPolicy : VendorErrorPolicy
{
    public static VoximplantErrorPolicy Instance { get; } = new();

    public override string VendorName => "Voximplant";

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(body, VoximplantJsonContext.Default.ErrorEnvelope);
            return ToReport(envelope?.Error);
        }
        catch (JsonException)
        {
            // Not Voximplant's envelope (a proxy's HTML page, a cut-off body): the HTTP status decides.
            return VendorErrorReport.Empty;
        }
    }

    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) =>
        FirstCode(errors) switch
        {
            100 => VendorErrorKind.Authentication,
            104 => VendorErrorKind.PermissionDenied,
            101 or 111 or 117 or 123 or 227 or 228 or 569 => VendorErrorKind.InvalidRequest,
            314 or 340 => VendorErrorKind.RateLimited,
            1 or 2 or 162 or 416 => VendorErrorKind.ServiceUnavailable,
            _ => ClassifyStatus(statusCode),
        };

    public override bool IsTransient(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors, VendorErrorKind kind) =>
        FirstCode(errors) is 1 or 2 or 162 or 314 or 340 or 416
        || statusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (int)statusCode >= 500;

    /// <summary>Code 416 says "repeat after N seconds" in its message: that N becomes the retry delay.</summary>
    public override NodaTime.Duration? GetRetryAfter(IReadOnlyList<VendorError> errors)
    {
        if (FirstCode(errors) != 416)
        {
            return null;
        }

        var match = SecondsPattern().Match(errors[0].Message);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? NodaTime.Duration.FromSeconds(seconds)
            : null;
    }

    /// <summary>The report of an error read from a body.</summary>
    public static VendorErrorReport ToReport(ErrorDto? error) =>
        error is null
            ? VendorErrorReport.Empty
            : new VendorErrorReport([new VendorError(error.Code, error.Message ?? "Voximplant reported an error without a message.")]);

    private static long? FirstCode(IReadOnlyList<VendorError> errors) =>
        errors.Count > 0 && long.TryParse(errors[0].Code, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"(\d+)\s*s(?:ec|econds?)?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SecondsPattern();
}
