namespace CallCenterStats.Sdk.Core.Tests.ClientOptions;

public sealed class RetryOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_documented()
    {
        var retry = new RetryOptions();

        Assert.Empty(retry.Validate());
        Assert.Equal((5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), true), (retry.MaxRetries, retry.BaseDelay, retry.MaxDelay, retry.MaxRetryAfter, retry.UseJitter));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Max_retries_is_between_0_and_100(int value, bool valid)
    {
        var retry = new RetryOptions { MaxRetries = value };

        Assert.Equal(valid ? [] : ["MaxRetries must be between 0 and 100."], retry.Validate());
    }

    [Fact]
    public void A_negative_base_delay_is_refused_and_zero_is_accepted()
    {
        Assert.Equal(["BaseDelay cannot be negative."], new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(-1) }.Validate());
        Assert.Empty(new RetryOptions { BaseDelay = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void The_maximum_delay_cannot_be_shorter_than_the_base_delay()
    {
        Assert.Equal(["MaxDelay cannot be shorter than BaseDelay."], new RetryOptions { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(4) }.Validate());
        Assert.Empty(new RetryOptions { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(5) }.Validate());
    }

    [Fact]
    public void A_negative_max_retry_after_is_refused_and_zero_is_accepted()
    {
        Assert.Equal(["MaxRetryAfter cannot be negative."], new RetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Empty(new RetryOptions { MaxRetryAfter = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void A_clone_is_independent()
    {
        var retry = new RetryOptions { MaxRetries = 2, UseJitter = false };

        var copy = retry.Clone();
        retry.MaxRetries = 7;

        Assert.NotSame(retry, copy);
        Assert.Equal((2, false), (copy.MaxRetries, copy.UseJitter));
    }
}
