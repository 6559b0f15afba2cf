using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>
/// Every rule is checked when the method is called, before any I/O: the client points at a port nothing listens
/// on, and the exception is thrown synchronously, before a request could be sent.
/// </summary>
public sealed class ValidationTests
{
    private static readonly VccLiveClient Client = VccLiveClient.Create(new VccLiveOptions
    {
        Customer = Customer,
        ApiToken = ApiToken,
        Endpoint = new Uri("http://127.0.0.1:9/"),
    });

    [Fact]
    public void Request_is_required()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => Client.GetUserBasedStatisticsAsync(null!, Ct));

        Assert.Equal("request", ex.ParamName);
    }

    [Fact]
    public void Empty_dimensions_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Dimensions = UserBasedStatisticsDimensions.None }, Ct));

        Assert.Equal("request.Dimensions", ex.ParamName);
    }

    [Fact]
    public void Undefined_dimension_flags_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Dimensions = UserBasedStatisticsDimensions.User | (UserBasedStatisticsDimensions)16 }, Ct));

        Assert.Equal("request.Dimensions", ex.ParamName);
    }

    [Fact]
    public void Missing_date_range_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Range = default }, Ct));

        Assert.Equal("request.Range", ex.ParamName);
    }

    [Fact]
    public void Preset_together_with_fields_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Preset = 3, Fields = [UserBasedKpi.CallOut] }, Ct));

        Assert.Equal("request.Preset", ex.ParamName);
        Assert.Contains("ignores the preset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_positive_preset_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Preset = 0 }, Ct));

        Assert.Equal("request.Preset", ex.ParamName);
    }

    [Fact]
    public void Field_containing_the_list_separator_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Fields = [UserBasedKpi.CallOut, new UserBasedKpi("ticketCreated,emailByAgentSent")] }, Ct));

        Assert.Equal("request.Fields", ex.ParamName);
    }

    [Fact]
    public void Blank_field_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Fields = [UserBasedKpi.CallOut, new UserBasedKpi(" ")] }, Ct));

        Assert.Equal("request.Fields", ex.ParamName);
    }

    [Fact]
    public void Empty_user_list_is_rejected_rather_than_reporting_on_everyone()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Users = [] }, Ct));

        Assert.Equal("request.Users", ex.ParamName);
        Assert.Contains("cannot be empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_project_list_is_rejected_rather_than_reporting_on_everything()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Projects = [] }, Ct));

        Assert.Equal("request.Projects", ex.ParamName);
        Assert.Contains("cannot be empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-17L)]
    public void Non_positive_user_id_is_rejected(long id)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Users = [17, id] }, Ct));

        Assert.Equal("request.Users", ex.ParamName);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-53L)]
    public void Non_positive_project_id_is_rejected(long id)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Projects = [id, 53] }, Ct));

        Assert.Equal("request.Projects", ex.ParamName);
    }

    [Fact]
    public void Undefined_output_format_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Format = (UserBasedStatisticsFormat)9 }, Ct));

        Assert.Equal("request.Format", ex.ParamName);
    }

    [Fact]
    public void End_before_start_is_rejected_by_the_date_range()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Time.DateRange(June30, June1));

        Assert.Equal("end", ex.ParamName);
    }
}
