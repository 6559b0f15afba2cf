using System.Net;
using System.Net.Sockets;

namespace CallCenterStats.Sdk;

/// <summary>
/// What every vendor's options class has: the endpoint, the timeouts, the retry policy, the per-account
/// concurrency limit and the response size limit, a validation hook that runs at start-up, and the list of secrets
/// to keep out of logs, exceptions and telemetry.
/// </summary>
/// <remarks>
/// Every value binds from configuration (<c>"AttemptTimeout": "00:00:30"</c>, <c>"Retry": { "MaxRetries": 8 }</c>).
/// A client copies its options when it is built: changing an options object afterwards changes nothing.
/// </remarks>
public abstract class VendorClientOptions
{
    /// <summary>The default <see cref="AttemptTimeout"/>: 100 seconds.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The default <see cref="OperationTimeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The default <see cref="StreamIdleTimeout"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="MaxResponseBytes"/>: 256 MiB.</summary>
    public const long DefaultMaxResponseBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The base address of the vendor's API (scheme and host, with a path prefix if the deployment has one).
    /// Vendors with a fixed public host, or a host named after the customer, provide a default. Must be
    /// <c>https</c>; plain <c>http</c> is accepted only for a loopback host (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>),
    /// since the client would otherwise send its credentials in clear.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The endpoint requests go to: <see cref="Endpoint"/> when set, otherwise <see cref="DefaultEndpoint"/>
    /// (a vendor's public host, or a host derived from other options such as a customer name).
    /// </summary>
    /// <returns>The endpoint, or null when neither is known.</returns>
    public Uri? ResolveEndpoint() => Endpoint ?? DefaultEndpoint;

    /// <summary>
    /// The endpoint used when <see cref="Endpoint"/> is not set; null by default. Vendors with a public host, or a
    /// host named after the customer, override it; it is read after configuration, so it sees bound values.
    /// </summary>
    protected virtual Uri? DefaultEndpoint => null;

    /// <summary>
    /// How long one attempt of an operation may take, from sending the request to reading the last byte of a
    /// buffered answer (or the first row of a streamed one); <see cref="DefaultAttemptTimeout"/> by default. An attempt
    /// that runs out of time is cut and, like any transient failure, retried.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>
    /// How long a whole operation may take, every attempt and every wait between attempts included (for a streamed
    /// answer: until its first row reaches the caller); <see cref="DefaultOperationTimeout"/> by default.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>
    /// How long a streamed answer may send nothing at all before it is cut; <see cref="DefaultStreamIdleTimeout"/> by
    /// default. A stalled stream fails with a transient <see cref="Errors.VendorApiException"/>; it is retried only when
    /// no row has reached the caller yet.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = DefaultStreamIdleTimeout;

    /// <summary>How failed attempts are retried; see <see cref="RetryOptions"/> for the defaults.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The most requests this account may have in flight at once, shared by every call of the client (including
    /// page prefetching); null (the default) for no limit. A request holds its place until its answer is read.
    /// </summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>
    /// The largest answer read into memory, in bytes (an answer the SDK parses whole, and any error body);
    /// <see cref="DefaultMaxResponseBytes"/> by default. A larger answer fails with
    /// <see cref="Errors.VendorErrorKind.InvalidResponse"/>. Streamed answers are not bound by it (see the vendor's docs).
    /// </summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Returns one message per invalid setting, each naming the option (e.g. <c>Endpoint must be an absolute
    /// https URI.</c>). Derived classes add their own checks and call the base.
    /// </summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public virtual IEnumerable<string> Validate()
    {
        if (CheckEndpoint(ResolveEndpoint()) is { } endpointProblem)
        {
            yield return endpointProblem;
        }

        if (!IsPositiveOrInfinite(AttemptTimeout))
        {
            yield return $"{nameof(AttemptTimeout)} must be positive.";
        }

        if (!IsPositiveOrInfinite(OperationTimeout))
        {
            yield return $"{nameof(OperationTimeout)} must be positive.";
        }

        if (!IsPositiveOrInfinite(StreamIdleTimeout))
        {
            yield return $"{nameof(StreamIdleTimeout)} must be positive.";
        }

        if (MaxConcurrentRequests is < 1)
        {
            yield return $"{nameof(MaxConcurrentRequests)} must be at least 1 (or null for no limit).";
        }

        if (MaxResponseBytes < 1024)
        {
            yield return $"{nameof(MaxResponseBytes)} must be at least 1024.";
        }

        if (Retry is null)
        {
            yield return $"{nameof(Retry)} is required.";
        }
        else
        {
            foreach (var problem in Retry.Validate())
            {
                yield return $"{nameof(Retry)}.{problem}";
            }
        }
    }

    /// <summary>The secret values (passwords, tokens, keys) that must never appear in logs, exceptions or telemetry.</summary>
    /// <returns>The secrets; null entries are ignored. Every encoding the SDK itself produces of each is hidden too.</returns>
    public virtual IEnumerable<string?> GetSecrets() => [];

    /// <summary>
    /// Returns a copy of these options that later changes to this instance do not affect: a client built from options
    /// keeps the copy. The default copies every property and the <see cref="Retry"/> settings; a derived class with
    /// other mutable members (lists, nested objects) overrides it and copies them too.
    /// </summary>
    /// <returns>The copy.</returns>
    public virtual VendorClientOptions Clone()
    {
        var copy = (VendorClientOptions)MemberwiseClone();
        copy.Retry = Retry?.Clone()!;
        return copy;
    }

    /// <summary>Checks an endpoint: absolute, https (http only on loopback), no query, fragment or user info.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="optionName">The option's name, for the message.</param>
    /// <returns>A message naming the option, or null when the endpoint is acceptable.</returns>
    public static string? CheckEndpoint(Uri? endpoint, string optionName = nameof(Endpoint))
    {
        if (endpoint is null)
        {
            return $"{optionName} is required.";
        }

        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            return $"{optionName} must be an absolute https URI.";
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint))
        {
            return $"{optionName} must use https: '{endpoint.Scheme}://{endpoint.Host}' would send the credentials in clear (plain http is only accepted for localhost, 127.0.0.0/8 and [::1]).";
        }

        if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            return $"{optionName} must not contain a query string, fragment or user info; credentials have their own options.";
        }

        return null;
    }

    /// <summary>
    /// Checks an option that ends up in a request header or a request line (a user name, a password, a token): a CR, an
    /// LF, a NUL or a lone surrogate in it is refused at validation, naming the option (never showing the value).
    /// </summary>
    /// <param name="value">The value; null passes (required-ness is checked separately).</param>
    /// <param name="optionName">The option's name, for the message.</param>
    /// <returns>A message naming the option, or null when the value is fine.</returns>
    public static string? CheckHeaderValue(string? value, string optionName) =>
        Pipeline.ParameterValues.FindProblem(value) is { } problem
            ? $"{optionName} {problem.Replace(" at position", ", at position", StringComparison.Ordinal)} and cannot be sent in a request."
            : null;

    /// <summary>Whether the endpoint's host is a loopback host: <c>localhost</c>, 127.0.0.0/8 or <c>[::1]</c>.</summary>
    /// <param name="endpoint">An absolute URI.</param>
    /// <returns><see langword="true"/> for a loopback host.</returns>
    public static bool IsLoopback(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.Equals(endpoint.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(endpoint.IdnHost.Trim('[', ']'), out var address)
            && (address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            && IPAddress.IsLoopback(address);
    }

    private static bool IsPositiveOrInfinite(TimeSpan value) => value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan;
}
