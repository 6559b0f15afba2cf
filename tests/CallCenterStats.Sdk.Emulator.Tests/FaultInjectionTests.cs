using System.Net;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>Each fault knob does what it says, seen through a real client (Enswitch, the simplest vendor).</summary>
public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// An emulator with <paramref name="faults"/> and an Enswitch client that does not retry, so that each call shows
    /// what one request met (retries through faults are tested in <c>ResilienceTests</c>).
    /// </summary>
    private static async Task<Fixture> StartAsync(FaultOptions faults, IClock? clock = null)
    {
        var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1, Faults = faults, Clock = clock ?? SystemClock.Instance }, Ct);
        var options = emulator.CreateEnswitchOptions();
        options.Retry.MaxRetries = 0;
        return new Fixture(emulator, EnswitchClient.Create(options));
    }

    private sealed class Fixture(ContactCenterEmulator emulator, EnswitchClient client) : IAsyncDisposable
    {
        public ContactCenterEmulator Emulator => emulator;

        public Task<IReadOnlyList<DestinationStatistics>> QueueAsync() =>
            client.GetQueueStatisticsAsync(new() { Queue = 100, Range = emulator.Center.Range }, Ct);

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task No_faults_by_default()
    {
        await using var fixture = await StartAsync(new FaultOptions());

        var statistics = await fixture.QueueAsync();

        Assert.Equal(3, statistics.Count);
    }

    [Fact]
    public async Task Server_errors_answer_500_or_503_and_are_transient()
    {
        await using var fixture = await StartAsync(new FaultOptions { ServerErrorRate = 1 });
        var statuses = new HashSet<HttpStatusCode?>();

        for (var i = 0; i < 20; i++)
        {
            var ex = await Assert.ThrowsAsync<VendorApiException>(() => fixture.QueueAsync());
            Assert.True(ex.IsTransient);
            statuses.Add(ex.StatusCode);
        }

        Assert.Equal(new HashSet<HttpStatusCode?> { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable }, statuses);
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_in_seconds()
    {
        await using var fixture = await StartAsync(new FaultOptions { RateLimitRate = 1, RetryAfter = Duration.FromSeconds(7) });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => fixture.QueueAsync());

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
            o.Retry.MaxRetries = 0;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<EnswitchClient>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 100, Range = emulator.Center.Range }, Ct));

        Assert.Equal(Duration.FromSeconds(90), ex.RetryAfter);
    }

    [Fact]
    public async Task Vendor_transient_error_arrives_inside_an_http_200_body()
    {
        await using var fixture = await StartAsync(new FaultOptions { VendorTransientErrorRate = 1 });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => fixture.QueueAsync());

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("503", ex.VendorCode);
        Assert.True(ex.IsTransient);
    }

    /// <summary>A raw GET for a queue's statistics, credentials in the query, as any HTTP client could send it.</summary>
    private static Uri RawQueueUri(ContactCenterEmulator emulator) => new(
        emulator.EnswitchEndpoint,
        $"api/json/queues/destinations/statistics/get/?auth_username={emulator.Credentials.EnswitchUsername}&auth_password={emulator.Credentials.EnswitchPassword}&queue=100&start={emulator.Center.Range.Start.ToUnixTimeSeconds()}&end={emulator.Center.Range.End.ToUnixTimeSeconds()}");

    [Fact]
    public async Task Truncated_body_sends_the_first_bytes_then_breaks_the_connection()
    {
        await using var fixture = await StartAsync(new FaultOptions { TruncateRate = 1 });
        using var http = new HttpClient();

        using var response = await http.GetAsync(RawQueueUri(fixture.Emulator), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("truncated-body", response.Headers.GetValues("X-Emulator-Fault").Single());
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        var received = new List<byte>();
        var buffer = new byte[256];
        var broken = await Record.ExceptionAsync(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer, Ct)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        });

        Assert.IsAssignableFrom<IOException>(broken);
        Assert.InRange(received.Count, 1, 63);
        Assert.Equal((byte)'{', received[0]);
    }

    [Fact]
    public async Task Truncation_breaks_even_answers_shorter_than_the_cut_off_point()
    {
        // Voximplant's 52-byte "Authorization failed" answer, against cut-off points drawn between 1 and 63 bytes.
        await using var fixture = await StartAsync(new FaultOptions { TruncateRate = 1 });
        using var http = new HttpClient();

        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Emulator.VoximplantEndpoint, "platform_api/GetACDOperatorStatusStatistics"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.Equal("truncated-body", response.Headers.GetValues("X-Emulator-Fault").Single());
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task Truncated_body_is_a_transient_failure()
    {
        await using var fixture = await StartAsync(new FaultOptions { TruncateRate = 1 });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => fixture.QueueAsync());

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Dropped_connection_is_a_transient_failure_without_status()
    {
        await using var fixture = await StartAsync(new FaultOptions { DropConnectionRate = 1 });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => fixture.QueueAsync());

        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Latency_delays_every_answer_by_at_least_the_fixed_part()
    {
        await using var fixture = await StartAsync(new FaultOptions { Latency = Duration.FromMilliseconds(300) });
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        await fixture.QueueAsync();

        // Timers may fire up to a tick early, so the check allows a few milliseconds; without the knob the
        // same call takes a few milliseconds, far below the bound.
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public async Task Latency_jitter_adds_a_seeded_random_delay_within_its_bound_announced_in_a_header()
    {
        async Task<List<long>> DelaysAsync(long seed)
        {
            var faults = new FaultOptions { Latency = Duration.FromMilliseconds(5), LatencyJitter = Duration.FromMilliseconds(40) };
            await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1, Seed = seed, Faults = faults }, Ct);
            using var http = new HttpClient();
            var delays = new List<long>();
            for (var i = 0; i < 12; i++)
            {
                using var response = await http.GetAsync(RawQueueUri(emulator), Ct);
                Assert.Equal("none", response.Headers.GetValues("X-Emulator-Fault").Single());
                delays.Add(long.Parse(response.Headers.GetValues("X-Emulator-Latency").Single(), System.Globalization.CultureInfo.InvariantCulture));
            }

            return delays;
        }

        var first = await DelaysAsync(seed: 3);

        Assert.All(first, d => Assert.InRange(d, 5, 45));
        Assert.True(first.Distinct().Count() > 3, $"jitter should vary: {string.Join(",", first)}");
        Assert.Equal(first, await DelaysAsync(seed: 3));
        Assert.NotEqual(first, await DelaysAsync(seed: 4));
    }

    /// <summary>Logs in to the emulated Netaxis and returns a GET of a call center's reporting settings with the access token.</summary>
    private static async Task<Func<Task<HttpResponseMessage>>> NetaxisSessionAsync(ContactCenterEmulator emulator, HttpClient http)
    {
        using var login = await http.PostAsync(
            new Uri(emulator.NetaxisEndpoint, "api/v01/auth/login"),
            new StringContent($$"""{"username":"{{emulator.Credentials.NetaxisUsername}}","password":"{{emulator.Credentials.NetaxisPassword}}"}""", System.Text.Encoding.UTF8, "application/json"),
            Ct);
        using var tokens = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync(Ct));
        var accessToken = tokens.RootElement.GetProperty("access_token").GetString();
        var reporting = new Uri(emulator.NetaxisEndpoint, $"api/v1/tenants/{emulator.Credentials.NetaxisTenant}/groups/{emulator.Credentials.NetaxisGroup}/services/call_centers/{Uri.EscapeDataString(emulator.Center.Queues[0].CallCenterName)}/instance_statistics_reporting/");
        return async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, reporting);
            request.Headers.Authorization = new("Bearer", accessToken);
            return await http.SendAsync(request, Ct);
        };
    }

    [Fact]
    public async Task Token_expiry_voids_the_tokens_in_use()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1 }, Ct);
        using var http = new HttpClient();
        var getAsync = await NetaxisSessionAsync(emulator, http);
        using (var before = await getAsync())
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        emulator.Faults = new FaultOptions { TokenExpiryRate = 1 };
        using var after = await getAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("none; tokens-expired", after.Headers.GetValues("X-Emulator-Fault").Single());
    }

    [Fact]
    public async Task Token_expiry_spares_a_token_issued_but_not_yet_used_and_ends_it_once_used()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1 }, Ct);
        using var http = new HttpClient();
        var getAsync = await NetaxisSessionAsync(emulator, http);
        emulator.Faults = new FaultOptions { TokenExpiryRate = 1 };

        using (var first = await getAsync())
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("none; tokens-expired", first.Headers.GetValues("X-Emulator-Fault").Single());
        }

        using var second = await getAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
    }

    [Fact]
    public async Task ExpireTokens_voids_every_token_even_one_not_yet_used()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1 }, Ct);
        using var http = new HttpClient();
        var getAsync = await NetaxisSessionAsync(emulator, http);

        emulator.ExpireTokens();
        using var response = await getAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Fault_counts_tally_every_request_with_the_fault_it_met()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(
            new EmulatorOptions { Agents = 3, Days = 1, Faults = new FaultOptions { ServerErrorRate = 0.3, RateLimitRate = 0.3, TokenExpiryRate = 0.5 } },
            Ct);
        using var http = new HttpClient();
        var seen = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.GetAsync(RawQueueUri(emulator), Ct);
            seen.Add(response.Headers.GetValues("X-Emulator-Fault").Single());
        }

        var counts = emulator.FaultCounts;

        Assert.Equal(30, counts.Requests);
        Assert.Equal(seen.Count(s => s.StartsWith("none", StringComparison.Ordinal)), counts.ByKind[FaultKind.None]);
        Assert.Equal(seen.Count(s => s.StartsWith("server-error-500", StringComparison.Ordinal)), counts.ByKind[FaultKind.InternalServerError]);
        Assert.Equal(seen.Count(s => s.StartsWith("server-error-503", StringComparison.Ordinal)), counts.ByKind[FaultKind.ServiceUnavailable]);
        Assert.Equal(seen.Count(s => s.StartsWith("rate-limited", StringComparison.Ordinal)), counts.ByKind[FaultKind.RateLimited]);
        Assert.Equal(0, counts.ByKind[FaultKind.DroppedConnection]);
        Assert.Equal(30 - counts.ByKind[FaultKind.None], counts.Faulted);
        Assert.Equal(seen.Count(s => s.EndsWith("; tokens-expired", StringComparison.Ordinal)), counts.TokenExpiries);
        Assert.InRange(counts.Faulted, 1, 29);
        Assert.InRange(counts.TokenExpiries, 1, 29);
    }

    /// <summary>Counts the requests a client sends.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Token_expiry_mid_run_is_absorbed_by_a_client_that_mints_a_new_token()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1 }, Ct);
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddVoximplantClient(o =>
        {
            var ready = emulator.CreateVoximplantOptions();
            o.Endpoint = ready.Endpoint;
            o.CredentialsJson = ready.CredentialsJson;
        }).AddHttpMessageHandler(() => counter);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<VoximplantClient>();
        var request = new AcdOperatorStatusStatisticsRequest { Range = emulator.Center.Range };
        var expected = await client.GetAcdOperatorStatusStatisticsAsync(request, Ct);
        Assert.Equal(1, counter.Count);

        // From now on every request voids the tokens seen so far: the cached JWT is refused with code 100, and the
        // client mints a fresh one and sends the request again, every time: two requests per call.
        emulator.Faults = new FaultOptions { TokenExpiryRate = 1 };
        for (var i = 1; i <= 3; i++)
        {
            var statistics = await client.GetAcdOperatorStatusStatisticsAsync(request, Ct);
            Assert.Equal(expected.Groups.Select(g => g.UserId), statistics.Groups.Select(g => g.UserId));
            Assert.Equal(1 + (2 * i), counter.Count);
        }
    }

    [Fact]
    public async Task Same_seed_meets_the_same_faults_in_the_same_order_for_every_knob()
    {
        async Task<string> SequenceAsync(long seed)
        {
            var faults = new FaultOptions
            {
                ServerErrorRate = 0.15, RateLimitRate = 0.15, VendorTransientErrorRate = 0.15, TruncateRate = 0.15, DropConnectionRate = 0.15,
                TokenExpiryRate = 0.3, LatencyJitter = Duration.FromMilliseconds(10),
            };
            await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1, Seed = seed, Faults = faults }, Ct);
            using var http = new HttpClient();
            var outcomes = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    using var response = await http.GetAsync(RawQueueUri(emulator), Ct);
                    outcomes.Add($"{(int)response.StatusCode} {response.Headers.GetValues("X-Emulator-Fault").Single()} {response.Headers.GetValues("X-Emulator-Latency").Single()}");
                }
                catch (HttpRequestException)
                {
                    outcomes.Add("broken");
                }
            }

            return string.Join("\n", outcomes);
        }

        var first = await SequenceAsync(seed: 5);

        Assert.Equal(first, await SequenceAsync(seed: 5));
        Assert.NotEqual(first, await SequenceAsync(seed: 6));
        foreach (var seen in new[] { "none", "server-error-", "rate-limited", "vendor-transient", "broken", "tokens-expired" })
        {
            Assert.Contains(seen, first, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Same_seed_meets_the_same_faults_in_the_same_order()
    {
        async Task<string> SequenceAsync()
        {
            await using var fixture = await StartAsync(new FaultOptions { ServerErrorRate = 0.3, RateLimitRate = 0.2, VendorTransientErrorRate = 0.2 });
                var outcomes = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    await fixture.QueueAsync();
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
        await using var fixture = await StartAsync(new FaultOptions { ServerErrorRate = 1 });
        await Assert.ThrowsAsync<VendorApiException>(() => fixture.QueueAsync());

        fixture.Emulator.Faults = new FaultOptions();

        Assert.Equal(3, (await fixture.QueueAsync()).Count);
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
