using System.Text.Json;
using CallCenterStats.Sdk.Enswitch.Wire;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch.Tests;

public sealed class ResponseParsingTests
{
    [Fact]
    public async Task Destination_fixture_parses_into_typed_statistics()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        using var client = Enswitch.Client(server);
        var statistics = await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(10, statistics.Calls);
        Assert.Equal(Duration.FromSeconds(120), statistics.TalkTime);
        Assert.Null(statistics.DestinationType);
        ResultSnapshot.Match(statistics);
    }

    [Fact]
    public async Task Queue_fixture_parses_into_one_row_per_destination()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");

        using var client = Enswitch.Client(server);
        var rows = await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal(["1234567", "1234568"], rows.Select(r => r.DestinationNumber));
        Assert.All(rows, r => Assert.Equal("phone", r.DestinationType));
        Assert.Equal([10L, 11L], rows.Select(r => r.Calls));
        Assert.Equal(Duration.FromSeconds(305), rows[1].TalkTime);
        ResultSnapshot.Match(rows);
    }

    [Fact]
    public void Every_numeric_field_is_reachable_by_name()
    {
        var statistics = Destination("""{"calls": 4, "talktime_sum": 50, "talktime_avg": 12.5, "answered": 3, "holdtime_max": 61}""");

        Assert.Equal(12.5m, statistics.Fields["talktime_avg"]);
        Assert.Equal(3m, statistics.Fields["answered"]);
        Assert.Equal(4m, statistics.Fields["calls"]);
        Assert.Equal(50m, statistics.Fields["talktime_sum"]);
        Assert.Empty(statistics.AdditionalData);
    }

    [Fact]
    public void Row_with_undocumented_fields_and_string_numbers_keeps_every_field()
    {
        var rows = Queue("""
            [{"dtype": "phone", "dnumber": "1234567", "calls": "10", "talktime_sum": "120", "talktime_avg": 12.5,
              "answered": "9", "abandoned": 1, "name": "Front desk", "last_call": null}]
            """);

        ResultSnapshot.Match(rows);
    }

    [Fact]
    public void Numeric_fields_are_readable_as_durations_in_seconds()
    {
        var statistics = Destination("""{"calls": 4, "talktime_avg": 12.5, "name": "Sales"}""");

        Assert.Equal(Duration.FromMilliseconds(12_500), statistics.GetDuration("talktime_avg"));
        Assert.Null(statistics.GetDuration("missing"));
        Assert.Null(statistics.GetDuration("name"));
    }

    [Fact]
    public void Numbers_sent_as_strings_are_read_as_numbers()
    {
        var statistics = Destination("""{"calls": "10", "talktime_sum": "120", "talktime_avg": "12.00"}""");

        Assert.Equal(10, statistics.Calls);
        Assert.Equal(Duration.FromSeconds(120), statistics.TalkTime);
        Assert.Equal(12m, statistics.Fields["talktime_avg"]);
        Assert.Empty(statistics.AdditionalData);
    }

    [Fact]
    public void Numeric_text_that_does_not_round_trip_keeps_its_raw_text_too()
    {
        var statistics = Destination("""{"calls": "10", "account": "0123456", "ratio": "1e3", "talktime_avg": "12.50", "padded": " 7"}""");

        Assert.Equal(123456m, statistics.Fields["account"]);
        Assert.Equal("0123456", statistics.AdditionalData["account"].GetString());
        Assert.Equal(1000m, statistics.Fields["ratio"]);
        Assert.Equal("1e3", statistics.AdditionalData["ratio"].GetString());
        Assert.Equal(7m, statistics.Fields["padded"]);
        Assert.Equal(" 7", statistics.AdditionalData["padded"].GetString());
        // Texts the number prints back exactly are only in Fields.
        Assert.Equal(12.50m, statistics.Fields["talktime_avg"]);
        Assert.Equal(["account", "padded", "ratio"], statistics.AdditionalData.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(10, statistics.Calls);
    }

    [Fact]
    public void Fields_that_are_not_numbers_are_kept_as_raw_json()
    {
        var statistics = Destination("""{"calls": 1, "name": "Sales", "enabled": true, "last": null, "extra": {"a": [1, 2]}, "blank": ""}""");

        Assert.Equal("Sales", statistics.AdditionalData["name"].GetString());
        Assert.Equal(JsonValueKind.True, statistics.AdditionalData["enabled"].ValueKind);
        Assert.Equal(JsonValueKind.Null, statistics.AdditionalData["last"].ValueKind);
        Assert.Equal("""{"a": [1, 2]}""", statistics.AdditionalData["extra"].GetRawText());
        Assert.Equal(string.Empty, statistics.AdditionalData["blank"].GetString());
        Assert.Equal(["calls"], statistics.Fields.Keys);
    }

    [Fact]
    public void Missing_or_null_calls_and_talk_time_read_as_zero()
    {
        var statistics = Destination("""{"calls": null}""");

        Assert.Equal(0, statistics.Calls);
        Assert.Equal(Duration.Zero, statistics.TalkTime);
        Assert.Equal(JsonValueKind.Null, statistics.AdditionalData["calls"].ValueKind);
    }

    [Fact]
    public void Talk_time_as_clock_text_is_read()
    {
        var statistics = Destination("""{"calls": 3, "talktime_sum": "27:00:05"}""");

        Assert.Equal(Duration.FromHours(27) + Duration.FromSeconds(5), statistics.TalkTime);
        Assert.Equal("27:00:05", statistics.AdditionalData["talktime_sum"].GetString());
    }

    [Fact]
    public void Destination_number_sent_as_a_json_number_is_kept_as_text()
    {
        var rows = Queue("""[{"dtype": "phone", "dnumber": 1234567, "calls": 1}, {"dtype": "user", "dnumber": "007", "calls": 2}]""");

        Assert.Equal(["1234567", "007"], rows.Select(r => r.DestinationNumber));
        Assert.All(rows, r => Assert.False(r.Fields.ContainsKey("dnumber")));
        Assert.All(rows, r => Assert.False(r.AdditionalData.ContainsKey("dtype")));
    }

    [Fact]
    public void Destination_data_as_a_one_element_array_is_accepted()
    {
        var statistics = Destination("""[{"dtype": "phone", "dnumber": "1234567", "calls": 10, "talktime_sum": 120}]""");

        Assert.Equal(10, statistics.Calls);
        Assert.Equal("phone", statistics.DestinationType);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"\"")]
    public void Destination_without_data_has_zero_statistics(string data)
    {
        var statistics = Destination(data);

        Assert.Equal(0, statistics.Calls);
        Assert.Empty(statistics.Fields);
    }

    [Theory]
    [InlineData("""{"responses": [{"code": "200", "key": "", "message": "OK"}], "data": null}""")]
    [InlineData("""{"responses": [{"code": "200", "key": "", "message": "OK"}], "data": []}""")]
    [InlineData("""{"responses": [{"code": "200", "key": "", "message": "OK"}]}""")]
    public void Queue_without_data_has_no_rows(string body)
    {
        Assert.Empty(StatisticsReader.ReadQueue(Envelope(body).Data));
    }

    [Fact]
    public void Queue_data_keyed_by_group_is_read_as_rows()
    {
        var rows = Queue("""{"phone-1234567": {"dtype": "phone", "dnumber": "1234567", "calls": 10}, "phone-1234568": {"dtype": "phone", "dnumber": "1234568", "calls": 11}}""");

        Assert.Equal([10L, 11L], rows.Select(r => r.Calls));
    }

    [Fact]
    public void Queue_data_nested_by_dtype_and_dnumber_is_read_as_rows()
    {
        var rows = Queue("""{"phone": {"1234567": {"dtype": "phone", "dnumber": "1234567", "calls": 10}}, "user": {"100": {"dtype": "user", "dnumber": "100", "calls": 2}}}""");

        Assert.Equal(["1234567", "100"], rows.Select(r => r.DestinationNumber));
    }

    [Fact]
    public void Queue_data_as_a_single_row_object_is_one_row()
    {
        var rows = Queue("""{"dtype": "phone", "dnumber": "1234567", "calls": 10}""");

        Assert.Equal("1234567", Assert.Single(rows).DestinationNumber);
    }

    [Fact]
    public void Response_code_sent_as_a_number_is_accepted()
    {
        var envelope = Envelope("""{"responses": {"code": 200, "key": "", "message": "OK"}, "data": {"calls": 1}}""");

        Assert.Equal("200", Assert.Single(envelope.Responses!).Code);
        Assert.False(EnswitchErrorPolicy.FindErrors(envelope).HasErrors);
    }

    [Theory]
    [InlineData("\"oops\"")]
    [InlineData("42")]
    [InlineData("[1, 2]")]
    public async Task Queue_data_of_another_shape_is_an_invalid_response(string data)
    {
        await using var server = await LoopbackServer.StartAsync(200, Body(data));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetQueueStatisticsAsync(new() { Queue = 1, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("The answer could not be read: Expected", ex.Message, StringComparison.Ordinal);
        Assert.Contains(data, ex.RawBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"oops\"")]
    [InlineData("[{\"calls\": 1}, {\"calls\": 2}]")]
    public async Task Destination_data_of_another_shape_is_an_invalid_response(string data)
    {
        await using var server = await LoopbackServer.StartAsync(200, Body(data));

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 1, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_an_invalid_response()
    {
        await using var server = await LoopbackServer.StartAsync(200, "<html>Enswitch maintenance</html>", "text/html");

        using var client = Enswitch.Client(server);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetDestinationStatisticsAsync(new() { Destination = 1, Range = Enswitch.Range }, Enswitch.Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal("<html>Enswitch maintenance</html>", ex.RawBody);
    }

    private static string Body(string data) => $$"""{"responses": [{"code": "200", "key": "", "message": "OK"}], "data": {{data}}}""";

    private static EnswitchEnvelope Envelope(string body) => JsonSerializer.Deserialize(body, EnswitchJsonContext.Default.EnswitchEnvelope)!;

    private static DestinationStatistics Destination(string data) => StatisticsReader.ReadDestination(Envelope(Body(data)).Data);

    private static IReadOnlyList<DestinationStatistics> Queue(string data) => StatisticsReader.ReadQueue(Envelope(Body(data)).Data);
}
