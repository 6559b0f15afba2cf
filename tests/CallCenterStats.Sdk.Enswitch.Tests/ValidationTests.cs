using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Destination_id_must_be_positive(long destination)
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Enswitch.Client(server).GetDestinationStatisticsAsync(destination, Enswitch.Range, Enswitch.Ct));

        Assert.Equal("destination", ex.ParamName);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Queue_id_must_be_positive(long queue)
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(
            () => Enswitch.Client(server).GetQueueStatisticsAsync(queue, Enswitch.Range, Enswitch.Ct));

        Assert.Equal("queue", ex.ParamName);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Range_is_required_for_a_destination()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => Enswitch.Client(server).GetDestinationStatisticsAsync(123, default, Enswitch.Ct));

        Assert.Equal("range", ex.ParamName);
        Assert.Contains("A time range is required", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Range_is_required_for_a_queue()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => Enswitch.Client(server).GetQueueStatisticsAsync(123, default, Enswitch.Ct));

        Assert.Equal("range", ex.ParamName);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Range_cannot_start_before_the_unix_epoch()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");
        var range = new InstantRange(Instant.FromUtc(1969, 12, 31, 23, 0), Instant.FromUtc(1970, 1, 2, 0, 0));

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => Enswitch.Client(server).GetQueueStatisticsAsync(123, range, Enswitch.Ct));

        Assert.Equal("range", ex.ParamName);
        Assert.Contains("1969-12-31T23:00:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Endpoint_is_required_because_enswitch_is_self_hosted()
    {
        var options = new EnswitchOptions { Username = "u", Password = "p" };

        Assert.Equal(["Endpoint is required."], options.Validate());
    }

    [Fact]
    public void Username_is_required()
    {
        var options = new EnswitchOptions { Endpoint = new Uri("https://pbx.example.com/"), Username = " ", Password = "p" };

        Assert.Equal(["Username is required."], options.Validate());
    }

    [Fact]
    public void Password_is_required()
    {
        var options = new EnswitchOptions { Endpoint = new Uri("https://pbx.example.com/"), Username = "u" };

        Assert.Equal(["Password is required."], options.Validate());
    }

    [Fact]
    public void Request_method_must_be_post_or_get()
    {
        var options = new EnswitchOptions { Endpoint = new Uri("https://pbx.example.com/"), Username = "u", Password = "p", RequestMethod = (EnswitchRequestMethod)7 };

        Assert.Equal(["RequestMethod must be Post or Get."], options.Validate());
    }

    [Fact]
    public void Requests_are_posted_unless_configured_otherwise()
    {
        Assert.Equal(EnswitchRequestMethod.Post, new EnswitchOptions().RequestMethod);
    }

    [Fact]
    public void Create_rejects_bad_options_naming_each_option()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => EnswitchClient.Create(new EnswitchOptions { Password = "p" }));

        Assert.Equal(["EnswitchOptions.Endpoint is required.", "EnswitchOptions.Username is required."], ex.Failures);
    }

    [Fact]
    public void Options_never_show_the_password()
    {
        var options = Enswitch.Options(new Uri("https://pbx.example.com/"));

        Assert.DoesNotContain(Enswitch.Password, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Username = api-user, Password = ***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_encoding_of_the_password_is_a_secret()
    {
        var options = Enswitch.Options(new Uri("https://pbx.example.com/"));

        Assert.Equal(
            [
                Enswitch.Password,
                "s3cr%26t%20pa%24%24%3Bw%3Drd%2B",
                "s3cr%26t%20pa%24%24%3bw%3drd%2b",
                "s3cr%26t+pa%24%24%3Bw%3Drd%2B",
                "s3cr%26t+pa%24%24%3bw%3drd%2b",
            ],
            options.GetSecrets());
    }
}
