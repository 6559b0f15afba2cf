using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;

namespace CallCenterStats.Sdk.Enswitch.Tests;

public sealed class ErrorMappingTests
{
    public static TheoryData<string, string, string, VendorErrorKind> DocumentedCodes => new()
    {
        { "400", "start", "Invalid start", VendorErrorKind.InvalidRequest },
        { "401", "", "Authentication failed", VendorErrorKind.Authentication },
        { "402", "", "Your role does not allow this", VendorErrorKind.PermissionDenied },
        { "404", "queue", "Queue not found", VendorErrorKind.NotFound },
    };

    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public async Task Documented_code_inside_an_http_200_body_is_an_error(string code, string key, string message, VendorErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody(code, key, message));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(code, ex.VendorCode);
        Assert.Equal(message, ex.VendorMessage);
        Assert.False(ex.IsTransient);
        Assert.Equal("Enswitch", ex.Vendor);
        Assert.DoesNotContain(Enswitch.Password, Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public async Task Documented_code_with_the_matching_http_status_is_an_error(string code, string key, string message, VendorErrorKind kind)
    {
        await using var server = await LoopbackServer.StartAsync(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), ErrorBody(code, key, message));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetDestinationStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal((HttpStatusCode)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), ex.StatusCode);
        Assert.Equal(code, ex.VendorCode);
        Assert.Equal(message, ex.VendorMessage);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(Enswitch.Password, Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_parameter_error_names_the_parameter_as_its_target()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("400", "end", "Must be after start"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetDestinationStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("end", error.Target);
        Assert.Equal("Enswitch request failed (HTTP 200): 400: Must be after start (end).", ex.Message);
        Assert.Equal("/api/json/queues/destinations/statistics/get/", ex.RequestPath);
        Assert.Equal("POST", ex.RequestMethod);
    }

    [Fact]
    public async Task Empty_key_is_no_target()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("401", "", "Bad login"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetDestinationStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Null(Assert.Single(ex.Errors).Target);
    }

    [Fact]
    public async Task Error_without_a_message_gets_the_documented_meaning_of_its_code()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("404", "", ""));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal("The queue does not exist, or you do not have permission to view it.", ex.VendorMessage);
    }

    [Fact]
    public async Task Envelope_code_decides_over_the_http_status()
    {
        await using var server = await LoopbackServer.StartAsync(400, ErrorBody("404", "queue", "No such queue"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public async Task Every_failed_response_entry_is_kept()
    {
        const string body = """{"responses": [{"code": "400", "key": "start", "message": "Bad start"}, {"code": "400", "key": "end", "message": "Bad end"}], "data": null}""";
        await using var server = await LoopbackServer.StartAsync(200, body);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(["start", "end"], ex.Errors.Select(e => e.Target));
    }

    [Fact]
    public async Task Server_failure_code_inside_an_http_200_body_is_transient()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("503", "", "Database busy"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Unknown_code_inside_an_http_200_body_is_an_unknown_error()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("E17", "", "Something odd"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Equal("E17", ex.VendorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Error_status_without_an_envelope_is_classified_by_the_status()
    {
        await using var server = await LoopbackServer.StartAsync(502, "<html>Bad gateway</html>", "text/html");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetQueueStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Empty(ex.Errors);
        Assert.Equal("<html>Bad gateway</html>", ex.RawBody);
    }

    [Fact]
    public async Task Password_echoed_by_an_error_page_is_redacted_in_every_encoding()
    {
        // A web server's 404 page quoting the request line: in GET mode that carries the password, URL-encoded.
        await using var server = await LoopbackServer.StartAsync(
            (request, context) => context.RespondAsync(404, $"<html>Not found: {request.Path}{request.QueryString} ({Enswitch.Password})</html>", "text/html"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(
            () => Enswitch.Client(server, EnswitchRequestMethod.Get).GetDestinationStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Contains("auth_password=***&", ex.RawBody, StringComparison.Ordinal);
        Assert.Contains("(***)", ex.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Enswitch.Password), Enswitch.Everything(ex), StringComparison.Ordinal);
        Assert.DoesNotContain(Enswitch.Password, Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_echoed_in_an_error_message_is_redacted()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("401", "auth_password", $"Wrong password {Enswitch.Password}"));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => Enswitch.Client(server).GetDestinationStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal("Wrong password ***", ex.VendorMessage);
        Assert.DoesNotContain(Enswitch.Password, Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_deployment_in_get_mode_keeps_the_query_out_of_the_exception()
    {
        var server = await LoopbackServer.StartAsync(200, "{}");
        var endpoint = server.BaseAddress;
        await server.DisposeAsync();

        var ex = await Assert.ThrowsAsync<VendorApiException>(
            () => EnswitchClient.Create(Enswitch.Options(endpoint, EnswitchRequestMethod.Get)).GetDestinationStatisticsAsync(9, Enswitch.Range, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("/api/json/queues/destinations/statistics/get/", ex.RequestPath);
        Assert.DoesNotContain("auth_", Enswitch.Everything(ex), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Enswitch.Password), Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    private static string ErrorBody(string code, string key, string message) =>
        $$"""{"responses": [{"code": "{{code}}", "key": "{{key}}", "message": "{{message}}"}], "data": ""}""";
}
