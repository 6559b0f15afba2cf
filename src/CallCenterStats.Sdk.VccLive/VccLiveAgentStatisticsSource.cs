using System.Globalization;
using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Unified agent statistics from VCC Live's user-based statistics (the mapping table is in the package README).
/// </summary>
/// <remarks>
/// VCC Live takes whole days of its own zone (<see cref="VccLiveOptions.TimeZone"/>) and breaks them down by day
/// (<c>date</c>) or time slot (<c>date,time</c>, <see cref="VccLiveOptions.TimeSlot"/> long): the planner asks for days
/// when they are the query's periods, and otherwise for slots, rolled up here (any zone whose offsets are whole
/// slots). Rows of the days asked for that fall outside the query's range are left out. One request per query period
/// (per query day for finer buckets), so memory is bounded by a period.
/// </remarks>
internal sealed class VccLiveAgentStatisticsSource(VccLiveClient client, string account)
    : AgentStatisticsSource("vcclive", account)
{
    /// <summary>The KPIs the unified record is made of, asked for explicitly so that every row lists them.</summary>
    private static readonly UserBasedKpi[] MappedKpis =
    [
        UserBasedKpi.UserstateAvailable, UserBasedKpi.UserstateCall, UserBasedKpi.UserstateAfterwork, UserBasedKpi.UserstatePause,
        UserBasedKpi.UserstateDnd, UserBasedKpi.CallIn, UserBasedKpi.CallMissed,
    ];

    protected override IReadOnlyList<SourceStep> CreatePlan(AgentStatisticsQuery query)
    {
        var users = query.Agents?.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var user) && user > 0
            ? user
            : throw new ArgumentException($"VCC Live user ids are positive numbers; '{id}' is not one.", $"{nameof(query)}.{nameof(query.Agents)}")).ToArray();
        var projects = ParseIds(query.Filter("projects"), $"{nameof(query)}.{nameof(query.VendorFilters)}");
        var calendar = client.Calendar;
        var bucket = SourcePlanning.ChooseBucket(query, calendar, [client.TimeSlot, TimeBucket.Day], "VCC Live");
        var cut = query.Bucket is TimeBucket.Day or TimeBucket.Week or TimeBucket.Month or TimeBucket.Year ? query.Bucket : TimeBucket.Day;
        var chunks = query.Range.Split(cut, query.Calendar).ToArray();
        var dimensions = UserBasedStatisticsDimensions.User | UserBasedStatisticsDimensions.Date
            | (bucket == TimeBucket.Day ? UserBasedStatisticsDimensions.None : UserBasedStatisticsDimensions.Time);
        return chunks.Select(chunk =>
        {
            var days = new DateRange(chunk.Start.InZone(calendar.Zone).Date, (chunk.End - Duration.Epsilon).InZone(calendar.Zone).Date);
            var request = new UserBasedStatisticsRequest
            {
                Range = days,
                Dimensions = dimensions,
                Users = users,
                Projects = projects,
                Fields = MappedKpis,
            };
            return new SourceStep(
                Request(
                    "statistics/userbased",
                    chunk,
                    bucket,
                    ("from", days.Start.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                    ("to", days.End.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                    ("dimensions", bucket == TimeBucket.Day ? "user,date" : "user,date,time"),
                    ("users", users is null ? null : string.Join(',', users.Select(u => u.ToString(CultureInfo.InvariantCulture))))),
                ct => FetchAsync(request, chunk, ct));
        }).ToArray();
    }

    private async IAsyncEnumerable<AgentStatistics> FetchAsync(UserBasedStatisticsRequest request, InstantRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in client.GetUserBasedStatisticsAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var user = row.UserId ?? throw Invalid("a row has no userId");
            var period = row.Period ?? throw Invalid($"a row of user {user} has no date");
            if (period.Start < range.Start || period.Start >= range.End)
            {
                continue;
            }

            yield return Map(user, period, row);
        }
    }

    private AgentStatistics Map(long user, StatisticsPeriod period, UserBasedStatisticsRow row)
    {
        var metrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (kpi, value) in row.Values)
        {
            if (value.Count is { } count)
            {
                metrics[kpi.Name + ".count"] = count;
            }

            if (value.Sum is { } sum)
            {
                metrics[kpi.Name + ".sum"] = sum;
            }
        }

        return new AgentStatistics
        {
            Vendor = Vendor,
            Account = Account,
            AgentId = user.ToString(CultureInfo.InvariantCulture),
            Period = period,
            CallsHandled = Count(row, UserBasedKpi.CallIn),
            CallsUnanswered = Count(row, UserBasedKpi.CallMissed),
            TalkTime = Time(row, UserBasedKpi.CallIn),
            AvailableTime = Time(row, UserBasedKpi.UserstateAvailable),
            OnCallTime = Time(row, UserBasedKpi.UserstateCall),
            AfterCallWorkTime = Time(row, UserBasedKpi.UserstateAfterwork),
            PausedTime = Time(row, UserBasedKpi.UserstatePause),
            DoNotDisturbTime = Time(row, UserBasedKpi.UserstateDnd),
            VendorMetrics = metrics,
        };
    }

    // Every mapped KPI is asked for by name: one a row does not list had nothing in that row's slot.
    private static long Count(UserBasedStatisticsRow row, UserBasedKpi kpi) => row.GetCount(kpi) ?? 0;

    private static Duration Time(UserBasedStatisticsRow row, UserBasedKpi kpi) => row.GetDuration(kpi) ?? Duration.Zero;

    private static long[]? ParseIds(string? text, string paramName)
    {
        if (text is null)
        {
            return null;
        }

        var ids = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new ArgumentException($"The vendor filter 'projects' takes positive ids separated by commas; '{part}' is not one.", paramName))
            .ToArray();
        return ids.Length == 0 ? null : ids;
    }

    private static VendorApiException Invalid(string message) =>
        new("VCC Live", VendorErrorKind.InvalidResponse, [new VendorError(null, "The answer could not be read: " + message + ".")], statusCode: null, isTransient: false);
}
