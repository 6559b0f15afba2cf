using CallCenterStats.Sdk.Time;
using NodaTime;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>Every client-side rule fails before any I/O, naming the parameter.</summary>
public sealed class ValidationTests
{
    private static readonly InstantRange PastDay = new(Now - Duration.FromDays(1), Now - Duration.FromHours(1));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Call_center_parts_are_required(string? blank)
    {
        Assert.ThrowsAny<ArgumentException>(() => new CallCenterId(blank!, "g", "cc")).ParamName.ShouldBe("tenant");
        Assert.ThrowsAny<ArgumentException>(() => new CallCenterId("t", blank!, "cc")).ParamName.ShouldBe("group");
        Assert.ThrowsAny<ArgumentException>(() => new CallCenterId("t", "g", blank!)).ParamName.ShouldBe("callCenterName");
    }

    [Fact]
    public async Task Call_center_is_required_by_every_operation()
    {
        await using var host = await StartAsync(200, "{}");

        Assert.Throws<ArgumentNullException>("callCenter", Calling(() => host.Client.GetStatisticsReportingAsync(null!, Ct)));
        Assert.Throws<ArgumentNullException>("callCenter", Calling(() => host.Client.SetStatisticsReportingAsync(null!, new StatisticsReportingUpdate(), Ct)));
        Assert.Throws<ArgumentNullException>("request.CallCenter", Calling(() => host.Client.GetStatisticsAsync(new() { CallCenter = null!, Range = PastDay }, Ct)));
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task Statistics_request_is_required()
    {
        await using var host = await StartAsync(200, "{}");

        Assert.Throws<ArgumentNullException>("request", Calling(() => host.Client.GetStatisticsAsync(null!, Ct)));
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task Range_needs_a_start_and_an_end()
    {
        await using var host = await StartAsync(200, "{}");

        var ex = Assert.Throws<ArgumentException>("request.Range", Calling(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = default }, Ct)));

        Assert.Contains("A time range is required", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task Range_ending_in_the_future_is_rejected()
    {
        await using var host = await StartAsync(200, "{}");

        var ex = Assert.Throws<ArgumentException>("request.Range", Calling(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = new InstantRange(Now - Duration.FromDays(1), Now + Duration.FromSeconds(1)) }, Ct)));

        Assert.Contains("end of the range", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task Range_starting_in_the_future_is_rejected()
    {
        await using var host = await StartAsync(200, "{}");

        var ex = Assert.Throws<ArgumentException>("request.Range", Calling(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = new InstantRange(Now + Duration.FromHours(1), Now + Duration.FromHours(2)) }, Ct)));

        Assert.Contains("start of the range", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public async Task Future_is_judged_by_the_injected_clock()
    {
        await using var host = await StartAsync(200, """{"agentStatistics": []}""");
        var range = new InstantRange(Now, Now + Duration.FromHours(1));
        Assert.Throws<ArgumentException>("request.Range", Calling(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = range }, Ct)));

        host.Clock.Advance(Duration.FromHours(1));
        await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = range }, Ct);

        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task Update_is_required()
    {
        await using var host = await StartAsync(200, "{}");

        Assert.Throws<ArgumentNullException>("update", Calling(() => host.Client.SetStatisticsReportingAsync(CallCenter, null!, Ct)));
        Assert.Empty(host.Server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-15 * 60)]
    [InlineData(90)]
    public async Task Collection_period_must_be_a_positive_whole_number_of_minutes(int seconds)
    {
        await using var host = await StartAsync(200, "{}");
        var update = new StatisticsReportingUpdate { CollectionPeriod = Duration.FromSeconds(seconds) };

        var ex = Assert.Throws<ArgumentException>("update.CollectionPeriod", Calling(() => host.Client.SetStatisticsReportingAsync(CallCenter, update, Ct)));

        Assert.Contains("positive whole number of minutes", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Setting_an_empty_email_address_is_rejected_clear_is_the_way_to_delete(string value)
    {
        Assert.Throws<ArgumentException>("address", () => EmailAddressUpdate.Set(value));
    }

    [Fact]
    public void Setting_a_null_email_address_is_rejected()
    {
        Assert.Throws<ArgumentNullException>("address", () => EmailAddressUpdate.Set(null!));
    }

    [Fact]
    public void Email_updates_default_to_unchanged_and_say_what_they_do()
    {
        var update = new StatisticsReportingUpdate();

        Assert.Equal(FieldUpdateKind.Unchanged, update.ReportingEmailAddress1.Kind);
        Assert.Equal(EmailAddressUpdate.Unchanged, update.ReportingEmailAddress2);
        Assert.Null(EmailAddressUpdate.Clear.Address);
        Assert.Equal("Clear", EmailAddressUpdate.Clear.ToString());
        Assert.Equal("Set(a@b.c)", EmailAddressUpdate.Set("a@b.c").ToString());
        Assert.NotEqual(EmailAddressUpdate.Clear, EmailAddressUpdate.Unchanged);
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
    public void A_call_center_part_that_cannot_be_sent_is_rejected_naming_the_part(string text, string problem)
    {
        Assert.Contains(problem, Assert.Throws<ArgumentException>("tenant", () => new CallCenterId(text, "g", "cc")).Message, StringComparison.Ordinal);
        Assert.Contains(problem, Assert.Throws<ArgumentException>("group", () => new CallCenterId("t", text, "cc")).Message, StringComparison.Ordinal);
        Assert.Contains(problem, Assert.Throws<ArgumentException>("callCenterName", () => new CallCenterId("t", "g", text + "@sip.example.com")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void A_reporting_address_that_cannot_be_sent_is_rejected(string text, string problem)
    {
        var ex = Assert.Throws<ArgumentException>("address", () => EmailAddressUpdate.Set("ops" + text + "@example.com"));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void Options_that_cannot_be_sent_are_refused_at_validation_naming_the_option_without_showing_it(string text, string problem)
    {
        foreach (var (name, options) in new (string, NetaxisOptions)[]
        {
            ("Token", new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Token = "tok" + text + "en" }),
            ("Username", new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Username = "us" + text + "er", Password = "p" }),
            ("Password", new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Username = "user", Password = "pass" + text + "word" }),
            ("PathPrefix", new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Token = "t", PathPrefix = "/api/" + text + "v1" }),
            ("AuthPathPrefix", new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Token = "t", AuthPathPrefix = "/api/" + text + "auth" }),
        })
        {
            var failure = Assert.Single(options.Validate());
            Assert.StartsWith($"{name} contains {problem}", failure, StringComparison.Ordinal);
            Assert.DoesNotContain(text, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_token_of_characters_a_bearer_header_cannot_carry_is_refused()
    {
        var failure = Assert.Single(new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), Token = "tökén" }.Validate());

        Assert.Equal("Token can only hold visible ASCII characters (it is sent in the Authorization header).", failure);
    }

    /// <summary>The call as an action: validation must throw from the call itself, before any task exists.</summary>
    private static Action Calling(Func<Task> call) => () => call();
}

internal static class AssertionExtensions
{
    public static void ShouldBe(this string? actual, string expected) => Assert.Equal(expected, actual);
}
