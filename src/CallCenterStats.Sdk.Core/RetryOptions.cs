namespace CallCenterStats.Sdk;

/// <summary>
/// How a client retries an operation that failed transiently: an HTTP 5xx, 408 or 429, a vendor "try later" code
/// (also inside an HTTP 200 body), a dropped connection, a body cut off mid-way, or an attempt that ran out of time.
/// </summary>
/// <remarks>
/// <para>Only operations that are safe to repeat are retried (every statistics read is, whatever its HTTP method).
/// Permanent failures (bad credentials after the one token refresh, bad parameters, permission denied) fail at once.</para>
/// <para>Waits grow exponentially from <see cref="BaseDelay"/> with random jitter, up to <see cref="MaxDelay"/>. When
/// the vendor says how long to wait (<c>Retry-After</c> in seconds or as a date, or a vendor's own "repeat after N
/// seconds"), that wait is used instead, as long as it is at most <see cref="MaxRetryAfter"/>; a longer one ends the
/// operation at once with the vendor's exception (its <c>RetryAfter</c> says how long), rather than retrying too early.</para>
/// </remarks>
public sealed class RetryOptions
{
    /// <summary>The default <see cref="MaxRetries"/>: 5.</summary>
    public const int DefaultMaxRetries = 5;

    /// <summary>How many times a failed attempt is retried; 0 disables retries. <see cref="DefaultMaxRetries"/> by default.</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The wait before the first retry, doubled for each further one (with jitter); 1 second by default.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed wait between two attempts; 30 seconds by default.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a vendor may ask for (<c>Retry-After</c>) and still be retried; 2 minutes by default.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether computed waits get random jitter, so that many clients do not retry in lock-step; true by default.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Returns one message per invalid setting, each naming the setting.</summary>
    /// <returns>The problems found.</returns>
    public IEnumerable<string> Validate()
    {
        if (MaxRetries is < 0 or > 100)
        {
            yield return $"{nameof(MaxRetries)} must be between 0 and 100.";
        }

        if (BaseDelay < TimeSpan.Zero)
        {
            yield return $"{nameof(BaseDelay)} cannot be negative.";
        }

        if (MaxDelay < BaseDelay)
        {
            yield return $"{nameof(MaxDelay)} cannot be shorter than {nameof(BaseDelay)}.";
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"{nameof(MaxRetryAfter)} cannot be negative.";
        }
    }

    /// <summary>Returns a copy of these settings.</summary>
    /// <returns>The copy.</returns>
    public RetryOptions Clone() => (RetryOptions)MemberwiseClone();
}
