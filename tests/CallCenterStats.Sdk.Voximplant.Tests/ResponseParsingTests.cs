using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Voximplant.Wire;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class ResponseParsingTests
{
    private static IEnumerable<string> Describe(AcdOperatorStatusStatistics result) =>
        result.Flatten().SelectMany(row => row.Statuses.Select(s =>
            $"{row.UserId} {row.Period} {row.HourOfDay} {s.Key} {s.Value.Min} {s.Value.Average} {s.Value.Max} {s.Value.Sum} {s.Value.Count}"));

    /// <summary>Serves <paramref name="body"/> with HTTP 200 and returns the call's exception and the number of requests sent.</summary>
    private static async Task<(VendorApiException Exception, int Requests)> ServeAsync(string body, AcdOperatorStatusStatisticsRequest? request = null)
    {
        await using var server = await LoopbackServer.StartAsync(200, body);
        await using var provider = Harness.Provider(server.BaseAddress);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(request ?? Harness.Request, TestContext.Current.CancellationToken));
        return (ex, server.Requests.Count);
    }

    [Fact]
    public void User_day_fixture_parses_users_with_daily_statistics()
    {
        var result = Harness.Parse(Harness.Fixture("voximplant_user_day.json"));

        ResultSnapshot.Match(result);
        Assert.Equal(Harness.Range, result.Range);
        Assert.Equal(StatisticsGrouping.ByAgent, result.Grouping);
        Assert.Equal([487576L, 487581L], result.Groups.Select(g => g.UserId));
        Assert.All(result.Groups, g => Assert.Null(g.Period));
        var first = result.Groups[0].Statistics[0];
        Assert.Null(first.UserId);
        Assert.Null(first.HourOfDay);
        Assert.Equal(TimeBucket.Day, first.Period!.Bucket);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 0, 0), first.Period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 12, 0, 0), first.Period.End);
        Assert.Equal(DateTimeZone.Utc, first.Period.Zone);
        var ready = first.Statuses[AcdStatus.Ready];
        Assert.Equal(Duration.FromSeconds(151), ready.Min);
        Assert.Equal(Duration.FromSeconds(1564), ready.Average);
        Assert.Equal(Duration.FromSeconds(3312), ready.Max);
        Assert.Equal(Duration.FromSeconds(9384), ready.Sum);
        Assert.Equal(6, ready.Count);
        Assert.Equal(Instant.FromUtc(2024, 3, 12, 0, 0), result.Groups[0].Statistics[1].Period!.Start);
        Assert.True(result.Groups[0].Statistics[1].Statuses.ContainsKey(AcdStatus.Banned));
    }

    [Fact]
    public void Array_form_of_acd_status_and_string_user_ids_parse_like_the_object_form()
    {
        var objectForm = Harness.Parse(Harness.Fixture("voximplant_user_day.json"));
        var arrayForm = Harness.Parse(Harness.Fixture("voximplant_user_day_arrayform.json"));

        Assert.Equal(Describe(objectForm), Describe(arrayForm));
        Assert.Equal(6, arrayForm.Groups[0].Statistics[0].Statuses.Count);
    }

    [Fact]
    public void Array_form_fixture_parses_users_with_daily_statistics()
    {
        var result = Harness.Parse(Harness.Fixture("voximplant_user_day_arrayform.json"));

        ResultSnapshot.Match(result);
        Assert.Equal(487576L, result.Groups[0].UserId);
        Assert.Equal(Duration.FromSeconds(2700), result.Groups[0].Statistics[0].Statuses[AcdStatus.Dnd].Sum);
    }

    [Fact]
    public void Aggregation_hour_fixture_parses_hours_with_user_statistics()
    {
        var result = Harness.Parse(Harness.Fixture("voximplant_aggregation_hour.json"), StatisticsGrouping.ByPeriod);

        ResultSnapshot.Match(result);
        Assert.Equal(StatisticsGrouping.ByPeriod, result.Grouping);
        var nine = result.Groups[0];
        Assert.Null(nine.UserId);
        Assert.Equal(9, nine.HourOfDay);
        Assert.Equal(TimeBucket.Hour, nine.Period!.Bucket);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 9, 0), nine.Period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 10, 0), nine.Period.End);
        Assert.Equal(DateTimeZone.Utc, nine.Period.Zone);
        Assert.Equal([487576L, 487581L], nine.Statistics.Select(e => e.UserId));
        Assert.All(nine.Statistics, e => Assert.Null(e.Period));
        Assert.Equal(Duration.FromSeconds(20), nine.Statistics[1].Statuses[AcdStatus.Timeout].Sum);
        Assert.Equal(10, result.Groups[1].HourOfDay);
    }

    [Fact]
    public async Task Fixture_served_over_http_gives_the_same_result_as_parsed()
    {
        var fixture = Harness.Fixture("voximplant_aggregation_hour.json");
        await using var server = await LoopbackServer.StartAsync(200, fixture);
        await using var provider = Harness.Provider(server.BaseAddress);

        var result = await provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(
            Harness.Request with { Aggregation = TimeBucket.Hour, Group = StatisticsGrouping.ByPeriod },
            TestContext.Current.CancellationToken);

        Assert.Equal(ResultSnapshot.Serialize(Harness.Parse(fixture, StatisticsGrouping.ByPeriod)), ResultSnapshot.Serialize(result));
    }

    [Fact]
    public async Task Error_fixture_served_over_http_is_an_authentication_exception()
    {
        await using var server = await LoopbackServer.StartAsync(200, Harness.Fixture("voximplant_error_auth.json"));
        await using var provider = Harness.Provider(server.BaseAddress);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken));

        Snapshooter.Xunit3.Snapshot.Match(new
        {
            ex.Vendor,
            Kind = ex.Kind.ToString(),
            StatusCode = (int?)ex.StatusCode,
            ex.VendorCode,
            ex.VendorMessage,
            ex.IsTransient,
            ex.RequestMethod,
            ex.RequestPath,
            ex.RawBody,
        });
        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.Equal("100", ex.VendorCode);

        // Code 100 re-mints the token and sends the request once more before giving up.
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void One_based_hours_start_an_hour_earlier()
    {
        var result = Harness.Parse(Harness.Fixture("voximplant_aggregation_hour.json"), StatisticsGrouping.ByPeriod, HourNumbering.OneBased);

        var nine = result.Groups[0];
        Assert.Equal(8, nine.HourOfDay);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 8, 0), nine.Period!.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 9, 0), nine.Period.End);
    }

    [Fact]
    public void Hour_24_is_the_last_hour_of_the_day_when_one_based()
    {
        var result = Harness.Parse("""{"result":[{"date":"2024-03-11","hour":24,"statistics":[]}]}""", StatisticsGrouping.ByPeriod, HourNumbering.OneBased);

        Assert.Equal(23, result.Groups[0].HourOfDay);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 23, 0), result.Groups[0].Period!.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 12, 0, 0), result.Groups[0].Period!.End);
    }

    [Theory]
    [InlineData(24, HourNumbering.ZeroBased)]
    [InlineData(-1, HourNumbering.ZeroBased)]
    [InlineData(0, HourNumbering.OneBased)]
    [InlineData(25, HourNumbering.OneBased)]
    public void Hour_outside_the_numbering_cannot_be_read(int hour, HourNumbering numbering)
    {
        var json = $$"""{"result":[{"date":"2024-03-11","hour":{{hour}},"statistics":[]}]}""";

        var ex = Assert.Throws<InvalidAnswerException>(() => Harness.Parse(json, StatisticsGrouping.ByPeriod, numbering));

        Assert.Contains(numbering.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hour_outside_the_numbering_makes_the_answer_invalid()
    {
        var (ex, requests) = await ServeAsync("""{"result":[{"user_id":7,"statistics":[{"date":"2024-03-11","hour":24,"acd_status":{}}]}]}""");

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal("The answer could not be read: the hour 24 is outside the ZeroBased range (0–23).", ex.VendorMessage);
        Assert.Contains("\"hour\":24", ex.RawBody, StringComparison.Ordinal);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData("11.03.2024")]
    [InlineData("2024-02-30")]
    [InlineData("2024-03-11 00:00:00")]
    [InlineData("")]
    public void Unreadable_date_cannot_be_read(string date)
    {
        var json = $$$"""{"result":[{"user_id":7,"statistics":[{"date":"{{{date}}}","acd_status":{}}]}]}""";

        var ex = Assert.Throws<InvalidAnswerException>(() => Harness.Parse(json));

        Assert.Contains($"'{date}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_date_makes_the_answer_invalid_instead_of_being_kept_as_data()
    {
        var (ex, requests) = await ServeAsync("""{"result":[{"user_id":7,"statistics":[{"date":"11.03.2024","acd_status":{}}]}]}""");

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(System.Net.HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("The answer could not be read: the date '11.03.2024' is not yyyy-MM-dd.", ex.VendorMessage);
        Assert.Contains("11.03.2024", ex.RawBody, StringComparison.Ordinal);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task User_id_that_is_not_a_number_makes_the_answer_invalid()
    {
        var (ex, requests) = await ServeAsync("""{"result":[{"user_id":"operator-7","statistics":[]}]}""");

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void Hour_of_day_has_an_hour_but_no_period()
    {
        var result = Harness.Parse("""{"result":[{"hour":"7","statistics":[{"user_id":1,"acd_status":{}}]}]}""", StatisticsGrouping.ByPeriod);

        var group = result.Groups[0];
        Assert.Equal(7, group.HourOfDay);
        Assert.Null(group.Period);
        var row = Assert.Single(result.Flatten());
        Assert.Equal((1L, 7), (row.UserId!.Value, row.HourOfDay!.Value));
        Assert.Null(row.Period);
    }

    [Fact]
    public void No_aggregation_has_no_period_and_no_hour()
    {
        var result = Harness.Parse("""{"result":[{"user_id":1,"statistics":[{"acd_status":{"READY":{"min":1,"avg":1,"max":1,"sum":1,"count":1}}}]}]}""");

        Assert.Null(result.Groups[0].Statistics[0].Period);
        Assert.Null(result.Groups[0].Statistics[0].HourOfDay);
        Assert.Null(result.Groups[0].Period);
        Assert.Null(result.Groups[0].HourOfDay);
    }

    [Fact]
    public void Custom_statuses_and_unknown_fields_are_kept()
    {
        var result = Harness.Parse("""
            {"result":[{"user_id":7,"region":"eu","statistics":[{"date":"2024-03-11","note":"x",
              "acd_status":{"LUNCH":{"min":60,"avg":90,"max":120,"sum":180,"count":2,"median":75}}}]}]}
            """);

        var group = result.Groups[0];
        Assert.Equal("eu", group.AdditionalData["region"].GetString());
        var entry = group.Statistics[0];
        Assert.Equal("x", entry.AdditionalData["note"].GetString());
        Assert.False(entry.AdditionalData.ContainsKey("date"));
        var lunch = entry.Statuses[new AcdStatus("LUNCH")];
        Assert.False(new AcdStatus("LUNCH").IsWellKnown);
        Assert.Equal(Duration.FromSeconds(180), lunch.Sum);
        Assert.Equal(75, lunch.AdditionalData["median"].GetInt32());
    }

    [Fact]
    public void A_status_repeated_across_array_items_is_combined_not_dropped()
    {
        var result = Harness.Parse("""
            {"result":[{"user_id":7,"statistics":[{"acd_status":[
              {"READY":{"min":10,"avg":20,"max":30,"sum":60,"count":3}},
              {"READY":{"min":5,"avg":40,"max":75,"sum":80,"count":2},"DND":{"min":1,"avg":1,"max":1,"sum":1,"count":1}}]}]}]}
            """);

        var statuses = result.Groups[0].Statistics[0].Statuses;
        var ready = statuses[AcdStatus.Ready];
        Assert.Equal(Duration.FromSeconds(5), ready.Min);
        Assert.Equal(Duration.FromSeconds(75), ready.Max);
        Assert.Equal(Duration.FromSeconds(140), ready.Sum);
        Assert.Equal(5, ready.Count);
        Assert.Equal(Duration.FromSeconds(28), ready.Average);
        Assert.True(statuses.ContainsKey(AcdStatus.Dnd));
    }

    [Fact]
    public void Fractional_average_is_kept()
    {
        var result = Harness.Parse("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"READY":{"min":1,"avg":1564.5,"max":3000,"sum":3129,"count":2}}}]}]}""");

        Assert.Equal(Duration.FromMilliseconds(1_564_500), result.Groups[0].Statistics[0].Statuses[AcdStatus.Ready].Average);
    }

    [Fact]
    public void Counts_and_sums_beyond_32_bits_are_read()
    {
        var result = Harness.Parse("""{"result":[{"user_id":7,"statistics":[{"acd_status":{"OFFLINE":{"min":1,"avg":1,"max":1,"sum":5000000000,"count":5000000000}}}]}]}""");

        var offline = result.Groups[0].Statistics[0].Statuses[AcdStatus.Offline];
        Assert.Equal(5_000_000_000, offline.Count);
        Assert.Equal(Duration.FromSeconds(5_000_000_000), offline.Sum);
    }

    [Fact]
    public void User_ids_beyond_32_bits_are_read()
    {
        var result = Harness.Parse("""{"result":[{"user_id":"9007199254740993","statistics":[]},{"user_id":4294967296,"statistics":[]}]}""");

        Assert.Equal([9_007_199_254_740_993L, 4_294_967_296L], result.Groups.Select(g => g.UserId));
    }

    [Fact]
    public void Flatten_gives_user_and_period_for_either_grouping()
    {
        var byUser = Harness.Parse(Harness.Fixture("voximplant_user_day.json")).Flatten().ToList();
        var byPeriod = Harness.Parse(Harness.Fixture("voximplant_aggregation_hour.json"), StatisticsGrouping.ByPeriod).Flatten().ToList();

        Assert.Equal(3, byUser.Count);
        Assert.All(byUser, row => Assert.NotNull(row.UserId));
        Assert.All(byUser, row => Assert.Equal(TimeBucket.Day, row.Period!.Bucket));
        Assert.All(byUser, row => Assert.Null(row.HourOfDay));
        Assert.Equal(4, byPeriod.Count);
        Assert.Equal((487581L, Instant.FromUtc(2024, 3, 11, 10, 0), 10), (byPeriod[3].UserId!.Value, byPeriod[3].Period!.Start, byPeriod[3].HourOfDay!.Value));
    }

    [Fact]
    public void Missing_result_is_not_an_empty_result()
    {
        var ex = Assert.Throws<InvalidAnswerException>(() => Harness.Parse("{}"));

        Assert.Equal("it has neither \"result\" nor \"error\"", ex.Message);
    }

    [Fact]
    public void Empty_result_is_no_groups()
    {
        Assert.Empty(Harness.Parse("""{"result":[]}""").Groups);
    }
}
