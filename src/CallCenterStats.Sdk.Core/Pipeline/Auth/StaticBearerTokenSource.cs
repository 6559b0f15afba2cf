using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>A token source for a preconfigured long-lived token (an API key used as a bearer token).</summary>
public sealed class StaticBearerTokenSource : BearerTokenSource
{
    private readonly AccessToken _token;

    /// <summary>Creates the source.</summary>
    /// <param name="token">The token; it is returned as is, and a rejection cannot replace it.</param>
    public StaticBearerTokenSource(string token)
        : base(SystemClock.Instance, Duration.Zero)
    {
        _token = new AccessToken(token, expiresAt: null);
    }

    /// <inheritdoc />
    protected override Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_token);

    /// <summary>Returns a description without the token.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"StaticBearerTokenSource {{ Token = {Redaction.Mask} }}";
}
