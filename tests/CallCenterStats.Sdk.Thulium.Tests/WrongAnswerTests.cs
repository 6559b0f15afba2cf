using System.Text;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using static CallCenterStats.Sdk.Thulium.Tests.ThuliumTestKit;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>
/// Structurally wrong answers (the README's "Answers the client refuses") are <see cref="VendorErrorKind.InvalidResponse"/>
/// with a reason, never an empty success or a half-read page; the tolerant readings of documented shapes stay accepted.
/// </summary>
public sealed class WrongAnswerTests
{
    private const string GoodRow = """{"agent":{"login":"x"},"period":"2019-12"}""";

    private static async Task<VendorApiException> RefusedAsync(string body, int limit = 100)
    {
        await using var server = await LoopbackServer.StartAsync(200, body);
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetAgentsWorkReportPageAsync(Request(), 0, limit, TestContext.Current.CancellationToken));
        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        return ex;
    }

    [Theory]
    [InlineData("", "the answer is empty")]
    [InlineData("   ", "the answer is empty")]
    [InlineData("{}", "an object without \"errors\"")]
    [InlineData("""{"request_id":"r1"}""", "an object without \"errors\"")]
    [InlineData("""{"rows":[]}""", "an object without \"errors\"")]
    [InlineData("""{"request_id":"r1","errors":[]}""", "\"errors\" is empty")]
    [InlineData("""{"request_id":"r1","errors":[{}]}""", "error 1 of the error object has neither a code nor a message")]
    [InlineData("""{"request_id":"r1","errors":[{"message":"a","code":1},{"details":"x"}]}""", "error 2 of the error object has neither a code nor a message")]
    [InlineData("""{"request_id":"r1","errors":[null]}""", "error 1 of the error object has neither a code nor a message")]
    [InlineData("\"ok\"", "the answer is a string")]
    [InlineData("42", "the answer is a number")]
    [InlineData("true", "the answer is a boolean")]
    [InlineData("null", "the answer is null")]
    [InlineData("[]  []", "goes on after its JSON value")]
    public async Task An_answer_that_is_neither_rows_nor_errors_is_refused(string body, string reason)
    {
        var ex = await RefusedAsync(body);

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Bad Gateway</body></html>")]
    [InlineData("Service Unavailable")]
    [InlineData("[{\"agent\":{\"login\":\"x\"}")]
    [InlineData("[{\"agent\":{\"login\":\"x\"}},")]
    [InlineData("{\"errors\":\"boom\"}")]
    [InlineData("{\"errors\":[\"boom\"]}")]
    public async Task Html_text_cut_off_and_malformed_bodies_are_refused(string body)
    {
        await RefusedAsync(body);
    }

    [Fact]
    public async Task More_rows_than_the_limit_are_refused_so_that_pages_never_overlap()
    {
        var ex = await RefusedAsync(Rows(0, 3), limit: 2);

        Assert.Contains("more than the 2 rows asked for", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]", "item 1 of the row array is a number, not a row object")]
    [InlineData("""[{"agent":{"login":"x"}},"row"]""", "item 2 of the row array is a string, not a row object")]
    [InlineData("[[]]", "item 1 of the row array is an array")]
    [InlineData("[{}]", "row 1 has no agent")]
    [InlineData("""[{"agent":null,"period":"2019-12"}]""", "row 1 has no agent")]
    [InlineData("""[{"agent":{"name":"A"}}]""", "row 1 has an agent without a login")]
    [InlineData("""[{"agent":{"login":""}}]""", "row 1 has an agent without a login")]
    [InlineData("""[{"agent":"x"}]""", "row 1 has agent that is a string, not an object")]
    [InlineData("""[{"agent":{"login":{"id":1}}}]""", "agent.login should be text or a number, found an object")]
    [InlineData("""[{"agent":{"login":"x","name":7}}]""", "agent.name should be text, found a number")]
    [InlineData("""[{"agent":{"login":"x"},"period":{"from":"2019-12"}}]""", "period should be text or a number, found an object")]
    [InlineData("""[{"agent":{"login":"x"},"period":true}]""", "period should be text or a number, found a boolean")]
    [InlineData("""[{"agent":{"login":"x"},"login_date":["2019-12-01"]}]""", "login_date should be text or a number, found an array")]
    [InlineData("""[{"agent":{"login":"x"},"inbound":[]}]""", "row 1 has inbound that is an array, not an object")]
    [InlineData("""[{"agent":{"login":"x"},"chat":5}]""", "row 1 has chat that is a number, not an object")]
    [InlineData("""[{"agent":{"login":"x"},"ticket":"none"}]""", "row 1 has ticket that is a string, not an object")]
    [InlineData("""[{"agent":{"login":"x"},"outbound_below_threshold":true}]""", "row 1 has outbound_below_threshold that is a boolean")]
    [InlineData("""[{"agent":{"login":"x"},"pauses":{}}]""", "row 1 has pauses that are an object, not an array")]
    [InlineData("""[{"agent":{"login":"x"},"pauses":[3]}]""", "row 1 has a pause that is a number, not an object")]
    [InlineData("""[{"agent":{"login":"x"},"pauses":[{"id":true}]}]""", "row 1 has a pause id that is a boolean")]
    public async Task Rows_of_the_wrong_shape_are_refused_naming_the_row(string body, string reason)
    {
        var ex = await RefusedAsync(body);

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"count":"twelve"}""", "inbound.count is not an integer")]
    [InlineData("""{"count":1.5}""", "inbound.count is not an integer")]
    [InlineData("""{"answered_count":99999999999999999999}""", "inbound.answered_count is not an integer within 64 bits")]
    [InlineData("""{"not_answered_count":1e400}""", "inbound.not_answered_count is not an integer")]
    [InlineData("""{"transferred_count":true}""", "inbound.transferred_count should be an integer, found a boolean")]
    [InlineData("""{"sum":"99:99:99"}""", "inbound.sum is neither a number of seconds nor an HH:MM:SS duration")]
    [InlineData("""{"average":"soon"}""", "inbound.average is neither a number of seconds nor an HH:MM:SS duration")]
    [InlineData("""{"wait_sum":"9999999999999999:00:00"}""", "inbound.wait_sum is a duration longer than")]
    [InlineData("""{"wait_sum":1e300}""", "inbound.wait_sum is a duration longer than")]
    [InlineData("""{"wait_sum":"9999999999:00:00"}""", "inbound.wait_sum is a duration longer than")]
    [InlineData("""{"wait_sum":-1449551462400}""", "inbound.wait_sum is a duration longer than")]
    [InlineData("""{"wait_average":"99999999999999999999"}""", "inbound.wait_average is a duration longer than")]
    [InlineData("""{"wait_average":[1]}""", "inbound.wait_average should be a duration, found an array")]
    [InlineData("""{"calls_per_hour":"fast"}""", "inbound.calls_per_hour is not a number")]
    [InlineData("""{"calls_per_hour":1e400}""", "inbound.calls_per_hour is not a number within decimal's range")]
    public async Task A_figure_that_does_not_read_as_its_type_is_refused_naming_the_field(string inbound, string reason)
    {
        var ex = await RefusedAsync($$"""[{{GoodRow}},{"agent":{"login":"y"},"inbound":{{inbound}}}]""");

        Assert.Contains("row 2: " + reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"count":"x"}""", "pauses.count")]
    [InlineData("""{"sum":"1:2:3:4"}""", "pauses.sum")]
    [InlineData("""{"average":{}}""", "pauses.average")]
    public async Task A_pause_figure_that_does_not_read_is_refused(string pause, string field)
    {
        var ex = await RefusedAsync($$"""[{"agent":{"login":"x"},"pauses":[{{pause}}]}]""");

        Assert.Contains("row 1: " + field, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outbound_above_threshold")]
    [InlineData("outbound_below_threshold")]
    public async Task An_outbound_figure_that_does_not_read_is_refused(string block)
    {
        var ex = await RefusedAsync($$"""[{"agent":{"login":"x"},"{{block}}":{"count":"many"} }]""");

        Assert.Contains($"row 1: {block}.count is not an integer", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Invalid_utf8_in_a_text_is_refused(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("""[{"agent":{"login":"x","name":"A""").Concat(bad).Concat(Encoding.UTF8.GetBytes("\"}}]")).ToArray();
        await using var server = await LoopbackServer.StartAsync((_, context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [InlineData("""[{"agent":{"login":"x","name":"\ud800"}}]""")]
    [InlineData("""[{"agent":{"login":"x","\udc00":1}}]""")]
    [InlineData("""[{"agent":{"login":"x"},"inbound":{"count":"\ud800"}}]""")]
    public async Task An_escaped_lone_surrogate_is_refused(string body)
    {
        var ex = await RefusedAsync(body);

        Assert.Contains("invalid UTF-8 or a lone surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nesting_deeper_than_64_levels_is_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        await RefusedAsync($$"""[{"agent":{"login":"x"},"extra":{{deep}}}]""");
    }

    [Fact]
    public async Task A_page_larger_than_MaxResponseBytes_is_refused()
    {
        await using var server = await LoopbackServer.StartAsync(200, Rows(0, 100));
        var options = Options(server.BaseAddress);
        options.MaxResponseBytes = 4096;
        using var client = ThuliumClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_entry_with_only_a_message_is_the_vendor_error()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"request_id":"r1","errors":[{"message":"Invalid date"}]}""");
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken));

        Assert.Equal(VendorErrorKind.Unknown, ex.Kind);
        Assert.Equal("Invalid date", ex.VendorMessage);
        Assert.Null(ex.VendorCode);
    }

    [Fact]
    public async Task Tolerated_shapes_still_read_blank_and_null_figures_whole_numbers_with_a_fraction_and_a_byte_order_mark()
    {
        var row = Assert.Single((await ReadAsync(
            "\uFEFF" + """[{"agent":{"login":12,"name":null},"period":null,"inbound":{"count":"","answered_count":null,"not_answered_count":"4","transferred_count":2.0,"sum":"","average":null,"wait_sum":" 90 ","calls_per_hour":""},"chat":null,"pauses":null,"login_date":"","logout_date":1575190000}]""")).Rows);

        Assert.Equal("12", row.Agent.Login);
        Assert.Null(row.PeriodText);
        Assert.Equal(0, row.Inbound!.Count);
        Assert.Equal(0, row.Inbound.AnsweredCount);
        Assert.Equal(4, row.Inbound.NotAnsweredCount);
        Assert.Equal(2, row.Inbound.TransferredCount);
        Assert.Null(row.Inbound.Sum);
        Assert.Null(row.Inbound.Average);
        Assert.Equal(NodaTime.Duration.FromSeconds(90), row.Inbound.WaitSum);
        Assert.Null(row.Inbound.CallsPerHour);
        Assert.Null(row.Chat);
        Assert.Empty(row.Pauses);
        Assert.Null(row.LoginDate);
        Assert.Equal("1575190000", row.LogoutDateText);
        Assert.Null(row.LogoutDate);
    }

    [Fact]
    public async Task Fractional_negative_and_short_clock_durations_are_read()
    {
        var row = Assert.Single((await ReadAsync(
            """[{"agent":{"login":"x"},"inbound":{"sum":"-00:01:30","average":"02:05","wait_sum":"00:00:01.25","wait_average":2.5,"calls_per_hour":"1.5e1"}}]""")).Rows);

        Assert.Equal(-NodaTime.Duration.FromSeconds(90), row.Inbound!.Sum);
        Assert.Equal(NodaTime.Duration.FromSeconds(125), row.Inbound.Average);
        Assert.Equal(NodaTime.Duration.FromMilliseconds(1250), row.Inbound.WaitSum);
        Assert.Equal(NodaTime.Duration.FromMilliseconds(2500), row.Inbound.WaitAverage);
        Assert.Equal(15m, row.Inbound.CallsPerHour);
    }

    [Fact]
    public async Task Escaped_names_and_values_are_read()
    {
        var row = Assert.Single((await ReadAsync(
            """[{"\u0061gent":{"login":"j\u006bowalski","name":"Jan \u017b"},"inbound":{"c\u006funt":"1\u0032"},"pauses":[{"id":"\u0061ll"},{"id":"3"},{"id":12345}]}]""")).Rows);

        Assert.Equal("jkowalski", row.Agent.Login);
        Assert.Equal("Jan Ż", row.Agent.Name);
        Assert.Equal(12, row.Inbound!.Count);
        Assert.True(row.Pauses[0].Id.IsAll);
        Assert.Equal(3, row.Pauses[1].Id.Number);
        Assert.Equal(12345, row.Pauses[2].Id.Number);
        Assert.Equal("12345", row.Pauses[2].Id.Value);
    }

    [Fact]
    public async Task A_duplicated_field_keeps_the_last_value()
    {
        var row = Assert.Single((await ReadAsync("""[{"agent":{"login":"a","login":"b"},"extra":1,"extra":2}]""")).Rows);

        Assert.Equal("b", row.Agent.Login);
        Assert.Equal(2, row.AdditionalData["extra"].GetInt32());
    }

    private static async Task<AgentsWorkReportPage> ReadAsync(string body)
    {
        await using var server = await LoopbackServer.StartAsync(200, body);
        using var client = Client(server);
        return await client.GetAgentsWorkReportPageAsync(Request(), 0, 100, TestContext.Current.CancellationToken);
    }
}
