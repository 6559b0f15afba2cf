using System.Net;
using System.Text;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using NodaTime;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class ErrorMappingTests
{
    private static readonly InstantRange Range = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 3, 1, 0, 0));

    [Fact]
    public async Task Core_error_body_maps_to_the_exception()
    {
        var ex = await FailAsync(404, """{"error": "Call center APIOTestCCBasic@sip.netaxis.be not found"}""");

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Null(ex.VendorCode);
        Assert.Equal("Call center APIOTestCCBasic@sip.netaxis.be not found", ex.VendorMessage);
        Assert.Equal("Netaxis APIO", ex.Vendor);
        Assert.Equal("GET", ex.RequestMethod);
        Assert.EndsWith("/statistics/", ex.RequestPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_error_body_maps_every_error_with_its_details()
    {
        var ex = await FailAsync(400, """
            {"errors": [
              {"message": "INVALID_PARAMETERS", "details": "Start date or end date in the future", "subErrorCode": 2},
              {"message": "second problem", "details": {"field": "end"}}
            ]}
            """);

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("2", ex.VendorCode);
        Assert.Equal("INVALID_PARAMETERS", ex.VendorMessage);
        Assert.Equal("Start date or end date in the future", ex.Errors[0].Details);
        Assert.Equal("second problem", ex.Errors[1].Message);
        Assert.Equal("""{"field": "end"}""", ex.Errors[1].Details);
        ResultSnapshot.Match(new { ex.Kind, ex.IsTransient, ex.Message, ex.Errors });
    }

    [Theory]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid.", "code": 2}]}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid.", "code": "INVALID_PARAMETERS", "subErrorCode": "2"}]}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid."}], "subErrorCode": 2}""", "2")]
    [InlineData("""{"error": "The format of start date or end date is invalid.", "code": "INVALID_PARAMETERS"}""", "INVALID_PARAMETERS")]
    [InlineData("""{"error": {"message": "The format of start date or end date is invalid.", "error_code": 2}}""", "2")]
    [InlineData("""{"error": "2: INVALID_PARAMETERS, The format of start date or end date is invalid."}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid.", "details": "2: INVALID_PARAMETERS"}]}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid."}], "details": "2: INVALID_PARAMETERS"}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid.", "sub_error_code": 2}]}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid.", "subCode": 2}]}""", "2")]
    [InlineData("""{"errors": [{"message": "The format of start date or end date is invalid.", "sub_code": "2", "code": "INVALID_PARAMETERS"}]}""", "2")]
    [InlineData("""{"error": {"message": "The format of start date or end date is invalid.", "errorCode": 2}}""", "2")]
    public async Task Invalid_parameters_sub_error_code_is_found_wherever_it_sits_and_the_message_kept(string body, string code)
    {
        var ex = await FailAsync(400, body);

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(code, ex.VendorCode);
        Assert.Contains("The format of start date or end date is invalid.", ex.VendorMessage, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Error_inside_a_200_body_is_raised()
    {
        var ex = await FailAsync(200, """{"errors": [{"message": "End date can not be earlier than start date.", "subErrorCode": 2}]}""");

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("End date can not be earlier than start date.", ex.VendorMessage);
    }

    [Fact]
    public async Task Core_error_inside_a_200_body_of_the_reporting_call_is_raised()
    {
        await using var host = await StartAsync(200, """{"error": "BroadWorks unavailable"}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Equal("BroadWorks unavailable", ex.VendorMessage);
    }

    [Theory]
    [InlineData(500, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(503, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(429, VendorErrorKind.RateLimited, true)]
    [InlineData(403, VendorErrorKind.PermissionDenied, false)]
    [InlineData(400, VendorErrorKind.InvalidRequest, false)]
    public async Task Status_decides_kind_and_retryability(int status, VendorErrorKind kind, bool transient)
    {
        var ex = await FailAsync(status, """{"error": "boom"}""");

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("boom", ex.VendorMessage);
    }

    [Fact]
    public async Task Non_json_error_body_still_maps_by_status()
    {
        var ex = await FailAsync(502, "<html><body>Bad gateway</body></html>");

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Empty(ex.Errors);
        Assert.Contains("Bad gateway", ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_static_token_is_an_authentication_error_without_the_token()
    {
        await using var host = await StartAsync(401, $$"""{"msg": "Token {{StaticToken}} has been revoked"}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("Token *** has been revoked", ex.VendorMessage);
        Assert.DoesNotContain(StaticToken, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(StaticToken, ex.RawBody, StringComparison.Ordinal);
        // The pipeline re-sends once with a "fresh" token; a static token cannot change, so it gives up.
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Fact]
    public void Error_body_reader_ignores_bodies_that_are_not_envelopes()
    {
        var policy = NetaxisErrorPolicy.Instance;

        Assert.False(policy.ReadErrorBody(""u8).HasErrors);
        Assert.False(policy.ReadErrorBody("[1,2]"u8).HasErrors);
        Assert.False(policy.ReadErrorBody("{\"errors\": []}"u8).HasErrors);
        Assert.False(policy.ReadErrorBody(Encoding.UTF8.GetBytes("not json")).HasErrors);
    }

    [Fact]
    public void Request_id_in_the_body_is_kept()
    {
        var report = NetaxisErrorPolicy.Instance.ReadErrorBody("""{"error": "x", "request_id": "req-42"}"""u8);

        Assert.Equal("req-42", report.RequestId);
    }

    private static async Task<VendorApiException> FailAsync(int status, string body)
    {
        await using var host = await StartAsync(status, body);
        return await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = Range }, Ct));
    }
}
