using System.Globalization;
using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// Unified agent statistics from Voximplant's ACD operator status statistics (the mapping table is in the package
/// README).
/// </summary>
/// <remarks>
/// Voximplant buckets in UTC only, by day or hour (or not at all): the planner asks for UTC days when they fit inside
/// the query's periods, else UTC hours (days in any zone whose offsets are whole hours), rolled up here; a zone with
/// half-hour offsets can only be answered for whole ranges that start and end on UTC hours. Each request spans at most
/// <see cref="MaxRequestRange"/> (Voximplant refuses ranges it finds too long with code 569 and does not document the
/// limit) and is cut on the query's period boundaries.
/// </remarks>
internal sealed class VoximplantAgentStatisticsSource(VoximplantClient client, string account)
    : AgentStatisticsSource("voximplant", account)
{
    /// <summary>The longest range one request asks for: 31 days.</summary>
    public static readonly Duration MaxRequestRange = Duration.FromDays(31);

    private static readonly TimeBucket[] VendorBuckets = [TimeBucket.Hour, TimeBucket.Day, TimeBucket.None];

    protected override IReadOnlyList<SourceStep> CreatePlan(AgentStatisticsQuery query)
    {
        var users = query.Agents?.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var user) && user > 0
            ? user
            : throw new ArgumentException($"Voximplant user ids are positive numbers; '{id}' is not one.", $"{nameof(query)}.{nameof(query.Agents)}")).ToArray();
        var bucket = SourcePlanning.ChooseBucket(query, BucketCalendar.Utc, VendorBuckets, "Voximplant");
        var cut = query.Bucket == TimeBucket.None ? (bucket == TimeBucket.None ? TimeBucket.Hour : bucket) : query.Bucket;
        var cutCalendar = query.Bucket == TimeBucket.None ? BucketCalendar.Utc : query.Calendar;
        return SourcePlanning.Chunk(query.Range, cut, cutCalendar, MaxRequestRange)
            .Select(chunk => new SourceStep(
                Request(
                    "GetACDOperatorStatusStatistics",
                    chunk,
                    bucket,
                    ("user_id", users is null ? "all" : string.Join(';', users.Select(u => u.ToString(CultureInfo.InvariantCulture)))),
                    ("group", "user")),
                ct => FetchAsync(new AcdOperatorStatusStatisticsRequest { Range = chunk, UserIds = users, Aggregation = bucket, Group = StatisticsGrouping.ByAgent }, ct)))
            .ToArray();
    }

    private async IAsyncEnumerable<AgentStatistics> FetchAsync(AcdOperatorStatusStatisticsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var statistics = await client.GetAcdOperatorStatusStatisticsAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var row in statistics.Flatten())
        {
            var user = row.UserId ?? throw Invalid("an entry has no user_id");

            // Without a time aggregation the figures cover the whole requested range.
            var period = row.Period ?? (request.Aggregation == TimeBucket.None
                ? new StatisticsPeriod(statistics.Range.Start, statistics.Range.End, TimeBucket.None, DateTimeZone.Utc)
                : throw Invalid($"an entry of user {user} has no date"));
            yield return Map(user, period, row.Statuses);
        }
    }

    private AgentStatistics Map(long user, StatisticsPeriod period, IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> statuses)
    {
        var metrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (status, figures) in statuses)
        {
            metrics[status.Value + ".sum"] = (decimal)figures.Sum.TotalSeconds;
            metrics[status.Value + ".count"] = figures.Count;
        }

        // IN_SERVICE's count is intervals in the status, and a call that spans a bucket boundary is an interval in both
        // buckets: it is not a number of calls, so calls stay unknown (the count is kept among the vendor metrics).
        var inService = statuses.GetValueOrDefault(AcdStatus.InService);
        return new AgentStatistics
        {
            Vendor = Vendor,
            Account = Account,
            AgentId = user.ToString(CultureInfo.InvariantCulture),
            Period = period,
            TalkTime = inService?.Sum ?? Duration.Zero,
            AvailableTime = Sum(statuses, AcdStatus.Ready),
            OnCallTime = inService?.Sum ?? Duration.Zero,
            AfterCallWorkTime = Sum(statuses, AcdStatus.AfterService),
            PausedTime = Sum(statuses, AcdStatus.Online),
            OfflineTime = Sum(statuses, AcdStatus.Offline),
            DoNotDisturbTime = Sum(statuses, AcdStatus.Dnd),
            VendorMetrics = metrics,
        };
    }

    // A status Voximplant reports no interval of, for a user it reports, is zero time in it.
    private static Duration Sum(IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> statuses, AcdStatus status) =>
        statuses.GetValueOrDefault(status)?.Sum ?? Duration.Zero;

    private static VendorApiException Invalid(string message) =>
        new("Voximplant", VendorErrorKind.InvalidResponse, [new VendorError(null, "The answer could not be read: " + message + ".")], statusCode: null, isTransient: false);
}
