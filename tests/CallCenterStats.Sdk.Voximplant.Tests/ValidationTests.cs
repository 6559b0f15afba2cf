using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
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
    public async Task From_in_the_future_is_rejected()
    {
        var ex = await RejectedAsync(new() { From = Harness.Now + Duration.FromMinutes(1) });

        Assert.Equal("request.From", ex.ParamName);
    }

    [Fact]
    public async Task To_before_From_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { To = Harness.March11 - Duration.FromHours(1) });

        Assert.Equal("request.To", ex.ParamName);
    }

    [Fact]
    public async Task To_within_the_same_second_as_From_is_rejected()
    {
        var ex = await RejectedAsync(Harness.Request with { To = Harness.March11 + Duration.FromMilliseconds(500) });

        Assert.Equal("request.To", ex.ParamName);
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
