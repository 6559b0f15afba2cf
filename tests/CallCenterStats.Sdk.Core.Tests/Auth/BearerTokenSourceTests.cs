using CallCenterStats.Sdk.Pipeline;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Auth;

public sealed class BearerTokenSourceTests
{
    private static readonly Instant Now = Instant.FromUtc(2024, 3, 11, 9, 0);

    [Fact]
    public async Task Hundred_concurrent_callers_cause_one_fetch()
    {
        var gate = new TaskCompletionSource();
        var source = new CountingSource(new FakeClock(Now), _ => gate.Task);

        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(() => source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask())).ToList();
        await WaitUntilAsync(() => source.Fetches == 1);
        gate.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, source.Fetches);
        Assert.All(tokens, t => Assert.Same(tokens[0], t));
    }

    [Fact]
    public async Task Cached_token_is_reused_until_the_refresh_margin()
    {
        var clock = new FakeClock(Now);
        var source = new CountingSource(clock, null, Duration.FromMinutes(10), Duration.FromMinutes(1));

        var first = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        clock.Advance(Duration.FromMinutes(8) + Duration.FromSeconds(59));
        var second = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        clock.Advance(Duration.FromSeconds(1));
        var third = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.Equal(2, source.Fetches);
    }

    [Fact]
    public async Task Token_without_expiry_is_kept()
    {
        var clock = new FakeClock(Now);
        var source = new CountingSource(clock, null, null, null);

        var first = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        clock.Advance(Duration.FromDays(365));

        Assert.Same(first, await source.GetTokenAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, source.Fetches);
    }

    [Fact]
    public async Task Invalidating_the_rejected_token_forces_one_new_fetch()
    {
        var source = new CountingSource(new FakeClock(Now));
        var rejected = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        source.Invalidate(rejected);
        var fresh = await source.GetTokenAsync(TestContext.Current.CancellationToken);
        source.Invalidate(rejected); // a late rejection of the old token must not drop the new one
        var again = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.NotSame(rejected, fresh);
        Assert.Same(fresh, again);
        Assert.Equal(2, source.Fetches);
    }

    [Fact]
    public async Task Invalidate_without_a_token_drops_the_cache()
    {
        var source = new CountingSource(new FakeClock(Now));
        var first = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        source.Invalidate();

        Assert.NotSame(first, await source.GetTokenAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Failed_fetch_is_reported_to_every_waiter_and_retried_by_the_next_call()
    {
        var fail = true;
        var source = new CountingSource(new FakeClock(Now), _ => fail ? Task.FromException(new InvalidOperationException("issuer down")) : Task.CompletedTask);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());
        fail = false;
        var token = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("issuer down", ex.Message);
        Assert.NotNull(token);
        Assert.Equal(2, source.Fetches);
    }

    [Fact]
    public async Task Cancelling_one_waiter_does_not_cancel_the_shared_fetch()
    {
        var gate = new TaskCompletionSource();
        var source = new CountingSource(new FakeClock(Now), _ => gate.Task);
        using var cts = new CancellationTokenSource();

        var cancelled = source.GetTokenAsync(cts.Token).AsTask();
        var patient = source.GetTokenAsync(TestContext.Current.CancellationToken).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.SetResult();

        Assert.NotNull(await patient);
        Assert.Equal(1, source.Fetches);
    }

    [Fact]
    public void Negative_refresh_margin_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("refreshMargin", () => new CountingSource(new FakeClock(Now), null, Duration.FromMinutes(1), Duration.FromSeconds(-1)));
    }

    [Fact]
    public async Task Static_source_returns_its_token_and_hides_it()
    {
        var source = new StaticBearerTokenSource("long-lived-secret");

        var token = await source.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("long-lived-secret", token.Value);
        Assert.Null(token.ExpiresAt);
        Assert.DoesNotContain("long-lived-secret", source.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("long-lived-secret", token.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }

    /// <summary>Issues token-1, token-2, … valid for <c>lifetime</c> (null: never expire), counting fetches.</summary>
    private sealed class CountingSource(IClock clock, Func<int, Task>? beforeIssue, Duration? lifetime, Duration? margin)
        : BearerTokenSource(clock, margin)
    {
        private readonly Duration? _lifetime = lifetime;
        private int _fetches;

        public CountingSource(IClock clock, Func<int, Task>? beforeIssue = null)
            : this(clock, beforeIssue, Duration.FromMinutes(30), null)
        {
        }

        public int Fetches => Volatile.Read(ref _fetches);

        protected override async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _fetches);
            if (beforeIssue is not null)
            {
                await beforeIssue(n);
            }

            return new AccessToken($"token-{n}", _lifetime is { } l ? Clock.GetCurrentInstant() + l : null);
        }
    }
}
