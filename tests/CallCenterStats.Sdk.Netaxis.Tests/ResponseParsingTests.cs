using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using NodaTime;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class ResponseParsingTests
{
    private static readonly InstantRange Range = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 3, 1, 0, 0));

    [Fact]
    public async Task Spec_example_statistics_parse()
    {
        var statistics = await GetStatisticsAsync(TestFiles.Fixture("netaxis_statistics_spec_example.json"));

        Assert.Equal(Instant.FromUtc(2020, 12, 31, 23, 0), statistics.Range!.Start!.Value.ToInstant());
        // The offsets as APIO wrote them (the snapshot alone would not show them: see the report on ResultSnapshot).
        Assert.Equal<OffsetDateTime?>(new OffsetDateTime(new LocalDateTime(2021, 1, 1, 0, 0), Offset.FromHours(1)), statistics.Range.Start);
        Assert.Equal<OffsetDateTime?>(new OffsetDateTime(new LocalDateTime(2021, 3, 1, 0, 0), Offset.FromHours(1)), statistics.Range.End);
        Assert.Equal(0, statistics.Queue!.CallsAnswered);
        Assert.Equal(0m, statistics.Queue.AverageAgentsTalking);
        Assert.Equal(["ApioUserTest1@sip.netaxis.be", "ApioUserTest2@sip.netaxis.be"], statistics.Agents.Select(a => a.AgentUserId));
        Assert.Equal("Test1", statistics.Agents[0].DisplayNames!.FirstName);
        Assert.Equal(Duration.Zero, statistics.Agents[1].Statistics!.TotalStaffed);
        ResultSnapshot.Match(statistics);
    }

    [Fact]
    public async Task Statistics_with_figures_parse_into_typed_values()
    {
        var statistics = await GetStatisticsAsync(TestFiles.Fixture("netaxis_statistics.json"));

        Assert.Null(statistics.Range);
        var queue = statistics.Queue!;
        Assert.Equal(42, queue.CallsAnswered);
        Assert.Equal(3, queue.CallsAbandoned);
        Assert.Equal(1, queue.CallsTransferred);
        Assert.Equal(0, queue.CallsTimedOut);
        Assert.Equal(1.4m, queue.AverageAgentsTalking);
        Assert.Equal(4.0m, queue.AverageAgentsStaffed);
        Assert.Equal(Duration.FromSeconds(12), queue.AverageWait);
        Assert.Equal(Duration.FromSeconds(35), queue.AverageAbandonment);
        var jan = statistics.Agents[1];
        Assert.Equal("agent2@sip.example.com", jan.AgentUserId);
        Assert.Equal(("Jan", "Peeters"), (jan.DisplayNames!.FirstName, jan.DisplayNames.LastName));
        Assert.False(jan.Available);
        Assert.Equal(17, jan.Statistics!.CallsHandled);
        Assert.Equal(Duration.FromSeconds(151), jan.Statistics.AverageCall);
        Assert.Equal(Duration.FromHours(4), jan.Statistics.TotalStaffed);
        ResultSnapshot.Match(statistics);
    }

    [Fact]
    public async Task Decimals_and_numeric_strings_are_tolerated_wherever_a_number_appears()
    {
        var statistics = await GetStatisticsAsync("""
            {
              "queueStatistics": {
                "callsAnswered": "42", "callsAbandoned": 3.0, "averageAgentsTalking": "1.25", "averageAgentsStaffed": 4,
                "averageWaitSeconds": 12.5, "averageAbandonmentSeconds": "35"
              },
              "agentStatistics": [
                { "agentUserId": 1001, "statistics": { "callsHandled": 25.0, "averageCallSeconds": 184.25, "totalTalkSeconds": "4600", "totalStaffedSeconds": 28800.0 } }
              ]
            }
            """);

        Assert.Equal(42, statistics.Queue!.CallsAnswered);
        Assert.Equal(3, statistics.Queue.CallsAbandoned);
        Assert.Equal(1.25m, statistics.Queue.AverageAgentsTalking);
        Assert.Equal(4m, statistics.Queue.AverageAgentsStaffed);
        Assert.Equal(Duration.FromMilliseconds(12_500), statistics.Queue.AverageWait);
        Assert.Equal(Duration.FromSeconds(35), statistics.Queue.AverageAbandonment);
        Assert.Equal("1001", statistics.Agents[0].AgentUserId);
        Assert.Equal(25, statistics.Agents[0].Statistics!.CallsHandled);
        Assert.Equal(Duration.FromMilliseconds(184_250), statistics.Agents[0].Statistics!.AverageCall);
        Assert.Equal(Duration.FromSeconds(4600), statistics.Agents[0].Statistics!.TotalTalk);
        Assert.Equal(Duration.FromHours(8), statistics.Agents[0].Statistics!.TotalStaffed);
    }

    [Fact]
    public async Task Unknown_fields_are_kept_at_every_level()
    {
        var statistics = await GetStatisticsAsync("""
            {
              "callCenter": "cc@x", "statisticsRange": { "start": "2021-01-01T00:00:00Z", "end": "2021-03-01T00:00:00Z", "zone": "UTC" },
              "queueStatistics": { "callsAnswered": 1, "longestWaitSeconds": 90 },
              "agentStatistics": [
                { "agentUserId": "a@x", "team": "blue", "agentDisplayNames": { "firstName": "A", "lastName": "B", "hiraganaFirstName": "え" },
                  "statistics": { "callsHandled": 1, "callsPresented": 4 } }
              ]
            }
            """);

        Assert.Equal("cc@x", statistics.AdditionalData["callCenter"].GetString());
        Assert.Equal("UTC", statistics.Range!.AdditionalData["zone"].GetString());
        Assert.Equal(Instant.FromUtc(2021, 1, 1, 0, 0), statistics.Range.Start!.Value.ToInstant());
        Assert.Equal(90, statistics.Queue!.AdditionalData["longestWaitSeconds"].GetInt32());
        Assert.Equal("blue", statistics.Agents[0].AdditionalData["team"].GetString());
        Assert.Equal("え", statistics.Agents[0].DisplayNames!.AdditionalData["hiraganaFirstName"].GetString());
        Assert.Equal(4, statistics.Agents[0].Statistics!.AdditionalData["callsPresented"].GetInt32());
    }

    [Fact]
    public async Task Missing_sections_and_fields_are_null_not_errors()
    {
        var statistics = await GetStatisticsAsync("""{ "queueStatistics": { "callsAnswered": null }, "agentStatistics": [ { "agentUserId": "a@x" }, null ] }""");

        Assert.Null(statistics.Queue!.CallsAnswered);
        Assert.Null(statistics.Queue.AverageWait);
        Assert.Null(statistics.Agents.Single().Statistics);
        Assert.Null(statistics.Agents.Single().DisplayNames);
    }

    [Fact]
    public async Task Echoed_range_in_an_unexpected_format_is_kept_as_text()
    {
        // (agentStatistics is there because an answer without any statistics is refused: see WrongAnswerTests.)
        var statistics = await GetStatisticsAsync("""{ "statisticsRange": { "start": "01/01/2021", "end": "2021-03-01T00:00:00.000+01:00" }, "agentStatistics": [] }""");

        Assert.Null(statistics.Range!.Start);
        Assert.Equal("01/01/2021", statistics.Range.AdditionalData["start"].GetString());
        Assert.Equal(Instant.FromUtc(2021, 2, 28, 23, 0), statistics.Range.End!.Value.ToInstant());
        Assert.Empty(statistics.Agents);
    }

    [Fact]
    public async Task Malformed_statistics_body_is_an_invalid_response()
    {
        await using var host = await StartAsync(200, """{ "queueStatistics": { "callsAnswered": "many" } }""");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = Range }, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("many", ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_example_reporting_settings_parse()
    {
        await using var host = await StartAsync(200, TestFiles.Fixture("netaxis_reporting_spec_example.json"));

        var settings = await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.False(settings.GenerateDailyReport);
        Assert.Equal(Duration.FromMinutes(30), settings.CollectionPeriod);
        Assert.Null(settings.ReportingEmailAddress1);
        Assert.Null(settings.StatisticsSource);
        ResultSnapshot.Match(settings);
    }

    [Fact]
    public async Task Update_answer_returns_the_settings_with_the_statistics_source()
    {
        await using var host = await StartAsync(200, """
            {
              "generateDailyReport": true, "collectionPeriodMinutes": "15",
              "reportingEmailAddress1": "apio_test_1@netaxis.be", "reportingEmailAddress2": "",
              "statisticsSource": "Call Center Reporting", "lastModified": "2024-03-11"
            }
            """);

        var settings = await host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { GenerateDailyReport = true }, Ct);

        Assert.True(settings.GenerateDailyReport);
        Assert.Equal(Duration.FromMinutes(15), settings.CollectionPeriod);
        Assert.Equal("apio_test_1@netaxis.be", settings.ReportingEmailAddress1);
        Assert.Null(settings.ReportingEmailAddress2);
        Assert.Equal("Call Center Reporting", settings.StatisticsSource);
        Assert.Equal("2024-03-11", settings.AdditionalData["lastModified"].GetString());
        ResultSnapshot.Match(settings);
    }

    private static async Task<CallCenterStatistics> GetStatisticsAsync(string body)
    {
        await using var host = await StartAsync(200, body);
        return await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = Range }, Ct);
    }
}
