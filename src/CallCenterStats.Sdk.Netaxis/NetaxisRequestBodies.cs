using CallCenterStats.Sdk.Pipeline;
using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// Writes the JSON request bodies with a <see cref="Utf8JsonWriter"/>: AOT-safe, and it lets the reporting
/// update leave a field out (unchanged) or write <c>""</c> (delete), which a serializer contract would blur.
/// </summary>
internal static class NetaxisRequestBodies
{
    public static ByteArrayContent Login(string username, string password) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("username", username);
        writer.WriteString("password", password);
        writer.WriteEndObject();
    });

    public static ByteArrayContent Statistics(InstantRange range, DateTimeZone zone) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("statisticsRange");
        writer.WriteString("start", WireFormat.IsoWithOffset(range.Start, zone));
        writer.WriteString("end", WireFormat.IsoWithOffset(range.End, zone));
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static ByteArrayContent ReportingUpdate(StatisticsReportingUpdate update) => Write(writer =>
    {
        writer.WriteStartObject();
        if (update.GenerateDailyReport is { } daily)
        {
            writer.WriteBoolean("generateDailyReport", daily);
        }

        if (update.CollectionPeriod is { } period)
        {
            writer.WriteNumber("collectionPeriodMinutes", (long)period.TotalMinutes);
        }

        WriteEmail(writer, "reportingEmailAddress1", update.ReportingEmailAddress1);
        WriteEmail(writer, "reportingEmailAddress2", update.ReportingEmailAddress2);
        writer.WriteEndObject();
    });

    private static void WriteEmail(Utf8JsonWriter writer, string name, EmailAddressUpdate update)
    {
        switch (update.Kind)
        {
            case FieldUpdateKind.Clear:
                writer.WriteString(name, string.Empty);
                break;
            case FieldUpdateKind.Set:
                writer.WriteString(name, update.Address);
                break;
            default:
                // Unchanged: the field is left out.
                break;
        }
    }

    // '+' in offsets and e-mail addresses stays readable ("+01:00", not "\u002B01:00"); the body is never HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ByteArrayContent Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
