namespace CallCenterStats.Sdk.DependencyInjection;

/// <summary>
/// What every vendor's options class has: the endpoint and the timeout, a validation hook that runs at
/// start-up, and the list of secrets to keep out of logs and exceptions.
/// </summary>
public abstract class VendorClientOptions
{
    /// <summary>
    /// The base address of the vendor's API (scheme and host, with a path prefix if the deployment has one).
    /// Vendors with a fixed public host provide a default.
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

    /// <summary>How long one HTTP request may take before it fails; 100 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Returns one message per invalid setting, each naming the option (e.g. <c>Endpoint must be an absolute
    /// http or https URI.</c>). Derived classes add their own checks and call the base.
    /// </summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public virtual IEnumerable<string> Validate()
    {
        var endpoint = ResolveEndpoint();
        if (endpoint is null)
        {
            yield return $"{nameof(Endpoint)} is required.";
        }
        else if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{nameof(Endpoint)} must be an absolute http or https URI.";
        }
        else if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            yield return $"{nameof(Endpoint)} must not contain a query string or user info; credentials have their own options.";
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            yield return $"{nameof(Timeout)} must be positive.";
        }
    }

    /// <summary>The secret values (passwords, tokens, keys) that must never appear in logs or exceptions.</summary>
    /// <returns>The secrets; null entries are ignored.</returns>
    public virtual IEnumerable<string?> GetSecrets() => [];
}
