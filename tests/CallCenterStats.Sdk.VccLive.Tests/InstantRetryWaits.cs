using System.Collections.Concurrent;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>
/// A time provider for <see cref="VendorClientServices.TimeProvider"/> that records every wait shorter than a minute (the
/// pipeline's retry waits) and lets it end at once, so a test can assert how long the client chose to wait without
/// waiting. Longer timers (the attempt and operation timeouts, 100 s and 10 min by default) run on the system clock.
/// </summary>
internal sealed class InstantRetryWaits : TimeProvider
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    /// <summary>The waits asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime < Longest && period == Timeout.InfiniteTimeSpan)
        {
            _waits.Enqueue(dueTime);
            dueTime = TimeSpan.Zero;
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
