using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class ErrorMappingTests
{
    private const string TwoErrors =
        """{"request_id":"5f1c0e7a-req","errors":[{"message":"Parameter date_from is required","code":1001},{"message":"Parameter agent_logins or agent_group_ids is required","code":"1002"}]}""";

    private static async Task<VendorApiException> FailAsync(int status, string body, string contentType = "application/json")
    {
        await using var server = await LoopbackServer.StartAsync(status, body, contentType);
        using var client = Client(server);
        return await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Errors_inside_a_200_body_become_the_exception_with_every_error_and_the_request_id()
    {
        var ex = await FailAsync(200, TwoErrors);

        Assert.Equal("Thulium", ex.Vendor);
        Assert.Equal(System.Net.HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("5f1c0e7a-req", ex.RequestId);
        Assert.Equal(["1001: Parameter date_from is required", "1002: Parameter agent_logins or agent_group_ids is required"], ex.Errors.Select(e => e.ToString()));
        Assert.Equal("1001", ex.VendorCode);
        Assert.Equal("Parameter date_from is required", ex.VendorMessage);
        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("/api/agents_work_report", ex.RequestPath);
        Assert.Contains("Request id: 5f1c0e7a-req", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_of_a_4xx_body_become_the_exception_with_every_error_and_the_request_id()
    {
        var ex = await FailAsync(400, TwoErrors);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("5f1c0e7a-req", ex.RequestId);
        Assert.Equal(["1001", "1002"], ex.Errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task The_envelope_is_read_whatever_the_status(int status)
    {
        var ex = await FailAsync(status, TwoErrors);

        Assert.Equal((System.Net.HttpStatusCode)status, ex.StatusCode);
        Assert.Equal("5f1c0e7a-req", ex.RequestId);
        Assert.Equal(["1001", "1002"], ex.Errors.Select(e => e.Code));
        Assert.Equal("Parameter date_from is required", ex.VendorMessage);
    }

    [Fact]
    public async Task Rejected_credentials_are_an_authentication_failure_not_retried()
    {
        var ex = await FailAsync(401, """{"request_id":"r1","errors":[{"message":"Unauthorized","code":401}]}""");

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("401", ex.VendorCode);
    }

    [Fact]
    public async Task Missing_permission_is_permission_denied()
    {
        var ex = await FailAsync(403, """{"request_id":"r1","errors":[{"message":"Forbidden","code":403}]}""");

        Assert.Equal(VendorErrorKind.PermissionDenied, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Rate_limiting_is_transient()
    {
        var ex = await FailAsync(429, """{"request_id":"r1","errors":[{"message":"Too many requests","code":429}]}""");

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Server_errors_are_transient_even_without_an_envelope()
    {
        var ex = await FailAsync(503, "<html>Service Unavailable</html>", "text/html");

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Empty(ex.Errors);
        Assert.Contains("Service Unavailable", ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_status_as_code_inside_a_200_body_classifies_the_error()
    {
        var ex = await FailAsync(200, """{"request_id":"r9","errors":[{"message":"Too many requests","code":429}]}""");

        Assert.Equal(VendorErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("r9", ex.RequestId);
    }

    [Fact]
    public async Task A_single_top_level_error_is_read_too()
    {
        var ex = await FailAsync(200, """{"message":"Access denied","code":403}""");

        Assert.Equal(VendorErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal("Access denied", ex.VendorMessage);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"ok\"")]
    [InlineData("[{\"agent\":")]
    [InlineData("<html></html>")]
    public async Task A_success_body_that_is_neither_rows_nor_errors_is_an_invalid_response(string body)
    {
        var ex = await FailAsync(200, body);

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void The_error_policy_reads_the_envelope_from_bytes()
    {
        var report = ThuliumErrorPolicy.Instance.ReadErrorBody(System.Text.Encoding.UTF8.GetBytes(TwoErrors));

        Assert.Equal("5f1c0e7a-req", report.RequestId);
        Assert.Equal(2, report.Errors.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void The_error_policy_reads_other_bodies_as_no_errors(string body)
    {
        Assert.False(ThuliumErrorPolicy.Instance.ReadErrorBody(System.Text.Encoding.UTF8.GetBytes(body)).HasErrors);
    }
}
