using System.Runtime.InteropServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Unified;

/// <summary>
/// Rolls <see cref="AgentStatistics"/> records up: to a coarser bucket in any zone (days of 23 or 25 hours, weeks,
/// months), across agents, across vendors. Counts and durations are summed; the KPIs of the result are computed from
/// those sums. A metric that is unknown (null) for some of the records it sums stays unknown, unless
/// <see cref="RollupOptions.TreatUnknownAsZero"/> says otherwise; a metric unknown for all of them stays unknown.
/// </summary>
/// <remarks>
/// Results come out in period order, then by vendor, account and agent (ordinal). A record whose period does not fit
/// in one target bucket (a UTC day rolled up to days in Warsaw) cannot be divided without guessing, so it is refused
/// with an <see cref="ArgumentException"/>: ask the source for finer buckets (its planner does this by itself).
/// </remarks>
public static class AgentStatisticsRollup
{
    /// <summary>Rolls records up to <paramref name="bucket"/> buckets in <paramref name="zone"/>, per vendor, account and agent.</summary>
    /// <param name="records">The records.</param>
    /// <param name="bucket">The target bucket; <see cref="TimeBucket.None"/> is not a bucket to roll up to.</param>
    /// <param name="zone">The zone whose wall clock places the target boundaries.</param>
    /// <param name="options">How unknown values are summed; null for the default (unknown stays unknown).</param>
    /// <returns>The rolled-up records.</returns>
    /// <exception cref="ArgumentException">A record's period does not fit in one target bucket, or the bucket is None or HourOfDay.</exception>
    public static IReadOnlyList<AgentStatistics> ToBucket(IEnumerable<AgentStatistics> records, TimeBucket bucket, DateTimeZone zone, RollupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(zone);
        if (bucket is TimeBucket.None or TimeBucket.HourOfDay || !Enum.IsDefined(bucket))
        {
            throw new ArgumentException($"'{bucket}' is not a bucket to roll up to.", nameof(bucket));
        }

        var target = new TargetBuckets(new BucketCalendar(zone), bucket, clip: null, nameof(records));
        return Group(records, options, static r => (r.Vendor, r.Account, r.AgentId), target);
    }

    /// <summary>
    /// Rolls records up to the periods of a query: its bucket in its zone, each period cut to the query's range (a range
    /// that starts or ends inside a bucket gives a partial first or last period); <see cref="TimeBucket.None"/> gives one
    /// period, the whole range. Records outside the range are refused.
    /// </summary>
    /// <param name="records">The records, finer than or equal to the query's periods.</param>
    /// <param name="query">The query.</param>
    /// <param name="options">How unknown values are summed.</param>
    /// <returns>The records of the query's periods.</returns>
    /// <exception cref="ArgumentException">A record's period does not fit in one of the query's periods.</exception>
    public static IReadOnlyList<AgentStatistics> ToQuery(IEnumerable<AgentStatistics> records, AgentStatisticsQuery query, RollupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(query);
        var target = new TargetBuckets(query.Calendar, query.Bucket, query.Range, nameof(records));
        return Group(records, options, static r => (r.Vendor, r.Account, r.AgentId), target);
    }

    /// <summary>Adds up the agents of each vendor account and period: one record per vendor, account and period, agent <see cref="AgentStatistics.AllAgents"/>.</summary>
    /// <param name="records">The records.</param>
    /// <param name="options">How unknown values are summed.</param>
    /// <returns>The totals.</returns>
    public static IReadOnlyList<AgentStatistics> AcrossAgents(IEnumerable<AgentStatistics> records, RollupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Group(records, options, static r => (r.Vendor, r.Account, AgentStatistics.AllAgents), target: null);
    }

    /// <summary>
    /// Adds up the vendors and accounts of each agent id and period: vendor and account become
    /// <see cref="AgentStatistics.AllVendors"/>. Map each vendor's agent ids to common ones first (e.g. <c>record with {
    /// AgentId = … }</c>) when the same person has different ids on different platforms, or roll up across agents too for
    /// the contact center's totals.
    /// </summary>
    /// <param name="records">The records.</param>
    /// <param name="options">How unknown values are summed.</param>
    /// <returns>The totals.</returns>
    public static IReadOnlyList<AgentStatistics> AcrossVendors(IEnumerable<AgentStatistics> records, RollupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Group(records, options, static r => (AgentStatistics.AllVendors, AgentStatistics.AllAccounts, r.AgentId), target: null);
    }

    /// <summary>Collects a stream and rolls it up to <paramref name="bucket"/> in <paramref name="zone"/>; see <see cref="ToBucket"/>.</summary>
    /// <param name="records">The records.</param>
    /// <param name="bucket">The target bucket.</param>
    /// <param name="zone">The zone.</param>
    /// <param name="options">How unknown values are summed.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The rolled-up records.</returns>
    public static async Task<IReadOnlyList<AgentStatistics>> ToBucketAsync(
        IAsyncEnumerable<AgentStatistics> records,
        TimeBucket bucket,
        DateTimeZone zone,
        RollupOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = new List<AgentStatistics>();
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(record);
        }

        return ToBucket(list, bucket, zone, options);
    }

    private static List<AgentStatistics> Group(
        IEnumerable<AgentStatistics> records,
        RollupOptions? options,
        Func<AgentStatistics, (string Vendor, string Account, string Agent)> identity,
        TargetBuckets? target)
    {
        var treatUnknownAsZero = options?.TreatUnknownAsZero ?? false;
        var groups = new Dictionary<GroupKey, Accumulator>();
        GroupKey lastKey = default;
        Accumulator? last = null;
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            var (vendor, account, agent) = identity(record);
            var period = target?.Of(record.Period) ?? record.Period;
            var key = new GroupKey(vendor, account, agent, period.Start, period.End, period.Bucket);

            // Records mostly come grouped (an agent's hours of one day one after the other): the group of the previous
            // record is checked first, by reference for the texts, before the dictionary is asked.
            if (last is null || !lastKey.SameAs(key))
            {
                ref var accumulator = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out var exists);
                if (!exists)
                {
                    accumulator = new Accumulator(vendor, account, agent, period);
                }

                (last, lastKey) = (accumulator!, key);
            }

            last.Add(record);
        }

        var result = new List<AgentStatistics>(groups.Count);
        foreach (var accumulator in groups.Values)
        {
            result.Add(accumulator.ToRecord(treatUnknownAsZero));
        }

        result.Sort(static (a, b) =>
        {
            var byStart = a.Period.Start.CompareTo(b.Period.Start);
            if (byStart != 0)
            {
                return byStart;
            }

            var byVendor = string.CompareOrdinal(a.Vendor, b.Vendor);
            if (byVendor != 0)
            {
                return byVendor;
            }

            var byAccount = string.CompareOrdinal(a.Account, b.Account);
            return byAccount != 0 ? byAccount : string.CompareOrdinal(a.AgentId, b.AgentId);
        });
        return result;
    }

    private readonly record struct GroupKey(string Vendor, string Account, string Agent, Instant Start, Instant End, TimeBucket Bucket)
    {
        /// <summary>Equality with the texts compared by reference first (the same strings, in records of one source).</summary>
        public bool SameAs(GroupKey other) =>
            Start == other.Start && End == other.End && Bucket == other.Bucket
            && Same(Agent, other.Agent) && Same(Account, other.Account) && Same(Vendor, other.Vendor);

        private static bool Same(string a, string b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);
    }

    /// <summary>Finds the target bucket of a period, remembering the last one (records mostly come in period order).</summary>
    private sealed class TargetBuckets(BucketCalendar calendar, TimeBucket bucket, InstantRange? clip, string paramName)
    {
        private StatisticsPeriod? _last;

        public StatisticsPeriod Of(StatisticsPeriod period)
        {
            var last = _last;
            if (last is null || period.Start < last.Start || period.Start >= last.End)
            {
                last = _last = Containing(period.Start);
            }

            if (period.End > last.End)
            {
                throw new ArgumentException(
                    $"The period {period} does not fit in one {bucket} bucket in {calendar.Zone.Id} (it runs past {Pipeline.WireFormat.IsoUtc(last.End)}); ask the source for finer buckets.",
                    paramName);
            }

            return last;
        }

        private StatisticsPeriod Containing(Instant instant)
        {
            if (clip is { } range && !range.Contains(instant))
            {
                throw new ArgumentException($"A record starts at {Pipeline.WireFormat.IsoUtc(instant)}, outside the query's range {range}.", paramName);
            }

            var (start, end) = bucket == TimeBucket.None
                ? (clip!.Value.Start, clip.Value.End)
                : calendar.GetBucket(instant, bucket) is var b ? (b.Start, b.End) : default;
            if (clip is { } limits)
            {
                start = start < limits.Start ? limits.Start : start;
                end = end > limits.End ? limits.End : end;
            }

            return new StatisticsPeriod(start, end, bucket, calendar.Zone);
        }
    }

    /// <summary>Sums of one group; a metric is known when every input knew it.</summary>
    private sealed class Accumulator(string vendor, string account, string agent, StatisticsPeriod period)
    {
        private CountMetric _handled;
        private CountMetric _unanswered;
        private DurationMetric _talk;
        private DurationMetric _available;
        private DurationMetric _onCall;
        private DurationMetric _afterCallWork;
        private DurationMetric _paused;
        private DurationMetric _offline;
        private DurationMetric _dnd;
        private Dictionary<string, decimal>? _vendorMetrics;
        private string? _name;
        private bool _nameDiffers;
        private int _count;

        public void Add(AgentStatistics record)
        {
            _handled.Add(record.CallsHandled);
            _unanswered.Add(record.CallsUnanswered);
            _talk.Add(record.TalkTime);
            _available.Add(record.AvailableTime);
            _onCall.Add(record.OnCallTime);
            _afterCallWork.Add(record.AfterCallWorkTime);
            _paused.Add(record.PausedTime);
            _offline.Add(record.OfflineTime);
            _dnd.Add(record.DoNotDisturbTime);
            if (record.VendorMetrics.Count > 0)
            {
                _vendorMetrics ??= new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var (name, value) in record.VendorMetrics)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(_vendorMetrics, name, out _) += value;
                }
            }

            if (_count++ == 0)
            {
                _name = record.AgentName;
            }
            else if (!string.Equals(_name, record.AgentName, StringComparison.Ordinal))
            {
                _nameDiffers = true;
            }
        }

        public AgentStatistics ToRecord(bool treatUnknownAsZero) => new()
        {
            Vendor = vendor,
            Account = account,
            AgentId = agent,
            AgentName = _nameDiffers ? null : _name,
            Period = period,
            CallsHandled = _handled.Result(treatUnknownAsZero),
            CallsUnanswered = _unanswered.Result(treatUnknownAsZero),
            TalkTime = _talk.Result(treatUnknownAsZero),
            AvailableTime = _available.Result(treatUnknownAsZero),
            OnCallTime = _onCall.Result(treatUnknownAsZero),
            AfterCallWorkTime = _afterCallWork.Result(treatUnknownAsZero),
            PausedTime = _paused.Result(treatUnknownAsZero),
            OfflineTime = _offline.Result(treatUnknownAsZero),
            DoNotDisturbTime = _dnd.Result(treatUnknownAsZero),
            VendorMetrics = _vendorMetrics ?? (IReadOnlyDictionary<string, decimal>)new Dictionary<string, decimal>(0, StringComparer.Ordinal),
        };
    }

    private struct CountMetric
    {
        private long _sum;
        private bool _anyKnown;
        private bool _anyUnknown;

        public void Add(long? value)
        {
            if (value is { } v)
            {
                _sum += v;
                _anyKnown = true;
            }
            else
            {
                _anyUnknown = true;
            }
        }

        public readonly long? Result(bool treatUnknownAsZero) => _anyKnown && (!_anyUnknown || treatUnknownAsZero) ? _sum : null;
    }

    private struct DurationMetric
    {
        private Duration _sum;
        private bool _anyKnown;
        private bool _anyUnknown;

        public void Add(Duration? value)
        {
            if (value is { } v)
            {
                _sum += v;
                _anyKnown = true;
            }
            else
            {
                _anyUnknown = true;
            }
        }

        public readonly Duration? Result(bool treatUnknownAsZero) => _anyKnown && (!_anyUnknown || treatUnknownAsZero) ? _sum : null;
    }
}

/// <summary>How <see cref="AgentStatisticsRollup"/> sums metrics that some records do not know.</summary>
public sealed record RollupOptions
{
    /// <summary>
    /// Whether an unknown value counts as zero in a sum (when at least one record knows the metric). False by default:
    /// a sum over records of which some do not know the metric is unknown.
    /// </summary>
    public bool TreatUnknownAsZero { get; init; }
}
