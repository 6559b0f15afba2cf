using System.Text;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.Auth;

public sealed class CredentialsTests
{
    [Fact]
    public void Basic_header_is_base64_of_utf8_user_colon_password()
    {
        var header = new BasicCredentials("mycc", "pässwörd").ToAuthenticationHeader();

        Assert.Equal("Basic", header.Scheme);
        Assert.Equal("mycc:pässwörd", Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
    }

    [Fact]
    public void Basic_credentials_never_show_the_password()
    {
        var credentials = new BasicCredentials("mycc", "s3cr3t-token");

        Assert.Equal("BasicCredentials { Username = mycc, Password = *** }", credentials.ToString());
    }

    [Fact]
    public void User_name_with_a_colon_is_rejected()
    {
        Assert.Throws<ArgumentException>("username", () => new BasicCredentials("a:b", "p"));
    }

    [Theory]
    [InlineData("", "p", "username")]
    [InlineData("u", "", "password")]
    public void Empty_credentials_are_rejected(string username, string password, string param)
    {
        Assert.Throws<ArgumentException>(param, () => new BasicCredentials(username, password));
    }

    [Fact]
    public void Access_token_never_shows_its_value()
    {
        var token = new AccessToken("eyJhbGciOi.secret.value", Instant.FromUtc(2024, 3, 11, 10, 0));

        Assert.Equal("AccessToken { Value = ***, ExpiresAt = 2024-03-11T10:00:00Z }", token.ToString());
    }

    [Fact]
    public void Access_token_with_whitespace_is_rejected()
    {
        Assert.Throws<ArgumentException>("value", () => new AccessToken("a b", null));
    }

    [Fact]
    public void Freshness_respects_the_margin()
    {
        var token = new AccessToken("t", Instant.FromUtc(2024, 3, 11, 10, 0));

        Assert.True(token.IsFreshAt(Instant.FromUtc(2024, 3, 11, 9, 58), Duration.FromMinutes(1)));
        Assert.False(token.IsFreshAt(Instant.FromUtc(2024, 3, 11, 9, 59), Duration.FromMinutes(1)));
    }

    [Fact]
    public void Redaction_masks_every_secret_longest_first()
    {
        var redaction = new Redaction(["abc", "abcdef", null, ""]);

        Assert.Equal("user *** and *** end", redaction.Apply("user abcdef and abc end"));
        Assert.Null(redaction.Apply(null));
    }
}
