using System.Net;
using System.Text;
using NodaTime;

namespace CallCenterStats.Sdk.Errors;

/// <summary>
/// A vendor call failed: the vendor answered with an error (in any HTTP status, including errors inside
/// HTTP 200 bodies), or its answer could not be read. The one exception type every vendor client throws
/// for failed calls; bad arguments are reported before any I/O with <see cref="ArgumentException"/> instead.
/// </summary>
/// <remarks>
/// Nothing in this exception contains a password, token or key: messages and the raw body are redacted
/// with the client's secrets, and the request URI is reduced to its path (no query string).
/// </remarks>
public class VendorApiException : Exception
{
    /// <summary>The largest part of a response body kept in <see cref="RawBody"/>, in characters.</summary>
    public const int MaxRawBodyLength = 8 * 1024;

    /// <summary>Creates the exception.</summary>
    /// <param name="vendor">The vendor's display name (e.g. <c>Voximplant</c>).</param>
    /// <param name="kind">What kind of failure this is.</param>
    /// <param name="errors">The errors the vendor reported; may be empty.</param>
    /// <param name="statusCode">The HTTP status, or null when no response arrived.</param>
    /// <param name="isTransient">Whether retrying the same request later may succeed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public VendorApiException(
        string vendor,
        VendorErrorKind kind,
        IReadOnlyList<VendorError> errors,
        HttpStatusCode? statusCode,
        bool isTransient,
        Exception? innerException = null)
        : base(BuildMessage(vendor, kind, errors, statusCode), innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        ArgumentNullException.ThrowIfNull(errors);
        Vendor = vendor;
        Kind = kind;
        Errors = errors;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>The vendor's display name.</summary>
    public string Vendor { get; }

    /// <summary>What kind of failure this is.</summary>
    public VendorErrorKind Kind { get; }

    /// <summary>The HTTP status of the response, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Every error the vendor reported, in its order; may be empty.</summary>
    public IReadOnlyList<VendorError> Errors { get; }

    /// <summary>The first error's vendor code, or null.</summary>
    public string? VendorCode => Errors.Count > 0 ? Errors[0].Code : null;

    /// <summary>The first error's vendor message, or null.</summary>
    public string? VendorMessage => Errors.Count > 0 ? Errors[0].Message : null;

    /// <summary>Whether retrying the same request later may succeed (rate limits, outages, vendor "try later" codes).</summary>
    public bool IsTransient { get; }

    /// <summary>The vendor's request id (from a header or the body, secrets redacted, at most 200 characters), for support tickets.</summary>
    public string? RequestId { get; init; }

    /// <summary>How long the vendor asked to wait before retrying, when it said (<c>Retry-After</c>).</summary>
    public Duration? RetryAfter { get; init; }

    /// <summary>The HTTP method of the failed request.</summary>
    public string? RequestMethod { get; init; }

    /// <summary>The path of the failed request; the query string is never kept (it may carry credentials).</summary>
    public string? RequestPath { get; init; }

    /// <summary>
    /// The start of the response body (at most <see cref="MaxRawBodyLength"/> characters, secrets redacted), for
    /// diagnostics.
    /// </summary>
    public string? RawBody { get; init; }

    /// <inheritdoc />
    public override string Message => RequestId is null ? base.Message : $"{base.Message} Request id: {RequestId}.";

    private static string BuildMessage(string vendor, VendorErrorKind kind, IReadOnlyList<VendorError> errors, HttpStatusCode? status)
    {
        var text = new StringBuilder();
        text.Append(vendor).Append(" request failed");
        if (status is { } s)
        {
            text.Append(" (HTTP ").Append((int)s).Append(')');
        }

        text.Append(": ");
        if (errors is { Count: > 0 })
        {
            text.AppendJoin("; ", errors);
        }
        else
        {
            text.Append(kind switch
            {
                VendorErrorKind.InvalidResponse => "the response could not be read",
                VendorErrorKind.Authentication => "authentication failed",
                VendorErrorKind.PermissionDenied => "permission denied",
                VendorErrorKind.NotFound => "not found",
                VendorErrorKind.RateLimited => "rate limited",
                VendorErrorKind.ServiceUnavailable => "the service is unavailable",
                VendorErrorKind.InvalidRequest => "the request was rejected",
                VendorErrorKind.Timeout => "the vendor did not answer in time",
                VendorErrorKind.Configuration => "the client's configuration does not work with this server",
                _ => "the vendor reported an error",
            });
        }

        // Vendors' own messages often end in a full stop already: do not write a second one.
        return text.Length > 0 && text[^1] is '.' or '!' or '?' ? text.ToString() : text.Append('.').ToString();
    }
}
