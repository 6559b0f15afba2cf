using CallCenterStats.Sdk.Core.Tests.TestVendor;

namespace CallCenterStats.Sdk.Core.Tests.ClientOptions;

/// <summary><see cref="VendorClientOptions.Validate"/>: every message names the option.</summary>
public sealed class VendorClientOptionsTests
{
    [Theory]
    [InlineData("https://api.example.com/")]
    [InlineData("https://api.example.com/v2/tenant")]
    [InlineData("https://10.0.0.1:8443/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://LOCALHOST/")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://127.0.0.5/")]
    [InlineData("http://127.255.255.254/")]
    [InlineData("http://[::1]:9000/")]
    public void Https_anywhere_and_http_on_a_loopback_host_are_accepted(string endpoint)
    {
        Assert.Empty(Valid(new Uri(endpoint)).Validate());
    }

    [Theory]
    [InlineData("http://api.example.com/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://128.0.0.1/")]
    [InlineData("http://[::2]/")]
    [InlineData("http://localhost.example.com/")]
    [InlineData("http://127.0.0.1.nip.io/")]
    public void Plain_http_to_any_other_host_is_refused_as_sending_credentials_in_clear(string endpoint)
    {
        var problem = Assert.Single(Valid(new Uri(endpoint)).Validate());

        Assert.StartsWith("Endpoint must use https: ", problem, StringComparison.Ordinal);
        Assert.Contains("in clear", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://files.example.com/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ws://api.example.com/")]
    public void Other_schemes_are_refused(string endpoint)
    {
        Assert.Equal(["Endpoint must be an absolute https URI."], Valid(new Uri(endpoint)).Validate());
    }

    [Fact]
    public void A_relative_endpoint_is_refused()
    {
        Assert.Equal(["Endpoint must be an absolute https URI."], Valid(new Uri("api/v1", UriKind.Relative)).Validate());
    }

    [Fact]
    public void A_missing_endpoint_is_refused()
    {
        Assert.Equal(["Endpoint is required."], Valid(null).Validate());
    }

    [Theory]
    [InlineData("https://api.example.com/?key=1")]
    [InlineData("https://api.example.com/#top")]
    [InlineData("https://user:pw@api.example.com/")]
    [InlineData("https://user@api.example.com/")]
    [InlineData("http://user:pw@localhost/")]
    public void Query_fragment_and_user_info_are_refused(string endpoint)
    {
        Assert.Equal(
            ["Endpoint must not contain a query string, fragment or user info; credentials have their own options."],
            Valid(new Uri(endpoint)).Validate());
    }

    [Fact]
    public void Check_endpoint_names_the_option_it_is_given()
    {
        Assert.Equal("AuthEndpoint is required.", VendorClientOptions.CheckEndpoint(null, "AuthEndpoint"));
        Assert.Null(VendorClientOptions.CheckEndpoint(new Uri("https://example.com/"), "AuthEndpoint"));
    }

    [Theory]
    [InlineData("AttemptTimeout")]
    [InlineData("OperationTimeout")]
    [InlineData("StreamIdleTimeout")]
    public void Timeouts_must_be_positive_or_infinite(string option)
    {
        foreach (var bad in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromTicks(-2) })
        {
            Assert.Equal([$"{option} must be positive."], With(option, bad).Validate());
        }

        Assert.Empty(With(option, TimeSpan.FromMilliseconds(1)).Validate());
        Assert.Empty(With(option, Timeout.InfiniteTimeSpan).Validate());
    }

    [Fact]
    public void The_defaults_are_valid_and_documented()
    {
        var options = Valid(new Uri("https://example.com/"));

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(100), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.OperationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.StreamIdleTimeout);
        Assert.Null(options.MaxConcurrentRequests);
        Assert.Equal(256L * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(5, options.Retry.MaxRetries);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Max_concurrent_requests_must_be_at_least_one(int value)
    {
        var options = Valid(new Uri("https://example.com/"));
        options.MaxConcurrentRequests = value;

        Assert.Equal(["MaxConcurrentRequests must be at least 1 (or null for no limit)."], options.Validate());

        options.MaxConcurrentRequests = 1;
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(-5)]
    public void Max_response_bytes_must_be_at_least_1024(long value)
    {
        var options = Valid(new Uri("https://example.com/"));
        options.MaxResponseBytes = value;

        Assert.Equal(["MaxResponseBytes must be at least 1024."], options.Validate());

        options.MaxResponseBytes = 1024;
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Retry_problems_are_reported_under_retry()
    {
        var options = Valid(new Uri("https://example.com/"));
        options.Retry.MaxRetries = -1;
        options.Retry.BaseDelay = TimeSpan.FromSeconds(10);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);

        Assert.Equal(
            ["Retry.MaxRetries must be between 0 and 100.", "Retry.MaxDelay cannot be shorter than BaseDelay."],
            options.Validate());
    }

    [Fact]
    public void Missing_retry_settings_are_refused()
    {
        var options = Valid(new Uri("https://example.com/"));
        options.Retry = null!;

        Assert.Equal(["Retry is required."], options.Validate());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = Valid(new Uri("http://example.com/"));
        options.AttemptTimeout = TimeSpan.Zero;
        options.MaxConcurrentRequests = 0;
        options.MaxResponseBytes = 1;
        options.Retry.MaxRetries = 101;

        Assert.Equal(5, options.Validate().Count());
    }

    [Fact]
    public void A_clone_shares_nothing_mutable_with_the_original()
    {
        var options = Valid(new Uri("https://example.com/"));
        options.Retry.MaxRetries = 3;

        var copy = (AcmeOptions)options.Clone();
        options.Endpoint = new Uri("https://changed.example.com/");
        options.Retry.MaxRetries = 9;
        options.Password = "changed";

        Assert.Equal(new Uri("https://example.com/"), copy.Endpoint);
        Assert.Equal(3, copy.Retry.MaxRetries);
        Assert.Equal("p", copy.Password);
        Assert.NotSame(options.Retry, copy.Retry);
    }

    [Fact]
    public void Is_loopback_is_true_only_for_loopback_hosts()
    {
        Assert.True(VendorClientOptions.IsLoopback(new Uri("http://localhost/")));
        Assert.True(VendorClientOptions.IsLoopback(new Uri("http://127.0.0.5/")));
        Assert.True(VendorClientOptions.IsLoopback(new Uri("http://[::1]/")));
        Assert.False(VendorClientOptions.IsLoopback(new Uri("http://[::ffff:10.0.0.1]/")));
        Assert.False(VendorClientOptions.IsLoopback(new Uri("http://0.0.0.0/")));
        Assert.False(VendorClientOptions.IsLoopback(new Uri("http://example.com/")));
    }

    private static AcmeOptions Valid(Uri? endpoint) => new() { Endpoint = endpoint, Username = "u", Password = "p" };

    private static AcmeOptions With(string option, TimeSpan value)
    {
        var options = Valid(new Uri("https://example.com/"));
        switch (option)
        {
            case "AttemptTimeout":
                options.AttemptTimeout = value;
                break;
            case "OperationTimeout":
                options.OperationTimeout = value;
                break;
            default:
                options.StreamIdleTimeout = value;
                break;
        }

        return options;
    }
}
