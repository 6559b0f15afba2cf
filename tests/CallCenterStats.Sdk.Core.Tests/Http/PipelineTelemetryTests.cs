using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>The span, metrics and logs of an operation, and that no secret reaches any of them.</summary>
public sealed class PipelineTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operation_with_a_retry_is_one_span_tagged_with_vendor_operation_account_attempts_and_outcome()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((503, "{}"), (200, AcmeKit.Calls(7))));
        var (account, telemetry) = Capture();
        using var _ = telemetry;
        await using var provider = AcmeKit.Provider(server.BaseAddress, account);

        await provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct);

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal("Acme GetCalls", span.DisplayName);
        Assert.Equal("acme", span.GetTagItem(CallCenterStatsTelemetry.VendorTag));
        Assert.Equal("GetCalls", span.GetTagItem(CallCenterStatsTelemetry.OperationTag));
        Assert.Equal(account, span.GetTagItem(CallCenterStatsTelemetry.AccountTag));
        Assert.Equal(2, span.GetTagItem(CallCenterStatsTelemetry.AttemptsTag));
        Assert.Equal("success", span.GetTagItem(CallCenterStatsTelemetry.OutcomeTag));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_failed_operation_has_its_error_type_and_an_error_status()
    {
        await using var server = await LoopbackServer.StartAsync(400, AcmeKit.Error(111, "No"));
        var (account, telemetry) = Capture();
        using var _ = telemetry;
        await using var provider = AcmeKit.Provider(server.BaseAddress, account);

        await Assert.ThrowsAsync<VendorApiException>(() => provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct));

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal("invalid_request", span.GetTagItem(CallCenterStatsTelemetry.OutcomeTag));
        Assert.Equal("invalid_request", span.GetTagItem("error.type"));
        Assert.Equal(1, span.GetTagItem(CallCenterStatsTelemetry.AttemptsTag));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task Metrics_count_each_attempt_with_its_outcome_each_retry_with_its_reason_the_duration_and_the_rows()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn(
            (503, "{}"),
            (429, "{}"),
            (200, """{"rows": [{"agent": "a", "calls": 1}, {"agent": "b", "calls": 2}, {"agent": "c", "calls": 3}]}""")));
        var (account, telemetry) = Capture();
        using var _ = telemetry;
        await using var provider = AcmeKit.Provider(server.BaseAddress, account);

        var rows = await provider.GetRequiredKeyedService<AcmeClient>(account).GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct);

        Assert.Equal(3, rows.Count);
        var requests = telemetry.Measurements.Where(m => m.Instrument == CallCenterStatsTelemetry.RequestsMetric).ToList();
        Assert.Equal(
            ["service_unavailable", "rate_limited", "success"],
            requests.Select(m => (string?)m.Tags[CallCenterStatsTelemetry.OutcomeTag]));
        Assert.All(requests, m => Assert.Equal(1, m.Value));
        Assert.All(requests, m => Assert.Equal("GetCallRows", m.Tags[CallCenterStatsTelemetry.OperationTag]));
        Assert.All(requests, m => Assert.Equal("acme", m.Tags[CallCenterStatsTelemetry.VendorTag]));
        var retries = telemetry.Measurements.Where(m => m.Instrument == CallCenterStatsTelemetry.RetriesMetric).ToList();
        Assert.Equal(["service_unavailable", "rate_limited"], retries.Select(m => (string?)m.Tags[CallCenterStatsTelemetry.ReasonTag]));
        var duration = Assert.Single(telemetry.Measurements, m => m.Instrument == CallCenterStatsTelemetry.DurationMetric);
        Assert.True(duration.Value > 0);
        Assert.Equal("success", duration.Tags[CallCenterStatsTelemetry.OutcomeTag]);
        Assert.Equal(3, telemetry.Sum(CallCenterStatsTelemetry.RowsMetric));
    }

    [Fact]
    public async Task A_token_renewal_is_counted_as_a_retry_with_its_own_reason()
    {
        await using var server = await AcmeKit.TokenServerAsync(AcmeKit.InTurn((401, "{}"), (200, AcmeKit.Calls(1))));
        var (account, telemetry) = Capture();
        using var _ = telemetry;
        await using var provider = AcmeKit.Provider(server.BaseAddress, account, o => o.ApiKey = AcmeKit.ApiKey);

        await provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct);

        var retry = Assert.Single(telemetry.Measurements, m => m.Instrument == CallCenterStatsTelemetry.RetriesMetric && Equals(m.Tags[CallCenterStatsTelemetry.OperationTag], "GetCalls"));
        Assert.Equal("token_rejected", retry.Tags[CallCenterStatsTelemetry.ReasonTag]);

        // The logins are operations of their own, on the auxiliary pipeline.
        Assert.Equal(2, telemetry.Spans.Count(s => Equals(s.GetTagItem(CallCenterStatsTelemetry.OperationTag), "auth/token")));
        Assert.Single(telemetry.Spans, s => Equals(s.GetTagItem(CallCenterStatsTelemetry.OperationTag), "GetCalls"));
    }

    [Fact]
    public async Task A_retry_logs_a_warning_with_its_reason_and_delay()
    {
        await using var server = await LoopbackServer.StartAsync(AcmeKit.InTurn((503, "{}"), (200, AcmeKit.Calls(1))));
        var logs = new CapturingLoggerProvider();
        await using var provider = AcmeKit.Provider(server.BaseAddress, "logged", o => o.Retry.UseJitter = false, logs);

        await provider.GetRequiredKeyedService<AcmeClient>("logged").GetCallsAsync(AcmeKit.Request, Ct);

        var warning = Assert.Single(logs.Entries, e => e.Contains(" Warning: ", StringComparison.Ordinal));
        Assert.StartsWith("CallCenterStats.Sdk.Core.Tests Warning: Acme GetCalls (logged): attempt 1 failed (service_unavailable: ", warning, StringComparison.Ordinal);
        Assert.Contains("retrying in 1 ms", warning, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Contains("Debug: Acme GetCalls (logged): completed after 2 attempt(s)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains("Debug: Acme GetCalls (logged): attempt 2, GET stats/calls", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains("from=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_password_token_or_api_key_in_any_encoding_reaches_a_span_a_metric_a_log_line_or_an_exception()
    {
        // Every request is echoed back whole (headers and body) in an error, after a first transient one that is
        // retried (so that the retry warning is logged too), and a token rejection (so that two tokens are used).
        var turn = 0;
        var logins = 0;
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            var echo = $"{request.Method} {request.Path}{request.QueryString} {string.Join(" ", request.Headers.Select(h => h.Key + ": " + h.Value))} {request.Body}";
            context.Response.Headers["X-Request-Id"] = request.Authorization ?? "none";
            if (request.Path == "/auth/token")
            {
                return Interlocked.Increment(ref logins) == 1
                    ? context.RespondAsync(503, AcmeKit.Error(162, "Try later: " + echo))
                    : context.RespondAsync(200, $$$"""{"result": {"token": "{{{AcmeKit.TokenPrefix}}}{{{Guid.NewGuid():N}}}", "expires_in": 3600}}""");
            }

            return Interlocked.Increment(ref turn) switch
            {
                1 => context.RespondAsync(503, AcmeKit.Error(162, "Try later: " + echo)),
                2 => context.RespondAsync(401, AcmeKit.Error(100, "Token refused: " + echo)),
                _ => context.RespondAsync(400, AcmeKit.Error(101, "Bad request: " + echo)),
            };
        });
        var (account, telemetry) = Capture();
        using var _ = telemetry;
        var logs = new CapturingLoggerProvider();
        await using var provider = AcmeKit.Provider(server.BaseAddress, account, o => o.ApiKey = AcmeKit.ApiKey, logs);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        var tokens = server.Requests.Where(r => r.Authorization is not null).Select(r => r.Authorization!["Bearer ".Length..]).Distinct().ToList();
        Assert.Equal(2, tokens.Count);
        Assert.Equal(3, server.Logins().Count);
        var surfaces = string.Join('\n', logs.AllText, telemetry.AllText, ex.ToString(), ex.RawBody, ex.RequestId, string.Join(' ', ex.Errors));
        Assert.Contains("Bad request: ", surfaces, StringComparison.Ordinal);
        foreach (var secret in tokens.Append(AcmeKit.ApiKey).SelectMany(Encodings).Distinct())
        {
            Assert.DoesNotContain(secret, surfaces, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_basic_credentials_in_any_encoding_reach_a_span_a_metric_a_log_line_or_an_exception()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            var echo = string.Join(" ", request.Headers.Select(h => h.Key + ": " + h.Value));
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(request.Authorization!["Basic ".Length..]));
            context.Response.Headers["X-Request-Id"] = request.Authorization;
            return context.RespondAsync(400, AcmeKit.Error(101, $"Bad credentials {decoded} ({echo})"));
        });
        var (account, telemetry) = Capture();
        using var _ = telemetry;
        var logs = new CapturingLoggerProvider();
        await using var provider = AcmeKit.Provider(server.BaseAddress, account, logs: logs);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct));

        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(AcmeKit.Username + ":" + AcmeKit.Password));
        var surfaces = string.Join('\n', logs.AllText, telemetry.AllText, ex.ToString(), ex.RawBody, ex.RequestId, string.Join(' ', ex.Errors));
        Assert.Contains("Bad credentials agent:***", surfaces, StringComparison.Ordinal);
        foreach (var secret in Encodings(AcmeKit.Password).Concat(Encodings(header)).Distinct())
        {
            Assert.DoesNotContain(secret, surfaces, StringComparison.Ordinal);
        }
    }

    private static (string Account, TelemetryCapture Telemetry) Capture()
    {
        var account = "telemetry-" + Guid.NewGuid().ToString("N");
        return (account, new TelemetryCapture(account));
    }

    private static string LowerHex(string encoded) =>
        System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

    private static IEnumerable<string> Encodings(string secret) =>
    [
        secret,
        Uri.EscapeDataString(secret),
        LowerHex(Uri.EscapeDataString(secret)),
        WebUtility.UrlEncode(secret),
        LowerHex(WebUtility.UrlEncode(secret)),
        JsonEncodedText.Encode(secret).ToString(),
        JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),

        // A form body echoed in JSON by a server whose encoder escapes '+' (System.Text.Json's default).
        JsonEncodedText.Encode(WebUtility.UrlEncode(secret)).ToString(),
    ];
}
