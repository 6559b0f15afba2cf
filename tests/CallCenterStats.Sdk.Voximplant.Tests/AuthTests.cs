using System.Diagnostics;
using System.Reflection;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class AuthTests
{
    private const string Success = """{"result": []}""";
    private const string AuthFailed = """{"error": {"code": 100, "msg": "Authorization failed"}}""";

    private static async Task<string> MintAsync(VoximplantTokenSource source) =>
        (await source.GetTokenAsync(TestContext.Current.CancellationToken)).Value;

    [Fact]
    public async Task Token_is_an_RS256_JWT_that_verifies_with_the_public_key()
    {
        var token = await MintAsync(new VoximplantTokenSource(TestKeys.Credentials, new FakeClock(Harness.Now)));

        Assert.True(Jwt.Verifies(token, TestKeys.Rsa));
        Assert.False(Jwt.Verifies(token, TestKeys.Other));
        var header = Jwt.Header(token);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal("JWT", (string?)header["typ"]);
        Assert.Equal(TestKeys.KeyId, (string?)header["kid"]);
    }

    [Fact]
    public async Task Token_is_issued_by_the_account_backdated_and_expires_after_its_lifetime()
    {
        var token = await MintAsync(new VoximplantTokenSource(TestKeys.Credentials, new FakeClock(Harness.Now)));

        var claims = Jwt.Claims(token);
        Assert.Equal(TestKeys.AccountId, (long)claims["iss"]!);
        var issuedAt = Harness.Now.ToUnixTimeSeconds() - 5;
        Assert.Equal(issuedAt, (long)claims["iat"]!);
        Assert.Equal(issuedAt + (30 * 60), (long)claims["exp"]!);
    }

    [Fact]
    public async Task Token_is_reused_until_shortly_before_expiry_then_reminted()
    {
        var clock = new FakeClock(Harness.Now);
        var source = new VoximplantTokenSource(TestKeys.Credentials, clock);

        var first = await MintAsync(source);
        clock.Advance(Duration.FromMinutes(28));
        var reused = await MintAsync(source);
        clock.Advance(Duration.FromMinutes(1));
        var fresh = await MintAsync(source);

        Assert.Same(first, reused);
        Assert.NotEqual(first, fresh);
        Assert.Equal(Harness.Now.ToUnixTimeSeconds() + (29 * 60) - 5, (long)Jwt.Claims(fresh)["iat"]!);
    }

    [Fact]
    public async Task A_replacement_minted_in_the_same_second_is_a_different_token()
    {
        var source = new VoximplantTokenSource(TestKeys.Credentials, new FakeClock(Harness.Now));

        var first = await MintAsync(source);
        source.Invalidate();
        var second = await MintAsync(source);
        source.Invalidate();
        var third = await MintAsync(source);

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        Assert.Equal((long)Jwt.Claims(first)["iat"]! - 1, (long)Jwt.Claims(second)["iat"]!);
        Assert.Equal((long)Jwt.Claims(first)["iat"]! - 2, (long)Jwt.Claims(third)["iat"]!);
    }

    [Fact]
    public async Task Token_lifetime_is_configurable()
    {
        var token = await MintAsync(new VoximplantTokenSource(TestKeys.Credentials, new FakeClock(Harness.Now), Duration.FromHours(1)));

        var claims = Jwt.Claims(token);
        Assert.Equal(3600, (long)claims["exp"]! - (long)claims["iat"]!);
    }

    [Theory]
    [InlineData(2 * 60)]
    [InlineData((60 * 60) + 1)]
    public void Token_lifetime_outside_two_minutes_to_one_hour_is_rejected(int seconds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new VoximplantTokenSource(TestKeys.Credentials, new FakeClock(Harness.Now), Duration.FromSeconds(seconds)));

        Assert.Equal("lifetime", ex.ParamName);
    }

    [Fact]
    public async Task Requests_reuse_the_cached_token()
    {
        await using var server = await LoopbackServer.StartAsync(200, Success);
        await using var provider = Harness.Provider(server.BaseAddress);
        var client = provider.GetRequiredService<VoximplantClient>();

        await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);
        await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(Harness.BearerToken(server.Requests[0]), Harness.BearerToken(server.Requests[1]));
        Assert.True(Jwt.Verifies(Harness.BearerToken(server.Requests[0]), TestKeys.Rsa));
    }

    [Fact]
    public async Task Code_100_in_an_HTTP_200_body_mints_a_fresh_token_and_retries_once()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((_, context) =>
            context.RespondAsync(200, Interlocked.Increment(ref calls) == 1 ? AuthFailed : Harness.Fixture("voximplant_user_day.json")));
        await using var provider = Harness.Provider(server.BaseAddress);
        var client = provider.GetRequiredService<VoximplantClient>();

        var result = await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests.Count);
        var (rejected, retried) = (Harness.BearerToken(server.Requests[0]), Harness.BearerToken(server.Requests[1]));
        Assert.NotEqual(rejected, retried);
        Assert.True(Jwt.Verifies(retried, TestKeys.Rsa));
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal(2, result.Groups.Count);
    }

    [Fact]
    public async Task A_second_code_100_fails_with_an_authentication_error()
    {
        await using var server = await LoopbackServer.StartAsync(200, Harness.Fixture("voximplant_error_auth.json"));
        await using var provider = Harness.Provider(server.BaseAddress);
        var client = provider.GetRequiredService<VoximplantClient>();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal("100", ex.VendorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Code_100_with_HTTP_401_is_retried_once_too()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((_, context) =>
            Interlocked.Increment(ref calls) == 1 ? context.RespondAsync(401, AuthFailed) : context.RespondAsync(200, Success));
        await using var provider = Harness.Provider(server.BaseAddress);

        await provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void Credentials_ToString_and_debugger_display_hide_the_private_key()
    {
        var credentials = TestKeys.Credentials;

        var text = credentials.ToString();
        Assert.Contains(TestKeys.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains("PrivateKey = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), text, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", text, StringComparison.Ordinal);
        Assert.Equal("{ToString(),nq}", typeof(VoximplantCredentials).GetCustomAttribute<DebuggerDisplayAttribute>()!.Value);
        Assert.DoesNotContain(typeof(VoximplantCredentials).GetProperties(), p => p.PropertyType == typeof(string) && p.GetValue(credentials) is string s && s.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Token_source_ToString_has_no_key_or_token()
    {
        var text = new VoximplantTokenSource(TestKeys.Credentials, new FakeClock(Harness.Now)).ToString();

        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), text, StringComparison.Ordinal);
        Assert.Contains(TestKeys.KeyId, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_file_fields_are_read()
    {
        var credentials = VoximplantCredentials.Parse(TestKeys.CredentialsJson());

        Assert.Equal(TestKeys.AccountId, credentials.AccountId);
        Assert.Equal(TestKeys.KeyId, credentials.KeyId);
        Assert.Equal("robot@example.voximplant.com", credentials.AccountEmail);
    }

    [Fact]
    public void Account_id_written_as_a_string_is_accepted()
    {
        var json = TestKeys.CredentialsJson().Replace($"\"account_id\":{TestKeys.AccountId}", $"\"account_id\":\"{TestKeys.AccountId}\"", StringComparison.Ordinal);

        Assert.Equal(TestKeys.AccountId, VoximplantCredentials.Parse(json).AccountId);
    }

    [Theory]
    [InlineData("account_id")]
    [InlineData("key_id")]
    [InlineData("private_key")]
    public void Credentials_without_a_required_field_name_it(string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(TestKeys.CredentialsJson())!.AsObject();
        node.Remove(field);

        var ex = Assert.Throws<FormatException>(() => VoximplantCredentials.Parse(node.ToJsonString()));

        Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_in_place_of_the_private_key_is_rejected_without_showing_it()
    {
        var publicPem = TestKeys.Rsa.ExportSubjectPublicKeyInfoPem();

        var ex = Assert.Throws<FormatException>(() => VoximplantCredentials.Parse(TestKeys.CredentialsJson(privateKeyPem: publicPem)));

        Assert.Contains("'private_key'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.KeyFragment(publicPem), ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_private_key_is_rejected_without_showing_it()
    {
        var corrupt = TestKeys.PrivateKeyPem.Replace(TestKeys.KeyFragment(TestKeys.PrivateKeyPem), "not base64 at all!", StringComparison.Ordinal);

        var ex = Assert.Throws<FormatException>(() => VoximplantCredentials.Parse(TestKeys.CredentialsJson(privateKeyPem: corrupt)));

        Assert.DoesNotContain("BEGIN PRIVATE KEY", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_that_are_not_json_are_rejected()
    {
        Assert.Throws<FormatException>(() => VoximplantCredentials.Parse("account_id=1"));
    }
}
