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

    /// <summary>How long one HTTP request may take before it fails; 100 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Returns one message per invalid setting, each naming the option (e.g. <c>Endpoint must be an absolute
    /// http or https URI.</c>). Derived classes add their own checks and call the base.
    /// </summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public virtual IEnumerable<string> Validate()
    {
        if (Endpoint is null)
        {
            yield return $"{nameof(Endpoint)} is required.";
        }
        else if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{nameof(Endpoint)} must be an absolute http or https URI.";
        }
        else if (!string.IsNullOrEmpty(Endpoint.Query) || !string.IsNullOrEmpty(Endpoint.UserInfo))
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
