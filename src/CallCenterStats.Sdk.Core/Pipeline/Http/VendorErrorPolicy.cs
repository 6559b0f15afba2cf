using System.Net;
using System.Net.Http.Headers;
using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// The error-envelope hook of one vendor: how its error bodies look, which of its codes are transient and
/// what kind of failure each is. The request pipeline calls it for every failed response; a vendor package
/// derives one class from it and changes nothing in Core.
/// </summary>
public abstract class VendorErrorPolicy
{
    /// <summary>The vendor's display name, used in exception messages.</summary>
    public abstract string VendorName { get; }

    /// <summary>
    /// Reads the vendor's error envelope from a response body (the first
    /// <see cref="VendorApiException.MaxRawBodyLength"/> bytes or so). Called for non-success statuses; a
    /// body that is not an error envelope yields an empty report.
    /// </summary>
    /// <param name="body">The start of the body, as bytes; it may not be JSON at all.</param>
    /// <returns>The errors and the request id found in the body.</returns>
    public abstract VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body);

    /// <summary>Classifies a failure. By default the HTTP status decides; vendors with error codes override.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errors">The errors the vendor reported.</param>
    /// <returns>The kind of failure.</returns>
    public virtual VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) => ClassifyStatus(statusCode);

    /// <summary>Whether retrying the same request may succeed. By default: rate limits and unavailability.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errors">The errors the vendor reported.</param>
    /// <param name="kind">The kind <see cref="Classify"/> gave.</param>
    /// <returns><see langword="true"/> when the failure is worth retrying.</returns>
    public virtual bool IsTransient(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors, VendorErrorKind kind) =>
        kind is VendorErrorKind.RateLimited or VendorErrorKind.ServiceUnavailable
        || statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || (int)statusCode >= 500;

    /// <summary>
    /// How long the vendor asked to wait, when it says so in its error body rather than in a <c>Retry-After</c>
    /// header (e.g. an error "repeat after N seconds"). Null by default; the header wins when both are present.
    /// </summary>
    /// <param name="errors">The errors the vendor reported.</param>
    /// <returns>The delay, or null.</returns>
    public virtual NodaTime.Duration? GetRetryAfter(IReadOnlyList<VendorError> errors) => null;

    /// <summary>Finds the vendor's request id in the response headers. By default <c>X-Request-Id</c> and similar.</summary>
    /// <param name="headers">The response headers.</param>
    /// <returns>The request id, or null.</returns>
    public virtual string? GetRequestId(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var name in (ReadOnlySpan<string>)["X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-RequestId"])
        {
            if (headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    /// <summary>The default classification of an HTTP status.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>The kind of failure the status usually means.</returns>
    public static VendorErrorKind ClassifyStatus(HttpStatusCode statusCode) => statusCode switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge
            or HttpStatusCode.RequestUriTooLong or HttpStatusCode.MethodNotAllowed => VendorErrorKind.InvalidRequest,
        HttpStatusCode.Unauthorized => VendorErrorKind.Authentication,
        HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden => VendorErrorKind.PermissionDenied,
        HttpStatusCode.NotFound or HttpStatusCode.Gone => VendorErrorKind.NotFound,
        HttpStatusCode.TooManyRequests => VendorErrorKind.RateLimited,
        HttpStatusCode.RequestTimeout => VendorErrorKind.ServiceUnavailable,
        >= HttpStatusCode.InternalServerError => VendorErrorKind.ServiceUnavailable,
        _ => VendorErrorKind.Unknown,
    };
}

/// <summary>What a vendor's error envelope said.</summary>
/// <param name="Errors">The errors, in the vendor's order.</param>
/// <param name="RequestId">The request id the body carried, if any.</param>
public sealed record VendorErrorReport(IReadOnlyList<VendorError> Errors, string? RequestId = null)
{
    /// <summary>A report with no errors.</summary>
    public static VendorErrorReport Empty { get; } = new([]);

    /// <summary>Whether the report holds at least one error.</summary>
    public bool HasErrors => Errors.Count > 0;
}
