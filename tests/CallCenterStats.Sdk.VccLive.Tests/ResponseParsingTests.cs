using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class ResponseParsingTests
{
    [Fact]
    public async Task Spec_example_parses_into_typed_rows()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased_spec_example.json"));

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(4, rows.Count);
        var first = rows[0];
        Assert.Equal(new LocalDate(2020, 6, 15), first.Date);
        Assert.Equal(new LocalTime(15, 0), first.Time);
        Assert.Equal(Instant.FromUtc(2020, 6, 15, 15, 0), first.Start);
        Assert.Equal(2, first.ProjectId);
        Assert.Equal(17, first.UserId);
        Assert.Equal(3, first.Level);
        Assert.Equal(6, first.Values.Count);
        Assert.Equal(1, first.Values["userstateAvailable"].Count);
        Assert.Equal(160m, first.Values["userstateAvailable"].Sum);
        Assert.Null(first.Values["dispositionStatusRecall"].Sum);
        Assert.Null(first.Values["userstateCall"].Count);
        Assert.Equal(99m, rows[2].Values["callOut"].Sum);
        Snapshooter.Xunit3.Snapshot.Match(rows.Select(Project).ToList());
    }

    [Fact]
    public async Task Fixture_with_several_users_and_slots_parses()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"));

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new LocalTime(15, 15), rows[1].Time);
        Assert.Equal(540m, rows[1].Values["userstateAvailable"].Sum);
        Assert.Equal(21, rows[2].UserId);
        Assert.Equal(["userstateAvailable", "ticketCreated", "emailByAgentSent"], rows[0].Values.Keys);
        Snapshooter.Xunit3.Snapshot.Match(rows.Select(Project).ToList());
    }

    [Fact]
    public async Task Row_carries_only_the_requested_dimensions()
    {
        const string Body = """{"response":[{"userId":17,"data":[{"field":"callOut","count":null,"sum":7}],"level":1}],"errors":[]}""";
        await using var server = await ServeAsync(Body);

        var row = Assert.Single(await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Equal(17, row.UserId);
        Assert.Null(row.Date);
        Assert.Null(row.Time);
        Assert.Null(row.Start);
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

        var row = Assert.Single(await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Equal(new LocalTime(hour, minute), row.Time);
    }

    [Fact]
    public async Task Start_is_read_in_the_configured_time_zone()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"));

        var rows = await Client(server, o => o.TimeZone = "Europe/Budapest")
            .GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        // 15:00 in Budapest in June (CEST, UTC+2).
        Assert.Equal(Instant.FromUtc(2020, 6, 15, 13, 0), rows[0].Start);
    }

    [Fact]
    public async Task Unknown_fields_are_kept()
    {
        const string Body = """{"response":[{"date":"2020-06-15","agentName":"Kiss Anna","data":[{"field":"callOut","count":1,"sum":2.5,"avg":2.5}]}],"errors":[],"meta":{"x":1}}""";
        await using var server = await ServeAsync(Body);

        var row = Assert.Single(await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Equal("\"Kiss Anna\"", row.AdditionalData["agentName"].GetRawText());
        Assert.Equal("2.5", row.Values["callOut"].AdditionalData["avg"].GetRawText());
        Assert.Equal(2.5m, row.Values["callOut"].Sum);
    }

    [Fact]
    public async Task Numbers_sent_as_strings_are_read()
    {
        const string Body = """{"response":[{"projectId":"2","userId":"17","level":"3","data":[{"field":"callOut","count":"4","sum":"12.5"}]}],"errors":[]}""";
        await using var server = await ServeAsync(Body);

        var row = Assert.Single(await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Equal(2, row.ProjectId);
        Assert.Equal(17, row.UserId);
        Assert.Equal(3, row.Level);
        Assert.Equal(4, row.Values["callOut"].Count);
        Assert.Equal(12.5m, row.Values["callOut"].Sum);
    }

    [Fact]
    public async Task Json_sent_as_text_plain_is_read()
    {
        await using var server = await ServeAsync(TestFiles.Fixture("vcc_userbased.json"), "text/plain; charset=utf-8");

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task Json_body_with_a_byte_order_mark_is_read()
    {
        await using var server = await ServeAsync("\uFEFF" + TestFiles.Fixture("vcc_userbased.json"));

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task Null_response_with_no_errors_is_no_rows()
    {
        await using var server = await ServeAsync("""{"response":null,"errors":[]}""");

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task Tab_output_parses_into_the_same_rows_by_header_names()
    {
        const string Body = "Date\tTime\tprojectId\tUSERID\tlevel\tuserstateAvailable\tcallOut\n"
            + "2020-06-15\t1500\t2\t17\t3\t160\t7\n"
            + "2020-06-15\t915\t2\t21\t3\t\t12.5\n";
        await using var server = await ServeAsync(Body, "text/tab-separated-values");

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(UserBasedStatisticsFormat.Tab), TestContext.Current.CancellationToken);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new LocalDate(2020, 6, 15), rows[0].Date);
        Assert.Equal(new LocalTime(15, 0), rows[0].Time);
        Assert.Equal(Instant.FromUtc(2020, 6, 15, 15, 0), rows[0].Start);
        Assert.Equal(17, rows[0].UserId);
        Assert.Equal(3, rows[0].Level);
        Assert.Equal(160m, rows[0].Values["userstateAvailable"].Sum);
        Assert.Null(rows[0].Values["userstateAvailable"].Count);
        Assert.Equal(new LocalTime(9, 15), rows[1].Time);
        Assert.Null(rows[1].Values["userstateAvailable"].Sum);
        Assert.Equal(12.5m, rows[1].Values["callOut"].Sum);
        Snapshooter.Xunit3.Snapshot.Match(rows.Select(Project).ToList());
    }

    [Fact]
    public async Task Csv_output_honours_rfc4180_quoting()
    {
        const string Body = "\"date\",\"time\",\"project_id\",\"user_id\",\"userstateAvailable\",\"note, with comma\",\"agent\"\r\n"
            + "2020-06-15,1500,2,17,160,\"say \"\"hi\"\"\",\"Kiss,\r\nAnna\"\r\n"
            + "\"2020-06-23\",\"1400\",\"2\",\"17\",\"180\",,x";
        await using var server = await ServeAsync(Body, "text/csv");

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(UserBasedStatisticsFormat.Csv), TestContext.Current.CancellationToken);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].ProjectId);
        Assert.Equal(17, rows[0].UserId);
        Assert.Equal(160m, rows[0].Values["userstateAvailable"].Sum);
        Assert.Equal("say \"hi\"", rows[0].Values["note, with comma"].RawText);
        Assert.Null(rows[0].Values["note, with comma"].Sum);
        Assert.Equal("Kiss,\r\nAnna", rows[0].Values["agent"].RawText);
        Assert.Equal(new LocalDate(2020, 6, 23), rows[1].Date);
        Assert.Equal(180m, rows[1].Values["userstateAvailable"].Sum);
        Snapshooter.Xunit3.Snapshot.Match(rows.Select(Project).ToList());
    }

    [Fact]
    public async Task Empty_tab_body_is_no_rows()
    {
        await using var server = await ServeAsync(string.Empty, "text/plain");

        var rows = await Client(server).GetUserBasedStatisticsAsync(Request(UserBasedStatisticsFormat.Tab), TestContext.Current.CancellationToken);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task Mock_overriding_the_stream_also_serves_the_list_method()
    {
        var row = new UserBasedStatisticsRow { UserId = 17 };
        VccLiveClient client = new FakeClient([row]);

        var rows = await client.GetUserBasedStatisticsAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Same(row, Assert.Single(rows));
    }

    private sealed class FakeClient(IReadOnlyList<UserBasedStatisticsRow> rows) : VccLiveClient
    {
        public override async IAsyncEnumerable<UserBasedStatisticsRow> StreamUserBasedStatisticsAsync(
            UserBasedStatisticsRequest request,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }
}
