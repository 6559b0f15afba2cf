using System.Text;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// Structurally wrong answers (the README's "Answers the client refuses") are <see cref="VendorErrorKind.InvalidResponse"/>
/// with a reason, never an empty success, an OverflowException or an InvalidOperationException.
/// </summary>
public sealed class WrongAnswerTests
{
    private const string Ok = """{"code": "200", "key": "", "message": "OK"}""";

    private static async Task<VendorApiException> RefusedAsync(string body, bool queue = false) =>
        await RefusedAsync(Encoding.UTF8.GetBytes(body), queue);

    private static async Task<VendorApiException> RefusedAsync(byte[] body, bool queue = false)
    {
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        });
        using var client = Enswitch.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => queue
            ? client.GetQueueStatisticsAsync(new() { Queue = 7, Range = Enswitch.Range }, Enswitch.Ct)
            : client.GetDestinationStatisticsAsync(new() { Destination = 7, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Single(server.Requests);
        Assert.Null(ex.InnerException);
        return ex;
    }

    [Theory]
    [InlineData("{}", false)]
    [InlineData("{}", true)]
    [InlineData("""{"data": {"calls": 10, "talktime_sum": 120}}""", false)]
    [InlineData("""{"responses": null, "data": []}""", true)]
    [InlineData("""{"responses": [], "data": {"calls": 1}}""", false)]
    public async Task An_answer_without_the_responses_envelope_is_refused(string body, bool queue)
    {
        var ex = await RefusedAsync(body, queue);

        Assert.Contains("The answer could not be read: the answer has no \"responses\" envelope.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"responses": [{"key": "", "message": "Invalid password"}], "data": null}""", 1)]
    [InlineData("""{"responses": [{"code": "", "key": "", "message": "Invalid password"}]}""", 1)]
    [InlineData("""{"responses": [{"code": null, "message": "OK"}], "data": {"calls": 1}}""", 1)]
    [InlineData("""{"responses": [{"code": "200", "key": "", "message": "OK"}, null], "data": {"calls": 1}}""", 2)]
    [InlineData("""{"responses": [{"code": "200", "key": "", "message": "OK"}, {"code": " ", "message": "Queue locked"}], "data": {"calls": 1}}""", 2)]
    public async Task A_responses_entry_without_a_code_is_refused_not_a_success(string body, int entry)
    {
        var ex = await RefusedAsync(body);

        Assert.Contains($"entry {entry} of \"responses\" has no \"code\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_entry_with_a_code_wins_over_an_entry_without_one()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"responses": [{"message": "?"}, {"code": "401", "message": "Bad login"}]}""");
        using var client = Enswitch.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 7, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
    }

    [Theory]
    [InlineData("""{"calls": "many"}""", "'calls' is not a number")]
    [InlineData("""{"calls": true}""", "'calls' is not a number")]
    [InlineData("""{"calls": {"n": 1}}""", "'calls' is not a number")]
    [InlineData("""{"calls": 1e30}""", "'calls' is not a number")]
    [InlineData("""{"calls": 1.5}""", "'calls' (1.5) is not a whole number")]
    [InlineData("""{"calls": "2.5"}""", "'calls' (2.5) is not a whole number")]
    [InlineData("""{"calls": 1, "talktime_sum": "soon"}""", "'talktime_sum' is neither a number of seconds nor HH:MM:SS")]
    [InlineData("""{"calls": 1, "talktime_sum": [120]}""", "'talktime_sum' is neither a number of seconds nor HH:MM:SS")]
    [InlineData("""{"calls": 1, "talktime_sum": "999999999:00:00"}""", "'talktime_sum' is neither a number of seconds nor HH:MM:SS")]
    [InlineData("""{"calls": 1, "talktime_sum": 1e15}""", "'talktime_sum' (1000000000000000) is out of range")]
    public async Task A_typed_field_that_does_not_parse_as_its_type_is_refused(string data, string reason)
    {
        var ex = await RefusedAsync($$"""{"responses": [{{Ok}}], "data": {{data}}}""");

        Assert.Contains("The answer could not be read: " + reason + ".", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"dtype": "phone", "dnumber": "\ud800", "calls": 1}]""")]
    [InlineData("""[{"dtype": "phone", "dnumber": "1", "n\udc00me": 1}]""")]
    public async Task Data_holding_an_escaped_lone_surrogate_is_refused(string data)
    {
        var ex = await RefusedAsync($$"""{"responses": [{{Ok}}], "data": {{data}}}""", queue: true);

        Assert.Contains("\"data\" holds text that is not valid UTF-8 or UTF-16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_holding_invalid_utf8_is_refused()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"responses": [{{Ok}}], "data": [{"dtype": "phone", "dnumber": "12XX", "calls": 1}]}""");
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xC3;
        body[at + 1] = 0x28;

        var ex = await RefusedAsync(body, queue: true);

        Assert.Contains("\"data\" holds text that is not valid UTF-8 or UTF-16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_larger_than_MaxResponseBytes_is_refused_before_it_is_all_read()
    {
        // Enswitch answers are read whole, so MaxResponseBytes is the bound on one answer (and on any element in it).
        var padding = new string('x', 64 * 1024);
        await using var server = await LoopbackServer.StartAsync(200, $$"""{"responses": [{{Ok}}], "data": [{"dtype": "phone", "dnumber": "1", "name": "{{padding}}", "calls": 1}]}""");
        var options = Enswitch.Options(server.BaseAddress);
        options.MaxResponseBytes = 16 * 1024;
        using var client = EnswitchClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 7, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("MaxResponseBytes (16384 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Documented_shapes_stay_accepted()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"responses": {"code": 200}, "data": {"calls": "3", "talktime_sum": "", "name": null}}""");
        using var client = Enswitch.Client(server);

        var statistics = await client.GetDestinationStatisticsAsync(new() { Destination = 7, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(3, statistics.Calls);
        Assert.Equal(NodaTime.Duration.Zero, statistics.TalkTime);
    }
}
