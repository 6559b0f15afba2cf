using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Unified.Tests;

/// <summary>
/// Each vendor source's plan for a query, as a dry run (no request is sent; the endpoints do not exist): how many
/// requests, which ranges and buckets, the splitting at vendor limits, and the queries refused before any I/O.
/// </summary>
public sealed class PlannerTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];
    private static readonly Instant Now = Instant.FromUtc(2024, 12, 1, 0, 0);
    private static readonly InstantRange March = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31)).ToInstantRange(Warsaw);

    private static IAgentStatisticsSource Source(string vendor)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Now));
        var endpoint = new Uri("https://plan.example.com/");
        switch (vendor)
        {
            case "voximplant":
                services.AddVoximplantClient(o => { o.Endpoint = endpoint; o.CredentialsJson = TestCredentials.VoximplantJson; });
                break;
            case "vcclive":
                services.AddVccLiveClient(o => { o.Customer = "acme"; o.ApiToken = "token-1234"; o.TimeZone = "Europe/Warsaw"; });
                break;
            case "netaxis":
                services.AddNetaxisClient(o => { o.Endpoint = endpoint; o.Token = "long-lived-token"; });
                break;
            case "enswitch":
                services.AddEnswitchClient(o => { o.Endpoint = endpoint; o.Username = "user"; o.Password = "password-1234"; });
                break;
            default:
                services.AddThuliumClient(o => { o.SystemName = "acme"; o.Username = "api"; o.Password = "password-1234"; o.TimeZone = "Europe/Warsaw"; });
                break;
        }

        return services.BuildServiceProvider().GetServices<IAgentStatisticsSource>().Single();
    }

    private static Dictionary<string, string> Filters(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Voximplant_asks_for_utc_days_when_the_query_is_in_utc()
    {
        var range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 10)).ToInstantRange(DateTimeZone.Utc);

        var plan = Source("voximplant").Plan(new AgentStatisticsQuery { Range = range, Bucket = TimeBucket.Day });

        var request = Assert.Single(plan);
        Assert.Equal(TimeBucket.Day, request.VendorBucket);
        Assert.Equal(range, request.Range);
        Assert.Equal("all", request.Parameters["user_id"]);
        Assert.Equal("GetACDOperatorStatusStatistics", request.Operation);
    }

    [Fact]
    public void Voximplant_asks_for_utc_hours_to_build_warsaw_days_and_splits_at_31_days_on_day_boundaries()
    {
        var plan = Source("voximplant").Plan(new AgentStatisticsQuery
        {
            Range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 4, 30)).ToInstantRange(Warsaw),
            TimeZone = Warsaw,
            Agents = ["17", "23"],
        });

        Assert.Equal(2, plan.Count);
        Assert.All(plan, r => Assert.Equal(TimeBucket.Hour, r.VendorBucket));
        Assert.All(plan, r => Assert.True(r.Range.Duration <= Duration.FromDays(31)));
        Assert.Equal(plan[0].Range.End, plan[1].Range.Start);
        Assert.Equal(Warsaw.AtStartOfDay(new LocalDate(2024, 4, 1)).ToInstant(), plan[0].Range.End); // 31 local days, 743 hours (the spring DST day)
        Assert.Equal("17;23", plan[0].Parameters["user_id"]);
    }

    [Fact]
    public void Voximplant_refuses_minutes_and_days_of_a_half_hour_zone_before_any_request()
    {
        var source = Source("voximplant");

        var minutes = Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Minute, TimeZone = Warsaw }));
        var kolkata = Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery
        {
            Range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 2)).ToInstantRange(Kolkata),
            TimeZone = Kolkata,
        }));

        Assert.Equal("query.Bucket", minutes.ParamName);
        Assert.Contains("Voximplant", minutes.Message, StringComparison.Ordinal);
        Assert.Contains("Minute", minutes.Message, StringComparison.Ordinal);
        Assert.Contains("Asia/Kolkata", kolkata.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Voximplant_refuses_agent_ids_that_are_not_user_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => Source("voximplant").Plan(new AgentStatisticsQuery { Range = March, Agents = ["jan.kowalski"] }));

        Assert.Equal("query.Agents", ex.ParamName);
    }

    [Fact]
    public void Vcc_live_asks_for_whole_local_days_once_per_period_and_slots_for_hours()
    {
        var source = Source("vcclive");

        var days = source.Plan(new AgentStatisticsQuery { Range = March, TimeZone = Warsaw });
        var hours = source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Hour, TimeZone = Warsaw });

        Assert.Equal(31, days.Count);
        Assert.All(days, r => Assert.Equal(TimeBucket.Day, r.VendorBucket));
        Assert.Equal("20240301", days[0].Parameters["from"]);
        Assert.Equal("20240301", days[0].Parameters["to"]);
        Assert.Equal("user,date", days[0].Parameters["dimensions"]);
        Assert.Equal(31, hours.Count);
        Assert.All(hours, r => Assert.Equal(TimeBucket.QuarterHour, r.VendorBucket));
        Assert.Equal("user,date,time", hours[0].Parameters["dimensions"]);
    }

    [Fact]
    public void Vcc_live_builds_utc_days_from_local_slots_spanning_two_local_days()
    {
        var utcDay = DateRange.SingleDay(new LocalDate(2024, 3, 5)).ToInstantRange(DateTimeZone.Utc);

        var request = Assert.Single(Source("vcclive").Plan(new AgentStatisticsQuery { Range = utcDay }));

        Assert.Equal(TimeBucket.QuarterHour, request.VendorBucket);
        Assert.Equal("20240305", request.Parameters["from"]);
        Assert.Equal("20240306", request.Parameters["to"]);
    }

    [Fact]
    public void Vcc_live_refuses_minutes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Source("vcclive").Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Minute, TimeZone = Warsaw }));

        Assert.Contains("VCC Live", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Netaxis_sends_one_request_per_period_and_call_center()
    {
        var plan = Source("netaxis").Plan(new AgentStatisticsQuery
        {
            Range = March,
            TimeZone = Warsaw,
            VendorFilters = Filters(("tenant", "t"), ("group", "g"), ("callCenter", "a@x, b@x")),
        });

        // One planned step per day, each asking both call centers (an agent of both is summed into one record).
        Assert.Equal(31, plan.Count);
        Assert.All(plan, r => Assert.Equal(TimeBucket.None, r.VendorBucket));
        Assert.All(plan, r => Assert.Equal("t/g/a@x,t/g/b@x", r.Parameters["callCenter"]));
        Assert.Equal(Duration.FromHours(23), plan.Single(r => r.Range.Start == Warsaw.AtStartOfDay(new LocalDate(2024, 3, 31)).ToInstant()).Range.Duration);
    }

    [Fact]
    public void Netaxis_needs_its_scope_refuses_future_ranges_and_huge_plans()
    {
        var source = Source("netaxis");
        var scope = Filters(("tenant", "t"), ("group", "g"), ("callCenter", "a@x"));

        var missing = Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, VendorFilters = Filters(("tenant", "t")) }));
        var future = Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = new InstantRange(Now - Duration.FromDays(1), Now + Duration.FromDays(1)), VendorFilters = scope }));
        var huge = Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Minute, VendorFilters = scope }));

        Assert.Equal("query.VendorFilters", missing.ParamName);
        Assert.Equal("query.Range", future.ParamName);
        Assert.Equal("query.Bucket", huge.ParamName);
    }

    [Fact]
    public void Enswitch_sends_one_request_per_period_for_a_queue_or_a_destination()
    {
        var source = Source("enswitch");

        var queue = source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Week, TimeZone = Warsaw, VendorFilters = Filters(("queue", "7")) });
        var destination = source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.None, TimeZone = Warsaw, VendorFilters = Filters(("destination", "9")) });

        Assert.Equal(5, queue.Count);
        Assert.Equal(March.Start, queue[0].Range.Start);
        Assert.Equal(March.End, queue[^1].Range.End);
        Assert.All(queue, r => Assert.Equal("7", r.Parameters["queue"]));
        Assert.Equal(March, Assert.Single(destination).Range);
        Assert.Equal("9", destination[0].Parameters["destination"]);
    }

    [Fact]
    public void Enswitch_needs_exactly_one_of_queue_and_destination()
    {
        var source = Source("enswitch");

        Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March }));
        Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, VendorFilters = Filters(("queue", "1"), ("destination", "2")) }));
        Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, VendorFilters = Filters(("queue", "abc")) }));
    }

    [Fact]
    public void Thulium_uses_its_own_aggregation_in_its_zone_and_hours_in_another()
    {
        var source = Source("thulium");
        var agents = new[] { "jan", "ala" };

        var local = source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Month, TimeZone = Warsaw, Agents = agents });
        var utc = source.Plan(new AgentStatisticsQuery { Range = new DateRange(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 3)).ToInstantRange(DateTimeZone.Utc), Agents = agents });

        Assert.Equal(TimeBucket.Month, Assert.Single(local).VendorBucket);
        Assert.Equal("jan,ala", local[0].Parameters["agent_logins"]);
        Assert.Equal(3, utc.Count);
        Assert.All(utc, r => Assert.Equal(TimeBucket.Hour, r.VendorBucket));
    }

    [Fact]
    public void Thulium_needs_agents_or_agent_groups()
    {
        var source = Source("thulium");

        var none = Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, TimeZone = Warsaw }));
        var groups = source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.Month, TimeZone = Warsaw, VendorFilters = Filters(("agentGroups", "2,3")) });

        Assert.Equal("query.Agents", none.ParamName);
        Assert.Equal("2,3", Assert.Single(groups).Parameters["agent_group_ids"]);
    }

    [Theory]
    [InlineData("voximplant")]
    [InlineData("vcclive")]
    [InlineData("netaxis")]
    [InlineData("enswitch")]
    [InlineData("thulium")]
    public void Every_source_refuses_hour_of_day_and_default_ranges(string vendor)
    {
        var source = Source(vendor);

        Assert.Equal("query.Bucket", Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = March, Bucket = TimeBucket.HourOfDay })).ParamName);
        Assert.Equal("query.Range", Assert.Throws<ArgumentException>(() => source.Plan(new AgentStatisticsQuery { Range = default })).ParamName);
        Assert.Equal(vendor, source.Vendor);
        Assert.Equal(AgentStatistics.DefaultAccount, source.Account);
    }

    [Fact]
    public void Sources_of_named_accounts_coexist_and_carry_their_account()
    {
        var services = new ServiceCollection();
        services.AddEnswitchClient("eu", o => { o.Endpoint = new Uri("https://eu.example.com/"); o.Username = "u"; o.Password = "password-1234"; });
        services.AddEnswitchClient("us", o => { o.Endpoint = new Uri("https://us.example.com/"); o.Username = "u"; o.Password = "password-1234"; });
        services.AddThuliumClient("eu", o => { o.SystemName = "acme"; o.Username = "api"; o.Password = "password-1234"; });

        var sources = services.BuildServiceProvider().GetServices<IAgentStatisticsSource>().ToList();

        Assert.Equal(["enswitch/eu", "enswitch/us", "thulium/eu"], sources.Select(s => $"{s.Vendor}/{s.Account}"));
    }
}
