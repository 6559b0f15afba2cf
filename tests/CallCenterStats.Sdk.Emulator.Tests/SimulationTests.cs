using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Tests;

public sealed class SimulationTests
{
    private static readonly DateTimeZone Warsaw = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];

    private static SimulatedContactCenter Center(long seed = 1, int agents = 10, int days = 14) =>
        new(agents, new LocalDate(2024, 3, 11), days, seed, Warsaw);

    [Fact]
    public void Same_seed_gives_the_same_center()
    {
        var a = Center(seed: 7);
        var b = Center(seed: 7);

        foreach (var agent in a.Agents)
        {
            Assert.Equal(a.GetDay(agent, new LocalDate(2024, 3, 12)).Segments.Select(Describe), b.GetDay(b.Agents[agent.Index], new LocalDate(2024, 3, 12)).Segments.Select(Describe));
        }

        Assert.Equal(a.Agents.Select(x => x.LastName), b.Agents.Select(x => x.LastName));
    }

    [Fact]
    public void Different_seeds_give_different_days()
    {
        var a = Center(seed: 1);
        var b = Center(seed: 2);

        Assert.NotEqual(
            a.GetDay(a.Agents[0], new LocalDate(2024, 3, 12)).Segments.Select(Describe),
            b.GetDay(b.Agents[0], new LocalDate(2024, 3, 12)).Segments.Select(Describe));
    }

    [Fact]
    public void Every_day_is_covered_by_consecutive_segments_from_midnight_to_midnight()
    {
        var center = Center();

        foreach (var agent in center.Agents)
        {
            foreach (var date in center.DatesCovering(center.Range))
            {
                var day = center.GetDay(agent, date);
                Assert.Equal(Warsaw.AtStartOfDay(date).ToInstant(), day.Segments[0].Start);
                Assert.Equal(Warsaw.AtStartOfDay(date.PlusDays(1)).ToInstant(), day.Segments[^1].End);
                Assert.All(day.Segments.Zip(day.Segments.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
                Assert.All(day.Segments, s => Assert.True(s.Start < s.End));
            }
        }
    }

    [Fact]
    public void Talk_time_of_answered_calls_equals_time_on_call()
    {
        var center = Center();

        foreach (var agent in center.Agents)
        {
            var totals = center.GetTotals(agent, center.Range);
            Assert.Equal(totals.TimeIn(AgentState.OnCall), totals.TalkTime);
            Assert.Equal(center.GetSegments(agent, center.Range).Count(s => s.State == AgentState.OnCall), totals.AnsweredCalls);
        }
    }

    [Fact]
    public void Working_days_have_calls_and_shifts_in_the_daytime()
    {
        var center = Center();
        var monday = new LocalDate(2024, 3, 11);

        foreach (var agent in center.Agents)
        {
            var day = center.GetDay(agent, monday);
            Assert.NotEmpty(day.Calls);
            Assert.InRange(day.Login!.Value.InZone(Warsaw).Hour, 8, 9);
            Assert.InRange(day.Logout!.Value.InZone(Warsaw).Hour, 16, 17);
        }
    }

    [Fact]
    public void Days_outside_the_simulation_are_offline()
    {
        var center = Center(days: 1);

        var day = center.GetDay(center.Agents[0], new LocalDate(2024, 3, 12));

        Assert.Equal([AgentState.Offline], day.Segments.Select(s => s.State));
        Assert.Empty(day.Calls);
    }

    [Fact]
    public void Segments_are_clipped_to_the_asked_range()
    {
        var center = Center();
        var agent = center.Agents[0];
        var day = center.GetDay(agent, new LocalDate(2024, 3, 11));
        var call = day.Segments.First(s => s.State == AgentState.OnCall);
        var half = new InstantRange(call.Start + Duration.FromSeconds(1), call.End);

        var clipped = center.GetSegments(agent, half).ToList();

        Assert.Equal(call.Duration - Duration.FromSeconds(1), clipped.Single().Duration);
    }

    [Fact]
    public void Agents_are_spread_over_queues_of_five()
    {
        var center = Center(agents: 12);

        Assert.Equal(3, center.Queues.Count);
        Assert.Equal([4, 4, 4], center.Queues.Select(q => center.Agents.Count(a => a.Queue == q)));
        Assert.Same(center.Agents[3], center.FindAgent(center.Agents[3].Id));
        Assert.Same(center.Agents[3], center.FindAgent(center.Agents[3].Login));
        Assert.Null(center.FindAgent(1));
    }

    [Fact]
    public void Daylight_saving_day_still_has_a_whole_timeline()
    {
        var center = new SimulatedContactCenter(3, new LocalDate(2024, 3, 31), 1, 1, Warsaw);

        var day = center.GetDay(center.Agents[0], new LocalDate(2024, 3, 31));

        Assert.Equal(Duration.FromHours(23), day.Segments[^1].End - day.Segments[0].Start);
    }

    private static string Describe(StateSegment s) => $"{s.State}@{s.Start}-{s.End}";
}
