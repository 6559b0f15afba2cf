using System.Text;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Voximplant.Wire;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// What the reader accepts and what it refuses (the package README, "What counts as an invalid answer"), and that
/// an answer cut into chunks anywhere reads the same as the whole.
/// </summary>
public sealed class AnswerShapeTests
{
    private static async Task<(VendorApiException Exception, int Requests)> ServeAsync(string body, Action<VoximplantOptions>? configure = null)
    {
        await using var server = await LoopbackServer.StartAsync(200, body);
        await using var provider = Harness.Provider(server.BaseAddress, configure: configure);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken));
        return (ex, server.Requests.Count);
    }

    [Theory]
    [InlineData("{}", "it has neither \"result\" nor \"error\"")]
    [InlineData("""{"status":"ok"}""", "it has neither \"result\" nor \"error\"")]
    [InlineData("""{"error":null}""", "it has neither \"result\" nor \"error\"")]
    [InlineData("[]", "it is an array, not a JSON object")]
    [InlineData("null", "it is null, not a JSON object")]
    [InlineData("\"OK\"", "it is a string, not a JSON object")]
    [InlineData("""{"result":null}""", "\"result\" is null, not an array")]
    [InlineData("""{"result":{}}""", "\"result\" is an object, not an array")]
    [InlineData("""{"result":[],"result":[]}""", "\"result\" appears twice")]
    [InlineData("""{"result":[null]}""", "an element of \"result\" is null, not an object")]
    [InlineData("""{"result":[7]}""", "an element of \"result\" is a number, not an object")]
    [InlineData("""{"result":[{"user_id":7,"statistics":{}}]}""", "\"statistics\" is an object, not an array")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[],"statistics":[]}]}""", "a group has \"statistics\" twice")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[null]}]}""", "an element of \"statistics\" is null, not an object")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":"READY"}]}]}""", "\"acd_status\" is a string, not an object or an array")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":[null]}]}]}""", "an element of \"acd_status\" is null, not an object")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":5}}]}]}""", "the figures of status 'READY' are a number, not an object")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"sum":"abc"}}}]}]}""", "\"sum\" is 'abc', neither a number of seconds nor H:MM:SS within ±10^12 s")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"sum":true}}}]}]}""", "\"sum\" is a boolean, not a number of seconds")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"sum":1e300}}}]}]}""", "\"sum\" is '1e300', not a number of seconds")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"sum":1000000000001}}}]}]}""", "\"sum\" is '1000000000001' seconds, beyond ±10^12")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"min":"99999999999:00:00"}}}]}]}""", "\"min\" is '99999999999:00:00', neither a number of seconds nor H:MM:SS within ±10^12 s")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"count":1.5}}}]}]}""", "\"count\" is '1.5', not a 64-bit integer")]
    [InlineData("""{"result":[{"user_id":99999999999999999999,"statistics":[]}]}""", "\"user_id\" is '99999999999999999999', not a 64-bit integer")]
    [InlineData("""{"result":[{"user_id":{},"statistics":[]}]}""", "\"user_id\" is an object, not an integer")]
    [InlineData("""{"result":[{"date":20240311,"statistics":[]}]}""", "the date is a number, not a yyyy-MM-dd string")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"sum":"\ud800"}}}]}]}""", "\"sum\" is not valid Unicode text")]
    [InlineData("""{"error":{"msg":"Something"}}""", "\"error\" has no \"code\" (its \"msg\" is 'Something')")]
    [InlineData("""{"error":{"code":null}}""", "\"error\" has no \"code\"")]
    [InlineData("""{"error":"Authorization failed"}""", "\"error\" is a string, not an object")]
    public async Task Structurally_wrong_answer_is_an_invalid_response_saying_why(string body, string reason)
    {
        var (ex, requests) = await ServeAsync(body);

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal($"The answer could not be read: {reason}.", ex.VendorMessage);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<!DOCTYPE html><html><body>Bad gateway</body></html>")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[{"date":"2024-03-11","acd_status":{"READY":{"sum":""")]
    [InlineData("""{"result":[]} {"result":[]}""")]
    [InlineData("""{"result":[{"user_id":7,"statistics":[]}]""")]
    public async Task Answer_that_is_not_JSON_or_is_cut_off_is_an_invalid_response(string body)
    {
        var (ex, requests) = await ServeAsync(body);

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.StartsWith("The answer could not be read: it is not valid JSON (", ex.VendorMessage, StringComparison.Ordinal);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void Invalid_UTF8_in_a_status_name_is_refused()
    {
        var json = Encoding.UTF8.GetBytes("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"RE#DY":{"sum":1}}}]}]}""");
        json[Array.IndexOf(json, (byte)'#')] = 0xFF;

        var ex = Assert.Throws<InvalidAnswerException>(() => StatisticsReader.Parse(json, HourNumbering.ZeroBased));

        Assert.Equal("a status name is not valid Unicode text", ex.Message);
    }

    [Fact]
    public async Task Answer_larger_than_MaxResponseBytes_is_refused()
    {
        var body = BigAnswer(entries: 2_000);

        var (ex, _) = await ServeAsync(body, o => o.MaxResponseBytes = body.Length / 2);

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("MaxResponseBytes", ex.VendorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_result_with_a_null_error_and_unknown_envelope_fields_is_an_empty_success()
    {
        var result = Harness.Parse("""{"took_ms":12,"error":null,"meta":{"a":[1,{"b":null}]},"result":[]}""");

        Assert.Empty(result.Groups);
    }

    [Fact]
    public void Null_fields_read_as_absent()
    {
        var result = Harness.Parse("""
            {"result":[{"user_id":null,"date":null,"hour":null,"statistics":null},
                       {"user_id":7,"statistics":[{"date":"2024-03-11","acd_status":null},{"acd_status":{"READY":null,"DND":{"min":null,"sum":5,"count":null}}}]}]}
            """);

        var empty = result.Groups[0];
        Assert.Null(empty.UserId);
        Assert.Null(empty.Period);
        Assert.Null(empty.HourOfDay);
        Assert.Empty(empty.Statistics);
        Assert.Empty(result.Groups[1].Statistics[0].Statuses);
        var dnd = Assert.Single(result.Groups[1].Statistics[1].Statuses);
        Assert.Equal(AcdStatus.Dnd, dnd.Key);
        Assert.Equal((Duration.Zero, Duration.FromSeconds(5), 0L), (dnd.Value.Min, dnd.Value.Sum, dnd.Value.Count));
    }

    [Fact]
    public void Comments_trailing_commas_escaped_names_and_numbers_as_strings_are_read()
    {
        var result = Harness.Parse("""
            // a comment
            {"result":[{"user\u005fid":" 7 ","statistics":[{"\u0064ate":"2024-03-1\u0031","acd_status":{"RE\u0041DY":{"sum":"90","avg":"0:01:30","count":"1",},},},],},],}
            """);

        var group = Assert.Single(result.Groups);
        Assert.Equal(7L, group.UserId);
        var entry = Assert.Single(group.Statistics);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 0, 0), entry.Period!.Start);
        var ready = entry.Statuses[AcdStatus.Ready];
        Assert.Equal((Duration.FromSeconds(90), Duration.FromSeconds(90), 1L), (ready.Sum, ready.Average, ready.Count));
    }

    [Fact]
    public void Whole_numbers_written_with_a_fraction_are_integers()
    {
        var result = Harness.Parse("""{"result":[{"user_id":7.0,"statistics":[{"hour":9.0,"acd_status":{"READY":{"count":2.0}}}]}]}""");

        Assert.Equal(7L, result.Groups[0].UserId);
        Assert.Equal(9, result.Groups[0].Statistics[0].HourOfDay);
        Assert.Equal(2L, result.Groups[0].Statistics[0].Statuses[AcdStatus.Ready].Count);
    }

    [Fact]
    public void The_same_status_twice_in_one_object_is_combined()
    {
        var result = Harness.Parse("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"min":10,"max":30,"sum":60,"count":3},"READY":{"min":5,"max":75,"sum":80,"count":2}}}]}]}""");

        var ready = result.Groups[0].Statistics[0].Statuses[AcdStatus.Ready];
        Assert.Equal((Duration.FromSeconds(5), Duration.FromSeconds(75), Duration.FromSeconds(140), 5L, Duration.FromSeconds(28)), (ready.Min, ready.Max, ready.Sum, ready.Count, ready.Average));
    }

    [Fact]
    public void Statuses_read_like_a_dictionary()
    {
        var statuses = Harness.Parse(Harness.Fixture("voximplant_user_day.json")).Groups[0].Statistics[0].Statuses;

        Assert.Equal(6, statuses.Count);
        Assert.True(statuses.ContainsKey(AcdStatus.Ready));
        Assert.False(statuses.ContainsKey(AcdStatus.Timeout));
        Assert.True(statuses.TryGetValue(new AcdStatus("READY"), out var ready));
        Assert.Same(ready, statuses[AcdStatus.Ready]);
        Assert.False(statuses.TryGetValue(AcdStatus.Timeout, out _));
        Assert.Throws<KeyNotFoundException>(() => statuses[AcdStatus.Timeout]);
        Assert.Equal(statuses.Select(s => s.Key), statuses.Keys);
        Assert.Equal(statuses.Select(s => s.Value), statuses.Values);
    }

    [Fact]
    public void Many_statuses_with_repeats_are_merged_like_a_few()
    {
        var objects = Enumerable.Range(0, 3).Select(_ => "{" + string.Join(',', Enumerable.Range(0, 20).Select(i => $$"""
            "S{{i}}":{"min":{{i + 1}},"max":{{i + 10}},"sum":{{i + 5}},"count":1}
            """)) + "}");

        var statuses = Harness.Parse($$"""{"result":[{"user_id":7,"statistics":[{"acd_status":[{{string.Join(',', objects)}}]}]}]}""").Groups[0].Statistics[0].Statuses;

        Assert.Equal(20, statuses.Count);
        var s7 = statuses[new AcdStatus("S7")];
        Assert.Equal((Duration.FromSeconds(8), Duration.FromSeconds(17), Duration.FromSeconds(36), 3L, Duration.FromSeconds(12)), (s7.Min, s7.Max, s7.Sum, s7.Count, s7.Average));
    }

    [Fact]
    public void Repeated_figures_that_overflow_when_combined_are_refused()
    {
        var ex = Assert.Throws<InvalidAnswerException>(() => Harness.Parse(
            """{"result":[{"user_id":7,"statistics":[{"acd_status":[{"READY":{"count":9223372036854775807}},{"READY":{"count":1}}]}]}]}"""));

        Assert.Equal("the figures of status 'READY', repeated, add up beyond what can be counted", ex.Message);
    }

    [Fact]
    public void Custom_statuses_are_kept_with_their_names_in_every_entry()
    {
        var result = Harness.Parse("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"LUNCH":{"sum":1}}},{"acd_status":{"LUNCH":{"sum":2},"BREAK":{"sum":3}}}]}]}""");

        var entries = result.Groups[0].Statistics;
        Assert.Equal(Duration.FromSeconds(1), entries[0].Statuses[new AcdStatus("LUNCH")].Sum);
        Assert.Equal(Duration.FromSeconds(2), entries[1].Statuses[new AcdStatus("LUNCH")].Sum);
        Assert.Equal(Duration.FromSeconds(3), entries[1].Statuses[new AcdStatus("BREAK")].Sum);
    }

    [Fact]
    public void An_error_wins_over_a_result_and_what_follows_it_is_not_read()
    {
        var before = StatisticsReader.Parse("""{"result":[],"error":{"code":101,"msg":"Invalid arguments"}}"""u8, HourNumbering.ZeroBased);
        var after = StatisticsReader.Parse("""{"error":{"code":"101","msg":"Invalid arguments","extra":[1]}, this is not JSON"""u8, HourNumbering.ZeroBased);

        Assert.Equal(("101", "Invalid arguments"), (before.Error!.Code, before.Error.Message));
        Assert.Equal(("101", "Invalid arguments"), (after.Error!.Code, after.Error.Message));
    }

    [Theory]
    [InlineData("voximplant_user_day.json", StatisticsGrouping.ByAgent)]
    [InlineData("voximplant_user_day_arrayform.json", StatisticsGrouping.ByAgent)]
    [InlineData("voximplant_aggregation_hour.json", StatisticsGrouping.ByPeriod)]
    public async Task Answer_cut_into_chunks_of_any_size_reads_as_the_whole(string fixture, StatisticsGrouping grouping)
    {
        var json = Encoding.UTF8.GetBytes(Harness.Fixture(fixture));
        var whole = ResultSnapshot.Serialize(Harness.Parse(Harness.Fixture(fixture), grouping));

        foreach (var chunk in new[] { 1, 2, 3, 5, 8, 13, 64, 1000 })
        {
            var parser = new StatisticsParser(HourNumbering.ZeroBased);
            await StatisticsReader.FeedAsync(new TrickleStream(json, chunk), parser, TestContext.Current.CancellationToken);

            Assert.Equal(whole, ResultSnapshot.Serialize(parser.ToResult(Harness.Range, grouping)));
        }
    }

    [Fact]
    public async Task Answer_larger_than_the_buffer_and_an_entry_larger_than_the_buffer_are_read_whole()
    {
        // 64 KiB is the first buffer: 3,000 entries span many buffers, and one entry carries a 300 KB unknown field.
        var json = BigAnswer(entries: 3_000, hugeField: new string('x', 300_000));
        var expected = ResultSnapshot.Serialize(Harness.Parse(json));

        var parser = new StatisticsParser(HourNumbering.ZeroBased);
        await StatisticsReader.FeedAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), 16 * 1024), parser, TestContext.Current.CancellationToken);
        var result = parser.ToResult(Harness.Range, StatisticsGrouping.ByAgent);

        Assert.Equal(expected, ResultSnapshot.Serialize(result));
        Assert.Equal(3_000, result.Groups.Sum(g => g.Statistics.Count));
        Assert.Equal(300_000, result.Groups[0].Statistics[1].AdditionalData["note"].GetString()!.Length);
    }

    private static string BigAnswer(int entries, string? hugeField = null)
    {
        var json = new StringBuilder("""{"result":[""");
        for (var user = 0; user < entries / 100; user++)
        {
            json.Append(user == 0 ? "" : ",").Append("""{"user_id":""").Append(1000 + user).Append(""","statistics":[""");
            for (var i = 0; i < 100; i++)
            {
                json.Append(i == 0 ? "" : ",").Append("""{"date":"2024-03-11","hour":""").Append(i % 24);
                if (user == 0 && i == 1 && hugeField is not null)
                {
                    json.Append(",\"note\":\"").Append(hugeField).Append('"');
                }

                json.Append(""","acd_status":{"READY":{"min":1,"avg":2,"max":3,"sum":""").Append(i).Append(""","count":1},"IN_SERVICE":{"min":4,"avg":5,"max":6,"sum":7,"count":1}}}""");
            }

            json.Append("]}");
        }

        return json.Append("]}").ToString();
    }

    /// <summary>A stream that hands out at most a given number of bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
