using System.Net;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>
/// Structurally wrong answers are errors, never empty or partial successes (the rules are in the package README):
/// each case ends in <see cref="VendorApiException"/> of kind <see cref="VendorErrorKind.InvalidResponse"/> whose message
/// says what is wrong.
/// </summary>
public sealed class AnswerStructureTests
{
    private const string Html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";

    private const string Header = "date,time,projectId,userId,callOut\r\n";

    private static readonly UserBasedStatisticsRequest Csv = Request(UserBasedStatisticsFormat.Csv);

    private static readonly UserBasedStatisticsRequest CsvWithFields = Csv with
    {
        Dimensions = UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Date,
        Fields = [UserBasedKpi.CallIn, UserBasedKpi.CallMissed],
    };

    // JSON asked for.
    [Theory]
    [InlineData("{}", "the answer has no 'response'")]
    [InlineData("""{"errors":[]}""", "the answer has no 'response'")]
    [InlineData("""{"result":[{"userId":17}]}""", "the answer has no 'response'")]
    [InlineData("[]", "the answer is a bare JSON array")]
    [InlineData("""[{"userId":17,"data":[]}]""", "the answer is a bare JSON array")]
    [InlineData("null", "the answer is null, not the")]
    [InlineData("\"OK\"", "the answer is a string, not the")]
    [InlineData("""{"response":{},"errors":[]}""", "'response' is an object, not an array of rows")]
    [InlineData("""{"response":[null],"errors":[]}""", "row 1 is null, not an object")]
    [InlineData("""{"response":[{"userId":17,"data":[]},42],"errors":[]}""", "row 2 is a number, not an object")]
    [InlineData("""{"response":[],"response":[],"errors":[]}""", "the answer has 'response' twice")]
    [InlineData("""{"response":[],"errors":[]}<html>""", "the answer goes on after the JSON envelope")]
    [InlineData("""{"response":[{"userId":17,"data":"none"}],"errors":[]}""", "row 1: 'data' is a string, not an array")]
    [InlineData("""{"response":[{"userId":17,"data":[7]}],"errors":[]}""", "row 1: a 'data' item is a number, not an object")]
    [InlineData("""{"response":[{"userId":{"id":17}}],"errors":[]}""", "row 1: 'userId' is an object, not a value")]
    [InlineData("""{"response":[{"userId":99999999999999999999}],"errors":[]}""", "row 1: 'userId' '99999999999999999999' is not an integer")]
    [InlineData("""{"response":[{"userId":17.5}],"errors":[]}""", "row 1: 'userId' '17.5' is not an integer")]
    [InlineData("""{"response":[{"date":"9999-12-31"}],"errors":[]}""", "row 1: 'date' '9999-12-31' is not a date")]
    [InlineData("""{"response":[{"date":"2020-02-30"}],"errors":[]}""", "row 1: 'date' '2020-02-30' is not a date")]
    [InlineData("""{"response":[{"data":[{"field":"\ud800","sum":1}]}],"errors":[]}""", "row 1: a KPI name is not valid text")]
    [InlineData("""{"response":[{"data":[{"field":"","sum":1}]}],"errors":[]}""", "row 1: a KPI item has no 'field' name")]
    [InlineData("""{"response":[{"data":[{"field":"callIn","sum":1e40}]}],"errors":[]}""", "row 1: 'sum' '1e40' is not a number")]
    [InlineData("""{"response":[{"data":[{"field":"callIn","sum":1e20}]}],"errors":[]}""", "row 1: the sum of 'callIn' is not a number of seconds the SDK can hold")]
    [InlineData("""{"response":[{"data":[{"field":"callIn","count":"many"}]}],"errors":[]}""", "row 1: 'count' 'many' is not an integer")]
    [InlineData("""{"response":[{"userId":17,"data":[]}""", "the answer is not valid JSON")]
    public async Task Json_answers_of_the_wrong_shape_are_invalid(string body, string reason)
    {
        await AssertInvalidAsync(body, Request(), reason);
    }

    [Fact]
    public async Task A_large_sum_of_a_kpi_that_is_not_a_time_is_kept()
    {
        await using var server = await ServeAsync("""{"response":[{"data":[{"field":"ticketCreated","count":1,"sum":1e20}]}],"errors":[]}""");

        var row = Assert.Single(await GetAllAsync(server, Request()));

        Assert.Equal(1e20m, row.Values[UserBasedKpi.TicketCreated].Sum);
    }

    [Fact]
    public async Task Rows_read_before_a_cut_reach_the_caller_then_the_cut_is_an_error()
    {
        await using var server = await ServeAsync("""{"response":[{"userId":17,"data":[]},{"userId":18,"data":[]},{"userId":1""");
        var rows = new List<UserBasedStatisticsRow>();
        using var client = Client(server, o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<VendorApiException>(async () =>
        {
            await foreach (var row in client.GetUserBasedStatisticsAsync(Request(), Ct))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal([17L, 18L], rows.Select(r => r.UserId!.Value));
    }

    [Fact]
    public async Task Null_response_with_errors_absent_is_still_an_envelope()
    {
        await using var server = await ServeAsync("""{"response":null}""");

        Assert.Empty(await GetAllAsync(server, Request()));
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json)]
    [InlineData(UserBasedStatisticsFormat.Tab)]
    [InlineData(UserBasedStatisticsFormat.Csv)]
    public async Task An_html_page_served_with_200_is_invalid_whatever_was_asked(UserBasedStatisticsFormat format)
    {
        var ex = await AssertInvalidAsync(Html, Request(format), "the answer is an HTML page (or other markup)", "text/html");

        Assert.Contains("Bad Gateway", ex.RawBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json, "JSON")]
    [InlineData(UserBasedStatisticsFormat.Tab, "tab-separated")]
    [InlineData(UserBasedStatisticsFormat.Csv, "CSV")]
    public async Task An_empty_answer_is_invalid(UserBasedStatisticsFormat format, string asked)
    {
        await AssertInvalidAsync(" \r\n", Request(format), $"the answer is empty where {asked} output was asked", "text/plain");
    }

    // Tab or CSV asked for, JSON answered.
    [Theory]
    [InlineData("""{"response":[{"userId":17,"data":[]}],"errors":[]}""", "the answer holds JSON rows where CSV output was asked")]
    [InlineData("""{"response":[],"errors":[]}""", "the answer is JSON without errors where CSV output was asked")]
    [InlineData("{}", "the answer is JSON without errors where CSV output was asked")]
    [InlineData("[]", "the answer is a JSON array where CSV output was asked")]
    public async Task Json_that_is_not_the_error_envelope_is_invalid_where_csv_was_asked(string body, string reason)
    {
        await AssertInvalidAsync(body, Csv, reason, "application/json");
    }

    [Fact]
    public async Task The_error_envelope_is_read_where_tab_was_asked_even_after_empty_rows()
    {
        await using var server = await ServeAsync("""{"response":[],"errors":["Invalid dimension: team"]}""", "text/plain");

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(server, Request(UserBasedStatisticsFormat.Tab)));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Equal("Invalid dimension: team", ex.VendorMessage);
    }

    // The header.
    [Theory]
    [InlineData("date,time,userId,callOut\r\n", "it has no projectId column, and the project dimension was asked for")]
    [InlineData("Service Unavailable\r\n", "it has no date column, and the date dimension was asked for")]
    [InlineData("date,time,projectId,userId,callOut,callOut\r\n", "the header names the column 'callOut' twice")]
    [InlineData("date,time,projectId,userId,Project ID\r\n", "the header names the column 'Project ID' twice")]
    [InlineData("date,time,projectId,userId,,callOut\r\n", "column 5 of the header has no name")]
    public async Task A_header_that_is_not_the_one_asked_for_is_invalid(string header, string reason)
    {
        await AssertInvalidAsync(header, Csv, reason);
    }

    [Theory]
    [InlineData("date,userId,callIn\r\n", "it has no column for 'callMissed' of Fields")]
    [InlineData("date,userId,callIn,callMissed,callOut\r\n", "it has the column 'callOut', which is neither a dimension asked for nor a KPI of Fields")]
    [InlineData("date,userId,projectId,callIn,callMissed\r\n", "it has the column 'projectId', but the project dimension was not asked for")]
    [InlineData("date,callIn,callMissed\r\n", "it has no userId column, and the user dimension was asked for")]
    public async Task With_fields_the_header_must_name_exactly_those_kpis(string header, string reason)
    {
        await AssertInvalidAsync(header, CsvWithFields, reason);
    }

    [Fact]
    public async Task Header_names_match_in_any_order_case_and_spelling_and_level_may_come_along()
    {
        await using var server = await ServeAsync("CALLMISSED,User_ID,Level,callIn,Date\r\n3,17,1,\"7\",2020-06-15\r\n", "text/csv");

        var row = Assert.Single(await GetAllAsync(server, CsvWithFields));

        Assert.Equal((17L, 1L, new LocalDate(2020, 6, 15)), (row.UserId!.Value, row.Level!.Value, row.Date!.Value));
        Assert.Equal([UserBasedKpi.CallMissed, UserBasedKpi.CallIn], row.Values.Keys);
        Assert.Equal(3, row.GetCount(UserBasedKpi.CallMissed));
        Assert.Equal(7m, row.Values[UserBasedKpi.CallIn].Sum);
    }

    [Fact]
    public async Task A_bom_and_blank_lines_before_the_header_are_skipped()
    {
        await using var server = await ServeAsync("\uFEFF\r\n" + Header + "2020-06-15,1500,2,17,7\r\n", "text/csv");

        Assert.Single(await GetAllAsync(server, Csv));
    }

    // The rows.
    [Theory]
    [InlineData("2020-06-15,1500,2,17\r\n", "row 1 has 4 cells; the header has 5 columns")]
    [InlineData("2020-06-15,1500,2,17,7,8\r\n", "row 1 has more cells than the header's 5 columns")]
    [InlineData("2020-06-15,1500,2,17,7\r\n2020-06-15,1515,2,17,12", "row 2 is cut off: the answer does not end with a line end")]
    [InlineData("2020-06-15,1500,2,17,\"7\r\n", "the answer ends inside a quoted cell (cut off)")]
    [InlineData("2020-06-15,1500,2,17,seven\r\n", "row 1 has 'seven' in the column 'callOut', which is not a number of seconds")]
    [InlineData("2020-06-15,1500,2,17,1e20\r\n", "row 1 has '1e20' in the column 'callOut', which is not a number of seconds")]
    [InlineData("15/06/2020,1500,2,17,7\r\n", "row 1 has '15/06/2020' in the column 'date', which is not a date (yyyy-mm-dd)")]
    [InlineData("2020-06-15,2460,2,17,7\r\n", "row 1 has '2460' in the column 'time', which is not a time of day (hhmm)")]
    [InlineData("2020-06-15,1500,two,17,7\r\n", "row 1 has 'two' in the column 'projectId', which is not an integer")]
    [InlineData("2020-06-15,1500,2,99999999999999999999,7\r\n", "row 1 has '99999999999999999999' in the column 'userId', which is not an integer")]
    public async Task A_row_of_the_wrong_shape_is_invalid(string rows, string reason)
    {
        await AssertInvalidAsync(Header + rows, Csv, reason);
    }

    [Fact]
    public async Task A_count_cell_must_be_a_whole_number()
    {
        await AssertInvalidAsync("date,userId,callIn,callMissed\r\n2020-06-15,17,7,2.5\r\n", CsvWithFields, "row 1 has '2.5' in the column 'callMissed', which is not a whole number (a count)");
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Tab)]
    [InlineData(UserBasedStatisticsFormat.Csv)]
    public async Task Every_row_with_a_missing_cell_is_refused(UserBasedStatisticsFormat format)
    {
        var separator = format == UserBasedStatisticsFormat.Tab ? "\t" : ",";
        var cells = new[] { "2020-06-15", "1500", "2", "17", "7" };
        for (var missing = 0; missing < cells.Length; missing++)
        {
            var row = string.Join(separator, cells.Where((_, i) => i != missing));
            await AssertInvalidAsync(Header.Replace(",", separator, StringComparison.Ordinal) + row + "\r\n", Request(format), "row 1 has 4 cells; the header has 5 columns", "text/plain");
        }
    }

    [Fact]
    public async Task A_count_kpi_cell_gives_the_count_as_json_does()
    {
        await using var server = await ServeAsync("date,userId,callIn,callMissed\r\n2020-06-15,17,95,3\r\n", "text/csv");

        var row = Assert.Single(await GetAllAsync(server, CsvWithFields));

        Assert.Equal(3, row.GetCount(UserBasedKpi.CallMissed));
        Assert.Null(row.Values[UserBasedKpi.CallMissed].Sum);
        Assert.Equal(Duration.FromSeconds(95), row.GetDuration(UserBasedKpi.CallIn));
        Assert.Null(row.GetCount(UserBasedKpi.CallIn));
    }

    // Bounded memory: one row or property larger than the limit is refused.
    [Fact]
    public async Task An_oversized_json_row_is_invalid()
    {
        var body = """{"response":[{"userId":17,"note":""" + "\"" + new string('x', VccLiveClient.MaxRowBytes + 1) + "\"}],\"errors\":[]}";

        await AssertInvalidAsync(body, Request(), $"a single row or property of the answer is larger than {VccLiveClient.MaxRowBytes} bytes");
    }

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Tab)]
    [InlineData(UserBasedStatisticsFormat.Csv)]
    public async Task An_oversized_delimited_row_is_invalid(UserBasedStatisticsFormat format)
    {
        var separator = format == UserBasedStatisticsFormat.Tab ? "\t" : ",";
        var body = Header.Replace(",", separator, StringComparison.Ordinal) + "2020-06-15" + separator + new string('9', VccLiveClient.MaxRowBytes + 1) + "\r\n";

        await AssertInvalidAsync(body, Request(format), $"a single row or property of the answer is larger than {VccLiveClient.MaxRowBytes} bytes", "text/plain");
    }

    [Fact]
    public async Task A_time_zone_far_from_utc_does_not_overflow_at_the_end_of_the_calendar()
    {
        await using var server = await ServeAsync("""{"response":[{"date":"9998-12-31","time":2345,"data":[]},{"date":"0001-01-01","time":0,"data":[]}],"errors":[]}""");

        var rows = await GetAllAsync(server, Request(), o => o.TimeZone = "Pacific/Kiritimati");

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.Period));
    }

    private static async Task<VendorApiException> AssertInvalidAsync(string body, UserBasedStatisticsRequest request, string reason, string contentType = "text/csv")
    {
        await using var server = await ServeAsync(body, contentType);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => GetAllAsync(server, request));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Contains(reason, ex.VendorMessage, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        return ex;
    }
}
