using System.Net;
using System.Text.Json;
using CallCenterStats.Sdk.Enswitch.Wire;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Reads Enswitch's <c>responses[]</c> envelope (<c>code</c> is a string such as <c>"400"</c>, <c>key</c> names
/// the bad parameter) and classifies its codes. Whether the HTTP status mirrors <c>code</c> is not documented, so
/// the envelope's code decides whenever the body has one, in HTTP 200 bodies too: both the kind and whether the
/// failure is transient. <c>402</c> is <see cref="VendorErrorKind.PermissionDenied"/>, not
/// <see cref="VendorErrorKind.Authentication"/>: the credentials are right but the user's role may not use this method.
/// </summary>
internal sealed class EnswitchErrorPolicy : VendorErrorPolicy
{
    public static EnswitchErrorPolicy Instance { get; } = new();

    public override string VendorName => "Enswitch";

    public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body)
    {
        EnswitchEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, EnswitchJsonContext.Default.EnswitchEnvelope);
        }
        catch (JsonException)
        {
            // Not the envelope (a proxy's HTML page, a cut-off body): the HTTP status alone classifies it.
            return VendorErrorReport.Empty;
        }

        return FindErrors(envelope);
    }

    /// <summary>Returns every <c>responses[]</c> entry whose code is not a 2xx code.</summary>
    public static VendorErrorReport FindErrors(EnswitchEnvelope? envelope)
    {
        if (envelope?.Responses is not { Count: > 0 } responses)
        {
            return VendorErrorReport.Empty;
        }

        var errors = new List<VendorError>();
        foreach (var entry in responses)
        {
            // An entry without a code is not an error report: FindProblem refuses it as a wrong answer.
            if (entry is null || string.IsNullOrWhiteSpace(entry.Code) || IsSuccessCode(entry.Code))
            {
                continue;
            }

            var code = string.IsNullOrWhiteSpace(entry.Code) ? null : entry.Code.Trim();
            var message = string.IsNullOrWhiteSpace(entry.Message) ? DocumentedMeaning(code) : entry.Message;
            errors.Add(new VendorError(code, message)
            {
                Target = string.IsNullOrWhiteSpace(entry.Key) ? null : entry.Key,
            });
        }

        return errors.Count == 0 ? VendorErrorReport.Empty : new VendorErrorReport(errors);
    }

    /// <summary>
    /// What makes a successful answer's envelope structurally wrong (see the README, "Answers the client refuses"), or
    /// null: <c>responses</c> must be there and not empty, and every entry must carry a <c>code</c>.
    /// </summary>
    public static string? FindProblem(EnswitchEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Responses is not { Count: > 0 } responses)
        {
            return "the answer has no \"responses\" envelope";
        }

        for (var i = 0; i < responses.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(responses[i]?.Code))
            {
                return $"entry {(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} of \"responses\" has no \"code\"";
            }
        }

        return null;
    }

    /// <summary>
    /// Classifies by the first envelope code that is an HTTP-like status (400–599), else by the HTTP status:
    /// <c>400</c> → <see cref="VendorErrorKind.InvalidRequest"/>, <c>401</c> → <see cref="VendorErrorKind.Authentication"/>,
    /// <c>402</c> → <see cref="VendorErrorKind.PermissionDenied"/>, <c>404</c> → <see cref="VendorErrorKind.NotFound"/>.
    /// </summary>
    /// <remarks>
    /// Enswitch's docs list 401 and 402 together as authentication errors, but 402 ("your role does not allow this")
    /// means the credentials were accepted and the user's role may not use this method: that is a missing permission,
    /// not bad credentials, so it is <see cref="VendorErrorKind.PermissionDenied"/> (fix the role, not the password).
    /// </remarks>
    public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) =>
        ClassifyStatus(EffectiveStatus(statusCode, errors));

    /// <summary>
    /// Whether a retry may help, judged like <see cref="Classify"/> by the envelope's code when there is one: a
    /// <c>400</c>/<c>401</c>/<c>402</c>/<c>404</c> envelope is not transient even inside an HTTP 5xx, and a 5xx code
    /// is transient even inside an HTTP 200.
    /// </summary>
    public override bool IsTransient(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors, VendorErrorKind kind) =>
        base.IsTransient(EffectiveStatus(statusCode, errors), errors, kind);

    // The vendor's codes are HTTP statuses (400, 401, 402, 404), so the first such code stands for the status.
    private static HttpStatusCode EffectiveStatus(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            if (int.TryParse(error.Code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
                && code is >= 400 and <= 599)
            {
                return (HttpStatusCode)code;
            }
        }

        return statusCode;
    }

    // Only a non-2xx code is an error.
    private static bool IsSuccessCode(string code) =>
        (int.TryParse(code, System.Globalization.NumberStyles.AllowLeadingWhite | System.Globalization.NumberStyles.AllowTrailingWhite, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value is >= 200 and <= 299);

    // The spec page's descriptions, for entries that carry a code but no message.
    private static string DocumentedMeaning(string? code) => code switch
    {
        "400" => "Invalid input parameters specified.",
        "401" => "The authentication details provided are invalid.",
        "402" => "Your role does not allow this.",
        "404" => "The queue does not exist, or you do not have permission to view it.",
        _ => "Enswitch reported an error.",
    };
}
