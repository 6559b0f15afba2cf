using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class ResponseParsingTests
{
    private static async Task<AgentsWorkReportPage> ReadPageAsync(string body, string timeZone = "UTC", TimeBucket? aggregation = null)
    {
        await using var server = await LoopbackServer.StartAsync(200, body);
        using var client = Client(server, timeZone);
        return await client.GetAgentsWorkReportPageAsync(
            Request() with { Aggregation = aggregation },
            0,
            100,
            TestContext.Current.CancellationToken);
    }

    private static async Task<AgentsWorkReportRow> ReadSingleRowAsync(string body, string timeZone = "UTC", TimeBucket? aggregation = null) =>
        Assert.Single((await ReadPageAsync(body, timeZone, aggregation)).Rows);

    [Fact]
    public async Task Spec_example_parses()
    {
        var page = await ReadPageAsync(TestFiles.Fixture("thulium_report_spec_example.json"));

        ResultSnapshot.Match(page);
    }

    [Fact]
    public async Task Spec_example_reads_numeric_wait_sum_and_pauses_without_average()
    {
        var row = await ReadSingleRowAsync(TestFiles.Fixture("thulium_report_spec_example.json"));

        Assert.Equal(Duration.Zero, row.Inbound!.WaitSum);
        Assert.Equal(0m, row.Inbound.CallsPerHour);
        Assert.Equal(7, row.Pauses.Count);
        var pause0 = row.Pauses.Single(p => p.Id.Number == 0);
        Assert.Null(pause0.Average);
        Assert.Equal(Duration.Zero, pause0.Sum);
        Assert.Equal(Instant.FromUtc(2019, 12, 1, 9, 0, 18), row.LoginDate);
        Assert.Equal(Instant.FromUtc(2019, 12, 25, 10, 45, 2), row.LogoutDate);
    }

    [Fact]
    public async Task Day_fixture_parses()
    {
        var page = await ReadPageAsync(TestFiles.Fixture("thulium_report_day.json"));

        ResultSnapshot.Match(page);
    }

    [Fact]
    public async Task Day_fixture_reads_clock_durations_string_wait_sum_and_decimal_calls_per_hour()
    {
        var row = await ReadSingleRowAsync(TestFiles.Fixture("thulium_report_day.json"));

        Assert.Equal("jkowalski", row.Agent.Login);
        Assert.Equal(12, row.Inbound!.Count);
        Assert.Equal(10, row.Inbound.AnsweredCount);
        Assert.Equal(Duration.FromMinutes(41) + Duration.FromSeconds(20), row.Inbound.Sum);
        Assert.Equal(Duration.FromSeconds(150), row.Inbound.WaitSum);
        Assert.Equal(1.5m, row.Inbound.CallsPerHour);
        Assert.Equal(7, row.Ticket!.TotalResponded);
        Assert.Equal(5, row.OutboundAboveThreshold!.Count);
        Assert.Equal(Duration.FromSeconds(9), row.OutboundBelowThreshold!.Sum);
    }

    [Fact]
    public async Task Day_fixture_has_mixed_pause_ids()
    {
        var row = await ReadSingleRowAsync(TestFiles.Fixture("thulium_report_day.json"));

        Assert.True(row.Pauses[0].Id.IsAll);
        Assert.True(row.Pauses[1].Id.IsFree);
        Assert.Equal([null, null, 1L, 4L], row.Pauses.Select(p => p.Id.Number));
        Assert.Equal(Duration.FromMinutes(70), row.Pauses[1].Sum);
    }

    [Fact]
    public async Task Login_dates_are_read_in_the_configured_time_zone()
    {
        var row = await ReadSingleRowAsync(TestFiles.Fixture("thulium_report_day.json"), timeZone: "Europe/Warsaw");

        // 08:01:12 in Warsaw in December (UTC+1).
        Assert.Equal(Instant.FromUtc(2019, 12, 2, 7, 1, 12), row.LoginDate);
        Assert.Equal("2019-12-02 08:01:12", row.LoginDateText);
    }

    [Fact]
    public async Task Null_and_unreadable_login_dates_are_null_with_the_text_kept()
    {
        var row = await ReadSingleRowAsync("""[{"agent":{"login":"x"},"login_date":null,"logout_date":"0000-00-00 00:00:00"}]""");

        Assert.Null(row.LoginDate);
        Assert.Null(row.LoginDateText);
        Assert.Null(row.LogoutDate);
        Assert.Equal("0000-00-00 00:00:00", row.LogoutDateText);
    }

    [Fact]
    public async Task Hours_beyond_a_day_and_numbers_of_seconds_are_durations()
    {
        var row = await ReadSingleRowAsync(
            """[{"agent":{"login":"x"},"inbound":{"count":"3","sum":"123:04:05","average":75,"wait_sum":"90","wait_average":null,"calls_per_hour":"2.25"}}]""");

        Assert.Equal(3, row.Inbound!.Count);
        Assert.Equal(Duration.FromHours(123) + Duration.FromMinutes(4) + Duration.FromSeconds(5), row.Inbound.Sum);
        Assert.Equal(Duration.FromSeconds(75), row.Inbound.Average);
        Assert.Equal(Duration.FromSeconds(90), row.Inbound.WaitSum);
        Assert.Null(row.Inbound.WaitAverage);
        Assert.Equal(2.25m, row.Inbound.CallsPerHour);
    }

    [Fact]
    public async Task Unknown_fields_are_kept_at_every_level()
    {
        var row = await ReadSingleRowAsync(
            """[{"agent":{"login":"x","email":"x@example.com"},"inbound":{"count":1,"abandoned":2},"pauses":[{"id":"lunch","count":1,"sum":"00:10:00","color":"red"}],"sms":{"sent":4}}]""");

        Assert.Equal("""{"sent":4}""", row.AdditionalData["sms"].GetRawText());
        Assert.Equal("x@example.com", row.Agent.AdditionalData["email"].GetString());
        Assert.Equal(2, row.Inbound!.AdditionalData["abandoned"].GetInt32());
        var pause = Assert.Single(row.Pauses);
        Assert.Equal("red", pause.AdditionalData["color"].GetString());
        Assert.Equal("lunch", pause.Id.Value);
        Assert.Null(pause.Id.Number);
        Assert.False(pause.Id.IsAll || pause.Id.IsFree);
    }

    private const string UnknownFieldsInEveryBlock = """
        [{"agent":{"login":"x","email":"x@example.com"},"period":"2019-12",
          "inbound":{"count":1,"abandoned":2},
          "chat":{"closed":1,"responded":2,"missed":3},
          "ticket":{"closed":4,"responded":5,"total_responded":6,"reopened":{"count":7}},
          "outbound_above_threshold":{"count":8,"sum":"00:01:00","average":"00:00:07","voicemail":1},
          "outbound_below_threshold":{"count":9,"sum":"00:00:09","average":"00:00:01","busy":[2,3]},
          "pauses":[{"id":"all","count":1,"sum":"00:10:00","average":"00:10:00","label":"All pauses"},{"id":2,"count":0,"sum":null,"reason":null}],
          "sms":{"sent":4}}]
        """;

    [Fact]
    public async Task Unknown_fields_of_chat_ticket_outbound_and_pauses_are_kept()
    {
        var row = await ReadSingleRowAsync(UnknownFieldsInEveryBlock);

        Assert.Equal(3, row.Chat!.AdditionalData["missed"].GetInt32());
        Assert.Equal(2, row.Chat.Responded);
        Assert.Equal("""{"count":7}""", row.Ticket!.AdditionalData["reopened"].GetRawText());
        Assert.Equal(6, row.Ticket.TotalResponded);
        Assert.Equal(1, row.OutboundAboveThreshold!.AdditionalData["voicemail"].GetInt32());
        Assert.Equal("[2,3]", row.OutboundBelowThreshold!.AdditionalData["busy"].GetRawText());
        Assert.Equal("All pauses", row.Pauses[0].AdditionalData["label"].GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.Pauses[1].AdditionalData["reason"].ValueKind);
        // Known fields never land in AdditionalData.
        Assert.Equal(["missed"], row.Chat.AdditionalData.Keys);
        Assert.Equal(["voicemail"], row.OutboundAboveThreshold.AdditionalData.Keys);
    }

    [Fact]
    public async Task Unknown_fields_of_every_block_are_in_the_snapshot()
    {
        var page = await ReadPageAsync(UnknownFieldsInEveryBlock);

        ResultSnapshot.Match(page);
    }

    [Fact]
    public async Task Null_items_of_the_row_array_are_skipped()
    {
        await using var server = await LoopbackServer.StartAsync(200, """[null, {"agent":{"login":"a"},"period":"2019-12"}, null, {"agent":{"login":"b"}}]""");

        using var client = Client(server);

        var page = await client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);

        Assert.Equal(["a", "b"], page.Rows.Select(r => r.Agent.Login));
    }

    [Fact]
    public async Task A_page_of_only_null_items_has_no_rows()
    {
        await using var server = await LoopbackServer.StartAsync(200, "[null]");

        using var client = Client(server);

        var rows = await client.GetAgentsWorkReportAsync(Request(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task Missing_blocks_are_null_and_missing_pauses_empty()
    {
        var row = await ReadSingleRowAsync("""[{"agent":{"login":"x"},"period":"2019-12"}]""");

        Assert.Null(row.Inbound);
        Assert.Null(row.Chat);
        Assert.Null(row.Ticket);
        Assert.Null(row.OutboundAboveThreshold);
        Assert.Empty(row.Pauses);
        Assert.Empty(row.AdditionalData);
    }

    [Fact]
    public async Task Period_is_parsed_with_the_requested_aggregation_in_the_configured_zone()
    {
        var row = await ReadSingleRowAsync("""[{"agent":{"login":"x"},"period":"2019-12-02"}]""", "Europe/Warsaw", TimeBucket.Day);

        Assert.Equal("2019-12-02", row.PeriodText);
        Assert.Equal(TimeBucket.Day, row.Period!.Bucket);
        Assert.Equal(Instant.FromUtc(2019, 12, 1, 23, 0), row.Period.Start);
        Assert.Equal(Instant.FromUtc(2019, 12, 2, 23, 0), row.Period.End);
        Assert.Equal("Europe/Warsaw", row.Period.Zone.Id);
        Assert.Null(row.HourOfDay);
    }

    [Fact]
    public async Task Numeric_period_is_read_as_text()
    {
        var row = await ReadSingleRowAsync("""[{"agent":{"login":"x"},"period":8}]""", aggregation: TimeBucket.HourOfDay);

        Assert.Equal("8", row.PeriodText);
        Assert.Equal(8, row.HourOfDay);
        Assert.Null(row.Period);
    }
}
