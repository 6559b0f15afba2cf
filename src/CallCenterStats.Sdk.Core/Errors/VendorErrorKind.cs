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

    /// <summary>
    /// The answer could not be read: not the vendor's format (an HTML page from a proxy, <c>{}</c>, a row with a missing
    /// cell), malformed, larger than the client's limit. Not transient: the same request gives the same answer.
    /// </summary>
    InvalidResponse,

    /// <summary>
    /// The vendor did not answer in time: an attempt or the whole operation ran out of time, or a streamed answer
    /// stalled. Transient.
    /// </summary>
    Timeout,

    /// <summary>
    /// The client's configuration cannot work with this server: its certificate is not trusted, it redirects elsewhere
    /// (redirects are never followed, so credentials cannot leak to another host), or the request could not be built.
    /// Fix the configuration; not transient.
    /// </summary>
    Configuration,
}
