using System.Collections.Concurrent;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Simulation;

/// <summary>
/// The one deterministic contact center every emulated vendor answers from: agents, queues, and for each
/// agent and day a complete state timeline and the calls. The same seed gives the same center, byte for
/// byte, on every machine. Agent-days are generated on demand (and cached), so a center of thousands of
/// agents over months costs memory only for the days actually asked for.
/// </summary>
/// <remarks>
/// Shifts are daytime in <see cref="Zone"/>; no call or non-offline segment crosses a local midnight, so totals
/// over whole local days agree across vendors whichever way each vendor attributes a call to a period.
/// </remarks>
public sealed class SimulatedContactCenter
{
    private static readonly string[] FirstNames = ["Anna", "Jan", "Maria", "Piotr", "Eva", "Lukas", "Sofia", "Marek", "Ines", "Tomas", "Julia", "Pavel", "Lea", "Omar", "Nina", "Karl"];
    private static readonly string[] LastNames = ["Nowak", "Peeters", "Kowalski", "Novak", "Muller", "Janssens", "Horvat", "Rossi", "Dubois", "Silva", "Berg", "Costa"];

    /// <summary>
    /// How many generated agent-days are kept (about 10 KB each). Days are cheap to generate again, and the answers
    /// walk them agent by agent, so a small cache serves a request as well as a large one while keeping a month of
    /// thousands of agents out of memory.
    /// </summary>
    private const int MaxCachedDays = 2_048;

    private readonly ulong _seed;
    private readonly ConcurrentDictionary<(int Agent, LocalDate Date), AgentDay> _days = new();
    private readonly int _maxCachedDays = MaxCachedDays;

    /// <summary>Creates the center.</summary>
    /// <param name="agents">Number of agents (1 or more).</param>
    /// <param name="firstDay">The first simulated day.</param>
    /// <param name="days">Number of simulated days (1 or more).</param>
    /// <param name="seed">The seed; the same seed gives the same center.</param>
    /// <param name="zone">The center's time zone: shifts follow its wall clock.</param>
    public SimulatedContactCenter(int agents, LocalDate firstDay, int days, long seed, DateTimeZone zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentNullException.ThrowIfNull(zone);
        _seed = (ulong)seed;
        Seed = seed;
        Zone = zone;
        FirstDay = firstDay;
        LastDay = firstDay.PlusDays(days - 1);
        Span = new Interval(zone.AtStartOfDay(FirstDay).ToInstant(), zone.AtStartOfDay(LastDay.PlusDays(1)).ToInstant());

        var queueCount = Math.Max(1, (agents + 4) / 5);
        Queues = Enumerable.Range(0, queueCount)
            .Select(q => new QueueInfo(q, 100 + q, $"Queue {q + 1}", $"queue{q + 1}@cc.emulator.test"))
            .ToArray();
        var random = new DeterministicRandom(DeterministicRandom.Mix((long)_seed, -1));
        Agents = Enumerable.Range(0, agents)
            .Select(i =>
            {
                var first = FirstNames[random.Next(0, FirstNames.Length)];
                var last = LastNames[random.Next(0, LastNames.Length)];
                var login = $"agent{i + 1:000}";
                return new SimulatedAgent(i, 487500 + i, login, first, last, $"{login}@cc.emulator.test", Queues[i % queueCount], $"48221{i + 1:000000}");
            })
            .ToArray();
    }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <summary>The center's time zone.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The simulated days.</summary>
    /// <remarks>
    /// Core's range types appear only here, at the edge, in the vocabulary the vendor clients take: the emulator itself
    /// computes with <see cref="FirstDay"/>, <see cref="LastDay"/> and <see cref="Span"/>, never with Core's calendar.
    /// </remarks>
    public DateRange Dates => new(FirstDay, LastDay);

    /// <summary>The instants the simulated days cover in <see cref="Zone"/>, from the start of the first day to the start of the day after the last.</summary>
    public InstantRange Range => new(Span.Start, Span.End);

    /// <summary>The first simulated day.</summary>
    internal LocalDate FirstDay { get; }

    /// <summary>The last simulated day.</summary>
    internal LocalDate LastDay { get; }

    /// <summary>The instants the simulated days cover: from the start of the first day to the start of the day after the last.</summary>
    internal Interval Span { get; }

    /// <summary>The agents.</summary>
    public IReadOnlyList<SimulatedAgent> Agents { get; }

    /// <summary>The queues.</summary>
    public IReadOnlyList<QueueInfo> Queues { get; }

    /// <summary>Finds an agent by id.</summary>
    /// <param name="id">The agent id.</param>
    /// <returns>The agent, or null.</returns>
    public SimulatedAgent? FindAgent(long id) => id >= 487500 && id < 487500 + Agents.Count ? Agents[(int)(id - 487500)] : null;

    /// <summary>Finds an agent by login.</summary>
    /// <param name="login">The login.</param>
    /// <returns>The agent, or null.</returns>
    public SimulatedAgent? FindAgent(string login) => Agents.FirstOrDefault(a => a.Login == login);

    /// <summary>Finds a queue by id.</summary>
    /// <param name="id">The queue id.</param>
    /// <returns>The queue, or null.</returns>
    public QueueInfo? FindQueue(long id) => Queues.FirstOrDefault(q => q.Id == id);

    /// <summary>Returns one agent's day; outside <see cref="Dates"/> the agent is offline all day.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="date">The local date.</param>
    /// <returns>The day.</returns>
    public AgentDay GetDay(SimulatedAgent agent, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (_days.Count > _maxCachedDays)
        {
            _days.Clear();
        }

        return _days.GetOrAdd((agent.Index, date), key => Generate(Agents[key.Agent], key.Date));
    }

    /// <summary>The agent's segments that overlap <paramref name="range"/>, clipped to it, in time order.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="range">The range.</param>
    /// <returns>The clipped segments.</returns>
    public IEnumerable<StateSegment> GetSegments(SimulatedAgent agent, InstantRange range) => GetSegments(agent, new Interval(range.Start, range.End));

    /// <summary>The agent's calls offered within <paramref name="range"/>, in time order.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="range">The range.</param>
    /// <returns>The calls.</returns>
    public IEnumerable<SimulatedCall> GetCalls(SimulatedAgent agent, InstantRange range) => GetCalls(agent, new Interval(range.Start, range.End));

    /// <summary>Adds up what an agent did within <paramref name="range"/>: the truth tests compare vendors against.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="range">The range.</param>
    /// <returns>The totals.</returns>
    public AgentTotals GetTotals(SimulatedAgent agent, InstantRange range) => GetTotals(agent, new Interval(range.Start, range.End));

    /// <summary>The local dates whose days overlap <paramref name="range"/>.</summary>
    /// <param name="range">The range.</param>
    /// <returns>The dates in order.</returns>
    public IEnumerable<LocalDate> DatesCovering(InstantRange range) => DatesCovering(new Interval(range.Start, range.End));

    /// <summary>The agent's segments that overlap <paramref name="range"/> (half-open), clipped to it, in time order.</summary>
    internal IEnumerable<StateSegment> GetSegments(SimulatedAgent agent, Interval range)
    {
        foreach (var date in DatesCovering(range))
        {
            foreach (var segment in GetDay(agent, date).Segments)
            {
                var start = Max(segment.Start, range.Start);
                var end = Min(segment.End, range.End);
                if (start < end)
                {
                    yield return segment with { Start = start, End = end };
                }
            }
        }
    }

    /// <summary>The agent's calls offered within <paramref name="range"/> (half-open), in time order.</summary>
    internal IEnumerable<SimulatedCall> GetCalls(SimulatedAgent agent, Interval range) =>
        DatesCovering(range).SelectMany(d => GetDay(agent, d).Calls).Where(c => range.Contains(c.Offered));

    /// <summary>Adds up what an agent did within <paramref name="range"/> (half-open).</summary>
    internal AgentTotals GetTotals(SimulatedAgent agent, Interval range)
    {
        var byState = new Dictionary<AgentState, Duration>();
        foreach (var segment in GetSegments(agent, range))
        {
            byState[segment.State] = byState.GetValueOrDefault(segment.State) + segment.Duration;
        }

        var calls = GetCalls(agent, range).ToList();
        return new AgentTotals(
            byState,
            calls.Count(c => c.Answered),
            calls.Count(c => !c.Answered),
            calls.Aggregate(Duration.Zero, (sum, c) => sum + c.Talk),
            calls.Where(c => c.Answered).Aggregate(Duration.Zero, (sum, c) => sum + c.Wait));
    }

    /// <summary>The local dates whose days overlap <paramref name="range"/> (half-open, not empty).</summary>
    internal IEnumerable<LocalDate> DatesCovering(Interval range)
    {
        var first = range.Start.InZone(Zone).Date;
        var last = (range.End - Duration.Epsilon).InZone(Zone).Date;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            yield return date;
        }
    }

    private AgentDay Generate(SimulatedAgent agent, LocalDate date)
    {
        var dayStart = Zone.AtStartOfDay(date).ToInstant();
        var dayEnd = Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
        var offline = new StateSegment(agent, AgentState.Offline, dayStart, dayEnd);
        var random = new DeterministicRandom(DeterministicRandom.Mix((long)_seed, agent.Index, Period.DaysBetween(new LocalDate(1970, 1, 1), date)));
        var weekend = date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;
        if (date < FirstDay || date > LastDay || (weekend && random.NextDouble() < 0.7))
        {
            return new AgentDay(agent, date, [offline], []);
        }

        var shiftStart = Zone.AtLeniently(date + new LocalTime(8, 0)).ToInstant() + Duration.FromMinutes(random.Next(0, 60));
        var shiftEnd = shiftStart + Duration.FromHours(8) + Duration.FromMinutes(random.Next(0, 30));
        var segments = new List<StateSegment> { offline with { End = shiftStart } };
        var calls = new List<SimulatedCall>();
        var t = shiftStart;

        void Add(AgentState state, Duration length, int? reason = null)
        {
            var end = Min(t + length, shiftEnd);
            if (end > t)
            {
                segments.Add(new StateSegment(agent, state, t, end, reason));
                t = end;
            }
        }

        while (t < shiftEnd)
        {
            Add(AgentState.Ready, Duration.FromSeconds(random.Next(30, 600)));
            if (t >= shiftEnd)
            {
                break;
            }

            var roll = random.NextDouble();
            if (roll < 0.72)
            {
                var wait = Duration.FromSeconds(random.Next(0, 120));
                var talk = Min(Duration.FromSeconds(random.Next(30, 900)), shiftEnd - t);
                if (talk <= Duration.Zero)
                {
                    break;
                }

                calls.Add(new SimulatedCall(agent, t - wait, wait, Answered: true, talk));
                Add(AgentState.OnCall, talk);
                Add(AgentState.AfterCallWork, Duration.FromSeconds(random.Next(10, 180)));
            }
            else if (roll < 0.82)
            {
                // Rang 20 seconds at the agent and was not answered; the caller gave up waiting.
                var wait = Duration.FromSeconds(random.Next(20, 180));
                calls.Add(new SimulatedCall(agent, t - wait, wait, Answered: false, Duration.Zero));
                Add(AgentState.Ready, Duration.FromSeconds(20));
            }
            else if (roll < 0.94)
            {
                Add(AgentState.Paused, Duration.FromMinutes(random.Next(5, 20)), (int)random.Next(1, 5));
            }
            else
            {
                Add(AgentState.DoNotDisturb, Duration.FromMinutes(random.Next(5, 15)));
            }
        }

        segments.Add(offline with { Start = t });
        return new AgentDay(agent, date, Merge(segments), calls);
    }

    private static List<StateSegment> Merge(List<StateSegment> segments)
    {
        // Consecutive Ready stretches (ready, a missed call, ready again) are one stretch of the same state.
        var merged = new List<StateSegment>(segments.Count);
        foreach (var segment in segments)
        {
            if (merged.Count > 0 && merged[^1].State == segment.State && merged[^1].PauseReason == segment.PauseReason && merged[^1].End == segment.Start)
            {
                merged[^1] = merged[^1] with { End = segment.End };
            }
            else
            {
                merged.Add(segment);
            }
        }

        return merged;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static Duration Min(Duration a, Duration b) => a < b ? a : b;
}

/// <summary>What an agent did within a range, from the simulation's truth.</summary>
/// <param name="TimeByState">Time spent in each state (clipped to the range).</param>
/// <param name="AnsweredCalls">Calls offered in the range and answered.</param>
/// <param name="UnansweredCalls">Calls offered in the range and not answered.</param>
/// <param name="TalkTime">Talk time of the calls offered in the range.</param>
/// <param name="AnsweredWaitTime">Queue wait of the answered calls offered in the range.</param>
public sealed record AgentTotals(
    IReadOnlyDictionary<AgentState, Duration> TimeByState,
    int AnsweredCalls,
    int UnansweredCalls,
    Duration TalkTime,
    Duration AnsweredWaitTime)
{
    /// <summary>Time in <paramref name="state"/>; zero when none.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The time.</returns>
    public Duration TimeIn(AgentState state) => TimeByState.GetValueOrDefault(state);

    /// <summary>Logged-in time: every state but <see cref="AgentState.Offline"/>.</summary>
    public Duration StaffedTime => TimeByState.Where(p => p.Key != AgentState.Offline).Aggregate(Duration.Zero, (s, p) => s + p.Value);
}
