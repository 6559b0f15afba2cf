using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// A replacement for a rejected token must never be a token the server has already seen: RS256 is deterministic, so
/// two tokens with the same claims are the same bytes. These tests drive the clock by hand through the sequences
/// that used to repeat a token (issue: "Voximplant can re-mint a token it already used").
/// </summary>
public sealed class TokenUniquenessTests
{
    /// <summary>Mints a fresh token at the clock's current instant, as the pipeline does after a rejection.</summary>
    private static async Task<string> RemintAsync(VoximplantTokenSource source)
    {
        source.Invalidate();
        return (await source.GetTokenAsync(TestContext.Current.CancellationToken)).Value;
    }

    private static long IssuedAt(string token) => (long)Jwt.Claims(token)["iat"]!;

    private static long Expires(string token) => (long)Jwt.Claims(token)["exp"]!;

    private static async Task<List<string>> MintAtAsync(params double[] secondsFromStart)
    {
        var clock = new FakeClock(Harness.Now);
        var source = new VoximplantTokenSource(TestKeys.Credentials, clock);
        var tokens = new List<string>();
        var elapsed = Duration.Zero;
        foreach (var at in secondsFromStart)
        {
            var target = Duration.FromMilliseconds((long)Math.Round(at * 1000));
            clock.Advance(target - elapsed);
            elapsed = target;
            tokens.Add(await RemintAsync(source));
        }

        return tokens;
    }

    [Fact]
    public async Task Remints_across_a_second_roll_over_never_repeat_a_token()
    {
        // The sequence from the issue: before the fix, the fourth remint (at 1.1 s) was byte-identical to the first.
        var tokens = await MintAtAsync(0.0, 0.3, 0.6, 1.1, 1.4);

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(tokens.Count, tokens.Select(IssuedAt).Distinct().Count());
    }

    [Fact]
    public async Task Remints_within_one_second_are_backdated_one_more_second_each()
    {
        var tokens = await MintAtAsync(0.0, 0.2, 0.4);

        var first = IssuedAt(tokens[0]);
        Assert.Equal(Harness.Now.ToUnixTimeSeconds() - 5, first);
        Assert.Equal([first, first - 1, first - 2], tokens.Select(IssuedAt));
    }

    [Fact]
    public async Task Remints_with_a_clock_standing_still_are_all_different()
    {
        var tokens = await MintAtAsync(0, 0, 0, 0, 0, 0, 0, 0);

        Assert.Equal(8, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Remints_with_a_clock_stepping_back_a_little_never_repeat_a_token()
    {
        var tokens = await MintAtAsync(0.0, 1.0, 2.0, 1.5, 0.5, 0.0, 2.5, 1.0);

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task After_a_burst_the_next_token_is_backdated_only_by_the_usual_five_seconds_again()
    {
        var tokens = await MintAtAsync(0.0, 0.1, 0.2, 0.3, 10.0);

        Assert.Equal(Harness.Now.ToUnixTimeSeconds() + 10 - 5, IssuedAt(tokens[^1]));
    }

    [Fact]
    public async Task Thousands_of_remints_on_a_random_clock_never_repeat_a_live_token()
    {
        // Seeded: bursts inside one second, roll-overs, a clock standing still or stepping back by up to half a second,
        // and now and then a pause long enough for old tokens to expire.
        var random = new Random(20261130);
        var clock = new FakeClock(Harness.Now);
        var source = new VoximplantTokenSource(TestKeys.Credentials, clock);
        var live = new Dictionary<string, long>(StringComparer.Ordinal);

        for (var i = 0; i < 2500; i++)
        {
            var step = random.Next(10) switch
            {
                0 => -random.Next(0, 500),          // a little back
                1 => 0,                             // standing still
                2 => random.Next(60_000, 3_600_000), // a long pause: old tokens expire
                _ => random.Next(1, 1_500),         // the usual: a few hundred milliseconds to a second and a half
            };
            clock.Advance(Duration.FromMilliseconds(step));
            var now = clock.GetCurrentInstant().ToUnixTimeSeconds();

            var token = await RemintAsync(source);

            Assert.False(live.TryGetValue(token, out var expires) && expires > now, $"mint {i} repeated a token that is still valid");
            Assert.True(IssuedAt(token) <= now - 5, $"mint {i} was issued after now minus the backdate");
            live[token] = Expires(token);
        }
    }
}
