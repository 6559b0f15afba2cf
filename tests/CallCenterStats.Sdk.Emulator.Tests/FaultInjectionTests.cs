using System.Net;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>Each fault knob does what it says, seen through a real client (Enswitch, the simplest vendor).</summary>
public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ContactCenterEmulator Emulator, EnswitchClient Client, InstantRange Range)> StartAsync(FaultOptions faults, IClock? clock = null)
    {
        var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1, Faults = faults, Clock = clock ?? SystemClock.Instance }, Ct);
        return (emulator, EnswitchClient.Create(emulator.CreateEnswitchOptions()), emulator.Center.Range);
    }

    [Fact]
    public async Task No_faults_by_default()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions());
        await using var _ = emulator;

        var statistics = await client.GetQueueStatisticsAsync(emulator.Center.Queues[0].Id, range, Ct);

        Assert.Equal(3, statistics.Count);
    }

    [Fact]
    public async Task Server_errors_answer_500_or_503_and_are_transient()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { ServerErrorRate = 1 });
        await using var _ = emulator;
        var statuses = new HashSet<HttpStatusCode?>();

        for (var i = 0; i < 20; i++)
        {
            var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, range, Ct));
            Assert.True(ex.IsTransient);
            statuses.Add(ex.StatusCode);
        }

        Assert.Equal(new HashSet<HttpStatusCode?> { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable }, statuses);
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_in_seconds()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { RateLimitRate = 1, RetryAfter = Duration.FromSeconds(7) });
        await using var _ = emulator;

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, range, Ct));

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.Equal(Duration.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_can_announce_retry_after_as_an_http_date()
    {
        var clock = new FakeClock(Instant.FromUtc(2030, 1, 1, 12, 0));
        var faults = new FaultOptions { RateLimitRate = 1, RetryAfter = Duration.FromSeconds(90), RetryAfterAsHttpDate = true };
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 1, Days = 1, Faults = faults, Clock = clock }, Ct);
        var services = new ServiceCollection().AddSingleton<IClock>(clock);
        services.AddEnswitchClient(o =>
        {
            var ready = emulator.CreateEnswitchOptions();
            o.Endpoint = ready.Endpoint;
            o.Username = ready.Username;
            o.Password = ready.Password;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<EnswitchClient>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, emulator.Center.Range, Ct));

        Assert.Equal(Duration.FromSeconds(90), ex.RetryAfter);
    }

    [Fact]
    public async Task Vendor_transient_error_arrives_inside_an_http_200_body()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { VendorTransientErrorRate = 1 });
        await using var _ = emulator;

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, range, Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("503", ex.VendorCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Truncated_body_is_an_unreadable_response()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { TruncateRate = 1 });
        await using var _ = emulator;

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, range, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task Dropped_connection_is_a_transient_failure_without_status()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { DropConnectionRate = 1 });
        await using var _ = emulator;

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, range, Ct));

        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Latency_delays_every_answer_by_at_least_the_fixed_part()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { Latency = Duration.FromMilliseconds(300) });
        await using var _ = emulator;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        await client.GetQueueStatisticsAsync(100, range, Ct);

        // Timers may fire up to a tick early, so the check allows a few milliseconds; without the knob the
        // same call takes a few milliseconds, far below the bound.
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public async Task Same_seed_meets_the_same_faults_in_the_same_order()
    {
        async Task<string> SequenceAsync()
        {
            var (emulator, client, range) = await StartAsync(new FaultOptions { ServerErrorRate = 0.3, RateLimitRate = 0.2, VendorTransientErrorRate = 0.2 });
            await using var _ = emulator;
            var outcomes = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    await client.GetQueueStatisticsAsync(100, range, Ct);
                    outcomes.Add("ok");
                }
                catch (VendorApiException ex)
                {
                    outcomes.Add($"{(int?)ex.StatusCode}/{ex.VendorCode}");
                }
            }

            return string.Join(",", outcomes);
        }

        var first = await SequenceAsync();
        var second = await SequenceAsync();

        Assert.Equal(first, second);
        Assert.Contains("ok", first, StringComparison.Ordinal);
        Assert.Contains("429", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_can_be_changed_while_running()
    {
        var (emulator, client, range) = await StartAsync(new FaultOptions { ServerErrorRate = 1 });
        await using var _ = emulator;
        await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(100, range, Ct));

        emulator.Faults = new FaultOptions();

        Assert.Equal(3, (await client.GetQueueStatisticsAsync(100, range, Ct)).Count);
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(0.6, 0.6)]
    public async Task Invalid_fault_rates_are_rejected(double serverErrors, double rateLimits)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            ContactCenterEmulator.StartAsync(new EmulatorOptions { Faults = new FaultOptions { ServerErrorRate = serverErrors, RateLimitRate = rateLimits } }, Ct));

        Assert.Contains("Faults.", ex.Message, StringComparison.Ordinal);
    }
}
