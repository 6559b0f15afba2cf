namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Valid_token_options_have_no_problems()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void Valid_login_options_have_no_problems()
    {
        var options = Valid();
        options.Token = null;
        options.Username = "u";
        options.Password = "p";

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Username_without_password_is_rejected()
    {
        var options = Valid();
        options.Token = null;
        options.Username = "u";

        Assert.Equal(["Password is required when Username is set."], options.Validate());
    }

    [Fact]
    public void Password_without_username_is_rejected()
    {
        var options = Valid();
        options.Token = null;
        options.Password = "p";

        Assert.Equal(["Username is required when Password is set."], options.Validate());
    }

    [Fact]
    public void Token_with_whitespace_is_rejected()
    {
        var options = Valid();
        options.Token = "Bearer abc";

        Assert.Equal(["Token cannot contain whitespace."], options.Validate());
    }

    [Theory]
    [InlineData("/api/../v1")]
    [InlineData("/api/./v1")]
    [InlineData("/api//v1")]
    [InlineData("/api/v1?x=1")]
    [InlineData("/api v1")]
    public void Path_prefix_must_be_a_plain_path(string prefix)
    {
        var options = Valid();
        options.PathPrefix = prefix;

        Assert.StartsWith("PathPrefix ", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1")]
    [InlineData("api/v01/p3/")]
    [InlineData("")]
    [InlineData("/")]
    public void Path_prefix_accepts_optional_slashes_and_no_prefix(string prefix)
    {
        var options = Valid();
        options.PathPrefix = prefix;

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Auth_path_prefix_is_checked_too()
    {
        var options = Valid();
        options.AuthPathPrefix = "../auth";

        Assert.StartsWith("AuthPathPrefix ", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Access_token_lifetime_must_exceed_the_refresh_margin()
    {
        var options = Valid();
        options.AccessTokenLifetime = TimeSpan.FromSeconds(60);

        Assert.StartsWith("AccessTokenLifetime must be longer than one minute", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Brussels")]
    [InlineData("UTC+01:00")]
    public void Statistics_time_zone_accepts_IANA_ids_and_fixed_offsets(string zone)
    {
        var options = Valid();
        options.TimeZone = zone;

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Secrets_never_appear_in_ToString()
    {
        var options = Valid();
        options.Token = null;
        options.Username = "apio-user";
        options.Password = "pa55word-xyz";
        var withToken = Valid();

        Assert.DoesNotContain("pa55word-xyz", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("apio-user", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123456", withToken.ToString(), StringComparison.Ordinal);
        Assert.Equal(["pa55word-xyz", null], options.GetSecrets());
    }

    private static NetaxisOptions Valid() => new() { Endpoint = new Uri("https://apio.example.com/"), Token = "tok-123456" };
}
