using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>Every rule is checked before any I/O: the server must never see a request.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private ThuliumClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(200, "[]");
        _client = Client(_server);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        Assert.Empty(_server.Requests);
        await _server.DisposeAsync();
    }

    private ArgumentException Rejected(AgentsWorkReportRequest request)
    {
        // Both entry points validate on the call itself, not on the first MoveNext/await.
        var page = Assert.ThrowsAny<ArgumentException>(() => { _ = _client.GetAgentsWorkReportPageAsync(request, 0, 100, TestContext.Current.CancellationToken); });
        var stream = Assert.ThrowsAny<ArgumentException>(() => { _ = _client.GetAgentsWorkReportAsync(request, TestContext.Current.CancellationToken); });
        Assert.Equal(page.ParamName, stream.ParamName);
        return page;
    }

    [Fact]
    public void Neither_logins_nor_groups_is_rejected()
    {
        var ex = Rejected(Request() with { AgentLogins = null, AgentGroupIds = null });

        Assert.Equal("request.AgentLogins", ex.ParamName);
        Assert.Contains("agent group ids", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_lists_count_as_not_given()
    {
        var ex = Rejected(Request() with { AgentLogins = [], AgentGroupIds = [] });

        Assert.Equal("request.AgentLogins", ex.ParamName);
    }

    [Fact]
    public async Task Groups_alone_are_enough()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server);
        var page = await client.GetAgentsWorkReportPageAsync(
            Request() with { AgentLogins = null, AgentGroupIds = [2] },
            0,
            100,
            TestContext.Current.CancellationToken);

        Assert.Empty(page.Rows);
    }

    [Fact]
    public void Blank_login_is_rejected()
    {
        var ex = Rejected(Request() with { AgentLogins = ["jkowalski", " "] });

        Assert.Equal("request.AgentLogins", ex.ParamName);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    public void Group_ids_must_be_positive(long id)
    {
        var ex = Rejected(Request() with { AgentGroupIds = [2, id] });

        Assert.Equal("request.AgentGroupIds", ex.ParamName);
        Assert.Contains("positive", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    public void Queue_ids_must_be_positive(long id)
    {
        var ex = Rejected(Request() with { QueueIds = [id, 7] });

        Assert.Equal("request.QueueIds", ex.ParamName);
        Assert.Contains("positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_range_is_rejected()
    {
        var ex = Rejected(new AgentsWorkReportRequest { Range = default, AgentLogins = ["x"] });

        Assert.Equal("request.Range", ex.ParamName);
    }

    [Fact]
    public void Aggregation_none_is_rejected()
    {
        var ex = Rejected(Request() with { Aggregation = TimeBucket.None });

        Assert.Equal("request.Aggregation", ex.ParamName);
    }

    [Fact]
    public void Undefined_aggregation_is_rejected()
    {
        var ex = Rejected(Request() with { Aggregation = (TimeBucket)42 });

        Assert.Equal("request.Aggregation", ex.ParamName);
    }

    [Fact]
    public void Negative_outbound_threshold_is_rejected()
    {
        var ex = Rejected(Request() with { OutboundThreshold = Duration.FromSeconds(-1) });

        Assert.Equal("request.OutboundThreshold", ex.ParamName);
        Assert.Contains("negative", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fractional_outbound_threshold_is_rejected()
    {
        var ex = Rejected(Request() with { OutboundThreshold = Duration.FromMilliseconds(1500) });

        Assert.Equal("request.OutboundThreshold", ex.ParamName);
        Assert.Contains("whole number of seconds", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void Page_size_out_of_range_is_rejected(int pageSize)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _client.GetAgentsWorkReportAsync(Request() with { PageSize = pageSize }, TestContext.Current.CancellationToken));

        Assert.Equal("request.PageSize", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Limit_out_of_range_is_rejected(int limit)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = _client.GetAgentsWorkReportPageAsync(Request(), 0, limit, TestContext.Current.CancellationToken); });

        Assert.Equal("limit", ex.ParamName);
    }

    [Fact]
    public void Negative_offset_is_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = _client.GetAgentsWorkReportPageAsync(Request(), -1, 100, TestContext.Current.CancellationToken); });

        Assert.Equal("offset", ex.ParamName);
    }

    [Fact]
    public void Null_request_is_rejected()
    {
        Assert.Throws<ArgumentNullException>("request", () => _client.GetAgentsWorkReportAsync(null!, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentNullException>("request", () => { _ = _client.GetAgentsWorkReportPageAsync(null!, 0, 100, TestContext.Current.CancellationToken); });
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
    public void A_login_that_cannot_be_sent_is_rejected(string login, string problem)
    {
        var ex = Rejected(Request() with { AgentLogins = ["jkowalski", login] });

        Assert.Equal("request.AgentLogins", ex.ParamName);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void A_user_name_that_cannot_be_sent_is_refused_at_validation(string username, string problem)
    {
        var failures = new ThuliumOptions { SystemName = "acme", Username = username, Password = "p" }.Validate().ToList();

        var failure = Assert.Single(failures);
        Assert.StartsWith("Username contains " + problem, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(username, failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsendableTexts))]
    public void A_password_that_cannot_be_sent_is_refused_at_validation_without_showing_it(string password, string problem)
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ThuliumClient.Create(new ThuliumOptions { SystemName = "acme", Username = "u", Password = password }));

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("Password contains " + problem, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(password, ex.Message, StringComparison.Ordinal);
    }
}
