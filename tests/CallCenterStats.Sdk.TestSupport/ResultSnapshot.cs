using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CallCenterStats.Sdk.TestSupport;

/// <summary>
/// Snapshots of whole results, serialized as they are with System.Text.Json and NodaTime's converters (ISO-8601
/// instants, durations and zone ids), so that a field added to or dropped from a model changes the snapshot. Never a
/// hand-written projection.
/// </summary>
public static class ResultSnapshot
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The result as indented JSON: every public property, enums by name, dictionaries keyed by their keys' text.</summary>
    public static string Serialize(object? result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Matches the serialized result against the test's snapshot (in <c>__snapshots__</c>).</summary>
    public static void Match(object? result) =>
        Snapshooter.Xunit3.Snapshot.Match(Parse(Serialize(result)));

    /// <summary>Matches with a name extension, for theories.</summary>
    public static void Match(object? result, string nameExtension) =>
        Snapshooter.Xunit3.Snapshot.Match(Parse(Serialize(result)), new Snapshooter.SnapshotNameExtension(nameExtension));

    // Dates stay the text they were written as: parsing them into DateTime would drop offsets (+01:00 becoming +00:00),
    // and an offset regression would then pass the snapshot.
    private static Newtonsoft.Json.Linq.JToken Parse(string json)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        return Newtonsoft.Json.Linq.JToken.ReadFrom(reader);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter(), new TextKeyedDictionaryConverterFactory(), new ZoneIdConverter() },
        }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }

    /// <summary>Writes a dictionary whose keys are not strings (vendor name types) as an object keyed by the keys' text, in key order.</summary>
    private sealed class TextKeyedDictionaryConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            DictionaryTypes(typeToConvert) is { } types && types.Key != typeof(string);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) => new Converter();

        private static (Type Key, Type Value)? DictionaryTypes(Type type)
        {
            foreach (var candidate in type.GetInterfaces().Append(type))
            {
                if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                {
                    var args = candidate.GetGenericArguments();
                    return (args[0], args[1]);
                }
            }

            return null;
        }

        private sealed class Converter : JsonConverter<object>
        {
            public override bool CanConvert(Type typeToConvert) => true;

            public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException();

            public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
            {
                var entries = new List<(string Key, object? Value)>();
                foreach (var item in (IEnumerable)value)
                {
                    var type = item!.GetType();
                    entries.Add((type.GetProperty("Key")!.GetValue(item)?.ToString() ?? string.Empty, type.GetProperty("Value")!.GetValue(item)));
                }

                writer.WriteStartObject();
                foreach (var (key, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    JsonSerializer.Serialize(writer, entry, options);
                }

                writer.WriteEndObject();
            }
        }
    }

    /// <summary>Writes a zone as its id.</summary>
    private sealed class ZoneIdConverter : JsonConverter<DateTimeZone>
    {
        public override DateTimeZone Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeZoneProviders.Tzdb[reader.GetString()!];

        public override void Write(Utf8JsonWriter writer, DateTimeZone value, JsonSerializerOptions options) => writer.WriteStringValue(value.Id);
    }
}
