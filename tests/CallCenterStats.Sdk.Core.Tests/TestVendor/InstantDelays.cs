using System.Collections.Concurrent;

namespace CallCenterStats.Sdk.Core.Tests.TestVendor;

/// <summary>
/// A time provider whose timers fire at once and which records the delay each was asked for: a retry wait of 30 s
/// (a <c>Retry-After</c>) is seen as asked, without waiting for it. Use it only with the attempt and operation
/// timeouts disabled: they are timers too, and would fire at once.
/// </summary>
internal sealed class InstantDelays : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    public IReadOnlyList<TimeSpan> Delays => _delays.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new InstantTimer(this, System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class InstantTimer(InstantDelays owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return inner.Change(dueTime, period);
            }

            owner._delays.Enqueue(dueTime);
            return inner.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
