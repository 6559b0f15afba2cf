using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
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
        return new AcdStatisticsGroup
        {
            UserId = group.UserId,
            Period = MapPeriod(group, numbering, extra),
            Statistics = (group.Statistics ?? []).Where(e => e is not null).Select(entry => MapEntry(entry, numbering)).ToList(),
            AdditionalData = extra,
        };
    }

    private static AcdStatisticsEntry MapEntry(EntryDto entry, HourNumbering numbering)
    {
        var extra = CopyExtra(entry.Extra);
        return new AcdStatisticsEntry
        {
            UserId = entry.UserId,
            Period = MapPeriod(entry, numbering, extra),
            Statuses = MergeStatuses(entry.AcdStatus),
            AdditionalData = extra,
        };
    }

    private static AcdStatisticsPeriod? MapPeriod(KeyedDto dto, HourNumbering numbering, Dictionary<string, JsonElement> extra)
    {
        LocalDate? date = null;
        if (dto.Date is { } text)
        {
            if (WireFormat.TryParseIsoDate(text, out var parsed))
            {
                date = parsed;
            }
            else
            {
                // Never fail on an unexpected date: keep it for the caller instead.
                extra["date"] = JsonSerializer.SerializeToElement(text, VoximplantJsonContext.Default.String);
            }
        }

        int? hour = dto.Hour is >= int.MinValue and <= int.MaxValue ? (int)dto.Hour.Value : null;
        if (dto.Hour is not null && hour is null)
        {
            extra["hour"] = JsonSerializer.SerializeToElement(dto.Hour.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), VoximplantJsonContext.Default.String);
        }

        return AcdStatisticsPeriod.Create(date, hour, numbering);
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
