using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class RequestEncodingTests
{
    private const string EmptyResult = """{"result": []}""";

    private static async Task<RecordedRequest> SendAsync(AcdOperatorStatusStatisticsRequest request, string? endpointPath = null)
    {
        await using var server = await LoopbackServer.StartAsync(200, EmptyResult);
        var endpoint = endpointPath is null ? server.BaseAddress : new Uri(server.BaseAddress, endpointPath);
        await using var provider = Harness.Provider(endpoint);
        await provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(request, TestContext.Current.CancellationToken);
        return Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Request_is_a_form_post_to_the_platform_api_with_a_bearer_token()
    {
        var recorded = await SendAsync(new AcdOperatorStatusStatisticsRequest
        {
            Range = new InstantRange(Instant.FromUtc(2024, 3, 11, 8, 30, 15), Instant.FromUtc(2024, 3, 12, 17, 5, 0)),
            Statuses = [AcdStatus.Ready, AcdStatus.Online, new AcdStatus("LUNCH")],
            UserIds = [487576, 487581],
            Aggregation = TimeBucket.Hour,
            Group = StatisticsGrouping.ByPeriod,
        });

        Snapshooter.Xunit3.Snapshot.Match(new
        {
            recorded.Method,
            recorded.Path,
            recorded.QueryString,
            ContentType = recorded.Headers["Content-Type"],
            AuthorizationScheme = recorded.Authorization?.Split(' ')[0],
            Form = recorded.Form.Select(p => $"{p.Key}={p.Value}").ToArray(),
        });
    }

    [Fact]
    public async Task Unset_parameters_are_left_out_and_user_id_defaults_to_all()
    {
        var recorded = await SendAsync(Harness.Request);

        Assert.Equal(["from_date", "to_date", "user_id"], recorded.Form.Select(p => p.Key));
        Assert.Equal("2024-03-11 00:00:00", recorded.Form.Single(p => p.Key == "from_date").Value);
        Assert.Equal("2024-03-13 00:00:00", recorded.Form.Single(p => p.Key == "to_date").Value);
        Assert.Equal("all", recorded.Form.Single(p => p.Key == "user_id").Value);
    }

    [Fact]
    public async Task Result_range_is_the_range_as_sent_in_whole_seconds()
    {
        await using var server = await LoopbackServer.StartAsync(200, EmptyResult);
        await using var provider = Harness.Provider(server.BaseAddress);
        var asked = new InstantRange(Harness.March11 + Duration.FromMilliseconds(999), Harness.March11 + Duration.FromHours(5) + Duration.FromMilliseconds(1));

        var result = await provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(new() { Range = asked }, TestContext.Current.CancellationToken);

        Assert.Equal(new InstantRange(Harness.March11, Harness.March11 + Duration.FromHours(5)), result.Range);
        var form = Assert.Single(server.Requests).Form.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("2024-03-11 00:00:00", form["from_date"]);
        Assert.Equal("2024-03-11 05:00:00", form["to_date"]);
    }

    [Fact]
    public async Task Endpoint_path_prefix_is_kept()
    {
        var recorded = await SendAsync(Harness.Request, "proxy/voximplant/");

        Assert.Equal("/proxy/voximplant/platform_api/GetACDOperatorStatusStatistics", recorded.Path);
    }

    [Fact]
    public void Lists_are_joined_with_semicolons()
    {
        var (parameters, _) = VoximplantClient.BuildParameters(
            Harness.Request with { Statuses = [AcdStatus.Ready, AcdStatus.Dnd, new AcdStatus("COFFEE")], UserIds = [1, 22, 333] },
            new FakeClock(Harness.Now));

        var form = parameters.Items.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("READY;DND;COFFEE", form["acd_status"]);
        Assert.Equal("1;22;333", form["user_id"]);
    }

    [Fact]
    public void Duplicate_list_values_are_sent_once()
    {
        var (parameters, _) = VoximplantClient.BuildParameters(
            Harness.Request with { Statuses = [AcdStatus.Ready, AcdStatus.Ready, AcdStatus.Dnd], UserIds = [7, 7, 8] },
            new FakeClock(Harness.Now));

        var form = parameters.Items.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("READY;DND", form["acd_status"]);
        Assert.Equal("7;8", form["user_id"]);
    }

    [Theory]
    [InlineData(TimeBucket.None, "none")]
    [InlineData(TimeBucket.Day, "day")]
    [InlineData(TimeBucket.HourOfDay, "hour_of_day")]
    [InlineData(TimeBucket.Hour, "hour")]
    public void Aggregation_is_sent_with_its_wire_name(TimeBucket bucket, string expected)
    {
        var (parameters, _) = VoximplantClient.BuildParameters(Harness.Request with { Aggregation = bucket }, new FakeClock(Harness.Now));

        Assert.Equal(expected, parameters.Items.Single(p => p.Key == "aggregation").Value);
    }

    [Theory]
    [InlineData(StatisticsGrouping.ByAgent, "user")]
    [InlineData(StatisticsGrouping.ByPeriod, "aggregation")]
    public void Group_is_sent_with_its_wire_name(StatisticsGrouping grouping, string expected)
    {
        var (parameters, _) = VoximplantClient.BuildParameters(Harness.Request with { Group = grouping }, new FakeClock(Harness.Now));

        Assert.Equal(expected, parameters.Items.Single(p => p.Key == "group").Value);
    }

    [Fact]
    public void Sub_second_precision_is_truncated()
    {
        var (parameters, _) = VoximplantClient.BuildParameters(
            Harness.Request with { Range = new InstantRange(Harness.March11 + Duration.FromMilliseconds(999), Harness.March11 + Duration.FromDays(1) + Duration.FromMilliseconds(999)) },
            new FakeClock(Harness.Now));

        var form = parameters.Items.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("2024-03-11 00:00:00", form["from_date"]);
        Assert.Equal("2024-03-12 00:00:00", form["to_date"]);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    public void Dates_are_the_same_under_any_current_culture(string culture)
    {
        var request = new AcdOperatorStatusStatisticsRequest
        {
            Range = new InstantRange(Instant.FromUtc(2024, 3, 11, 8, 30, 15), Instant.FromUtc(2024, 3, 12, 17, 5, 0)),
            UserIds = [1234567],
        };
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            var (parameters, _) = VoximplantClient.BuildParameters(request, new FakeClock(Harness.Now));

            var form = parameters.Items.ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("2024-03-11 08:30:15", form["from_date"]);
            Assert.Equal("2024-03-12 17:05:00", form["to_date"]);
            Assert.Equal("1234567", form["user_id"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
