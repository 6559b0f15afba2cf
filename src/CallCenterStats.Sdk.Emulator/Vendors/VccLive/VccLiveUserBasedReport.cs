using System.Globalization;
using CallCenterStats.Sdk.Emulator.Hosting;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors.Wire;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Vendors;

/// <summary>The dimensions of VCC Live user-based statistics (<c>dimensions</c>).</summary>
[Flags]
internal enum VccLiveDimensions
{
    None = 0,
    Project = 1,
    User = 2,
    Date = 4,
    Time = 8,
}

/// <summary>The output formats of <c>of</c>.</summary>
internal enum VccLiveOutputFormat
{
    Json,
    Tab,
    Csv,
}

/// <summary>
/// The KPIs the emulator computes. State KPIs: <c>count</c> = state segments overlapping the row's period (a segment
/// that spans two 15-minute slots counts once in each), <c>sum</c> = seconds in the state. <c>callIn</c>: answered
/// calls offered in the period (<c>count</c>) and their talk seconds (<c>sum</c>). <c>callMissed</c>: unanswered calls
/// offered in the period (<c>count</c>; <c>sum</c> is null, as VCC Live sends for count-only KPIs).
/// </summary>
internal static class VccLiveKpis
{
    public const int UserstateAvailable = 0, UserstateCall = 1, UserstateAfterwork = 2, UserstatePause = 3, UserstateDnd = 4, CallIn = 5, CallMissed = 6;

    public const int Count = 7;

    /// <summary>The wire names, by index; also the default (all KPIs) order.</summary>
    public static readonly string[] Names =
        ["userstateAvailable", "userstateCall", "userstateAfterwork", "userstatePause", "userstateDnd", "callIn", "callMissed"];

    /// <summary>
    /// The column presets (<c>preset</c>): 1 = availability basics, 2 = every user state, 3 = calls.
    /// </summary>
    public static readonly IReadOnlyDictionary<long, int[]> Presets = new Dictionary<long, int[]>
    {
        [1] = [UserstateAvailable, UserstateCall, CallIn],
        [2] = [UserstateAvailable, UserstateCall, UserstateAfterwork, UserstatePause, UserstateDnd],
        [3] = [CallIn, CallMissed],
    };

    public static int[] All { get; } = [.. Enumerable.Range(0, Count)];

    /// <summary>Whether the KPI only has a count (its <c>sum</c> is null on the wire).</summary>
    public static bool IsCountOnly(int kpi) => kpi == CallMissed;

    public static int? ForState(AgentState state) => state switch
    {
        AgentState.Ready => UserstateAvailable,
        AgentState.OnCall => UserstateCall,
        AgentState.AfterCallWork => UserstateAfterwork,
        AgentState.Paused => UserstatePause,
        AgentState.DoNotDisturb => UserstateDnd,
        _ => null,
    };

    public static int? Find(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index < 0 ? null : index;
    }
}

/// <summary>The parsed parameters of <c>GET /v2/statistics/userbased</c>.</summary>
internal sealed record VccLiveUserBasedQuery(
    LocalDate From,
    LocalDate To,
    VccLiveDimensions Dimensions,
    IReadOnlySet<long>? Projects,
    IReadOnlySet<long>? Users,
    bool HideSystemUsers,
    int[] Kpis,
    VccLiveOutputFormat Format)
{
    /// <summary>Reads the parameters; on failure <paramref name="error"/> is the vendor's error message.</summary>
    public static bool TryParse(IReadOnlyList<KeyValuePair<string, string>> p, out VccLiveUserBasedQuery query, out string error)
    {
        query = null!;
        if (!TryReadDate(p, "from", out var from, out error) || !TryReadDate(p, "to", out var to, out error))
        {
            return false;
        }

        if (to < from)
        {
            error = "Invalid period: 'to' must not be earlier than 'from'.";
            return false;
        }

        var dimensions = VccLiveDimensions.None;
        foreach (var item in SplitList(p.Get("dimensions")))
        {
            var dimension = DimensionNames.FirstOrDefault(d => Is(item, d.Name)).Dimension;
            if (dimension == VccLiveDimensions.None)
            {
                error = $"Invalid dimension: {item}";
                return false;
            }

            dimensions |= dimension;
        }

        if (dimensions == VccLiveDimensions.None)
        {
            error = "Missing required parameter: dimensions";
            return false;
        }

        if (!TryReadIds(p, "projects", "project", out var projects, out error) || !TryReadIds(p, "users", "user", out var users, out error))
        {
            return false;
        }

        var hide = false;
        if (p.Get("hide_system_users") is { Length: > 0 } hideText)
        {
            if (Is(hideText.Trim(), "true") || hideText.Trim() == "1")
            {
                hide = true;
            }
            else if (!Is(hideText.Trim(), "false") && hideText.Trim() != "0")
            {
                error = $"Invalid value of hide_system_users: {hideText} (expected true or false)";
                return false;
            }
        }

        int[] kpis;
        var fields = SplitList(p.Get("fields"));
        if (fields.Count > 0)
        {
            var list = new List<int>();
            foreach (var field in fields)
            {
                if (VccLiveKpis.Find(field) is not { } kpi)
                {
                    error = $"Unknown field: {field}";
                    return false;
                }

                if (!list.Contains(kpi))
                {
                    list.Add(kpi);
                }
            }

            kpis = [.. list];
        }
        else if (p.Get("preset") is { Length: > 0 } presetText)
        {
            // The preset only applies when fields is not given.
            if (!long.TryParse(presetText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var preset))
            {
                error = $"Invalid preset: {presetText}";
                return false;
            }

            if (!VccLiveKpis.Presets.TryGetValue(preset, out var presetKpis))
            {
                error = $"Unknown preset: {preset.ToString(CultureInfo.InvariantCulture)}";
                return false;
            }

            kpis = presetKpis;
        }
        else
        {
            kpis = VccLiveKpis.All;
        }

        var of = p.Get("of")?.Trim();
        VccLiveOutputFormat format;
        if (string.IsNullOrEmpty(of) || Is(of, "json"))
        {
            format = VccLiveOutputFormat.Json;
        }
        else if (Is(of, "tab"))
        {
            format = VccLiveOutputFormat.Tab;
        }
        else if (Is(of, "cvs") || Is(of, "csv"))
        {
            // The vendor page spells it "cvs", a sibling endpoint "csv": both are accepted.
            format = VccLiveOutputFormat.Csv;
        }
        else
        {
            error = $"Invalid output format: {of} (expected tab, cvs or json)";
            return false;
        }

        query = new VccLiveUserBasedQuery(from, to, dimensions, projects, users, hide, kpis, format);
        return true;
    }

    private static readonly (string Name, VccLiveDimensions Dimension)[] DimensionNames =
        [("project", VccLiveDimensions.Project), ("user", VccLiveDimensions.User), ("date", VccLiveDimensions.Date), ("time", VccLiveDimensions.Time)];

    private static bool Is(string text, string expected) => string.Equals(text, expected, StringComparison.OrdinalIgnoreCase);

    private static bool TryReadDate(IReadOnlyList<KeyValuePair<string, string>> p, string name, out LocalDate date, out string error)
    {
        date = default;
        error = string.Empty;
        var text = p.Get(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = $"Missing required parameter: {name}";
            return false;
        }

        if (!EmulatorWire.TryParseCompactDate(text, out date))
        {
            error = $"Invalid date in '{name}': {text} (expected yyyymmdd)";
            return false;
        }

        return true;
    }

    private static bool TryReadIds(IReadOnlyList<KeyValuePair<string, string>> p, string name, string what, out IReadOnlySet<long>? ids, out string error)
    {
        ids = null;
        error = string.Empty;
        var items = SplitList(p.Get(name));
        if (items.Count == 0)
        {
            return true;
        }

        var set = new HashSet<long>();
        foreach (var item in items)
        {
            if (!long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = $"Invalid {what} id in '{name}': {item}";
                return false;
            }

            set.Add(id);
        }

        ids = set;
        return true;
    }

    /// <summary>Splits a comma list, trimming items (the vendor's own example writes <c>project, user,time</c>) and dropping empty ones.</summary>
    private static List<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>
/// Computes user-based statistics rows from the simulation and hands them out one by one, in the order project,
/// user, date, time (each only when requested). Rows aggregate over the dimensions not requested; only groups with
/// activity (a logged-in state or a call offered) give a row. Memory stays bounded whatever the range: one group's
/// 96 slot accumulators at a time.
/// </summary>
internal sealed class VccLiveUserBasedReport
{
    /// <summary>Slots per local day (15 minutes each; a 25-hour day folds its repeated hour into the same slots).</summary>
    public const int SlotsPerDay = 96;

    private static readonly long SlotTicks = Duration.FromMinutes(15).BclCompatibleTicks;

    private readonly SimulatedContactCenter _center;
    private readonly VccLiveUserBasedQuery _query;
    private readonly Slot[] _slots;

    public VccLiveUserBasedReport(SimulatedContactCenter center, VccLiveUserBasedQuery query)
    {
        _center = center;
        _query = query;
        _slots = new Slot[Has(VccLiveDimensions.Time) ? SlotsPerDay : 1];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot();
        }
    }

    /// <summary>
    /// The <c>level</c> of every row: the number of requested dimensions minus one (the 0-based depth of the deepest
    /// grouping), which gives the vendor example's <c>3</c> for <c>project,user,date,time</c>.
    /// </summary>
    public int Level => System.Numerics.BitOperations.PopCount((uint)_query.Dimensions) - 1;

    public VccLiveUserBasedQuery Query => _query;

    public bool Has(VccLiveDimensions dimension) => (_query.Dimensions & dimension) != 0;

    /// <summary>Calls <paramref name="onRow"/> for every row, in order; the row object is reused between calls.</summary>
    public async Task ForEachRowAsync(Func<VccLiveRow, ValueTask> onRow)
    {
        var agents = _center.Agents
            .Where(a => (_query.Projects is null || _query.Projects.Contains(a.Queue.Id)) && (_query.Users is null || _query.Users.Contains(a.Id)))
            .ToList();
        var dates = new List<LocalDate>();
        var first = _query.From > _center.FirstDay ? _query.From : _center.FirstDay;
        var last = _query.To < _center.LastDay ? _query.To : _center.LastDay;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            // Outside the simulated days every agent is offline: no activity, no rows.
            dates.Add(date);
        }

        var row = new VccLiveRow();
        var projectGroups = Has(VccLiveDimensions.Project)
            ? _center.Queues.Select(q => (Project: (QueueInfo?)q, Agents: agents.Where(a => a.Queue == q).ToList())).Where(g => g.Agents.Count > 0)
            : [(Project: null, Agents: agents)];
        foreach (var (project, projectAgents) in projectGroups)
        {
            var userGroups = Has(VccLiveDimensions.User)
                ? projectAgents.Select(a => (User: (SimulatedAgent?)a, Agents: new List<SimulatedAgent> { a }))
                : [(User: null, Agents: projectAgents)];
            foreach (var (user, userAgents) in userGroups)
            {
                var dateGroups = Has(VccLiveDimensions.Date)
                    ? dates.Select(d => (Date: (LocalDate?)d, Dates: new List<LocalDate> { d }))
                    : [(Date: null, Dates: dates)];
                foreach (var (date, groupDates) in dateGroups)
                {
                    foreach (var slot in _slots)
                    {
                        slot.Clear();
                    }

                    foreach (var agent in userAgents)
                    {
                        foreach (var day in groupDates)
                        {
                            Add(_center.GetDay(agent, day));
                        }
                    }

                    for (var i = 0; i < _slots.Length; i++)
                    {
                        if (!_slots[i].Active)
                        {
                            continue;
                        }

                        row.Date = date;
                        row.Time = Has(VccLiveDimensions.Time) ? (i / 4 * 100) + (i % 4 * 15) : null;
                        row.ProjectId = project?.Id;
                        row.UserId = user?.Id;
                        row.Values = _slots[i];
                        await onRow(row).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private void Add(AgentDay day)
    {
        var byTime = _slots.Length > 1;
        foreach (var segment in day.Segments)
        {
            if (VccLiveKpis.ForState(segment.State) is not { } kpi)
            {
                continue;
            }

            if (!byTime)
            {
                _slots[0].Add(kpi, 1, segment.Duration.BclCompatibleTicks);
                continue;
            }

            // Cut the segment at local quarter-hour boundaries; each piece counts once in its slot.
            var cursor = segment.Start;
            while (cursor < segment.End)
            {
                var tickOfDay = cursor.InZone(_center.Zone).TimeOfDay.TickOfDay;
                var next = cursor + Duration.FromTicks(SlotTicks - (tickOfDay % SlotTicks));
                var end = next < segment.End ? next : segment.End;
                _slots[(int)(tickOfDay / SlotTicks)].Add(kpi, 1, (end - cursor).BclCompatibleTicks);
                cursor = end;
            }
        }

        foreach (var call in day.Calls)
        {
            var slot = byTime ? _slots[(int)(call.Offered.InZone(_center.Zone).TimeOfDay.TickOfDay / SlotTicks)] : _slots[0];
            if (call.Answered)
            {
                slot.Add(VccLiveKpis.CallIn, 1, call.Talk.BclCompatibleTicks);
            }
            else
            {
                slot.Add(VccLiveKpis.CallMissed, 1, 0);
            }
        }
    }

    /// <summary>The KPI accumulators of one row.</summary>
    internal sealed class Slot
    {
        private readonly long[] _counts = new long[VccLiveKpis.Count];
        private readonly long[] _ticks = new long[VccLiveKpis.Count];

        /// <summary>Whether anything happened in the row's period (a logged-in state or a call).</summary>
        public bool Active { get; private set; }

        public long Count(int kpi) => _counts[kpi];

        /// <summary>The KPI's <c>sum</c> in seconds, or null for count-only KPIs.</summary>
        public decimal? Sum(int kpi) => VccLiveKpis.IsCountOnly(kpi) ? null : (decimal)_ticks[kpi] / TimeSpan.TicksPerSecond;

        /// <summary>The KPI's <c>sum</c> in whole seconds when it has no fraction (always, in the simulation).</summary>
        public bool TryGetWholeSeconds(int kpi, out long seconds)
        {
            seconds = _ticks[kpi] / TimeSpan.TicksPerSecond;
            return _ticks[kpi] % TimeSpan.TicksPerSecond == 0;
        }

        public void Add(int kpi, long count, long ticks)
        {
            _counts[kpi] += count;
            _ticks[kpi] += ticks;
            Active = true;
        }

        public void Clear()
        {
            Array.Clear(_counts);
            Array.Clear(_ticks);
            Active = false;
        }
    }
}

/// <summary>One row being written: the requested dimensions (null when not requested) and the KPI values.</summary>
internal sealed class VccLiveRow
{
    public LocalDate? Date { get; set; }

    /// <summary>The slot start as the vendor's <c>hhmm</c> integer (<c>915</c> is 09:15).</summary>
    public int? Time { get; set; }

    public long? ProjectId { get; set; }

    public long? UserId { get; set; }

    public VccLiveUserBasedReport.Slot Values { get; set; } = null!;
}
