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
        using var client = Enswitch.Client(server);

        var ex = Assert.ThrowsAny<ArgumentException>(Calling(() => client.GetDestinationStatisticsAsync(new() { Destination = destination, Range = Enswitch.Range }, Enswitch.Ct)));

        Assert.Equal("request.Destination", ex.ParamName);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Queue_id_must_be_positive(long queue)
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");
        using var client = Enswitch.Client(server);

        var ex = Assert.ThrowsAny<ArgumentException>(Calling(() => client.GetQueueStatisticsAsync(new() { Queue = queue, Range = Enswitch.Range }, Enswitch.Ct)));

        Assert.Equal("request.Queue", ex.ParamName);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Requests_are_required()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");
        using var client = Enswitch.Client(server);

        Assert.Throws<ArgumentNullException>("request", Calling(() => client.GetDestinationStatisticsAsync(null!, Enswitch.Ct)));
        Assert.Throws<ArgumentNullException>("request", Calling(() => client.GetQueueStatisticsAsync(null!, Enswitch.Ct)));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Range_is_required_for_a_destination()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");
        using var client = Enswitch.Client(server);

        var ex = Assert.Throws<ArgumentException>("request.Range", Calling(() => client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = default }, Enswitch.Ct)));

        Assert.Contains("A time range is required", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Range_is_required_for_a_queue()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");
        using var client = Enswitch.Client(server);

        Assert.Throws<ArgumentException>("request.Range", Calling(() => client.GetQueueStatisticsAsync(new() { Queue = 123, Range = default }, Enswitch.Ct)));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Range_cannot_start_before_the_unix_epoch()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");
        using var client = Enswitch.Client(server);
        var range = new InstantRange(Instant.FromUtc(1969, 12, 31, 23, 0), Instant.FromUtc(1970, 1, 2, 0, 0));

        var ex = Assert.Throws<ArgumentException>("request.Range", Calling(() => client.GetQueueStatisticsAsync(new() { Queue = 123, Range = range }, Enswitch.Ct)));

        Assert.Contains("1969-12-31T23:00:00Z", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_mock_validates_the_arguments_before_it_refuses_to_send()
    {
        EnswitchClient mock = new MockClient();

        var invalid = Assert.ThrowsAny<ArgumentException>(Calling(() => mock.GetQueueStatisticsAsync(new() { Queue = 0, Range = Enswitch.Range }, Enswitch.Ct)));
        Assert.Throws<InvalidOperationException>(Calling(() => mock.GetQueueStatisticsAsync(new() { Queue = 1, Range = Enswitch.Range }, Enswitch.Ct)));

        Assert.Equal("request.Queue", invalid.ParamName);
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
    public void The_password_is_the_one_secret_Core_masks_in_every_encoding()
    {
        var options = Enswitch.Options(new Uri("https://pbx.example.com/"));

        Assert.Equal([Enswitch.Password], options.GetSecrets());
    }

    public static TheoryData<string, string> UnsendableTexts => new()
    {
        { "a\ud800b", "a lone high surrogate" },
        { "a\udc00b", "a lone low surrogate" },
        { "a\rb", "a carriage return (CR)" },
        { "a\nb", "a line feed (LF)" },
        { "a\0b", "a NUL character" },
    };

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void A_username_that_cannot_be_sent_is_refused_at_validation_without_showing_it(string text, string problem)
    {
        var failure = Assert.Single(new EnswitchOptions { Endpoint = new Uri("https://pbx.example.com/"), Username = "api" + text + "user", Password = "p" }.Validate());

        Assert.StartsWith($"Username contains {problem}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("api", failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void A_password_that_cannot_be_sent_is_refused_at_validation_without_showing_it(string text, string problem)
    {
        var failure = Assert.Single(new EnswitchOptions { Endpoint = new Uri("https://pbx.example.com/"), Username = "u", Password = "sec" + text + "ret" }.Validate());

        Assert.StartsWith($"Password contains {problem}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("sec", failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void Create_refuses_credentials_that_cannot_be_sent_before_any_request(string text, string problem)
    {
        var options = Enswitch.Options(new Uri("https://pbx.example.com/"));
        options.Password = "sec" + text + "ret";

        var ex = Assert.Throws<OptionsValidationException>(() => EnswitchClient.Create(options));

        Assert.StartsWith($"EnswitchOptions.Password contains {problem}", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    /// <summary>The call as an action: validation must throw from the call itself, before any task exists.</summary>
    private static Action Calling(Func<Task> call) => () => call();

    private sealed class MockClient : EnswitchClient;
}
