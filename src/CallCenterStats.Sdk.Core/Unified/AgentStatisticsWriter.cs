using System.Globalization;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Unified;

/// <summary>
/// Writes unified records as CSV or JSON, streamed (one record at a time, flushed as it goes), with these columns in
/// this order: <c>vendor, agent_id, agent_name, period_start, period_end, calls_handled, calls_unanswered,
/// talk_seconds, available_seconds, on_call_seconds, after_call_work_seconds, paused_seconds, offline_seconds,
/// dnd_seconds</c>, then, when asked, the KPI columns <c>average_handle_seconds, average_talk_seconds, occupancy,
/// answer_rate</c>.
/// </summary>
/// <remarks>
/// <para>Period instants are ISO-8601 UTC (<c>2024-03-11T00:00:00Z</c>); durations are seconds, whole when whole,
/// otherwise with up to nine decimals; ratios have up to six decimals; everything in the invariant culture. An unknown
/// metric is an empty cell (CSV) or <c>null</c> (JSON), never 0.</para>
/// <para>CSV follows RFC 4180 (a header line; fields with a comma, a quote or a line break are quoted, quotes doubled)
/// with <c>\n</c> line ends and no byte-order mark. JSON is one array of objects with the same names.</para>
/// </remarks>
public static class AgentStatisticsWriter
{
    /// <summary>The columns, in order, without the KPI columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "vendor", "agent_id", "agent_name", "period_start", "period_end", "calls_handled", "calls_unanswered",
        "talk_seconds", "available_seconds", "on_call_seconds", "after_call_work_seconds", "paused_seconds",
        "offline_seconds", "dnd_seconds",
    ];

    /// <summary>The KPI columns, written after <see cref="Columns"/> when asked for.</summary>
    public static IReadOnlyList<string> KpiColumns { get; } = ["average_handle_seconds", "average_talk_seconds", "occupancy", "answer_rate"];

    private const int FlushEvery = 256;

    /// <summary>Writes the records as CSV to <paramref name="output"/> (UTF-8, no BOM); the stream is left open.</summary>
    /// <param name="records">The records.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="includeKpis">Whether to add the KPI columns.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>How many records were written.</returns>
    public static async Task<long> WriteCsvAsync(IAsyncEnumerable<AgentStatistics> records, Stream output, bool includeKpis = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            var line = new StringBuilder(256);
            line.AppendJoin(',', includeKpis ? Columns.Concat(KpiColumns) : Columns);
            await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            long count = 0;
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                line.Clear();
                AppendCsv(line, record, includeKpis);
                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
                if (++count % FlushEvery == 0)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    /// <summary>Writes the records as one JSON array of objects (UTF-8); the stream is left open.</summary>
    /// <param name="records">The records.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="includeKpis">Whether to add the KPI properties.</param>
    /// <param name="indented">Whether to indent (one property per line).</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>How many records were written.</returns>
    public static async Task<long> WriteJsonAsync(IAsyncEnumerable<AgentStatistics> records, Stream output, bool includeKpis = false, bool indented = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(output);
        // Output for files and terminals, never embedded in HTML: quotes and non-ASCII names are written as they are.
        var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartArray();
            long count = 0;
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                WriteJson(json, record, includeKpis);
                if (++count % FlushEvery == 0)
                {
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            json.WriteEndArray();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    /// <summary>Formats a duration as seconds: whole when whole, else with up to nine decimals.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text, e.g. <c>14033</c> or <c>12.5</c>.</returns>
    public static string Seconds(Duration value)
    {
        if (value.SubsecondNanoseconds == 0)
        {
            return ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        var seconds = ((decimal)value.Days * 86_400m) + ((decimal)value.NanosecondOfDay / 1_000_000_000m);
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture);
    }

    private static void AppendCsv(StringBuilder line, AgentStatistics record, bool includeKpis)
    {
        AppendField(line, record.Vendor);
        line.Append(',');
        AppendField(line, record.AgentId);
        line.Append(',');
        AppendField(line, record.AgentName);
        line.Append(',').Append(WireFormat.IsoUtc(record.Period.Start));
        line.Append(',').Append(WireFormat.IsoUtc(record.Period.End));
        line.Append(',').Append(Count(record.CallsHandled));
        line.Append(',').Append(Count(record.CallsUnanswered));
        line.Append(',').Append(Seconds(record.TalkTime));
        line.Append(',').Append(Seconds(record.AvailableTime));
        line.Append(',').Append(Seconds(record.OnCallTime));
        line.Append(',').Append(Seconds(record.AfterCallWorkTime));
        line.Append(',').Append(Seconds(record.PausedTime));
        line.Append(',').Append(Seconds(record.OfflineTime));
        line.Append(',').Append(Seconds(record.DoNotDisturbTime));
        if (includeKpis)
        {
            line.Append(',').Append(Seconds(record.AverageHandleTime));
            line.Append(',').Append(Seconds(record.AverageTalkTime));
            line.Append(',').Append(Ratio(record.Occupancy));
            line.Append(',').Append(Ratio(record.AnswerRate));
        }
    }

    private static void AppendField(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static void WriteJson(Utf8JsonWriter json, AgentStatistics record, bool includeKpis)
    {
        json.WriteStartObject();
        json.WriteString("vendor", record.Vendor);
        json.WriteString("agent_id", record.AgentId);
        WriteNullable(json, "agent_name", record.AgentName);
        json.WriteString("period_start", WireFormat.IsoUtc(record.Period.Start));
        json.WriteString("period_end", WireFormat.IsoUtc(record.Period.End));
        WriteNumber(json, "calls_handled", Count(record.CallsHandled));
        WriteNumber(json, "calls_unanswered", Count(record.CallsUnanswered));
        WriteNumber(json, "talk_seconds", Seconds(record.TalkTime));
        WriteNumber(json, "available_seconds", Seconds(record.AvailableTime));
        WriteNumber(json, "on_call_seconds", Seconds(record.OnCallTime));
        WriteNumber(json, "after_call_work_seconds", Seconds(record.AfterCallWorkTime));
        WriteNumber(json, "paused_seconds", Seconds(record.PausedTime));
        WriteNumber(json, "offline_seconds", Seconds(record.OfflineTime));
        WriteNumber(json, "dnd_seconds", Seconds(record.DoNotDisturbTime));
        if (includeKpis)
        {
            WriteNumber(json, "average_handle_seconds", Seconds(record.AverageHandleTime));
            WriteNumber(json, "average_talk_seconds", Seconds(record.AverageTalkTime));
            WriteNumber(json, "occupancy", Ratio(record.Occupancy));
            WriteNumber(json, "answer_rate", Ratio(record.AnswerRate));
        }

        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, string? number)
    {
        json.WritePropertyName(name);
        if (string.IsNullOrEmpty(number))
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(number, skipInputValidation: true);
        }
    }

    private static string? Count(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Seconds(Duration? value) => value is { } d ? Seconds(d) : null;

    private static string? Ratio(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
