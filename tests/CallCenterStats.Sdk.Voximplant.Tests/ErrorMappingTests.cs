using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class ErrorMappingTests
{
    /// <summary>Serves the same answer to every request (retries included) and returns the final exception and the number of requests.</summary>
    private static async Task<(VendorApiException Exception, int Requests)> FailAsync(int status, string body, string contentType = "application/json", Action<VoximplantOptions>? configure = null)
    {
        await using var server = await LoopbackServer.StartAsync(status, body, contentType);
        await using var provider = Harness.Provider(server.BaseAddress, configure: configure);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken));
        return (ex, server.Requests.Count);
    }

    private static string ErrorBody(int code, string message) => $$$"""{"error": {"code": {{{code}}}, "msg": "{{{message}}}"}}""";

    [Theory]
    [InlineData(1, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(2, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(101, VendorErrorKind.InvalidRequest, false)]
    [InlineData(104, VendorErrorKind.PermissionDenied, false)]
    [InlineData(111, VendorErrorKind.InvalidRequest, false)]
    [InlineData(117, VendorErrorKind.InvalidRequest, false)]
    [InlineData(123, VendorErrorKind.InvalidRequest, false)]
    [InlineData(162, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(227, VendorErrorKind.InvalidRequest, false)]
    [InlineData(228, VendorErrorKind.InvalidRequest, false)]
    [InlineData(314, VendorErrorKind.RateLimited, true)]
    [InlineData(340, VendorErrorKind.RateLimited, true)]
    [InlineData(416, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(569, VendorErrorKind.InvalidRequest, false)]
    public async Task Documented_code_inside_an_HTTP_200_body_is_classified(int code, VendorErrorKind kind, bool transient)
    {
        var (ex, requests) = await FailAsync(200, ErrorBody(code, "Something about the request"));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.VendorCode);
        Assert.Equal("Something about the request", ex.VendorMessage);
        Assert.Equal("Voximplant", ex.Vendor);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("/platform_api/GetACDOperatorStatusStatistics", ex.RequestPath);

        // Transient codes are retried (MaxRetries, 5 by default) before the last failure reaches the caller; the others are sent once.
        Assert.Equal(transient ? 1 + RetryOptions.DefaultMaxRetries : 1, requests);
    }

    [Fact]
    public async Task Code_416_turns_its_repeat_after_seconds_into_retry_after()
    {
        var (ex, _) = await FailAsync(200, ErrorBody(416, "Repeat the request after 30 seconds"), configure: o => o.Retry.MaxRetries = 0);

        Assert.Equal(NodaTime.Duration.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task Other_codes_have_no_retry_after()
    {
        var (ex, _) = await FailAsync(200, ErrorBody(162, "Try again in 30 seconds"), configure: o => o.Retry.MaxRetries = 0);

        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task Envelope_in_an_HTTP_400_body_is_read()
    {
        var (ex, _) = await FailAsync(400, ErrorBody(111, "Invalid date format"));

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("111", ex.VendorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("111: Invalid date format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undocumented_code_is_kept_and_not_transient()
    {
        var (ex, _) = await FailAsync(200, ErrorBody(999, "Something new"));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Equal("999", ex.VendorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task HTTP_429_without_an_envelope_is_a_transient_rate_limit()
    {
        var (ex, _) = await FailAsync(429, "Too many requests", "text/plain");

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.VendorCode);
    }

    [Fact]
    public async Task HTTP_503_with_an_html_page_is_transient()
    {
        var (ex, _) = await FailAsync(503, "<html><body>Bad gateway</body></html>", "text/html");

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task HTTP_500_is_transient_even_with_a_non_transient_code()
    {
        var (ex, _) = await FailAsync(500, ErrorBody(101, "Invalid arguments"));

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_an_invalid_response()
    {
        var (ex, _) = await FailAsync(200, "<html>maintenance</html>", "text/html");

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("maintenance", ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_key_echoed_by_the_server_is_redacted_from_the_exception()
    {
        var fragment = TestKeys.KeyFragment(TestKeys.PrivateKeyPem);

        var (ex, _) = await FailAsync(200, ErrorBody(101, "bad key " + fragment));

        Assert.DoesNotContain(fragment, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fragment, ex.RawBody!, StringComparison.Ordinal);
        Assert.Contains("bad key ***", ex.Message, StringComparison.Ordinal);
    }
}
