using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Core.Tests.ClientOptions;

public sealed class HostLabelTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("a")]
    [InlineData("ACME-01")]
    [InlineData("x1-y2-z3")]
    [InlineData(" acme ")]
    [InlineData("123")]
    public void Letters_digits_and_inner_hyphens_are_a_label(string label)
    {
        Assert.True(HostLabel.IsValid(label));
    }

    [Fact]
    public void Sixty_three_characters_are_a_label_and_sixty_four_are_not()
    {
        Assert.True(HostLabel.IsValid(new string('a', 63)));
        Assert.False(HostLabel.IsValid(new string('a', 64)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("acme.evil.com")]
    [InlineData("evil.com/x")]
    [InlineData("acme@evil")]
    [InlineData("ac me")]
    [InlineData("acme:443")]
    [InlineData("ąćme")]
    [InlineData("acme_1")]
    public void Anything_that_could_change_the_host_is_not_a_label(string? label)
    {
        Assert.False(HostLabel.IsValid(label));
    }
}
