using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class ErrorMappingTests
{
    private const string Row = """{"date":"2020-06-15","time":1500,"userId":17,"data":[]}""";

    [Fact]
    public async Task String_error_in_a_200_body_becomes_the_vendor_exception()
    {
        await using var server = await ServeAsync("""{"response":[],"errors":["Invalid dimension: team"]}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal("VCC Live", ex.Vendor);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Null(ex.VendorCode);
        Assert.Equal("Invalid dimension: team", ex.VendorMessage);
        Assert.Contains("Invalid dimension: team", ex.Message, StringComparison.Ordinal);
        Assert.Equal("/v2/statistics/userbased", ex.RequestPath);
    }

    [Theory]
    [InlineData("""{"message":"Bad date","code":12}""", "12", "Bad date")]
    [InlineData("""{"msg":"Bad date"}""", null, "Bad date")]
    [InlineData("""{"error":"Bad date","code":"E_DATE"}""", "E_DATE", "Bad date")]
    [InlineData("""{"field":"from","reason":42}""", null, """{"field":"from","reason":42}""")]
    [InlineData("404", null, "404")]
    public async Task Object_and_other_error_items_are_read(string item, string? code, string message)
    {
        await using var server = await ServeAsync($$"""{"response":[],"errors":[{{item}}]}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal(code, ex.VendorCode);
        Assert.Equal(message, ex.VendorMessage);
    }

    [Theory]
    [InlineData("Service temporarily unavailable", true)]
    [InlineData("Server overloaded, please try again later", true)]
    [InlineData("Query timed out", true)]
    [InlineData("Invalid dimension: team", false)]
    [InlineData("Access denied for this IP address", false)]
    public async Task Errors_in_a_200_body_saying_the_service_is_temporarily_unavailable_are_transient(string message, bool transient)
    {
        await using var server = await ServeAsync($$"""{"response":[],"errors":["{{message}}"]}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetOnceAsync(server));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(transient ? VendorErrorKind.ServiceUnavailable : VendorErrorKind.Unknown, ex.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Every_error_item_is_kept()
    {
        await using var server = await ServeAsync("""{"response":null,"errors":["first",{"message":"second"}]}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal(["first", "second"], ex.Errors.Select(e => e.Message));
    }

    [Fact(Timeout = 30_000)]
    public async Task Errors_arriving_after_rows_were_returned_are_thrown_at_the_end()
    {
        var firstRowReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"response":[{{Row}},{{Row}}],""");
            await context.Response.Body.FlushAsync();
            await firstRowReceived.Task;
            await context.Response.WriteAsync("""  "errors":["Partial result"]}""");
        });
        var received = new List<UserBasedStatisticsRow>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            using var client = Client(server);
            await foreach (var row in client.GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken))
            {
                received.Add(row);
                firstRowReceived.TrySetResult();
            }
        });

        Assert.Equal(2, received.Count);
        Assert.Equal("Partial result", ex.VendorMessage);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task Errors_before_the_rows_stop_before_any_row()
    {
        await using var server = await ServeAsync($$"""{"errors":["Access denied"],"response":[{{Row}}]}""");
        var received = new List<UserBasedStatisticsRow>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            using var client = Client(server);
            await foreach (var row in client.GetUserBasedStatisticsAsync(Request(), Ct))
            {
                received.Add(row);
            }
        });

        Assert.Empty(received);
        Assert.Equal("Access denied", ex.VendorMessage);
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Tab)]
    [InlineData(UserBasedStatisticsFormat.Csv)]
    public async Task Json_error_envelope_answering_a_text_request_is_read(UserBasedStatisticsFormat format)
    {
        await using var server = await ServeAsync("""  {"response":[],"errors":["Unknown field: foo"]}""", "text/plain");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server, format));

        Assert.Equal("Unknown field: foo", ex.VendorMessage);
    }

    [Theory]
    [InlineData(401, VendorErrorKind.Authentication, false)]
    [InlineData(403, VendorErrorKind.PermissionDenied, false)]
    [InlineData(400, VendorErrorKind.InvalidRequest, false)]
    [InlineData(404, VendorErrorKind.NotFound, false)]
    [InlineData(429, VendorErrorKind.RateLimited, true)]
    [InlineData(500, VendorErrorKind.ServiceUnavailable, true)]
    [InlineData(503, VendorErrorKind.ServiceUnavailable, true)]
    public async Task Http_status_decides_the_kind(int status, VendorErrorKind kind, bool transient)
    {
        await using var server = await ServeAsync("""{"response":null,"errors":["Request failed"]}""", "text/plain", status);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetOnceAsync(server));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("Request failed", ex.VendorMessage);
    }

    [Fact]
    public async Task Unregistered_ip_address_is_permission_denied_even_with_an_html_body()
    {
        await using var server = await ServeAsync("<html><body>Forbidden</body></html>", "text/html", 403);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal(VendorErrorKind.PermissionDenied, ex.Kind);
        Assert.Empty(ex.Errors);
        Assert.Contains("Forbidden", ex.RawBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"response":[{"date":"2020-06-15",""")]
    [InlineData("")]
    public async Task Unreadable_json_is_an_invalid_response(string body)
    {
        await using var server = await ServeAsync(body);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Theory]
    [InlineData("""{"response":[{"time":2460,"data":[]}],"errors":[]}""", "row 1: 'time' '2460' is not a time of day")]
    [InlineData("""{"response":[{"date":"15/06/2020","data":[]}],"errors":[]}""", "row 1: 'date' '15/06/2020' is not a date")]
    [InlineData("""{"response":[{"date":"2020-06-15","data":[{"count":1,"sum":2}]}],"errors":[]}""", "row 1: a KPI item has no 'field' name")]
    public async Task Malformed_row_values_are_an_invalid_response(string body, string reason)
    {
        await using var server = await ServeAsync(body);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(reason, ex.VendorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("date,userId\n2020-06-15,seventeen\n", "row 1 has 'seventeen' in the column 'userId', which is not an integer")]
    [InlineData("date,userId\n2020-06-15,17,extra\n", "row 1 has more cells than the header's 2 columns")]
    [InlineData("date,userId\n2020-06-15,\"17\n", "the answer ends inside a quoted cell")]
    public async Task Malformed_csv_is_an_invalid_response(string body, string reason)
    {
        await using var server = await ServeAsync(body, "text/csv");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(
            server,
            Request(UserBasedStatisticsFormat.Csv) with { Dimensions = UserBasedStatisticsDimensions.Date | UserBasedStatisticsDimensions.User }));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains(reason, ex.VendorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_token_echoed_by_the_vendor_never_reaches_the_exception()
    {
        await using var server = await ServeAsync($$"""{"response":null,"errors":["Token {{ApiToken}} is not valid"]}""", "text/plain", 401);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(ApiToken, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiToken, ex.RawBody, StringComparison.Ordinal);
        Assert.Contains("Token *** is not valid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_token_echoed_in_a_200_error_never_reaches_the_exception()
    {
        await using var server = await ServeAsync($$"""{"response":[],"errors":[{"message":"bad token {{ApiToken}}"}]}""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAsync(server));

        Assert.DoesNotContain(ApiToken, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiToken, ex.RawBody, StringComparison.Ordinal);
    }

    private static Task<List<UserBasedStatisticsRow>> GetAsync(LoopbackServer server, UserBasedStatisticsFormat format = UserBasedStatisticsFormat.Json) =>
        GetAllAsync(server, Request(format));

    /// <summary>With retries off: the classification of one answer, seen from one request.</summary>
    private static Task<List<UserBasedStatisticsRow>> GetOnceAsync(LoopbackServer server) =>
        GetAllAsync(server, Request(), o => o.Retry.MaxRetries = 0);
}
