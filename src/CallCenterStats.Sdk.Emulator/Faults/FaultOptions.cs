using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Faults;

/// <summary>
/// Faults the emulator injects into vendor responses. Every rate is a probability per request (0 to 1); which
/// requests are hit is decided by a generator seeded from <see cref="EmulatorOptions.Seed"/>, so the same
/// sequence of requests meets the same faults on every run.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Share of requests answered HTTP 500 or 503 (alternating by draw).</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share of requests answered HTTP 429 with a <c>Retry-After</c> header.</summary>
    public double RateLimitRate { get; set; }

    /// <summary>The delay <c>Retry-After</c> announces; one second by default.</summary>
    public Duration RetryAfter { get; set; } = Duration.FromSeconds(1);

    /// <summary>Whether <c>Retry-After</c> is an HTTP date rather than a number of seconds.</summary>
    public bool RetryAfterAsHttpDate { get; set; }

    /// <summary>
    /// Share of requests answered with the vendor's own transient error: inside an HTTP 200 body where the vendor
    /// does that (Voximplant codes 162, 416 with <see cref="RetryAfter"/> in its message, 340 and 314, chosen by seed; VCC Live and Thulium error envelopes; Enswitch code 503), an HTTP 503 error
    /// body for Netaxis.
    /// </summary>
    public double VendorTransientErrorRate { get; set; }

    /// <summary>Fixed latency added to every request.</summary>
    public Duration Latency { get; set; }

    /// <summary>Random extra latency, uniformly between zero and this value.</summary>
    public Duration LatencyJitter { get; set; }

    /// <summary>Share of responses whose body is cut off after a few bytes, short of its announced length (the connection is then closed).</summary>
    public double TruncateRate { get; set; }

    /// <summary>Share of requests whose connection is dropped before any response.</summary>
    public double DropConnectionRate { get; set; }

    /// <summary>
    /// Share of requests before which the tokens in use run out, as when a token expires in the middle of a run: every
    /// token a client has already presented stops working (Netaxis access and refresh tokens, Voximplant JWTs), while a
    /// token issued but not yet used (the one a client has just obtained by renewing) is spared. Drawn independently
    /// of the other faults (it is not part of their sum), so it can come with any of them.
    /// <see cref="ContactCenterEmulator.ExpireTokens"/> voids every token, used or not.
    /// </summary>
    public double TokenExpiryRate { get; set; }

    /// <summary>Creates a copy (the emulator keeps its own so later changes to this instance do not leak in).</summary>
    /// <returns>The copy.</returns>
    public FaultOptions Clone() => (FaultOptions)MemberwiseClone();

    internal IEnumerable<string> Validate()
    {
        foreach (var (name, rate) in new[]
                 {
                     (nameof(ServerErrorRate), ServerErrorRate), (nameof(RateLimitRate), RateLimitRate),
                     (nameof(VendorTransientErrorRate), VendorTransientErrorRate), (nameof(TruncateRate), TruncateRate),
                     (nameof(DropConnectionRate), DropConnectionRate), (nameof(TokenExpiryRate), TokenExpiryRate),
                 })
        {
            if (rate is < 0 or > 1 || double.IsNaN(rate))
            {
                yield return $"{name} must be between 0 and 1.";
            }
        }

        if (ServerErrorRate + RateLimitRate + VendorTransientErrorRate + TruncateRate + DropConnectionRate > 1)
        {
            yield return "The fault rates must add up to at most 1.";
        }

        if (Latency < Duration.Zero || LatencyJitter < Duration.Zero || RetryAfter < Duration.Zero)
        {
            yield return $"{nameof(Latency)}, {nameof(LatencyJitter)} and {nameof(RetryAfter)} cannot be negative.";
        }
    }
}
