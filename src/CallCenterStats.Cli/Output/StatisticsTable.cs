using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Unified;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CallCenterStats.Cli.Output;

/// <summary>Unified records as a table for people: one row per agent and period, figures and KPIs, unknown figures as a dash.</summary>
internal static class StatisticsTable
{
    private sealed record Column(string Header, Func<AgentStatistics, string?> Value, bool Numeric = true);

    private static readonly Column[] Figures =
    [
        new("Handled", r => r.CallsHandled is { } v ? Formats.Count(v) : null),
        new("Unanswered", r => r.CallsUnanswered is { } v ? Formats.Count(v) : null),
        new("Talk", r => r.TalkTime is { } v ? Formats.Time(v) : null),
        new("Available", r => r.AvailableTime is { } v ? Formats.Time(v) : null),
        new("On call", r => r.OnCallTime is { } v ? Formats.Time(v) : null),
        new("After-call work", r => r.AfterCallWorkTime is { } v ? Formats.Time(v) : null),
        new("Paused", r => r.PausedTime is { } v ? Formats.Time(v) : null),
        new("Offline", r => r.OfflineTime is { } v ? Formats.Time(v) : null),
        new("DND", r => r.DoNotDisturbTime is { } v ? Formats.Time(v) : null),
        new("Avg handle", r => r.AverageHandleTime is { } v ? Formats.Time(v) : null),
        new("Answer rate", r => r.AnswerRate is { } v ? Formats.Percent(v) : null),
        new("Occupancy", r => r.Occupancy is { } v ? Formats.Percent(v) : null),
    ];

    /// <summary>Renders the records; columns that no record reports are left out and named below the table.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<AgentStatistics> records, DateTimeZone zone, TimeBucket bucket)
    {
        if (records.Count == 0)
        {
            console.WriteLine("No rows: the vendor reported nothing for this range and scope.");
            return;
        }

        var accounts = records.Select(r => r.Account).Distinct(StringComparer.Ordinal).Count();
        var vendors = records.Select(r => r.Vendor).Distinct(StringComparer.Ordinal).Count();
        var columns = new List<Column>();
        if (vendors > 1)
        {
            columns.Add(new("Vendor", r => r.Vendor, Numeric: false));
        }

        if (accounts > 1)
        {
            columns.Add(new("Account", r => r.Account, Numeric: false));
        }

        columns.Add(new("Agent", r => r.AgentId, Numeric: false));
        if (records.Any(r => r.AgentName is not null))
        {
            columns.Add(new("Name", r => r.AgentName ?? string.Empty, Numeric: false));
        }

        columns.Add(new(bucket == TimeBucket.None ? "Period" : $"{bucket} ({zone.Id})", r => Period(r, zone, bucket), Numeric: false));
        var reported = Figures.Where(c => records.Any(r => c.Value(r) is not null)).ToArray();
        columns.AddRange(reported);

        var table = new Table().Border(console.Profile.Capabilities.Unicode ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column.Header)) { Alignment = column.Numeric ? Justify.Right : Justify.Left, NoWrap = true });
        }

        foreach (var record in records)
        {
            table.AddRow(columns.Select(c => (IRenderable)new Text(c.Value(record) ?? Formats.Unknown)).ToArray());
        }

        console.Write(table);
        var missing = Figures.Except(reported).Select(c => c.Header.ToLowerInvariant()).ToArray();
        if (missing.Length > 0)
        {
            console.WriteLine($"Not reported (unknown, not zero): {string.Join(", ", missing)}.");
        }
    }

    private static string Period(AgentStatistics record, DateTimeZone zone, TimeBucket bucket) => bucket switch
    {
        TimeBucket.None or TimeBucket.Minute or TimeBucket.QuarterHour or TimeBucket.Hour =>
            $"{Formats.Local(record.Period.Start, zone)} – {Formats.Local(record.Period.End, zone)}",
        _ => record.Period.Start.InZone(zone).TimeOfDay == LocalTime.Midnight
            ? record.Period.Start.InZone(zone).Date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : Formats.Local(record.Period.Start, zone),
    };
}
