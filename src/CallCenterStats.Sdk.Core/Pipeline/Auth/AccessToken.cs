using System.Diagnostics;
using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// A bearer token and the instant it expires. The value never appears in <see cref="ToString"/> or the
/// debugger display.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AccessToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="value">The token as sent in <c>Authorization: Bearer …</c>.</param>
    /// <param name="expiresAt">When the token expires; <see langword="null"/> for a token that does not expire.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or contains whitespace.</exception>
    public AccessToken(string value, Instant? expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A bearer token cannot contain whitespace.", nameof(value));
        }

        Value = value;
        ExpiresAt = expiresAt;
    }

    /// <summary>The token. Handle with care: it is a secret.</summary>
    public string Value { get; }

    /// <summary>When the token expires (UTC), or <see langword="null"/> when it does not.</summary>
    public Instant? ExpiresAt { get; }

    /// <summary>Returns whether the token can still be used at <paramref name="now"/> with <paramref name="margin"/> to spare.</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="margin">How long before expiry the token counts as stale.</param>
    /// <returns><see langword="true"/> when the token does not expire or expires after <c>now + margin</c>.</returns>
    public bool IsFreshAt(Instant now, Duration margin) => ExpiresAt is not { } expiry || now + margin < expiry;

    /// <summary>Returns a description with the token value redacted.</summary>
    /// <returns><c>AccessToken { Value = ***, ExpiresAt = … }</c>.</returns>
    public override string ToString() =>
        $"AccessToken {{ Value = {Redaction.Mask}, ExpiresAt = {(ExpiresAt is { } e ? WireFormat.IsoUtc(e) : "never")} }}";
}
