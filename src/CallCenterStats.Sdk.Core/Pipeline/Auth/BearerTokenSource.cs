using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Supplies bearer tokens: caches the current one, refreshes it <see cref="RefreshMargin"/> before it
/// expires, and makes sure that concurrent callers share a single fetch (100 callers that find the cache
/// stale cause one call to <see cref="FetchTokenAsync"/>). Thread-safe; meant to live as long as the client.
/// </summary>
/// <remarks>
/// Derive from it to say how a token is obtained (mint a JWT, log in, refresh). A server that rejects a
/// token is answered by <see cref="Invalidate(AccessToken)"/>, which the request pipeline calls before it
/// retries the request once.
/// </remarks>
public abstract class BearerTokenSource
{
    private readonly Lock _gate = new();
    private AccessToken? _current;
    private Task<AccessToken>? _pending;

    /// <summary>Initializes the source.</summary>
    /// <param name="clock">The clock that decides when a token is stale.</param>
    /// <param name="refreshMargin">How long before expiry a token is replaced; one minute by default.</param>
    protected BearerTokenSource(IClock clock, Duration? refreshMargin = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var margin = refreshMargin ?? Duration.FromMinutes(1);
        if (margin < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(refreshMargin), "The refresh margin cannot be negative.");
        }

        Clock = clock;
        RefreshMargin = margin;
    }

    /// <summary>The clock that decides when a token is stale.</summary>
    protected IClock Clock { get; }

    /// <summary>How long before expiry a cached token is replaced.</summary>
    public Duration RefreshMargin { get; }

    /// <summary>
    /// Returns a token that is fresh for at least <see cref="RefreshMargin"/>, fetching one when the cache is
    /// empty or stale. Concurrent callers share one fetch; cancelling one caller's wait does not cancel the
    /// fetch the others wait on.
    /// </summary>
    /// <param name="cancellationToken">Cancels this caller's wait.</param>
    /// <returns>The token.</returns>
    public ValueTask<AccessToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.IsFreshAt(Clock.GetCurrentInstant(), RefreshMargin))
        {
            return ValueTask.FromResult(current);
        }

        return new ValueTask<AccessToken>(JoinOrStartFetch().WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Drops <paramref name="rejected"/> from the cache so the next <see cref="GetTokenAsync"/> fetches a new
    /// token. Does nothing when the cache already holds a different token, so many requests rejected
    /// with the same token cause a single new fetch.
    /// </summary>
    /// <param name="rejected">The token the server rejected.</param>
    public void Invalidate(AccessToken rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        lock (_gate)
        {
            if (ReferenceEquals(_current, rejected))
            {
                _current = null;
            }
        }
    }

    /// <summary>Drops whatever token is cached so the next <see cref="GetTokenAsync"/> fetches a new one.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _current = null;
        }
    }

    /// <summary>
    /// Obtains a new token from its issuer. Called by one caller at a time, never concurrently.
    /// </summary>
    /// <param name="cancellationToken">Not tied to any single caller: it is <see cref="CancellationToken.None"/> unless the
    /// implementation adds its own timeout.</param>
    /// <returns>The new token.</returns>
    protected abstract Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken);

    private Task<AccessToken> JoinOrStartFetch()
    {
        lock (_gate)
        {
            if (_current is not null && _current.IsFreshAt(Clock.GetCurrentInstant(), RefreshMargin))
            {
                return Task.FromResult(_current);
            }

            // Task.Run keeps a synchronous FetchTokenAsync (signing a JWT) from running under the lock.
            return _pending ??= Task.Run(FetchAndStoreAsync);
        }
    }

    private async Task<AccessToken> FetchAndStoreAsync()
    {
        try
        {
            var token = await FetchTokenAsync(CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{GetType().Name}.FetchTokenAsync returned no token.");
            lock (_gate)
            {
                _current = token;
                _pending = null;
            }

            return token;
        }
        catch
        {
            lock (_gate)
            {
                _pending = null;
            }

            throw;
        }
    }
}
