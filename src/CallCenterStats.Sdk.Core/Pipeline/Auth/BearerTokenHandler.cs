using System.Net.Http.Headers;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// A <see cref="DelegatingHandler"/> that puts a token from a <see cref="BearerTokenSource"/> into the
/// <c>Authorization: Bearer</c> header of every request, and records which token it used so that the
/// request pipeline can invalidate exactly that token when the vendor rejects it.
/// </summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    private readonly BearerTokenSource _source;

    /// <summary>Creates the handler.</summary>
    /// <param name="source">Where tokens come from; shared by every handler of the same client.</param>
    public BearerTokenHandler(BearerTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await _source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Options.Set(UsedToken.Key, new UsedToken(_source, token));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The token a request was sent with and the source it came from.</summary>
/// <param name="Source">The token source.</param>
/// <param name="Token">The token.</param>
internal sealed record UsedToken(BearerTokenSource Source, AccessToken Token)
{
    public static readonly HttpRequestOptionsKey<UsedToken> Key = new("CallCenterStats.Sdk.UsedToken");
}
