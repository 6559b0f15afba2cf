using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>
/// The <see cref="VendorErrorPolicy.GetRetryAfter"/> hook: a delay the vendor writes in its error body reaches
/// <see cref="VendorApiException.RetryAfter"/>, and a <c>Retry-After</c> header wins over it.
/// </summary>
public sealed partial class VendorErrorPolicyRetryAfterTests
{
    private static readonly Instant Now = Instant.FromUtc(2024, 3, 11, 9, 0);
    private const string RateLimitedBody = """{"error": {"code": 340, "msg": "Rate limit, repeat after 45 seconds"}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_default_hook_finds_no_delay()
    {
        Assert.Null(new AcmeErrorPolicy().GetRetryAfter([new VendorError("340", "Rate limit, repeat after 45 seconds")]));
    }

    [Fact]
    public void The_test_policy_reads_the_delay_from_the_message()
    {
        var policy = new RepeatAfterPolicy();

        Assert.Equal(Duration.FromSeconds(45), policy.GetRetryAfter([new VendorError("340", "Rate limit, repeat after 45 seconds")]));
        Assert.Null(policy.GetRetryAfter([new VendorError("340", "Rate limit")]));
        Assert.Null(policy.GetRetryAfter([]));
    }

    [Fact]
    public async Task Delay_from_an_error_status_body_becomes_retry_after()
    {
        await using var server = await LoopbackServer.StartAsync(429, RateLimitedBody);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, new RepeatAfterPolicy()));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.Equal(Duration.FromSeconds(45), ex.RetryAfter);
    }

    [Fact]
    public async Task Delay_from_an_error_inside_an_http_200_body_becomes_retry_after()
    {
        await using var server = await LoopbackServer.StartAsync(200, RateLimitedBody);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, new RepeatAfterPolicy()));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(Duration.FromSeconds(45), ex.RetryAfter);
    }

    [Fact]
    public async Task Without_a_header_or_a_delay_in_the_body_there_is_no_retry_after()
    {
        await using var server = await LoopbackServer.StartAsync(429, """{"error": {"code": 340, "msg": "Rate limit"}}""");
        var policy = new RepeatAfterPolicy();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, policy));

        Assert.Null(ex.RetryAfter);
        Assert.Equal(1, policy.Calls);
    }

    [Fact]
    public async Task Retry_after_header_in_seconds_wins_over_the_body()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "10";
            await context.RespondAsync(429, RateLimitedBody);
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, new RepeatAfterPolicy()));

        Assert.Equal(Duration.FromSeconds(10), ex.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_header_wins_over_the_body_in_an_http_200_error_too()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "7";
            await context.RespondAsync(200, RateLimitedBody);
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, new RepeatAfterPolicy()));

        Assert.Equal(Duration.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_date_wins_over_the_body_measured_from_the_clock()
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "Mon, 11 Mar 2024 09:02:00 GMT";
            await context.RespondAsync(503, RateLimitedBody);
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, new RepeatAfterPolicy()));

        Assert.Equal(Duration.FromMinutes(2), ex.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_date_in_the_past_still_wins_as_zero()
    {
        // The header is present, so it decides even though it says "now": the 45 s from the body is not used.
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.Headers.RetryAfter = "Mon, 11 Mar 2024 08:00:00 GMT";
            await context.RespondAsync(429, RateLimitedBody);
        });

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, new RepeatAfterPolicy()));

        Assert.Equal(Duration.Zero, ex.RetryAfter);
    }

    [Fact]
    public async Task The_hook_sees_the_errors_as_the_exception_reports_them_redacted()
    {
        const string secret = "hunter2-secret";
        await using var server = await LoopbackServer.StartAsync(
            429,
            $$$"""{"error": {"code": 340, "msg": "Key {{{secret}}} is rate limited, repeat after 30 seconds"}}""");
        var policy = new RepeatAfterPolicy();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Send(server, policy, new Redaction([secret])));

        Assert.Equal(Duration.FromSeconds(30), ex.RetryAfter);
        Assert.Equal(ex.Errors, policy.LastErrors);
        Assert.Equal("Key *** is rate limited, repeat after 30 seconds", policy.LastErrors![0].Message);
    }

    [Fact]
    public async Task A_delay_the_vendor_writes_in_its_body_is_the_wait_before_the_retry()
    {
        var responses = new Queue<string>([RateLimitedBody, AcmeKit.Calls(3)]);
        await using var server = await LoopbackServer.StartAsync((_, context) => context.RespondAsync(200, responses.Dequeue()));
        var time = new InstantDelays();

        var calls = await Send(server, new RepeatAfterPolicy(), maxRetries: 1, time: time);

        Assert.Equal(3, calls);
        Assert.Equal([TimeSpan.FromSeconds(45)], time.Delays);
    }

    /// <summary>A pipeline built directly, the way a registration builds one, with <paramref name="policy"/> as the envelope hook.</summary>
    private static async Task<long> Send(LoopbackServer server, VendorErrorPolicy policy, Redaction? redaction = null, int maxRetries = 0, TimeProvider? time = null)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var options = AcmeKit.Options(server.BaseAddress, o =>
        {
            o.Retry.MaxRetries = maxRetries;
            o.AttemptTimeout = Timeout.InfiniteTimeSpan;
            o.OperationTimeout = Timeout.InfiniteTimeSpan;
        });
        var pipeline = new VendorPipeline(new VendorPipelineSettings
        {
            VendorId = "acme",
            ErrorPolicy = policy,
            HttpClient = () => http,
            Options = options,
            Redaction = redaction ?? Redaction.None,
            Clock = new FakeClock(Now),
            TimeProvider = time ?? TimeProvider.System,
        });
        var result = await pipeline.SendAsync(
            AcmeClient.CallsOperation,
            () => new HttpRequestMessage(HttpMethod.Get, "stats/calls"),
            async (response, ct) =>
            {
                var envelope = await response.ReadJsonAsync(AcmeJsonContext.Default.AcmeEnvelopeAcmeCalls, ct);
                return envelope.Error is null ? envelope.Result! : throw response.CreateException(AcmeErrorPolicy.ToReport(envelope.Error));
            },
            Ct);
        return result.Calls;
    }

    /// <summary>Acme's envelope, plus a vendor habit of writing "repeat after N seconds" in the message.</summary>
    private sealed partial class RepeatAfterPolicy : VendorErrorPolicy
    {
        private readonly AcmeErrorPolicy _acme = new();

        public int Calls { get; private set; }

        public IReadOnlyList<VendorError>? LastErrors { get; private set; }

        public override string VendorName => _acme.VendorName;

        public override VendorErrorReport ReadErrorBody(ReadOnlySpan<byte> body) => _acme.ReadErrorBody(body);

        public override VendorErrorKind Classify(HttpStatusCode statusCode, IReadOnlyList<VendorError> errors) => _acme.Classify(statusCode, errors);

        public override Duration? GetRetryAfter(IReadOnlyList<VendorError> errors)
        {
            Calls++;
            LastErrors = errors;
            var match = errors.Count > 0 ? RepeatAfter().Match(errors[0].Message) : Match.Empty;
            return match.Success
                ? Duration.FromSeconds(long.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture))
                : null;
        }

        [GeneratedRegex(@"repeat after (\d+) seconds", RegexOptions.CultureInvariant)]
        private static partial Regex RepeatAfter();
    }
}
