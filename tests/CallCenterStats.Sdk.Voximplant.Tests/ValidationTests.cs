using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class ValidationTests
{
    /// <summary>Sends <paramref name="request"/> to a real server and asserts it fails before any I/O.</summary>
    private static async Task<ArgumentException> RejectedAsync(AcdOperatorStatusStatisticsRequest request)
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"result": []}""");
        await using var provider = Harness.Provider(server.BaseAddress);
        var client = provider.GetRequiredService<VoximplantClient>();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GetAcdOperatorStatusStatisticsAsync(request, TestContext.Current.CancellationToken));

        Assert.Empty(server.Requests);
        return ex;
    }

    [Fact]
    public async Task Null_request_is_rejected()
    {
        var ex = await RejectedAsync(null!);

        Assert.IsType<ArgumentNullException>(ex);
        Assert.Equal("request", ex.ParamName);
    }

    [Fact]
    public async Task Range_that_was_never_set_is_rejected()
    {
        var ex = await RejectedAsync(new() { Range = default });

        Assert.Equal("request.Range", ex.ParamName);
    }

    [Fact]
    public async Task Range_starting_in_the_future_is_rejected()
    {
        var ex = await RejectedAsync(new() { Range = new InstantRange(Harness.Now + Duration.FromMinutes(1), Harness.Now + Duration.FromHours(1)) });

        Assert.Equal("request.Range", ex.ParamName);
    }

    [Fact]
    public async Task Range_within_one_second_on_the_wire_is_rejected()
    {
        var ex = await RejectedAsync(new() { Range = new InstantRange(Harness.March11 + Duration.FromMilliseconds(100), Harness.March11 + Duration.FromMilliseconds(900)) });

        Assert.Equal("request.Range", ex.ParamName);
    }

    [Fact]
    public async Task Range_crossing_into_the_next_second_by_less_than_a_second_is_accepted()
    {
        // 00:00:00.900 to 00:00:01.100 is sent as 00:00:00 to 00:00:01: one whole second on the wire.
        await using var server = await LoopbackServer.StartAsync(200, """{"result": []}""");
        await using var provider = Harness.Provider(server.BaseAddress);

        await provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(
            new() { Range = new InstantRange(Harness.March11 + Duration.FromMilliseconds(900), Harness.March11 + Duration.FromMilliseconds(1100)) },
            TestContext.Current.CancellationToken);

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Empty_status_list_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { Statuses = [] });

        Assert.Equal("request.Statuses", ex.ParamName);
    }

    [Fact]
    public async Task Status_containing_the_list_separator_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { Statuses = [AcdStatus.Ready, new AcdStatus("READY;DND")] });

        Assert.Equal("request.Statuses", ex.ParamName);
        Assert.Contains("';'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blank_status_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { Statuses = [default] });

        Assert.Equal("request.Statuses", ex.ParamName);
    }

    [Theory]
    [InlineData("high surrogate", "a lone high surrogate")]
    [InlineData("low surrogate", "a lone low surrogate")]
    [InlineData("CR", "a carriage return (CR)")]
    [InlineData("LF", "a line feed (LF)")]
    [InlineData("NUL", "a NUL character")]
    public async Task Status_that_is_not_sendable_text_is_rejected(string character, string problem)
    {
        // Built here: a lone surrogate does not survive an attribute argument.
        var status = character switch
        {
            "high surrogate" => "READY\uD800",
            "low surrogate" => "\uDC00READY",
            "CR" => "READY\rDND",
            "LF" => "READY\nDND",
            _ => "READY\0",
        };

        var ex = await RejectedAsync(Harness.Request with { Statuses = [AcdStatus.Ready, new AcdStatus(status)] });

        Assert.Equal("request.Statuses", ex.ParamName);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_user_list_is_rejected_rather_than_read_as_all()
    {
        var ex = await RejectedAsync(Harness.Request with { UserIds = [] });

        Assert.Equal("request.UserIds", ex.ParamName);
    }

    [Fact]
    public async Task Non_positive_user_id_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { UserIds = [5, 0] });

        Assert.Equal("request.UserIds", ex.ParamName);
    }

    [Theory]
    [InlineData(TimeBucket.Minute)]
    [InlineData(TimeBucket.Week)]
    [InlineData(TimeBucket.Month)]
    [InlineData(TimeBucket.Year)]
    public async Task Aggregation_Voximplant_does_not_offer_is_rejected(TimeBucket bucket)
    {
        var ex = await RejectedAsync(Harness.Request with { Aggregation = bucket });

        Assert.Equal("request.Aggregation", ex.ParamName);
    }

    [Fact]
    public async Task Undefined_grouping_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { Group = (StatisticsGrouping)7 });

        Assert.Equal("request.Group", ex.ParamName);
    }
}
