namespace CallCenterStats.Sdk.Pipeline;

/// <summary>A <see cref="DelegatingHandler"/> that adds <c>Authorization: Basic …</c> to every request.</summary>
public sealed class BasicAuthenticationHandler : DelegatingHandler
{
    private readonly BasicCredentials _credentials;

    /// <summary>Creates the handler.</summary>
    /// <param name="credentials">The credentials to send.</param>
    public BasicAuthenticationHandler(BasicCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = _credentials.ToAuthenticationHeader();
        return base.SendAsync(request, cancellationToken);
    }
}
