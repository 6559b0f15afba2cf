using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
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

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

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

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

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

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

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

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Null(Assert.Single(ex.Errors).Target);
    }

    [Fact]
    public async Task Error_without_a_message_gets_the_documented_meaning_of_its_code()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("404", "", ""));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal("The queue does not exist, or you do not have permission to view it.", ex.VendorMessage);
    }

    [Fact]
    public async Task Envelope_code_decides_over_the_http_status()
    {
        await using var server = await LoopbackServer.StartAsync(400, ErrorBody("404", "queue", "No such queue"));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public async Task Every_failed_response_entry_is_kept()
    {
        const string body = """{"responses": [{"code": "400", "key": "start", "message": "Bad start"}, {"code": "400", "key": "end", "message": "Bad end"}], "data": null}""";
        await using var server = await LoopbackServer.StartAsync(200, body);

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(["start", "end"], ex.Errors.Select(e => e.Target));
    }

    [Fact]
    public async Task Server_failure_code_inside_an_http_200_body_is_transient()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("503", "", "Database busy"));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Unknown_code_inside_an_http_200_body_is_an_unknown_error()
    {
        await using var server = await LoopbackServer.StartAsync(200, ErrorBody("E17", "", "Something odd"));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Equal("E17", ex.VendorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Error_status_without_an_envelope_is_classified_by_the_status()
    {
        await using var server = await LoopbackServer.StartAsync(502, "<html>Bad gateway</html>", "text/html");

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

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

        using var client = Enswitch.Client(server, EnswitchRequestMethod.Get);
        var ex = await Assert.ThrowsAsync<VendorApiException>(
            () => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

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

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal("Wrong password ***", ex.VendorMessage);
        Assert.DoesNotContain(Enswitch.Password, Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_deployment_in_get_mode_keeps_the_query_out_of_the_exception()
    {
        var server = await LoopbackServer.StartAsync(200, "{}");
        var endpoint = server.BaseAddress;
        await server.DisposeAsync();

        using var client = EnswitchClient.Create(Enswitch.Options(endpoint, EnswitchRequestMethod.Get));
        var ex = await Assert.ThrowsAsync<VendorApiException>(
            () => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal("/api/json/queues/destinations/statistics/get/", ex.RequestPath);
        Assert.DoesNotContain("auth_", Enswitch.Everything(ex), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Enswitch.Password), Enswitch.Everything(ex), StringComparison.Ordinal);
    }

    public static TheoryData<string, int> NonTransientCodesInServerErrors => new()
    {
        { "400", 500 },
        { "401", 502 },
        { "402", 503 },
        { "404", 500 },
    };

    [Theory]
    [MemberData(nameof(NonTransientCodesInServerErrors))]
    public async Task Client_error_code_inside_an_http_5xx_is_not_transient(string code, int status)
    {
        await using var server = await LoopbackServer.StartAsync(status, ErrorBody(code, "", "Refused"));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.VendorCode);
        Assert.NotEqual(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Server_failure_code_inside_an_http_4xx_is_transient()
    {
        await using var server = await LoopbackServer.StartAsync(400, ErrorBody("503", "", "Database busy"));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void Policy_judges_transience_by_the_envelope_code_and_falls_back_to_the_status()
    {
        var policy = EnswitchErrorPolicy.Instance;
        VendorError[] notFound = [new("404", "No such queue")];

        Assert.False(policy.IsTransient(HttpStatusCode.InternalServerError, notFound, policy.Classify(HttpStatusCode.InternalServerError, notFound)));
        Assert.True(policy.IsTransient(HttpStatusCode.InternalServerError, [], policy.Classify(HttpStatusCode.InternalServerError, [])));
        Assert.True(policy.IsTransient(HttpStatusCode.BadGateway, [new("E17", "odd")], VendorErrorKind.ServiceUnavailable));
    }

    // '@', ':' and '/' stay as they are in a query string (RFC 3986 allows them); ' ', '&' and '+' do not.
    private const string ReservedPassword = "p@ss word:x/y&z+q";

    /// <summary>Every form of <see cref="ReservedPassword"/> a server could echo, written out by hand.</summary>
    private static readonly string[] ReservedPasswordForms =
    [
        ReservedPassword,
        "p@ss%20word:x/y%26z%2Bq",        // the query string as the client sends it
        "p@ss%20word:x/y%26z%2bq",
        "p%40ss%20word%3Ax%2Fy%26z%2Bq",  // RFC 3986 escaping
        "p%40ss%20word%3ax%2fy%26z%2bq",
        "p%40ss+word%3Ax%2Fy%26z%2Bq",    // a form body
        "p%40ss+word%3ax%2fy%26z%2bq",
        "p@ss word:x/y\\u0026z\\u002Bq",  // JSON-escaped
    ];

    [Fact]
    public void Every_form_a_server_may_echo_is_masked_from_the_password_alone()
    {
        var options = Enswitch.Options(new Uri("https://pbx.example.com/"));
        options.Password = ReservedPassword;

        // What the pipeline builds from the options' secrets, for every exception, log line and span.
        var redaction = new Redaction(options.GetSecrets());

        Assert.All(ReservedPasswordForms, form => Assert.Equal($"[{Redaction.Mask}]", redaction.Apply($"[{form}]")));
    }

    [Theory]
    [InlineData(EnswitchRequestMethod.Get)]
    [InlineData(EnswitchRequestMethod.Post)]
    public async Task Password_with_url_characters_echoed_by_a_400_page_is_redacted_in_every_form(EnswitchRequestMethod method)
    {
        // A server quoting the full request URL (GET) or body (POST) back, raw, with lower-case hex, and decoded.
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            var sent = method == EnswitchRequestMethod.Get ? request.Path + request.QueryString : request.Body;
            var echoes = new[] { sent, LowerCaseHex(sent), Uri.UnescapeDataString(sent.Replace('+', ' ')) };
            var body = $$"""{"responses": [{"code": "400", "key": "", "message": "Bad request {{sent}}"}], "data": null, "echo": "{{string.Join(" | ", echoes)}}"}""";
            return context.RespondAsync(400, body);
        });
        var options = Enswitch.Options(server.BaseAddress, method);
        options.Password = ReservedPassword;

        using var client = EnswitchClient.Create(options);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

        // The echo really carried the password, as the client encoded it, in the message and in the raw body.
        var wire = method == EnswitchRequestMethod.Get ? server.Requests.Single().QueryString : server.Requests.Single().Body;
        Assert.Contains(method == EnswitchRequestMethod.Get ? "auth_password=p@ss%20word:x/y%26z%2Bq&" : "auth_password=p%40ss+word%3Ax%2Fy%26z%2Bq&", wire, StringComparison.Ordinal);
        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("auth_password=***&", ex.Message, StringComparison.Ordinal);
        Assert.Contains("auth_password=***&", ex.RawBody, StringComparison.Ordinal);
        Assert.Equal(4, ex.RawBody!.Split("auth_password=***&").Length - 1); // the message and the three echoes
        foreach (var text in new[] { ex.Message, ex.RawBody, ex.ToString(), Enswitch.Everything(ex) })
        {
            foreach (var form in ReservedPasswordForms)
            {
                Assert.DoesNotContain(form, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Password_with_a_space_and_an_exclamation_mark_echoed_from_a_post_body_is_masked()
    {
        // FormUrlEncodedContent writes "my pass!1" as "my+pass%211": escaped like Uri.EscapeDataString, then '+' for the space.
        const string password = "my pass!1";
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(400, $$"""{"responses": [{"code": "400", "key": "", "message": "Bad request {{request.Body}}"}], "data": null}"""));
        var options = Enswitch.Options(server.BaseAddress, EnswitchRequestMethod.Post);
        options.Password = password;

        using var client = EnswitchClient.Create(options);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 9, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Contains("auth_password=my+pass%211", server.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Contains("auth_password=***", ex.Message, StringComparison.Ordinal);
        foreach (var text in new[] { ex.Message, ex.RawBody, ex.ToString() })
        {
            Assert.DoesNotContain("my+pass%211", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        }
    }

    private static string LowerCaseHex(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

    private static string ErrorBody(string code, string key, string message) =>
        $$"""{"responses": [{"code": "{{code}}", "key": "{{key}}", "message": "{{message}}"}], "data": ""}""";
}
