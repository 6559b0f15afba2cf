using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Core.Tests.Auth;

/// <summary>
/// Secrets of four or more characters are masked everywhere; shorter ones only as whole tokens (delimited by
/// characters that are not letters or digits, or by the ends of the text), so that a one-letter password does not
/// garble every message.
/// </summary>
public sealed class RedactionTests
{
    [Theory]
    [InlineData("password=t&x", "password=***&x")]
    [InlineData("t", "***")]
    [InlineData("t timeout t", "*** timeout ***")]
    [InlineData("(t)", "(***)")]
    [InlineData("key: t.", "key: ***.")]
    [InlineData("a=t&b=t", "a=***&b=***")]
    [InlineData("user_t", "user_***")]
    public void One_character_secret_is_masked_as_a_whole_token(string text, string expected)
    {
        Assert.Equal(expected, new Redaction(["t"]).Apply(text));
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("the request timed out")]
    [InlineData("at")]
    [InlineData("t1")]
    [InlineData("2t")]
    [InlineData("tät")]
    [InlineData("Acme request failed (HTTP 401): authentication failed.")]
    public void One_character_secret_inside_a_word_is_left_alone(string text)
    {
        Assert.Equal(text, new Redaction(["t"]).Apply(text));
    }

    [Theory]
    [InlineData("x=abc;", "x=***;")]
    [InlineData("abc", "***")]
    [InlineData("abcdef", "abcdef")]
    [InlineData("xabc", "xabc")]
    [InlineData("abc abcabc abc", "*** abcabc ***")]
    public void Three_character_secret_is_masked_only_as_a_whole_token(string text, string expected)
    {
        Assert.Equal(expected, new Redaction(["abc"]).Apply(text));
    }

    [Theory]
    [InlineData("xabcdx", "x***x")]
    [InlineData("abcd", "***")]
    [InlineData("k=abcd&abcdabcd", "k=***&******")]
    public void Four_character_secret_is_masked_everywhere(string text, string expected)
    {
        Assert.Equal(expected, new Redaction(["abcd"]).Apply(text));
    }

    [Fact]
    public void Short_and_long_secrets_are_applied_together()
    {
        var redaction = new Redaction(["t", "hunter2"]);

        Assert.Equal("user=*** pass=*** timeout x***x=***", redaction.Apply("user=t pass=hunter2 timeout xhunter2x=t"));
    }

    [Fact]
    public void A_short_secret_next_to_a_masked_long_one_is_masked_too()
    {
        var redaction = new Redaction(["ab", "secret"]);

        Assert.Equal("******", redaction.Apply("secretab"));
    }

    [Fact]
    public void Short_secrets_added_with_with_follow_the_same_rule()
    {
        var redaction = Redaction.None.With("p");

        Assert.Equal("password *** is wrong, please retry", redaction.Apply("password p is wrong, please retry"));
    }

    [Fact]
    public void Text_without_secrets_is_returned_unchanged()
    {
        const string text = "nothing to hide";

        Assert.Same(text, new Redaction(["t"]).Apply(text));
        Assert.Same(text, new Redaction(["x"]).Apply(text));
        Assert.Equal(string.Empty, new Redaction(["t"]).Apply(string.Empty));
        Assert.Null(new Redaction(["t"]).Apply(null));
    }

    [Fact]
    public async Task One_character_password_is_masked_in_the_exception_without_garbling_it()
    {
        await using var server = await LoopbackServer.StartAsync(400, """{"error": {"code": 101, "msg": "Invalid credentials: t"}}""");
        var services = new ServiceCollection();
        services.AddAcmeClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Username = "agent";
            o.Password = "t";
        });
        await using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<VendorApiException>(
            () => provider.GetRequiredService<AcmeClient>().GetCallsAsync(AcmeKit.Request, TestContext.Current.CancellationToken));

        Assert.Equal("Invalid credentials: ***", ex.VendorMessage);
        Assert.Equal("Acme request failed (HTTP 400): 101: Invalid credentials: ***.", ex.Message);
        Assert.Equal("""{"error": {"code": 101, "msg": "Invalid credentials: ***"}}""", ex.RawBody);
    }

    [Fact]
    public void An_exception_is_copied_with_its_secrets_masked_and_returned_as_is_when_it_has_none()
    {
        var inner = new IOException("wire");
        var ex = new VendorApiException("Acme", VendorErrorKind.Authentication, [new VendorError("7", "token tok-123 refused") { Details = "tok-123" }], System.Net.HttpStatusCode.Unauthorized, isTransient: false, inner)
        {
            RequestId = "r-1",
            RequestPath = "/auth",
            RawBody = """{"error":"token tok-123 refused"}""",
        };

        var redacted = new Redaction(["tok-123"]).Redact(ex);

        Assert.NotSame(ex, redacted);
        Assert.Equal("token *** refused", redacted.VendorMessage);
        Assert.Equal("***", redacted.Errors[0].Details);
        Assert.Equal("""{"error":"token *** refused"}""", redacted.RawBody);
        Assert.DoesNotContain("tok-123", redacted.Message, StringComparison.Ordinal);
        Assert.Equal((ex.Vendor, ex.Kind, ex.StatusCode, ex.RequestId, ex.RequestPath), (redacted.Vendor, redacted.Kind, redacted.StatusCode, redacted.RequestId, redacted.RequestPath));
        Assert.Same(inner, redacted.InnerException);
        Assert.Same(ex, new Redaction(["other"]).Redact(ex));
    }

    public static TheoryData<string> EncodedSecrets() =>
    [
        "pa ss+wörd/&=\"<é>",
        "key+with space/é",
        "p@ss:w0rd;100%",
        "tab\tand\\backslash",
        "日本語パスワード",
        "plainpassword",
    ];

    [Theory]
    [MemberData(nameof(EncodedSecrets))]
    public void A_secret_is_masked_in_every_encoding_the_sdk_writes(string secret)
    {
        var redaction = new Redaction([secret]);
        var query = new RequestParameters().Add("password", secret).ToQueryString()["password=".Length..];
        var encodings = new[]
        {
            secret,
            Uri.EscapeDataString(secret),
            LowerHex(Uri.EscapeDataString(secret)),
            System.Net.WebUtility.UrlEncode(secret),
            LowerHex(System.Net.WebUtility.UrlEncode(secret)),
            query,
            LowerHex(query),
            System.Text.Json.JsonEncodedText.Encode(secret).ToString(),
            System.Text.Json.JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
            System.Text.Json.JsonSerializer.Serialize(secret).Trim('"'),
        };

        foreach (var encoded in encodings)
        {
            Assert.Equal("before *** after", redaction.Apply($"before {encoded} after"));
        }
    }

    [Theory]
    [MemberData(nameof(EncodedSecrets))]
    public void A_form_encoded_secret_echoed_inside_json_is_masked(string secret)
    {
        // A server echoing a form body (api_key=a+b) in a JSON error written by an encoder that escapes '+' (as
        // System.Text.Json does by default): the raw body holds the JSON escape of the form encoding.
        var redaction = new Redaction([secret]);
        var form = System.Net.WebUtility.UrlEncode(secret);

        Assert.Equal("x *** y", redaction.Apply($"x {System.Text.Json.JsonEncodedText.Encode(form)} y"));
        Assert.Equal("x *** y", redaction.Apply($"x {System.Text.Json.JsonEncodedText.Encode(LowerHex(form))} y"));
    }

    [Theory]
    [MemberData(nameof(EncodedSecrets))]
    public void A_secret_echoed_in_json_by_a_php_or_python_server_is_masked(string secret)
    {
        var redaction = new Redaction([secret]);

        // PHP's json_encode: "\/" for '/', lower-case \u escapes; Python's json.dumps: lower-case \u escapes only.
        Assert.Equal("x *** y", redaction.Apply($"x {ForeignJson(secret, escapeSlash: true)} y"));
        Assert.Equal("x *** y", redaction.Apply($"x {ForeignJson(secret, escapeSlash: false)} y"));
        Assert.Equal("x *** y", redaction.Apply($"x {ForeignJson(System.Net.WebUtility.UrlEncode(secret), escapeSlash: true)} y"));
    }

    [Fact]
    public void A_basic_header_echoed_by_php_with_its_slashes_escaped_is_masked()
    {
        // "agent:hunter2??>" in Base64 is YWdlbnQ6aHVudGVyMj8/Pg==, whose '/' json_encode writes "\/".
        var credentials = new BasicCredentials("agent", "hunter2??>");
        var header = credentials.ToAuthenticationHeader().Parameter!;
        Assert.Contains('/', header);

        var text = new Redaction(credentials.GetSecrets()).Apply($$"""{"error": "bad header Basic {{header.Replace("/", "\\/", StringComparison.Ordinal)}}"}""");

        Assert.Equal("""{"error": "bad header Basic ***"}""", text);
    }

    [Fact]
    public async Task A_secret_is_masked_in_a_query_written_by_request_parameters_and_in_a_form_body()
    {
        const string secret = "p@ss:w0rd/+, x";
        var redaction = new Redaction([secret]);

        var query = new RequestParameters().Add("user", "agent").Add("password", secret).ToQueryString();
        var form = await new RequestParameters().Add("user", "agent").Add("password", secret).ToFormContent().ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("user=agent&password=***", redaction.Apply(query));
        Assert.Equal("user=agent&password=***", redaction.Apply(form));
    }

    [Fact]
    public void A_redactor_extended_with_a_secret_masks_every_encoding_of_the_old_and_the_new_ones()
    {
        var extended = new Redaction(["pa ss+wörd"]).With("tok/en+1");

        foreach (var secret in new[] { "pa ss+wörd", "tok/en+1" })
        {
            Assert.Equal("[***]", extended.Apply($"[{secret}]"));
            Assert.Equal("[***]", extended.Apply($"[{Uri.EscapeDataString(secret)}]"));
            Assert.Equal("[***]", extended.Apply($"[{System.Net.WebUtility.UrlEncode(secret)}]"));
            Assert.Equal("[***]", extended.Apply($"[{System.Text.Json.JsonEncodedText.Encode(secret)}]"));
        }
    }

    /// <summary>JSON string escaping as PHP and Python write it (written here independently of Core's).</summary>
    private static string ForeignJson(string text, bool escapeSlash) =>
        string.Concat(text.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '/' when escapeSlash => "\\/",
            '\t' => "\\t",
            _ when c < ' ' || c > '\u007f' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));

    private static string LowerHex(string encoded) =>
        System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
}
