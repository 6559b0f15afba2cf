namespace CallCenterStats.Sdk.Enswitch;

/// <summary>How the client sends its requests to Enswitch, which accepts both.</summary>
public enum EnswitchRequestMethod
{
    /// <summary>
    /// <c>POST</c> with an <c>application/x-www-form-urlencoded</c> body (the default): <c>auth_username</c> and
    /// <c>auth_password</c> travel in the body, so they never appear in a URL, a log line or a proxy's access log.
    /// </summary>
    Post = 0,

    /// <summary>
    /// <c>GET</c> with every parameter, credentials included, in the query string, for deployments (or proxies in
    /// front of them) that only accept GET. The SDK never logs or keeps the query string (exceptions keep the path
    /// only, and <c>IHttpClientFactory</c> logging redacts queries since .NET 9), but servers and proxies on the way
    /// may write the full URL, password included, to their access logs: prefer <see cref="Post"/>.
    /// </summary>
    Get = 1,
}
