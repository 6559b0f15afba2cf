using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>
/// A rejected bearer token is renewed and the request sent exactly once more, whatever the operation; a second
/// rejection fails. Acme with an API key gets its tokens from <c>auth/token</c> (a <c>BearerTokenSource</c>).
/// </summary>
public sealed class TokenRejectionTests
{
    private const string Rejected = """{"error": {"code": 100, "msg": "Authorization failed"}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_rejected_inside_a_200_body_is_renewed_and_the_request_sent_once_more()
    {
        await using var server = await AcmeKit.TokenServerAsync(AcmeKit.InTurn((200, Rejected), (200, AcmeKit.Calls(5))));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        Assert.Equal(5, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);

        Assert.Equal(["Bearer acme-token-1", "Bearer acme-token-2"], server.ApiRequests().Select(r => r.Authorization));
        Assert.Equal(2, server.Logins().Count);
    }

    [Fact]
    public async Task A_token_rejected_with_401_is_renewed_and_the_request_sent_once_more()
    {
        await using var server = await AcmeKit.TokenServerAsync(AcmeKit.InTurn((401, "{}"), (200, AcmeKit.Calls(9))));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        Assert.Equal(9, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);

        Assert.Equal(["Bearer acme-token-1", "Bearer acme-token-2"], server.ApiRequests().Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_second_rejection_fails_without_a_third_request()
    {
        await using var server = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(200, Rejected));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(2, server.ApiRequests().Count);
        Assert.DoesNotContain(AcmeKit.TokenPrefix, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_one_renewal_does_not_count_against_the_retries()
    {
        await using var server = await AcmeKit.TokenServerAsync(AcmeKit.InTurn((401, "{}"), (503, "{}"), (200, AcmeKit.Calls(4))));
        using var client = AcmeKit.Client(server, o =>
        {
            o.ApiKey = AcmeKit.ApiKey;
            o.Retry.MaxRetries = 1;
        });

        Assert.Equal(4, (await client.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
        Assert.Equal(3, server.ApiRequests().Count);
    }

    [Fact]
    public async Task An_operation_that_is_not_safe_to_repeat_is_still_sent_once_more_after_a_token_rejection()
    {
        // The vendor refused the request before acting on it, so sending it again with a new token is safe.
        await using var server = await AcmeKit.TokenServerAsync(AcmeKit.InTurn((401, "{}"), (200, """{"result": {"text": "hi"}}""")));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var greeting = await client.SetGreetingAsync("hi", Ct);

        Assert.Equal("hi", greeting.Text);
        Assert.Equal(["Bearer acme-token-1", "Bearer acme-token-2"], server.ApiRequests().Select(r => r.Authorization));
        Assert.All(server.ApiRequests(), r => Assert.Equal("""{"text":"hi"}""", r.Body));
    }

    [Fact]
    public async Task An_operation_that_is_not_safe_to_repeat_fails_on_a_second_rejection()
    {
        await using var server = await AcmeKit.TokenServerAsync((_, context) => context.RespondAsync(401, "{}"));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.SetGreetingAsync("hi", Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal(2, server.ApiRequests().Count);
    }

    [Fact]
    public async Task A_stream_whose_token_is_rejected_is_sent_once_more_before_its_first_row()
    {
        await using var server = await AcmeKit.TokenServerAsync(AcmeKit.InTurn((200, Rejected), (200, """{"rows": [{"agent": "a", "calls": 1}]}""")));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var rows = await client.GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct);

        Assert.Equal([new AcmeCallRow("a", 1)], rows);
        Assert.Equal(["Bearer acme-token-1", "Bearer acme-token-2"], server.ApiRequests().Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_rejection_without_a_bearer_token_is_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync(401, Rejected);
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Many_requests_rejected_with_the_same_token_cause_one_renewal()
    {
        await using var server = await AcmeKit.TokenServerAsync((request, context) =>
            request.Authorization == "Bearer acme-token-1"
                ? context.RespondAsync(401, "{}")
                : context.RespondAsync(200, AcmeKit.Calls(1)));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetCallsAsync(AcmeKit.Request, Ct)));

        Assert.All(results, r => Assert.Equal(1, r.Calls));
        Assert.Equal(2, server.Logins().Count);
    }

    [Fact]
    public async Task A_bearer_token_echoed_by_the_vendor_is_masked()
    {
        await using var server = await AcmeKit.TokenServerAsync((request, context) =>
            context.RespondAsync(400, AcmeKit.Error(101, "bad header " + request.Authorization)));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal("bad header Bearer ***", ex.VendorMessage);
        Assert.DoesNotContain(AcmeKit.TokenPrefix, ex.RawBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_login_fails_the_call_with_the_vendors_error_and_no_api_key()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(403, AcmeKit.Error(120, "Unknown key " + request.Body)));
        using var client = AcmeKit.Client(server, o => o.ApiKey = AcmeKit.ApiKey);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal("/auth/token", ex.RequestPath);
        Assert.Equal("Unknown key api_key=***", ex.VendorMessage);

        // The raw body holds the form body as System.Text.Json quotes it: '+' written \u002B.
        Assert.Equal("""{"error": {"code": 120, "msg": "Unknown key api_key=***"}}""", ex.RawBody);
        Assert.Equal("/auth/token", Assert.Single(server.Requests).Path);
    }
}
