using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using NodaTime;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class ResponseParsingTests
{
    [Fact]
    public async Task Spec_example_parses_into_typed_rows()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased_spec_example.json"));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(4, rows.Count);
        var first = rows[0];
        Assert.Equal(new LocalDate(2020, 6, 15), first.Date);
        Assert.Equal(new LocalTime(15, 0), first.Time);
        Assert.Equal(Instant.FromUtc(2020, 6, 15, 15, 0), first.Period?.Start);
        Assert.Equal(2, first.ProjectId);
        Assert.Equal(17, first.UserId);
        Assert.Equal(3, first.Level);
        Assert.Equal(6, first.Values.Count);
        Assert.Equal(1, first.Values[UserBasedKpi.UserstateAvailable].Count);
        Assert.Equal(160m, first.Values[UserBasedKpi.UserstateAvailable].Sum);
        Assert.Null(first.Values[UserBasedKpi.DispositionStatusRecall].Sum);
        Assert.Null(first.Values[UserBasedKpi.UserstateCall].Count);
        Assert.Equal(99m, rows[2].Values[UserBasedKpi.CallOut].Sum);
        ResultSnapshot.Match(rows);
    }

    [Fact]
    public async Task Fixture_with_several_users_and_slots_parses()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(3, rows.Count);
        Assert.Equal(new LocalTime(15, 15), rows[1].Time);
        Assert.Equal(540m, rows[1].Values[UserBasedKpi.UserstateAvailable].Sum);
        Assert.Equal(21, rows[2].UserId);
        Assert.Equal([UserBasedKpi.UserstateAvailable, UserBasedKpi.TicketCreated, UserBasedKpi.EmailByAgentSent], rows[0].Values.Keys);
        ResultSnapshot.Match(rows);
    }

    [Fact]
    public async Task Time_kpis_read_as_durations_and_count_kpis_stay_counts()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(Duration.FromSeconds(160), rows[0].GetDuration(UserBasedKpi.UserstateAvailable));
        Assert.Equal(1, rows[0].GetCount(UserBasedKpi.UserstateAvailable));
        Assert.Null(rows[0].GetDuration(UserBasedKpi.TicketCreated));
        Assert.Null(rows[0].Values[UserBasedKpi.TicketCreated].SumDuration);
        Assert.Equal(2, rows[0].GetCount(UserBasedKpi.TicketCreated));
        Assert.Null(rows[1].GetDuration(UserBasedKpi.TicketCreated));
        Assert.Null(rows[1].GetCount(UserBasedKpi.TicketCreated));
    }

    [Fact]
    public async Task Row_carries_only_the_requested_dimensions()
    {
        const string Body = """{"response":[{"userId":17,"data":[{"field":"callOut","count":null,"sum":7}],"level":1}],"errors":[]}""";
        await using var server = await ServeAsync(Body);

        var row = Assert.Single(await GetAllAsync(server, Request()));

        Assert.Equal(17, row.UserId);
        Assert.Null(row.Date);
        Assert.Null(row.Time);
        Assert.Null(row.Period);
        Assert.Null(row.ProjectId);
    }

    [Theory]
    [InlineData("915", 9, 15)]
    [InlineData("0", 0, 0)]
    [InlineData("\"0915\"", 9, 15)]
    [InlineData("\"9:15\"", 9, 15)]
    [InlineData("2345", 23, 45)]
    public async Task Time_is_read_from_hhmm(string json, int hour, int minute)
    {
        await using var server = await ServeAsync($$"""{"response":[{"date":"2020-06-15","time":{{json}},"data":[]}],"errors":[]}""");

        var row = Assert.Single(await GetAllAsync(server, Request()));

        Assert.Equal(new LocalTime(hour, minute), row.Time);
    }

    [Fact]
    public async Task Start_is_read_in_the_configured_time_zone()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"));

        var rows = await GetAllAsync(server, Request(), o => o.TimeZone = "Europe/Budapest");

        // 15:00 in Budapest in June (CEST, UTC+2).
        Assert.Equal(Instant.FromUtc(2020, 6, 15, 13, 0), rows[0].Period?.Start);
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json)]
    [InlineData(UserBasedStatisticsFormat.Tab)]
    [InlineData(UserBasedStatisticsFormat.Csv)]
    public async Task Periods_on_a_daylight_saving_day_follow_the_configured_zone_and_slot(UserBasedStatisticsFormat format)
    {
        // Warsaw moves its clocks from 02:00 CET to 03:00 CEST on 2024-03-31: the 01:00 and 03:00 hours are adjacent instants.
        var body = format switch
        {
            UserBasedStatisticsFormat.Json => """
                {"response":[
                {"date":"2024-03-31","time":100,"userId":17,"data":[]},
                {"date":"2024-03-31","time":300,"userId":17,"data":[]},
                {"date":"2024-03-31","userId":17,"data":[]},
                {"userId":17,"data":[]}],"errors":[]}
                """,
            _ => string.Join(
                "\r\n",
                "date,time,userId",
                "2024-03-31,100,17",
                "2024-03-31,300,17",
                "2024-03-31,,17",
                ",,17",
                string.Empty).Replace(',', format == UserBasedStatisticsFormat.Tab ? '\t' : ','),
        };
        await using var server = await ServeAsync(body, "text/plain");

        var rows = await GetAllAsync(server, DateTimeUserRequest(format), o =>
        {
            o.TimeZone = "Europe/Warsaw";
            o.TimeSlot = TimeBucket.Hour;
        });

        var warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
        Assert.Equal(
            [
                new StatisticsPeriod(Instant.FromUtc(2024, 3, 31, 0, 0), Instant.FromUtc(2024, 3, 31, 1, 0), TimeBucket.Hour, warsaw),
                new StatisticsPeriod(Instant.FromUtc(2024, 3, 31, 1, 0), Instant.FromUtc(2024, 3, 31, 2, 0), TimeBucket.Hour, warsaw),
                new StatisticsPeriod(Instant.FromUtc(2024, 3, 30, 23, 0), Instant.FromUtc(2024, 3, 31, 22, 0), TimeBucket.Day, warsaw),
                null,
            ],
            rows.Select(r => r.Period));
        Assert.Equal(Duration.FromHours(23), rows[2].Period!.Duration);
    }

    [Fact]
    public async Task Unknown_fields_are_kept()
    {
        const string Body = """{"response":[{"date":"2020-06-15","agentName":"Kiss Anna","data":[{"field":"callOut","count":1,"sum":2.5,"avg":2.5}]}],"errors":[],"meta":{"x":1}}""";
        await using var server = await ServeAsync(Body);

        var row = Assert.Single(await GetAllAsync(server, Request()));

        Assert.Equal("\"Kiss Anna\"", row.AdditionalData["agentName"].GetRawText());
        Assert.Equal("2.5", row.Values[UserBasedKpi.CallOut].AdditionalData["avg"].GetRawText());
        Assert.Equal(2.5m, row.Values[UserBasedKpi.CallOut].Sum);
        Assert.Equal(Duration.FromMilliseconds(2500), row.GetDuration(UserBasedKpi.CallOut));
    }

    [Fact]
    public async Task Numbers_sent_as_strings_are_read()
    {
        const string Body = """{"response":[{"projectId":"2","userId":"17","level":"3","data":[{"field":"callOut","count":"4","sum":"12.5"}]}],"errors":[]}""";
        await using var server = await ServeAsync(Body);

        var row = Assert.Single(await GetAllAsync(server, Request()));

        Assert.Equal(2, row.ProjectId);
        Assert.Equal(17, row.UserId);
        Assert.Equal(3, row.Level);
        Assert.Equal(4, row.Values[UserBasedKpi.CallOut].Count);
        Assert.Equal(12.5m, row.Values[UserBasedKpi.CallOut].Sum);
    }

    [Fact]
    public async Task Json_sent_as_text_plain_is_read()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"), "text/plain; charset=utf-8");

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task Json_body_with_a_byte_order_mark_is_read()
    {
        await using var server = await ServeAsync("\uFEFF" + TestFiles.Fixture("vcc_userbased.json"));

        var rows = await GetAllAsync(server, Request());

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task Null_response_with_no_errors_is_no_rows()
    {
        await using var server = await ServeAsync("""{"response":null,"errors":[]}""");

        var rows = await GetAllAsync(server, Request());

        Assert.Empty(rows);
    }

    [Fact]
    public async Task Tab_output_parses_into_the_same_rows_by_header_names()
    {
        const string Body = "Date\tTime\tprojectId\tUSERID\tlevel\tuserstateAvailable\tcallOut\n"
            + "2020-06-15\t1500\t2\t17\t3\t160\t7\n"
            + "2020-06-15\t915\t2\t21\t3\t\t12.5\n";
        await using var server = await ServeAsync(Body, "text/tab-separated-values");

        var rows = await GetAllAsync(server, Request(UserBasedStatisticsFormat.Tab));

        Assert.Equal(2, rows.Count);
        Assert.Equal(new LocalDate(2020, 6, 15), rows[0].Date);
        Assert.Equal(new LocalTime(15, 0), rows[0].Time);
        Assert.Equal(Instant.FromUtc(2020, 6, 15, 15, 0), rows[0].Period?.Start);
        Assert.Equal(17, rows[0].UserId);
        Assert.Equal(3, rows[0].Level);
        Assert.Equal(160m, rows[0].Values[UserBasedKpi.UserstateAvailable].Sum);
        Assert.Null(rows[0].Values[UserBasedKpi.UserstateAvailable].Count);
        Assert.Equal(new LocalTime(9, 15), rows[1].Time);
        Assert.Null(rows[1].Values[UserBasedKpi.UserstateAvailable].Sum);
        Assert.Equal(12.5m, rows[1].Values[UserBasedKpi.CallOut].Sum);
        ResultSnapshot.Match(rows);
    }

    [Fact]
    public async Task Csv_output_honours_rfc4180_quoting()
    {
        // Quoted cells, separators, doubled quotes and a line break inside quotes (in KPI names: a value is a number).
        const string Body = "\"date\",\"time\",\"project_id\",\"user_id\",\"userstateAvailable\",\"note, with comma\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
            + "2020-06-15,1500,2,17,160,\"12.5\",,\"\"\r\n"
            + "\"2020-06-23\",\"1400\",\"2\",\"17\",\"180\",,1,2\r\n";
        await using var server = await ServeAsync(Body, "text/csv");

        var rows = await GetAllAsync(server, Request(UserBasedStatisticsFormat.Csv));

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].ProjectId);
        Assert.Equal(17, rows[0].UserId);
        Assert.Equal(160m, rows[0].Values[UserBasedKpi.UserstateAvailable].Sum);
        Assert.Equal(12.5m, rows[0].Values[new UserBasedKpi("note, with comma")].Sum);
        Assert.Null(rows[0].Values[new UserBasedKpi("say \"hi\"")].Sum);
        Assert.Null(rows[0].Values[new UserBasedKpi("two\r\nlines")].Sum);
        Assert.Equal(new LocalDate(2020, 6, 23), rows[1].Date);
        Assert.Equal(180m, rows[1].Values[UserBasedKpi.UserstateAvailable].Sum);
        Assert.Equal(2m, rows[1].Values[new UserBasedKpi("two\r\nlines")].Sum);
        ResultSnapshot.Match(rows);
    }

    [Fact]
    public async Task Header_only_tab_body_is_no_rows()
    {
        await using var server = await ServeAsync("date\ttime\tprojectId\tuserId\tcallOut\n", "text/plain");

        var rows = await GetAllAsync(server, Request(UserBasedStatisticsFormat.Tab));

        Assert.Empty(rows);
    }
}
