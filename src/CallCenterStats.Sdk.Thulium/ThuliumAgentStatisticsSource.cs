using System.Globalization;
using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// Unified agent statistics from Thulium's agents work report (the mapping table is in the package README).
/// </summary>
/// <remarks>
/// Thulium aggregates by minute, hour, day, week, month or year on its own wall clock
/// (<see cref="ThuliumOptions.TimeZone"/>): the planner asks for the query's bucket when the zones agree, and otherwise
/// for the coarsest bucket that fits exactly inside the query's periods (hours for days in another whole-hour zone),
/// rolled up here. One paged request (100 rows a page) per query period for day and coarser buckets, so that memory is
/// bounded by a period.
/// </remarks>
internal sealed class ThuliumAgentStatisticsSource(ThuliumClient client, string account, BucketCalendar vendorCalendar)
    : AgentStatisticsSource("thulium", account)
{
    private static readonly TimeBucket[] VendorBuckets = [TimeBucket.Minute, TimeBucket.Hour, TimeBucket.Day, TimeBucket.Week, TimeBucket.Month, TimeBucket.Year];

    protected override IReadOnlyList<SourceStep> CreatePlan(AgentStatisticsQuery query)
    {
        var logins = query.Agents;
        var groups = ParseIds(query.Filter("agentGroups"), "agentGroups", $"{nameof(query)}.{nameof(query.VendorFilters)}");
        if (logins is not { Count: > 0 } && groups is null)
        {
            throw new ArgumentException(
                "Thulium reports on agent logins or agent groups: give the agents (logins) or the vendor filter 'agentGroups'.",
                $"{nameof(query)}.{nameof(query.Agents)}");
        }

        var bucket = SourcePlanning.ChooseBucket(query, vendorCalendar, VendorBuckets, "Thulium");
        var chunks = query.Bucket is TimeBucket.None or TimeBucket.Minute or TimeBucket.QuarterHour or TimeBucket.Hour
            ? [query.Range]
            : query.Range.Split(query.Bucket, query.Calendar).ToArray();

        return chunks.Select(chunk => new SourceStep(
            Request(
                "agents_work_report",
                chunk,
                bucket,
                ("agent_logins", logins is null ? null : string.Join(',', logins)),
                ("agent_group_ids", groups is null ? null : string.Join(',', groups.Select(g => g.ToString(CultureInfo.InvariantCulture))))),
            ct => FetchAsync(new AgentsWorkReportRequest { Range = chunk, AgentLogins = logins, AgentGroupIds = groups, Aggregation = bucket }, chunk, ct))).ToArray();
    }

    private async IAsyncEnumerable<AgentStatistics> FetchAsync(AgentsWorkReportRequest request, InstantRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in client.GetAgentsWorkReportAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var period = row.Period ?? throw Invalid($"the period '{row.PeriodText}' of agent '{row.Agent.Login}' could not be read");

            // A bucket Thulium reports past the range's end (an inclusive date_to) is not part of the query.
            if (period.Start >= range.End || period.End <= range.Start)
            {
                continue;
            }

            yield return Map(row, period);
        }
    }

    private AgentStatistics Map(AgentsWorkReportRow row, StatisticsPeriod period)
    {
        var metrics = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (row.OutboundAboveThreshold is { } above)
        {
            metrics["outbound_above_threshold.count"] = above.Count;
            Add(metrics, "outbound_above_threshold.sum", above.Sum);
        }

        if (row.OutboundBelowThreshold is { } below)
        {
            metrics["outbound_below_threshold.count"] = below.Count;
            Add(metrics, "outbound_below_threshold.sum", below.Sum);
        }

        if (row.Inbound is { } inbound)
        {
            metrics["inbound.count"] = inbound.Count;
            metrics["inbound.transferred_count"] = inbound.TransferredCount;
            Add(metrics, "inbound.wait_sum", inbound.WaitSum);
        }

        if (row.Chat is { } chat)
        {
            metrics["chat.closed"] = chat.Closed;
            metrics["chat.responded"] = chat.Responded;
        }

        if (row.Ticket is { } ticket)
        {
            metrics["ticket.closed"] = ticket.Closed;
            metrics["ticket.responded"] = ticket.Responded;
        }

        Duration? paused = null;
        foreach (var pause in row.Pauses)
        {
            if (pause.Id == PauseId.All)
            {
                paused = pause.Sum;
            }
            else
            {
                Add(metrics, $"pauses.{pause.Id}.sum", pause.Sum);
            }
        }

        var name = string.Join(' ', new[] { row.Agent.Name, row.Agent.Surname }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new AgentStatistics
        {
            Vendor = Vendor,
            Account = Account,
            AgentId = row.Agent.Login,
            AgentName = name.Length == 0 ? null : name,
            Period = period,
            CallsHandled = row.Inbound?.AnsweredCount,
            CallsUnanswered = row.Inbound?.NotAnsweredCount,
            TalkTime = row.Inbound?.Sum,
            PausedTime = paused,
            VendorMetrics = metrics,
        };
    }

    private static void Add(Dictionary<string, decimal> metrics, string name, Duration? value)
    {
        if (value is { } d)
        {
            metrics[name] = (decimal)d.TotalSeconds;
        }
    }

    private static long[]? ParseIds(string? text, string filter, string paramName)
    {
        if (text is null)
        {
            return null;
        }

        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw new ArgumentException($"The vendor filter '{filter}' takes positive ids separated by commas; '{part}' is not one.", paramName);
            }

            ids.Add(id);
        }

        return ids.Count == 0 ? null : [.. ids];
    }

    private static VendorApiException Invalid(string message) =>
        new("Thulium", VendorErrorKind.InvalidResponse, [new VendorError(null, "The answer could not be read: " + message + ".")], statusCode: null, isTransient: false);
}
