using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class ResponseParsingTests
{
    private static object Project(AcdOperatorStatusStatistics result) => new
    {
        Grouping = result.Grouping.ToString(),
        Groups = result.Groups.Select(g => new
        {
            g.UserId,
            Period = ProjectPeriod(g.Period),
            Statistics = g.Statistics.Select(e => new
            {
                e.UserId,
                Period = ProjectPeriod(e.Period),
                Statuses = e.Statuses.ToDictionary(
                    s => s.Key.Value,
                    s => $"min={s.Value.Min.TotalSeconds} avg={s.Value.Average.TotalSeconds} max={s.Value.Max.TotalSeconds} sum={s.Value.Sum.TotalSeconds} count={s.Value.Count}"),
                Extra = e.AdditionalData.Keys.ToArray(),
            }).ToArray(),
            Extra = g.AdditionalData.Keys.ToArray(),
        }).ToArray(),
    };

    private static IEnumerable<string> Describe(AcdOperatorStatusStatistics result) =>
        result.Flatten().SelectMany(row => row.Statuses.Select(s =>
            $"{row.UserId} {row.Period?.Start} {s.Key} {s.Value.Min} {s.Value.Average} {s.Value.Max} {s.Value.Sum} {s.Value.Count}"));

    private static object? ProjectPeriod(AcdStatisticsPeriod? period) => period is null
        ? null
        : new
        {
            Bucket = period.Bucket.ToString(),
            Date = period.Date?.ToString("uuuu-MM-dd", null),
            period.Hour,
            period.HourOfDay,
            Start = period.Start?.ToString(),
            End = period.End?.ToString(),
        };

    [Fact]
    public void User_day_fixture_parses_users_with_daily_statistics()
    {
        var result = Harness.Parse(Harness.Fixture("voximplant_user_day.json"));

        Snapshooter.Xunit3.Snapshot.Match(Project(result));
        Assert.Equal(["487576", "487581"], result.Groups.Select(g => g.UserId));
        var first = result.Groups[0].Statistics[0];
        Assert.Equal(new LocalDate(2024, 3, 11), first.Period!.Date);
        Assert.Equal(TimeBucket.Day, first.Period.Bucket);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 0, 0), first.Period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 12, 0, 0), first.Period.End);
        var ready = first.Statuses[AcdStatus.Ready];
        Assert.Equal(Duration.FromSeconds(151), ready.Min);
        Assert.Equal(Duration.FromSeconds(1564), ready.Average);
        Assert.Equal(Duration.FromSeconds(3312), ready.Max);
        Assert.Equal(Duration.FromSeconds(9384), ready.Sum);
        Assert.Equal(6, ready.Count);
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

        Snapshooter.Xunit3.Snapshot.Match(Project(result));
        Assert.Equal("487576", result.Groups[0].UserId);
        Assert.Equal(Duration.FromSeconds(2700), result.Groups[0].Statistics[0].Statuses[AcdStatus.Dnd].Sum);
    }

    [Fact]
    public void Aggregation_hour_fixture_parses_hours_with_user_statistics()
    {
        var result = Harness.Parse(Harness.Fixture("voximplant_aggregation_hour.json"), StatisticsGrouping.ByPeriod);

        Snapshooter.Xunit3.Snapshot.Match(Project(result));
        var nine = result.Groups[0];
        Assert.Null(nine.UserId);
        Assert.Equal(TimeBucket.Hour, nine.Period!.Bucket);
        Assert.Equal(9, nine.Period.Hour);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 9, 0), nine.Period.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 10, 0), nine.Period.End);
        Assert.Equal(["487576", "487581"], nine.Statistics.Select(e => e.UserId));
        Assert.Equal(Duration.FromSeconds(20), nine.Statistics[1].Statuses[AcdStatus.Timeout].Sum);
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

        var period = result.Groups[0].Period!;
        Assert.Equal(9, period.Hour);
        Assert.Equal(8, period.HourOfDay);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 8, 0), period.Start);
    }

    [Fact]
    public void Hour_24_is_the_last_hour_of_the_day_when_one_based()
    {
        var result = Harness.Parse("""{"result":[{"date":"2024-03-11","hour":24,"statistics":[]}]}""", StatisticsGrouping.ByPeriod, HourNumbering.OneBased);

        Assert.Equal(Instant.FromUtc(2024, 3, 11, 23, 0), result.Groups[0].Period!.Start);
        Assert.Equal(Instant.FromUtc(2024, 3, 12, 0, 0), result.Groups[0].Period!.End);
    }

    [Fact]
    public void Hour_outside_the_numbering_is_kept_raw_without_an_instant()
    {
        var result = Harness.Parse("""{"result":[{"date":"2024-03-11","hour":24,"statistics":[]}]}""", StatisticsGrouping.ByPeriod);

        var period = result.Groups[0].Period!;
        Assert.Equal(24, period.Hour);
        Assert.Null(period.HourOfDay);
        Assert.Null(period.Start);
        Assert.Null(period.End);
    }

    [Fact]
    public void Hour_of_day_has_an_hour_but_no_instant()
    {
        var result = Harness.Parse("""{"result":[{"hour":"7","statistics":[{"user_id":1,"acd_status":{}}]}]}""", StatisticsGrouping.ByPeriod);

        var period = result.Groups[0].Period!;
        Assert.Equal(TimeBucket.HourOfDay, period.Bucket);
        Assert.Null(period.Date);
        Assert.Equal(7, period.HourOfDay);
        Assert.Null(period.Start);
    }

    [Fact]
    public void No_aggregation_has_no_period()
    {
        var result = Harness.Parse("""{"result":[{"user_id":1,"statistics":[{"acd_status":{"READY":{"min":1,"avg":1,"max":1,"sum":1,"count":1}}}]}]}""");

        Assert.Null(result.Groups[0].Statistics[0].Period);
        Assert.Null(result.Groups[0].Period);
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
    public void An_unreadable_date_is_kept_as_data_instead_of_failing()
    {
        var result = Harness.Parse("""{"result":[{"user_id":7,"statistics":[{"date":"11.03.2024","acd_status":{}}]}]}""");

        var entry = result.Groups[0].Statistics[0];
        Assert.Null(entry.Period);
        Assert.Equal("11.03.2024", entry.AdditionalData["date"].GetString());
    }

    [Fact]
    public void Flatten_gives_user_and_period_for_either_grouping()
    {
        var byUser = Harness.Parse(Harness.Fixture("voximplant_user_day.json")).Flatten().ToList();
        var byPeriod = Harness.Parse(Harness.Fixture("voximplant_aggregation_hour.json"), StatisticsGrouping.ByPeriod).Flatten().ToList();

        Assert.Equal(3, byUser.Count);
        Assert.All(byUser, row => Assert.NotNull(row.UserId));
        Assert.All(byUser, row => Assert.Equal(TimeBucket.Day, row.Period!.Bucket));
        Assert.Equal(4, byPeriod.Count);
        Assert.Equal(("487581", Instant.FromUtc(2024, 3, 11, 10, 0)), (byPeriod[3].UserId, byPeriod[3].Period!.Start!.Value));
    }

    [Fact]
    public void Missing_result_reads_as_no_groups()
    {
        Assert.Empty(Harness.Parse("{}").Groups);
    }
}
