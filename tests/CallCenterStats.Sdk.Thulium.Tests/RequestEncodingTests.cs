using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class RequestEncodingTests
{
    private static object ProjectRequest(RecordedRequest request) => new
    {
        request.Method,
        request.Path,
        request.QueryString,
        Query = request.Query.Select(p => $"{p.Key}={p.Value}").ToArray(),
        Accept = request.Headers.GetValueOrDefault("Accept"),
        // The scheme only: the credentials are checked by the authentication tests, not frozen in a snapshot.
        AuthorizationScheme = request.Authorization?.Split(' ')[0],
        request.Body,
    };

    [Fact]
    public async Task Every_parameter_is_encoded_with_repeated_bracketed_names()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server);

        await client.GetAgentsWorkReportPageAsync(
            new AgentsWorkReportRequest
            {
                Range = new(Instant.FromUtc(2019, 11, 1, 11, 12), Instant.FromUtc(2019, 11, 2, 11, 12)),
                AgentLogins = ["jankowalski", "anowak"],
                AgentGroupIds = [2, 3, 9],
                QueueIds = [1, 3],
                Aggregation = TimeBucket.Day,
                OutboundThreshold = Duration.FromSeconds(10),
            },
            offset: 200,
            limit: 50,
            TestContext.Current.CancellationToken);

        Snapshooter.Xunit3.Snapshot.Match(ProjectRequest(Assert.Single(server.Requests)));
    }

    [Fact]
    public async Task Unset_optional_parameters_are_left_out()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server);

        await client.GetAgentsWorkReportPageAsync(
            new AgentsWorkReportRequest { Range = December2019, AgentGroupIds = [7] },
            offset: 0,
            limit: 100,
            TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal(
            ["agent_group_ids[]=7", "date_from=2019-12-01 00:00:00", "date_to=2020-01-01 00:00:00", "limit=100", "offset=0"],
            request.Query.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public async Task Brackets_are_percent_encoded_on_the_wire_and_each_value_repeats_the_name()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server);

        await client.GetAgentsWorkReportPageAsync(
            Request() with { AgentLogins = ["a&b=c", "anowak"] },
            0,
            100,
            TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.StartsWith("?agent_logins%5B%5D=a%26b%3Dc&agent_logins%5B%5D=anowak&", request.QueryString, StringComparison.Ordinal);
        Assert.Equal(["a&b=c", "anowak"], request.Query.Where(p => p.Key == "agent_logins[]").Select(p => p.Value));
    }

    [Fact]
    public async Task Dates_are_written_in_the_configured_time_zone()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server, timeZone: "Europe/Warsaw");

        // 2019-07-01T22:00Z is midnight in Warsaw (UTC+2 in summer); 2019-12-31T23:00Z is midnight in winter (UTC+1).
        await client.GetAgentsWorkReportPageAsync(
            Request() with { Range = new(Instant.FromUtc(2019, 6, 30, 22, 0), Instant.FromUtc(2019, 12, 31, 23, 0)) },
            0,
            100,
            TestContext.Current.CancellationToken);

        var query = Assert.Single(server.Requests).Query.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("2019-07-01 00:00:00", query["date_from"]);
        Assert.Equal("2020-01-01 00:00:00", query["date_to"]);
    }

    [Theory]
    [InlineData(TimeBucket.HourOfDay, "hour_of_day")]
    [InlineData(TimeBucket.Minute, "minute")]
    [InlineData(TimeBucket.Hour, "hour")]
    [InlineData(TimeBucket.Day, "day")]
    [InlineData(TimeBucket.Week, "week")]
    [InlineData(TimeBucket.Month, "month")]
    [InlineData(TimeBucket.Year, "year")]
    public async Task Aggregation_maps_to_aggregate_by(TimeBucket bucket, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server);

        await client.GetAgentsWorkReportPageAsync(Request() with { Aggregation = bucket }, 0, 100, TestContext.Current.CancellationToken);

        Assert.Contains(new KeyValuePair<string, string>("aggregate_by", expected), Assert.Single(server.Requests).Query);
    }

    [Fact]
    public async Task Outbound_threshold_is_sent_in_whole_seconds()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = Client(server);

        await client.GetAgentsWorkReportPageAsync(
            Request() with { OutboundThreshold = Duration.FromMinutes(2) },
            0,
            100,
            TestContext.Current.CancellationToken);

        Assert.Contains(new KeyValuePair<string, string>("outbound_threshold", "120"), Assert.Single(server.Requests).Query);
    }

    [Fact]
    public async Task Endpoint_path_prefix_is_kept()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[]");
        using var client = ThuliumClient.Create(Options(new Uri(server.BaseAddress, "proxy/thulium")));

        await client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);

        Assert.Equal("/proxy/thulium/api/agents_work_report", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public void System_name_gives_the_thulium_host()
    {
        Assert.Equal(new Uri("https://acme.thulium.com/"), ThuliumOptions.EndpointForSystem("acme"));
    }
}
