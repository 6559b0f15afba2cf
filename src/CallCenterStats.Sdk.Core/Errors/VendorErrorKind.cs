namespace CallCenterStats.Sdk.Errors;

/// <summary>What kind of failure a vendor call ended in, as far as the client could tell.</summary>
public enum VendorErrorKind
{
    /// <summary>The vendor reported an error the client could not classify.</summary>
    Unknown = 0,

    /// <summary>The request was rejected as invalid (bad parameter, bad date range). Fix the request; do not retry.</summary>
    InvalidRequest,

    /// <summary>The credentials or token were rejected.</summary>
    Authentication,

    /// <summary>The credentials are valid but not allowed to do this.</summary>
    PermissionDenied,

    /// <summary>The resource does not exist or is not visible to the caller.</summary>
    NotFound,

    /// <summary>Too many requests; see <see cref="VendorApiException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The vendor failed or is temporarily unavailable; retrying later may succeed.</summary>
    ServiceUnavailable,

    /// <summary>The response could not be read (not the vendor's format, truncated, malformed JSON).</summary>
    InvalidResponse,
}
