using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Wire;

/// <summary>Turns the wire envelope into the public records.</summary>
internal static class StatisticsMapper
{
    public static AcdOperatorStatusStatistics Map(StatisticsEnvelope envelope, InstantRange range, StatisticsGrouping grouping, HourNumbering numbering) => new()
    {
        Range = range,
        Grouping = grouping,
        Groups = (envelope.Result ?? []).Select(group => MapGroup(group, numbering)).ToList(),
    };

    private static AcdStatisticsGroup MapGroup(GroupDto group, HourNumbering numbering)
    {
        var extra = CopyExtra(group.Extra);
        var (period, hourOfDay) = MapPeriod(group, numbering);
        return new AcdStatisticsGroup
        {
            UserId = group.UserId,
            Period = period,
            HourOfDay = hourOfDay,
            Statistics = (group.Statistics ?? []).Where(e => e is not null).Select(entry => MapEntry(entry, numbering)).ToList(),
            AdditionalData = extra,
        };
    }

    private static AcdStatisticsEntry MapEntry(EntryDto entry, HourNumbering numbering)
    {
        var extra = CopyExtra(entry.Extra);
        var (period, hourOfDay) = MapPeriod(entry, numbering);
        return new AcdStatisticsEntry
        {
            UserId = entry.UserId,
            Period = period,
            HourOfDay = hourOfDay,
            Statuses = MergeStatuses(entry.AcdStatus),
            AdditionalData = extra,
        };
    }

    /// <summary>
    /// Reads <c>date</c> and <c>hour</c>: a date alone is a UTC day, an hour alone a recurring hour of the day, both an
    /// hour of that day. A date or hour that cannot be read makes the whole answer invalid.
    /// </summary>
    private static (StatisticsPeriod? Period, int? HourOfDay) MapPeriod(KeyedDto dto, HourNumbering numbering)
    {
        LocalDate? date = null;
        if (dto.Date is { } text)
        {
            date = WireFormat.TryParseIsoDate(text, out var parsed)
                ? parsed
                : throw new FormatException($"The date '{text}' is not yyyy-MM-dd.");
        }

        int? hourOfDay = dto.Hour is { } hour
            ? numbering switch
            {
                HourNumbering.OneBased when hour is >= 1 and <= 24 => (int)hour - 1,
                HourNumbering.ZeroBased when hour is >= 0 and <= 23 => (int)hour,
                _ => throw new FormatException($"The hour {hour} is outside the {numbering} range."),
            }
            : null;

        if (date is not { } day)
        {
            return (null, hourOfDay);
        }

        var start = day.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        return hourOfDay is { } h
            ? (new StatisticsPeriod(start + Duration.FromHours(h), start + Duration.FromHours(h + 1), TimeBucket.Hour, DateTimeZone.Utc), h)
            : (new StatisticsPeriod(start, start + Duration.FromDays(1), TimeBucket.Day, DateTimeZone.Utc), null);
    }

    /// <summary>
    /// Merges the status objects into one dictionary. A status that appears in more than one object has its
    /// intervals combined (counts and sums added, extremes kept, average recomputed) so that nothing is dropped.
    /// </summary>
    private static Dictionary<AcdStatus, AcdStatusStatistics> MergeStatuses(IReadOnlyList<Dictionary<string, StatusStatisticsDto>>? objects)
    {
        var merged = new Dictionary<AcdStatus, AcdStatusStatistics>();
        foreach (var item in objects ?? [])
        {
            foreach (var (name, dto) in item ?? [])
            {
                var status = new AcdStatus(name);
                var statistics = MapStatistics(dto);
                merged[status] = merged.TryGetValue(status, out var earlier) ? Combine(earlier, statistics) : statistics;
            }
        }

        return merged;
    }

    private static AcdStatusStatistics MapStatistics(StatusStatisticsDto? dto) => new()
    {
        Min = dto?.Min ?? Duration.Zero,
        Average = dto?.Avg ?? Duration.Zero,
        Max = dto?.Max ?? Duration.Zero,
        Sum = dto?.Sum ?? Duration.Zero,
        Count = dto?.Count ?? 0,
        AdditionalData = CopyExtra(dto?.Extra),
    };

    private static AcdStatusStatistics Combine(AcdStatusStatistics a, AcdStatusStatistics b)
    {
        var count = a.Count + b.Count;
        var sum = a.Sum + b.Sum;
        return new AcdStatusStatistics
        {
            Min = Duration.Min(a.Min, b.Min),
            Max = Duration.Max(a.Max, b.Max),
            Sum = sum,
            Count = count,
            Average = count > 0 ? sum / count : Duration.Zero,
            AdditionalData = a.AdditionalData.Concat(b.AdditionalData.Where(kv => !a.AdditionalData.ContainsKey(kv.Key)))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    private static Dictionary<string, JsonElement> CopyExtra(Dictionary<string, JsonElement>? extra) =>
        extra is null ? new(StringComparer.Ordinal) : new(extra, StringComparer.Ordinal);
}
