using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using NodaTime;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class AuthenticationTests
{
    private const string LoginPath = "/api/v01/auth/login";
    private const string RefreshPath = "/api/v01/auth/access_token";
    private const string ReportingBody = """{"generateDailyReport": false, "collectionPeriodMinutes": 30}""";

    [Fact]
    public async Task Login_posts_the_credentials_as_JSON()
    {
        await using var host = await StartAsync(Apio(), UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        var login = host.Server.Requests[0];
        Assert.Equal(("POST", LoginPath), (login.Method, login.Path));
        Assert.StartsWith("application/json", login.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Null(login.Authorization);
        using var body = JsonDocument.Parse(login.Body);
        Assert.Equal("apio-user", body.RootElement.GetProperty("username").GetString());
        Assert.Equal(Password, body.RootElement.GetProperty("password").GetString());
    }

    [Fact]
    public async Task Access_token_is_cached_across_calls()
    {
        await using var host = await StartAsync(Apio(), UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(13));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(
            [$"POST {LoginPath}", "GET reporting Bearer access-1", "GET reporting Bearer access-1"],
            Describe(host.Server.Requests));
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_login()
    {
        await using var host = await StartAsync(Apio(), UseLogin);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Client.GetStatisticsReportingAsync(CallCenter, Ct)));

        Assert.Single(host.Server.Requests, r => r.Path == LoginPath);
    }

    [Fact]
    public async Task Expiring_access_token_is_refreshed_with_the_refresh_token()
    {
        await using var host = await StartAsync(Apio(expiresIn: 600), UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(9) + Duration.FromSeconds(1));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(
            [$"POST {LoginPath}", "GET reporting Bearer access-1", $"GET {RefreshPath} Bearer refresh-1", "GET reporting Bearer access-2"],
            Describe(host.Server.Requests));
    }

    [Fact]
    public async Task Rejected_refresh_token_leads_to_a_new_login()
    {
        await using var host = await StartAsync(Apio(refreshStatus: 401), UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(15));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(
            [$"POST {LoginPath}", "GET reporting Bearer access-1", $"GET {RefreshPath} Bearer refresh-1", $"POST {LoginPath}", "GET reporting Bearer access-2"],
            Describe(host.Server.Requests));
    }

    [Fact]
    public async Task Refresh_failing_for_another_reason_is_reported_not_answered_with_a_login()
    {
        await using var host = await StartAsync(Apio(refreshStatus: 503), UseLogin);
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(15));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Equal(RefreshPath, ex.RequestPath);
        Assert.Single(host.Server.Requests, r => r.Path == LoginPath);
    }

    [Fact]
    public async Task Access_token_rejected_by_the_server_is_replaced_and_the_request_sent_again()
    {
        var rejectFirst = 1;
        await using var host = await StartAsync(
            Apio(reporting: (_, context) => Interlocked.Exchange(ref rejectFirst, 0) == 1
                ? context.RespondAsync(401, """{"error": "Token has expired"}""")
                : context.RespondAsync(200, ReportingBody)),
            UseLogin);

        var settings = await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(Duration.FromMinutes(30), settings.CollectionPeriod);
        Assert.Equal(
            [$"POST {LoginPath}", "GET reporting Bearer access-1", $"GET {RefreshPath} Bearer refresh-1", "GET reporting Bearer access-2"],
            Describe(host.Server.Requests));
    }

    [Fact]
    public async Task Token_lifetime_comes_from_the_JWT_exp_claim_when_there_is_no_expires_in()
    {
        var jwt = Jwt(Now + Duration.FromMinutes(5));
        await using var host = await StartAsync(Apio(accessToken: jwt), UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(3) + Duration.FromSeconds(59));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromSeconds(2));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(1, host.Server.Requests.Count(r => r.Path == RefreshPath));
        Assert.Equal(RefreshPath, host.Server.Requests[3].Path);
    }

    [Fact]
    public async Task Token_lifetime_defaults_to_the_configured_lifetime_for_opaque_tokens()
    {
        await using var host = await StartAsync(Apio(), o =>
        {
            UseLogin(o);
            o.AccessTokenLifetime = TimeSpan.FromMinutes(30);
        });

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(28) + Duration.FromSeconds(59));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        Assert.DoesNotContain(host.Server.Requests, r => r.Path == RefreshPath);

        host.Clock.Advance(Duration.FromSeconds(2));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        Assert.Single(host.Server.Requests, r => r.Path == RefreshPath);
    }

    [Fact]
    public async Task Expired_JWT_refresh_token_is_not_sent_a_new_login_is_made()
    {
        await using var host = await StartAsync(Apio(expiresIn: 600, refreshToken: Jwt(Now + Duration.FromMinutes(5))), UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(10));
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.DoesNotContain(host.Server.Requests, r => r.Path == RefreshPath);
        Assert.Equal(2, host.Server.Requests.Count(r => r.Path == LoginPath));
    }

    [Fact]
    public async Task Long_lived_token_of_a_machine_user_is_used_when_there_is_no_access_token()
    {
        await using var host = await StartAsync(
            Apio(login: (_, context) => context.RespondAsync(200, """{"token": "machine-token"}""")),
            UseLogin);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal("Bearer machine-token", host.Server.Requests[1].Authorization);
    }

    [Fact]
    public async Task Login_answered_with_a_2FA_challenge_fails_clearly()
    {
        await using var host = await StartAsync(
            Apio(login: (_, context) => context.RespondAsync(200, """{"2fa_payload": {"method": "totp", "id": "abc"}}""")),
            UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(NetaxisErrorPolicy.TwoFactorRequiredCode, ex.VendorCode);
        Assert.Contains("two-factor authentication (2FA), which cannot be completed unattended", ex.Message, StringComparison.Ordinal);
        Assert.Equal(LoginPath, ex.RequestPath);
        Assert.DoesNotContain(host.Server.Requests, r => r.Path.Contains("/tenants/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_2FA_challenge_with_an_error_status_fails_the_same_way()
    {
        await using var host = await StartAsync(
            Apio(login: (_, context) => context.RespondAsync(401, """{"2fa_payload": "eyJ..."}""")),
            UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal(NetaxisErrorPolicy.TwoFactorRequiredCode, ex.VendorCode);
    }

    [Fact]
    public async Task Wrong_password_is_an_authentication_error_that_never_shows_the_password()
    {
        await using var host = await StartAsync(
            Apio(login: (request, context) => context.RespondAsync(401, $$"""{"error": "Invalid credentials for {{request.Body.Replace("\"", "'", StringComparison.Ordinal)}}"}""")),
            UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(LoginPath, ex.RequestPath);
        Assert.Contains("Invalid credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_token_echoed_into_a_refresh_error_is_masked()
    {
        const string RefreshToken = "refresh-Echoed-0123456789";
        await using var host = await StartAsync(
            (request, context) => request.Path switch
            {
                LoginPath => context.RespondAsync(200, $$"""{"access_token": "access-Old-0123456789", "refresh_token": "{{RefreshToken}}", "expires_in": 600}"""),
                RefreshPath => context.RespondAsync(503, $$"""{"error": "Upstream down, you sent '{{request.Authorization}}' with access-Old-0123456789 live"}"""),
                _ => context.RespondAsync(200, ReportingBody),
            },
            UseLogin);
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(9) + Duration.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        // The server did echo it: the refresh request (retried, as a 503 is transient) carried the refresh token as its bearer.
        Assert.All(host.Server.Requests.Where(r => r.Path == RefreshPath), r => Assert.Equal($"Bearer {RefreshToken}", r.Authorization));
        Assert.Equal(RefreshPath, ex.RequestPath);
        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Contains("you sent 'Bearer ***' with *** live", ex.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { RefreshToken, "access-Old-0123456789" })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.RawBody, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.VendorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tokens_in_a_refresh_answer_that_reports_an_error_are_masked()
    {
        const string RefreshToken = "refresh-Sent-0123456789";
        const string NewAccessToken = "access-New-0123456789";
        await using var host = await StartAsync(
            (request, context) => request.Path switch
            {
                LoginPath => context.RespondAsync(200, $$"""{"access_token": "access-Old-0123456789", "refresh_token": "{{RefreshToken}}", "expires_in": 600}"""),
                RefreshPath => context.RespondAsync(200, $$$"""{"access_token": "{{{NewAccessToken}}}", "error": {"message": "issued {{{NewAccessToken}}} for {{{request.Authorization}}}", "details": "{{{RefreshToken}}}"}}"""),
                _ => context.RespondAsync(200, ReportingBody),
            },
            UseLogin);
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        host.Clock.Advance(Duration.FromMinutes(9) + Duration.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(RefreshPath, ex.RequestPath);
        Assert.Equal("issued *** for Bearer ***", ex.VendorMessage);
        Assert.Equal("***", ex.Errors[0].Details);
        foreach (var secret in new[] { RefreshToken, NewAccessToken, "access-Old-0123456789" })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.RawBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Login_answer_without_any_token_is_an_invalid_response()
    {
        await using var host = await StartAsync(Apio(login: (_, context) => context.RespondAsync(200, """{"user": "apio-user"}""")), UseLogin);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsReportingAsync(CallCenter, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task Auth_endpoints_ignore_the_path_prefix()
    {
        await using var host = await StartAsync(Apio(), o =>
        {
            UseLogin(o);
            o.PathPrefix = "/api/v01/p7";
        });

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(LoginPath, host.Server.Requests[0].Path);
        Assert.StartsWith("/api/v01/p7/tenants/", host.Server.Requests[1].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_token_is_sent_without_any_login()
    {
        await using var host = await StartAsync(Apio());

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);
        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal([$"GET reporting Bearer {StaticToken}", $"GET reporting Bearer {StaticToken}"], Describe(host.Server.Requests));
    }

    [Fact]
    public void JWT_exp_claim_is_read_without_validating_the_signature()
    {
        Assert.Equal(Instant.FromUnixTimeSeconds(1_710_158_400), JwtExpiry.TryRead(Jwt(Instant.FromUnixTimeSeconds(1_710_158_400))));
        Assert.Null(JwtExpiry.TryRead("opaque-token"));
        Assert.Null(JwtExpiry.TryRead("a.!!!.c"));
        Assert.Null(JwtExpiry.TryRead("a." + Base64Url("""{"sub":"x"}""") + ".c"));
        Assert.Null(JwtExpiry.TryRead("a." + Base64Url("""{"exp":"soon"}""") + ".c"));
    }

    [Fact]
    public void Token_source_description_hides_the_password()
    {
        var pipeline = new VendorPipeline(new VendorPipelineSettings
        {
            VendorId = "netaxis",
            ErrorPolicy = NetaxisErrorPolicy.Instance,
            HttpClient = () => throw new InvalidOperationException("no request is sent"),
            Options = new NetaxisOptions(),
        });
        var source = new NetaxisTokenSource(
            pipeline,
            "apio-user",
            Password,
            NetaxisOptions.DefaultAuthPathPrefix,
            Duration.FromMinutes(15),
            NodaTime.SystemClock.Instance);

        Assert.DoesNotContain(Password, source.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A fake APIO: login hands out access-N/refresh-N, refresh hands out the next access token.</summary>
    private static Func<RecordedRequest, HttpContext, Task> Apio(
        long? expiresIn = null,
        int refreshStatus = 200,
        string? accessToken = null,
        string? refreshToken = null,
        Func<RecordedRequest, HttpContext, Task>? login = null,
        Func<RecordedRequest, HttpContext, Task>? reporting = null)
    {
        var issued = 0;
        string Next() => accessToken ?? $"access-{Interlocked.Increment(ref issued)}";
        var expiry = expiresIn is { } seconds ? $", \"expires_in\": {seconds}" : string.Empty;
        return (request, context) => request.Path switch
        {
            LoginPath => login is not null
                ? login(request, context)
                : context.RespondAsync(200, $$"""{"access_token": "{{Next()}}", "refresh_token": "{{refreshToken ?? "refresh-1"}}"{{expiry}}}"""),
            RefreshPath => refreshStatus == 200
                ? context.RespondAsync(200, $$"""{"access_token": "{{Next()}}"{{expiry}}}""")
                : context.RespondAsync(refreshStatus, """{"msg": "Token has expired"}"""),
            _ => reporting is not null ? reporting(request, context) : context.RespondAsync(200, ReportingBody),
        };
    }

    private static string[] Describe(IEnumerable<RecordedRequest> requests) => requests
        .Select(r => r.Path.EndsWith("/instance_statistics_reporting/", StringComparison.Ordinal)
            ? $"{r.Method} reporting {r.Authorization}"
            : $"{r.Method} {r.Path}{(r.Authorization is null ? string.Empty : " " + r.Authorization)}")
        .ToArray();

    private static string Jwt(Instant expiry) =>
        Base64Url("""{"alg":"HS256","typ":"JWT"}""") + "." + Base64Url($$"""{"sub":"apio-user","exp":{{expiry.ToUnixTimeSeconds()}}}""") + ".c2lnbmF0dXJl";

    private static string Base64Url(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
