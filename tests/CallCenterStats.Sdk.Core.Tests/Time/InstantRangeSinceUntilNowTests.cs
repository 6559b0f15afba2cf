using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Time;

public sealed class InstantRangeSinceUntilNowTests
{
    private static readonly Instant Now = Instant.FromUtc(2024, 3, 11, 9, 30);

    [Fact]
    public void Range_runs_from_the_start_to_the_clocks_now()
    {
        var clock = new FakeClock(Now);
        var start = Now - Duration.FromHours(2);

        var range = InstantRange.SinceUntilNow(start, clock);

        Assert.Equal(start, range.Start);
        Assert.Equal(Now, range.End);
        Assert.Equal(Duration.FromHours(2), range.Duration);
        Assert.False(range.Contains(Now));
        Assert.Equal("[2024-03-11T07:30:00Z, 2024-03-11T09:30:00Z)", range.ToString());
    }

    [Fact]
    public void Now_is_read_when_called_and_an_earlier_range_keeps_its_end()
    {
        var clock = new FakeClock(Now);
        var start = Now - Duration.FromMinutes(10);
        var first = InstantRange.SinceUntilNow(start, clock);

        clock.AdvanceMinutes(5);
        var second = InstantRange.SinceUntilNow(start, clock);

        Assert.Equal(Now, first.End);
        Assert.Equal(Now + Duration.FromMinutes(5), second.End);
        Assert.Equal(Duration.FromMinutes(15), second.Duration);
    }

    [Fact]
    public void Range_is_never_in_the_future_of_the_same_clock()
    {
        var clock = new FakeClock(Now);

        var range = InstantRange.SinceUntilNow(Now - Duration.FromDays(1), clock);

        Assert.Equal(range, range.EnsureNotInFuture(clock, "range"));
    }

    [Fact]
    public void Start_at_now_is_an_empty_range_and_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => InstantRange.SinceUntilNow(Now, new FakeClock(Now)));

        Assert.Equal("end", ex.ParamName);
    }

    [Fact]
    public void Start_after_now_is_rejected_with_both_instants_in_the_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => InstantRange.SinceUntilNow(Now + Duration.FromMinutes(1), new FakeClock(Now)));

        Assert.StartsWith(
            "The end of the range (2024-03-11T09:30:00Z) must be after its start (2024-03-11T09:31:00Z).",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Null_clock_is_rejected()
    {
        Assert.Throws<ArgumentNullException>("clock", () => InstantRange.SinceUntilNow(Now, null!));
    }
}
