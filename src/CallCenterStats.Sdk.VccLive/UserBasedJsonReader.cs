using System.Globalization;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Reads the JSON envelope <c>{"response": [rows], "errors": [...]}</c> as it arrives, straight into
/// <see cref="UserBasedStatisticsRow"/>s: one pass of a <see cref="Utf8JsonReader"/> per row, with no intermediate
/// objects (no DTO, no string for a date, a time or a KPI name already seen). Errors are reported wherever they appear
/// in the envelope; rows parsed together with them are never handed out.
/// </summary>
/// <remarks>
/// Parsing is resumable at unit boundaries (a row, a property of the envelope): a unit that is not complete in the
/// buffer yet is parsed again once more data has arrived (the buffer at least doubles first: linear time). Answering a
/// tab/CSV request (<c>rowsAsked</c> false), only the error envelope is acceptable: JSON rows, or an envelope without
/// errors, are an invalid answer.
/// </remarks>
internal sealed class UserBasedJsonReader(VendorResponse response, UserBasedRowMapping.PeriodCache periods, string? askedFormat)
{
    private const int MaxInternedNames = 4096;

    private readonly List<UserBasedKpi> _kpis = [];
    private readonly List<UserBasedKpiValue> _values = [];
    private readonly Dictionary<string, UserBasedKpi> _names = new(StringComparer.Ordinal);
    private readonly byte[] _scratch = new byte[64];
    private JsonReaderState _state;
    private Phase _phase = Phase.Start;
    private bool _sawResponse;
    private long _rows;

    // The KPIs of the previous row: the next row usually lists the same ones, matched by their UTF-8 names.
    private KpiLayout _layout = KpiLayout.Empty;
    private byte[][] _layoutNames = [];

    private enum Phase
    {
        Start,
        InObject,
        InResponse,
        Done,
    }

    private enum ItemField
    {
        Other,
        Field,
        Count,
        Sum,
    }

    private enum RowField
    {
        Other,
        Date,
        Time,
        ProjectId,
        UserId,
        Level,
        Data,
    }

    /// <summary>Whether the envelope has ended (the rest of the body must be white space).</summary>
    public bool IsDone => _phase == Phase.Done;

    /// <summary>Parses the complete units <paramref name="body"/> holds, adding up to <paramref name="maxRows"/> rows to <paramref name="batch"/>.</summary>
    /// <returns>Whether any byte was consumed.</returns>
    /// <exception cref="FormatException">The answer is not the envelope, or a value is not of its field's type.</exception>
    /// <exception cref="JsonException">The answer is not JSON, or is cut off.</exception>
    /// <exception cref="VendorApiException">The envelope carries errors.</exception>
    public bool Read(BodyBuffer body, List<UserBasedStatisticsRow> batch, int maxRows)
    {
        var reader = new Utf8JsonReader(body.Data, body.Ended, _state);
        var committed = 0;
        while (_phase != Phase.Done && batch.Count < maxRows)
        {
            var checkpoint = reader;
            if (!Step(ref reader, batch))
            {
                reader = checkpoint;
                if (body.Ended)
                {
                    throw new FormatException("the answer ends before its JSON is complete (cut off)");
                }

                break;
            }

            committed = (int)reader.BytesConsumed;
        }

        _state = reader.CurrentState;
        body.Consume(committed);
        return committed > 0;
    }

    private bool Step(ref Utf8JsonReader reader, List<UserBasedStatisticsRow> batch)
    {
        if (!reader.Read())
        {
            return false;
        }

        switch (_phase)
        {
            case Phase.Start:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException(reader.TokenType == JsonTokenType.StartArray
                        ? askedFormat is null ? "the answer is a bare JSON array, not the {\"response\", \"errors\"} envelope" : $"the answer is a JSON array where {askedFormat} output was asked"
                        : $"the answer is {Describe(reader.TokenType)}, not the {{\"response\", \"errors\"}} envelope");
                }

                _phase = Phase.InObject;
                return true;

            case Phase.InObject:
                return reader.TokenType == JsonTokenType.EndObject ? EndEnvelope() : EnvelopeProperty(ref reader);

            default:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = Phase.InObject;
                    return true;
                }

                if (askedFormat is not null)
                {
                    throw new FormatException($"the answer holds JSON rows where {askedFormat} output was asked");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException($"row {_rows + 1} is {Describe(reader.TokenType)}, not an object");
                }

                if (!TryReadRow(ref reader, out var row))
                {
                    return false;
                }

                _rows++;
                batch.Add(row);
                return true;
        }
    }

    private bool EnvelopeProperty(ref Utf8JsonReader reader)
    {
        if (NameIs(ref reader, "response"u8))
        {
            if (!reader.Read())
            {
                return false;
            }

            if (_sawResponse)
            {
                throw new FormatException("the answer has 'response' twice");
            }

            _sawResponse = true;
            _phase = reader.TokenType switch
            {
                JsonTokenType.StartArray => Phase.InResponse,
                JsonTokenType.Null => Phase.InObject,
                _ => throw new FormatException($"'response' is {Describe(reader.TokenType)}, not an array of rows"),
            };
            return true;
        }

        var isErrors = NameIs(ref reader, "errors"u8);
        if (!reader.Read())
        {
            return false;
        }

        var value = reader;
        if (!reader.TrySkip())
        {
            return false;
        }

        if (isErrors)
        {
            using var document = JsonDocument.ParseValue(ref value);
            var errors = VccLiveErrorPolicy.ReadErrors(document.RootElement);
            if (errors.Count > 0)
            {
                throw response.CreateException(new VendorErrorReport(errors));
            }
        }

        return true;
    }

    private bool EndEnvelope()
    {
        if (askedFormat is not null)
        {
            throw new FormatException($"the answer is JSON without errors where {askedFormat} output was asked");
        }

        if (!_sawResponse)
        {
            throw new FormatException("the answer has no 'response' (not the {\"response\", \"errors\"} envelope)");
        }

        _phase = Phase.Done;
        return true;
    }

    private bool TryReadRow(ref Utf8JsonReader reader, out UserBasedStatisticsRow row)
    {
        row = null!;
        LocalDate? date = null;
        LocalTime? time = null;
        long? projectId = null, userId = null, level = null;
        Dictionary<string, JsonElement>? extra = null;
        _kpis.Clear();
        _values.Clear();
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var field = RowFieldOf(ref reader);
            var otherName = field == RowField.Other ? GetText(ref reader, "a field name") : null;
            if (!reader.Read())
            {
                return false;
            }

            switch (field)
            {
                case RowField.Date:
                    date = ReadDate(ref reader);
                    break;
                case RowField.Time:
                    time = ReadTime(ref reader);
                    break;
                case RowField.ProjectId:
                    projectId = ReadInt64(ref reader, "projectId");
                    break;
                case RowField.UserId:
                    userId = ReadInt64(ref reader, "userId");
                    break;
                case RowField.Level:
                    level = ReadInt64(ref reader, "level");
                    break;
                case RowField.Data:
                    if (!TryReadData(ref reader))
                    {
                        return false;
                    }

                    break;
                default:
                    var value = reader;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    (extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[otherName!] = JsonElement.ParseValue(ref value);
                    break;
            }
        }

        row = new UserBasedStatisticsRow
        {
            Date = date,
            Time = time,
            Period = periods.Of(date, time),
            ProjectId = projectId,
            UserId = userId,
            Level = level,
            Values = TakeValues(),
            AdditionalData = ExtensionData.From(extra),
        };
        return true;
    }

    private bool TryReadData(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid($"'data' is {Describe(reader.TokenType)}, not an array");
        }

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray:
                    return true;
                case JsonTokenType.Null:
                    continue;
                case JsonTokenType.StartObject:
                    if (!TryReadKpi(ref reader))
                    {
                        return false;
                    }

                    continue;
                default:
                    throw Invalid($"a 'data' item is {Describe(reader.TokenType)}, not an object");
            }
        }
    }

    private bool TryReadKpi(ref Utf8JsonReader reader)
    {
        UserBasedKpi? kpi = null;
        long? count = null;
        decimal? sum = null;
        Dictionary<string, JsonElement>? extra = null;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var item = ItemFieldOf(ref reader);
            if (item == ItemField.Field)
            {
                if (!reader.Read())
                {
                    return false;
                }

                kpi = reader.TokenType switch
                {
                    JsonTokenType.String => MatchKpi(ref reader),
                    JsonTokenType.Null => null,
                    _ => throw Invalid($"a KPI 'field' is {Describe(reader.TokenType)}, not a name"),
                };
            }
            else if (item == ItemField.Count)
            {
                if (!reader.Read())
                {
                    return false;
                }

                count = ReadInt64(ref reader, "count");
            }
            else if (item == ItemField.Sum)
            {
                if (!reader.Read())
                {
                    return false;
                }

                sum = ReadDecimal(ref reader);
            }
            else
            {
                var name = GetText(ref reader, "a field name");
                if (!reader.Read())
                {
                    return false;
                }

                var value = reader;
                if (!reader.TrySkip())
                {
                    return false;
                }

                (extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = JsonElement.ParseValue(ref value);
            }
        }

        if (kpi is not { Name.Length: > 0 } known)
        {
            throw Invalid("a KPI item has no 'field' name");
        }

        if (known.IsTime && sum is { } seconds && !WireValues.IsDuration(seconds))
        {
            throw Invalid($"the sum of '{known.Name}' is not a number of seconds the SDK can hold");
        }

        _kpis.Add(known);
        _values.Add(new UserBasedKpiValue { Kpi = known, Count = count, Sum = sum, AdditionalData = ExtensionData.From(extra) });
        return true;
    }

    /// <summary>The KPI named by the current string: the previous row's KPI at the same place when it matches (no string made), else interned.</summary>
    private UserBasedKpi MatchKpi(ref Utf8JsonReader reader)
    {
        var position = _kpis.Count;
        if (position < _layoutNames.Length && reader.ValueTextEquals(_layoutNames[position]))
        {
            return _layout[position];
        }

        var name = GetText(ref reader, "a KPI name");
        if (!_names.TryGetValue(name, out var kpi))
        {
            kpi = new UserBasedKpi(name);
            if (_names.Count < MaxInternedNames)
            {
                _names.Add(name, kpi);
            }
        }

        return kpi;
    }

    /// <summary>The row's values over the previous row's layout when the KPIs are the same, else over a new layout (a KPI named twice: the last value wins).</summary>
    private KpiValues TakeValues()
    {
        if (_kpis.Count == 0)
        {
            return KpiValues.Empty;
        }

        if (!SameAsLayout())
        {
            var distinct = new List<UserBasedKpi>(_kpis.Count);
            var values = new List<UserBasedKpiValue>(_kpis.Count);
            for (var i = 0; i < _kpis.Count; i++)
            {
                var at = distinct.IndexOf(_kpis[i]);
                if (at >= 0)
                {
                    values[at] = _values[i];
                    continue;
                }

                distinct.Add(_kpis[i]);
                values.Add(_values[i]);
            }

            _layout = new KpiLayout([.. distinct]);
            _layoutNames = [.. distinct.Select(k => Encoding.UTF8.GetBytes(k.Name))];
            return new KpiValues(_layout, [.. values]);
        }

        return new KpiValues(_layout, [.. _values]);
    }

    private bool SameAsLayout()
    {
        if (_kpis.Count != _layout.Count)
        {
            return false;
        }

        // Matched names share the layout's strings: the comparisons stop at reference equality.
        for (var i = 0; i < _kpis.Count; i++)
        {
            if (_kpis[i] != _layout[i])
            {
                return false;
            }
        }

        return true;
    }

    private LocalDate? ReadDate(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = ScalarBytes(ref reader, "date");
        return text.Trim((byte)' ').IsEmpty ? null
            : WireValues.TryParseDate(text, out var date) ? date
            : throw Invalid($"'date' {WireValues.Describe(text)} is not a date (expected yyyy-mm-dd)");
    }

    private LocalTime? ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = ScalarBytes(ref reader, "time");
        return text.Trim((byte)' ').IsEmpty ? null
            : WireValues.TryParseTime(text, out var time) ? time
            : throw Invalid($"'time' {WireValues.Describe(text)} is not a time of day (expected an hhmm integer such as 1500 or 915)");
    }

    private long? ReadInt64(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return number;
        }

        var text = ScalarBytes(ref reader, field);
        return text.Trim((byte)' ').IsEmpty && reader.TokenType == JsonTokenType.String ? null
            : WireValues.TryParseInt64(text, out var value) ? value
            : throw Invalid($"'{field}' {WireValues.Describe(text)} is not an integer");
    }

    private decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var whole):
                return whole;
            case JsonTokenType.Number when reader.TryGetDecimal(out var number):
                return number;
        }

        var text = ScalarBytes(ref reader, "sum");
        return text.Trim((byte)' ').IsEmpty && reader.TokenType == JsonTokenType.String ? null
            : WireValues.TryParseDecimal(text, out var value) ? value
            : throw Invalid($"'sum' {WireValues.Describe(text)} is not a number");
    }

    /// <summary>The UTF-8 text of a number or string value (unescaped into a scratch buffer when needed).</summary>
    private ReadOnlySpan<byte> ScalarBytes(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            throw Invalid($"'{field}' is {Describe(reader.TokenType)}, not a value");
        }

        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        // An escaped value is not a number or a date unless it unescapes to a short ASCII text.
        var scratch = _scratch.AsSpan();
        if (reader.ValueSpan.Length > scratch.Length)
        {
            throw Invalid($"'{field}' {WireValues.Describe(reader.ValueSpan)} is not a value of its type");
        }

        try
        {
            return scratch[..reader.CopyString(scratch)];
        }
        catch (InvalidOperationException)
        {
            throw Invalid($"'{field}' is not valid text");
        }
    }

    /// <summary>The current string, or a clear error when it is not valid text (a lone surrogate escape, invalid UTF-8).</summary>
    private string GetText(ref Utf8JsonReader reader, string what)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid($"{what} is not valid text");
        }
    }

    private static RowField RowFieldOf(ref Utf8JsonReader reader)
    {
        // The wire's own spelling first, by length: one comparison for most names.
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            var field = name.Length switch
            {
                4 when name.SequenceEqual("date"u8) => RowField.Date,
                4 when name.SequenceEqual("time"u8) => RowField.Time,
                4 when name.SequenceEqual("data"u8) => RowField.Data,
                5 when name.SequenceEqual("level"u8) => RowField.Level,
                6 when name.SequenceEqual("userId"u8) => RowField.UserId,
                9 when name.SequenceEqual("projectId"u8) => RowField.ProjectId,
                _ => RowField.Other,
            };
            if (field != RowField.Other)
            {
                return field;
            }
        }

        return RowFieldInAnyCase(ref reader);
    }

    private static RowField RowFieldInAnyCase(ref Utf8JsonReader reader) =>
        NameIs(ref reader, "date"u8) ? RowField.Date
        : NameIs(ref reader, "time"u8) ? RowField.Time
        : NameIs(ref reader, "userId"u8) ? RowField.UserId
        : NameIs(ref reader, "projectId"u8) ? RowField.ProjectId
        : NameIs(ref reader, "data"u8) ? RowField.Data
        : NameIs(ref reader, "level"u8) ? RowField.Level
        : RowField.Other;

    private static ItemField ItemFieldOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            if (name.SequenceEqual("field"u8))
            {
                return ItemField.Field;
            }

            if (name.SequenceEqual("sum"u8))
            {
                return ItemField.Sum;
            }

            if (name.SequenceEqual("count"u8))
            {
                return ItemField.Count;
            }
        }

        return NameIs(ref reader, "field"u8) ? ItemField.Field
            : NameIs(ref reader, "count"u8) ? ItemField.Count
            : NameIs(ref reader, "sum"u8) ? ItemField.Sum
            : ItemField.Other;
    }

    /// <summary>Whether the current property name is <paramref name="name"/>, in any case (the wire is camelCase; older readers matched case-insensitively).</summary>
    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.ValueTextEquals(name)
        || (!reader.ValueIsEscaped && reader.ValueSpan.Length == name.Length && Ascii.EqualsIgnoreCase(reader.ValueSpan, name));

    private FormatException Invalid(string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"row {_rows + 1}: {problem}"));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
