using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CallCenterStats.Cli.Output;

/// <summary>
/// The raw commands' results as JSON: source-generated (no reflection), camelCase, enums by name, NodaTime values as
/// NodaTime's JSON text (instants ISO-8601 UTC, durations <c>d:hh:mm:ss</c>, zones by id), periods and ranges as
/// <c>{start, end}</c>, vendor name types (statuses, KPIs, pause ids) as their text.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(AcdOperatorStatusStatistics))]
[JsonSerializable(typeof(AcdStatisticsRow))]
[JsonSerializable(typeof(List<UserBasedStatisticsRow>))]
[JsonSerializable(typeof(UserBasedStatisticsRow))]
[JsonSerializable(typeof(CallCenterStatistics))]
[JsonSerializable(typeof(CallCenterAgentStatistics))]
[JsonSerializable(typeof(StatisticsReporting))]
[JsonSerializable(typeof(DestinationStatistics))]
[JsonSerializable(typeof(IReadOnlyList<DestinationStatistics>))]
[JsonSerializable(typeof(List<AgentsWorkReportRow>))]
[JsonSerializable(typeof(AgentsWorkReportRow))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    private static CliJsonContext? _configured;

    /// <summary>The context with the NodaTime and SDK converters.</summary>
    public static CliJsonContext Configured => _configured ??= new CliJsonContext(CreateOptions());

    private static JsonSerializerOptions CreateOptions()
    {
        // Options given at run time replace the attribute's, so the naming and indentation are repeated here.
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Converters =
            {
                new StatisticsPeriodConverter(),
                new InstantRangeConverter(),
                new DateRangeConverter(),
                new TextConverter<AcdStatus>(s => s.Value),
                new TextConverter<UserBasedKpi>(k => k.Name),
                new TextConverter<PauseId>(p => p.Value),
            },
        };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }

    private sealed class StatisticsPeriodConverter : JsonConverter<StatisticsPeriod>
    {
        public override StatisticsPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, StatisticsPeriod value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("start", Sdk.Pipeline.WireFormat.IsoUtc(value.Start));
            writer.WriteString("end", Sdk.Pipeline.WireFormat.IsoUtc(value.End));
            writer.WriteString("bucket", value.Bucket.ToString());
            writer.WriteString("zone", value.Zone.Id);
            writer.WriteEndObject();
        }
    }

    private sealed class InstantRangeConverter : JsonConverter<InstantRange>
    {
        public override InstantRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, InstantRange value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("start", Sdk.Pipeline.WireFormat.IsoUtc(value.Start));
            writer.WriteString("end", Sdk.Pipeline.WireFormat.IsoUtc(value.End));
            writer.WriteEndObject();
        }
    }

    private sealed class DateRangeConverter : JsonConverter<DateRange>
    {
        public override DateRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, DateRange value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("start", Sdk.Pipeline.WireFormat.IsoDate(value.Start));
            writer.WriteString("end", Sdk.Pipeline.WireFormat.IsoDate(value.End));
            writer.WriteEndObject();
        }
    }

    /// <summary>A vendor name type written as its text, as a value and as a dictionary key.</summary>
    private sealed class TextConverter<T>(Func<T, string> text) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(text(value));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(text(value));
    }
}
