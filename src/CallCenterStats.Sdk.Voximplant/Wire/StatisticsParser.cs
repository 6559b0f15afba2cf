using System.Buffers.Text;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Voximplant.Wire;

/// <summary>
/// The state of one answer being read by <see cref="StatisticsReader"/>: where in the envelope the last chunk ended,
/// the groups read so far and the group being read. It builds the public records directly.
/// </summary>
/// <remarks>
/// <para>
/// Shape (the docs, the generated clients and VENDOR-NOTES): <c>{"result": [group, …]}</c> or
/// <c>{"error": {"code", "msg"}}</c>; a group has <c>user_id</c> or <c>date</c>/<c>hour</c> and
/// <c>statistics</c> (entries); an entry has the other key and <c>acd_status</c>, an object keyed by status or an
/// array of such objects (merged); a status has <c>min</c>, <c>avg</c>, <c>max</c>, <c>sum</c> (seconds) and
/// <c>count</c>. Numbers may come as numeric strings; unknown fields are kept; a field whose value is <c>null</c> reads
/// as absent.
/// </para>
/// <para>
/// Invalid (<see cref="InvalidAnswerException"/>): a body that is not a JSON object; neither <c>result</c> nor
/// <c>error</c> (<c>{}</c> included); <c>result</c> or <c>statistics</c> that is not an array or appears twice; an element
/// of either that is not an object (<c>null</c> included); an <c>error</c> that is not an object or has no
/// <c>code</c>; <c>acd_status</c> that is neither an object nor an array of objects; a status whose figures are not an
/// object; a date that is not <c>yyyy-MM-dd</c>; an hour outside the <see cref="HourNumbering"/>; an id, hour or count
/// that is not a 64-bit integer; a duration that is not a number of seconds (or <c>H:MM:SS</c>) within ±10^12 s; text
/// that is not valid Unicode where the SDK reads it.
/// </para>
/// </remarks>
internal sealed class StatisticsParser(HourNumbering numbering)
{
    /// <summary>Figures beyond this many seconds (about 31,700 years) are not durations but garbage.</summary>
    private const long MaxSeconds = 1_000_000_000_000;

    /// <summary>Up to this many statuses an entry's statuses are a <see cref="StatusTable"/>; beyond, a dictionary.</summary>
    private const int StatusTableLimit = 16;

    /// <summary>Distinct periods shared within one answer: a year of hours; beyond, periods are not shared (bounded memory).</summary>
    private const int MaxCachedPeriods = 366 * 24;

    private static readonly IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> NoStatuses =
        ReadOnlyDictionary<AcdStatus, AcdStatusStatistics>.Empty;

    private readonly HourNumbering _numbering = numbering;
    private readonly List<AcdStatisticsGroup> _groups = [];

    // The group being read, and scratch lists reused from one group or entry to the next.
    private readonly List<AcdStatisticsEntry> _entries = [];
    private readonly List<KeyValuePair<AcdStatus, AcdStatusStatistics>> _statuses = [];
    private readonly List<(byte[] Utf8, AcdStatus Status)> _customStatuses = [];
    private readonly Dictionary<(Instant DayStart, int Hour), StatisticsPeriod> _periods = [];
    private Keys _groupKeys;
    private Dictionary<string, JsonElement>? _groupExtra;
    private bool _groupHasStatistics;

    private Level _level;
    private bool _sawResult;

    private enum Level
    {
        Start,
        Envelope,
        Result,
        Group,
        Statistics,
        End,
        Done,
    }

    private enum Field
    {
        Other,
        Result,
        Error,
        Code,
        Message,
        UserId,
        Date,
        Hour,
        Statistics,
        AcdStatus,
        Min,
        Avg,
        Max,
        Sum,
        Count,
    }

    /// <summary>The error Voximplant reported instead of a result, once the answer is read.</summary>
    public ErrorDto? Error { get; private set; }

    /// <summary>The result, once the answer is read without an error.</summary>
    public AcdOperatorStatusStatistics ToResult(InstantRange range, StatisticsGrouping grouping) => new()
    {
        Range = range,
        Grouping = grouping,
        Groups = _groups,
    };

    /// <summary>
    /// Reads as many whole units of <paramref name="data"/> as it holds. Returns true when the answer is read to its
    /// end (or to its error); false when it needs the bytes after <paramref name="consumed"/> and more.
    /// </summary>
    public bool Advance(ReadOnlySpan<byte> data, bool isFinalBlock, ref JsonReaderState state, out int consumed)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, state);
        var done = Advance(ref reader);
        consumed = (int)reader.BytesConsumed;
        state = reader.CurrentState;
        return done;
    }

    private bool Advance(ref Utf8JsonReader reader)
    {
        while (_level != Level.Done)
        {
            // A unit cut by the end of the data is read again, whole, from here once more data has arrived.
            var checkpoint = reader;
            var complete = _level switch
            {
                Level.Start => ReadStart(ref reader),
                Level.Envelope => ReadEnvelopeField(ref reader),
                Level.Result => ReadResultElement(ref reader),
                Level.Group => ReadGroupField(ref reader),
                Level.Statistics => ReadStatisticsElement(ref reader),
                _ => ReadEnd(ref reader),
            };
            if (!complete)
            {
                reader = checkpoint;
                return false;
            }
        }

        return true;
    }

    private bool ReadStart(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"it is {Describe(reader.TokenType)}, not a JSON object");
        }

        _level = Level.Envelope;
        return true;
    }

    private bool ReadEnvelopeField(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _level = _sawResult ? Level.End : throw Invalid("it has neither \"result\" nor \"error\"");
            return true;
        }

        var field = FieldOf(ref reader);
        if (!reader.Read())
        {
            return false;
        }

        switch (field)
        {
            case Field.Result:
                if (_sawResult)
                {
                    throw Invalid("\"result\" appears twice");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Invalid($"\"result\" is {Describe(reader.TokenType)}, not an array");
                }

                _sawResult = true;
                _level = Level.Result;
                return true;
            case Field.Error when reader.TokenType == JsonTokenType.Null:
                return true;
            case Field.Error:
                if (!TryReadError(ref reader, out var error))
                {
                    return false;
                }

                // Whatever follows, the answer is this error.
                Error = error;
                _level = Level.Done;
                return true;
            default:
                return reader.TrySkip();
        }
    }

    private bool ReadResultElement(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.EndArray:
                _level = Level.Envelope;
                return true;
            case JsonTokenType.StartObject:
                _groupKeys = default;
                _groupExtra = null;
                _groupHasStatistics = false;
                _level = Level.Group;
                return true;
            default:
                throw Invalid($"an element of \"result\" is {Describe(reader.TokenType)}, not an object");
        }
    }

    private bool ReadGroupField(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            var (period, hourOfDay) = PeriodOf(_groupKeys);
            _groups.Add(new AcdStatisticsGroup
            {
                UserId = _groupKeys.UserId,
                Period = period,
                HourOfDay = hourOfDay,
                Statistics = _entries.Count == 0 ? [] : _entries.ToArray(),
                AdditionalData = Extension(_groupExtra),
            });
            _entries.Clear();
            _level = Level.Result;
            return true;
        }

        var field = FieldOf(ref reader) is var f and (Field.Statistics or Field.UserId or Field.Date or Field.Hour) ? f : Field.Other;
        var name = field == Field.Other ? ReadText(ref reader, "a field name") : null;
        if (!reader.Read())
        {
            return false;
        }

        switch (field)
        {
            case Field.Statistics:
                if (_groupHasStatistics)
                {
                    throw Invalid("a group has \"statistics\" twice");
                }

                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _groupHasStatistics = true;
                    _level = Level.Statistics;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    throw Invalid($"\"statistics\" is {Describe(reader.TokenType)}, not an array");
                }

                return true;
            case Field.UserId or Field.Date or Field.Hour:
                ReadKey(ref reader, field, ref _groupKeys);
                return true;
            default:
                if (!JsonElement.TryParseValue(ref reader, out var value))
                {
                    return false;
                }

                (_groupExtra ??= new(StringComparer.Ordinal))[name!] = value.Value;
                return true;
        }
    }

    private bool ReadStatisticsElement(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.EndArray:
                _level = Level.Group;
                return true;
            case JsonTokenType.StartObject:
                if (!TryReadEntry(ref reader, out var entry))
                {
                    return false;
                }

                _entries.Add(entry);
                return true;
            default:
                throw Invalid($"an element of \"statistics\" is {Describe(reader.TokenType)}, not an object");
        }
    }

    private bool ReadEnd(ref Utf8JsonReader reader)
    {
        // Only white space (or comments) may follow; the JSON reader throws on anything else.
        if (reader.Read())
        {
            throw Invalid("something follows the answer's object");
        }

        if (!reader.IsFinalBlock)
        {
            return false;
        }

        _level = Level.Done;
        return true;
    }

    /// <summary>Reads one second-level entry; false when the data ends inside it.</summary>
    private bool TryReadEntry(ref Utf8JsonReader reader, out AcdStatisticsEntry entry)
    {
        entry = null!;
        var keys = default(Keys);
        Dictionary<string, JsonElement>? extra = null;
        _statuses.Clear();
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

            var field = FieldOf(ref reader) is var f and (Field.AcdStatus or Field.UserId or Field.Date or Field.Hour) ? f : Field.Other;
            var name = field == Field.Other ? ReadText(ref reader, "a field name") : null;
            if (!reader.Read())
            {
                return false;
            }

            switch (field)
            {
                case Field.AcdStatus:
                    if (!TryReadAcdStatus(ref reader))
                    {
                        return false;
                    }

                    break;
                case Field.UserId or Field.Date or Field.Hour:
                    ReadKey(ref reader, field, ref keys);
                    break;
                default:
                    if (!JsonElement.TryParseValue(ref reader, out var value))
                    {
                        return false;
                    }

                    (extra ??= new(StringComparer.Ordinal))[name!] = value.Value;
                    break;
            }
        }

        var (period, hourOfDay) = PeriodOf(keys);
        entry = new AcdStatisticsEntry
        {
            UserId = keys.UserId,
            Period = period,
            HourOfDay = hourOfDay,
            Statuses = MergeStatuses(),
            AdditionalData = Extension(extra),
        };
        return true;
    }

    /// <summary>Reads <c>acd_status</c>: an object keyed by status (the docs) or an array of such objects (the generated clients).</summary>
    private bool TryReadAcdStatus(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.StartObject:
                return TryReadStatusObject(ref reader);
            case JsonTokenType.StartArray:
                while (true)
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        return true;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw Invalid($"an element of \"acd_status\" is {Describe(reader.TokenType)}, not an object");
                    }

                    if (!TryReadStatusObject(ref reader))
                    {
                        return false;
                    }
                }

            default:
                throw Invalid($"\"acd_status\" is {Describe(reader.TokenType)}, not an object or an array");
        }
    }

    private bool TryReadStatusObject(ref Utf8JsonReader reader)
    {
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            var status = StatusOf(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid($"the figures of status {Quote(status.Value)} are {Describe(reader.TokenType)}, not an object");
            }

            if (!TryReadFigures(ref reader, out var figures))
            {
                return false;
            }

            _statuses.Add(new(status, figures));
        }
    }

    private static bool TryReadFigures(ref Utf8JsonReader reader, out AcdStatusStatistics figures)
    {
        figures = null!;
        Duration? min = null, avg = null, max = null, sum = null;
        long? count = null;
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

            var field = FieldOf(ref reader) is var f and (Field.Min or Field.Avg or Field.Max or Field.Sum or Field.Count) ? f : Field.Other;
            var name = field == Field.Other ? ReadText(ref reader, "a field name") : null;
            if (!reader.Read())
            {
                return false;
            }

            switch (field)
            {
                case Field.Min:
                    min = ReadDuration(ref reader, "min");
                    break;
                case Field.Avg:
                    avg = ReadDuration(ref reader, "avg");
                    break;
                case Field.Max:
                    max = ReadDuration(ref reader, "max");
                    break;
                case Field.Sum:
                    sum = ReadDuration(ref reader, "sum");
                    break;
                case Field.Count:
                    count = ReadInt64(ref reader, "count");
                    break;
                default:
                    if (!JsonElement.TryParseValue(ref reader, out var value))
                    {
                        return false;
                    }

                    (extra ??= new(StringComparer.Ordinal))[name!] = value.Value;
                    break;
            }
        }

        figures = new AcdStatusStatistics
        {
            Min = min ?? Duration.Zero,
            Average = avg ?? Duration.Zero,
            Max = max ?? Duration.Zero,
            Sum = sum ?? Duration.Zero,
            Count = count ?? 0,
            AdditionalData = Extension(extra),
        };
        return true;
    }

    /// <summary>
    /// The entry's statuses as one read-only dictionary. A status that appears more than once (in two objects of the
    /// array form) has its intervals combined: counts and sums added, extremes kept, average recomputed.
    /// </summary>
    private IReadOnlyDictionary<AcdStatus, AcdStatusStatistics> MergeStatuses()
    {
        var statuses = _statuses;
        if (statuses.Count == 0)
        {
            return NoStatuses;
        }

        // The usual handful: merged in place by linear search, then one exactly sized table.
        if (statuses.Count <= StatusTableLimit)
        {
            for (var i = 1; i < statuses.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (statuses[j].Key == statuses[i].Key)
                    {
                        statuses[j] = new(statuses[j].Key, Combine(statuses[j].Key, statuses[j].Value, statuses[i].Value));
                        statuses.RemoveAt(i--);
                        break;
                    }
                }
            }

            return new StatusTable([.. statuses]);
        }

        // An unusual number (or a hostile answer): hashing keeps it linear.
        var merged = new Dictionary<AcdStatus, AcdStatusStatistics>(statuses.Count);
        foreach (var (status, figures) in statuses)
        {
            if (!merged.TryAdd(status, figures))
            {
                merged[status] = Combine(status, merged[status], figures);
            }
        }

        return merged;
    }

    private static AcdStatusStatistics Combine(AcdStatus status, AcdStatusStatistics a, AcdStatusStatistics b)
    {
        try
        {
            var count = checked(a.Count + b.Count);
            var sum = a.Sum + b.Sum;
            Dictionary<string, JsonElement>? extra = null;
            if (a.AdditionalData.Count + b.AdditionalData.Count > 0)
            {
                extra = new(a.AdditionalData, StringComparer.Ordinal);
                foreach (var (key, value) in b.AdditionalData)
                {
                    extra.TryAdd(key, value);
                }
            }

            return new AcdStatusStatistics
            {
                Min = Duration.Min(a.Min, b.Min),
                Max = Duration.Max(a.Max, b.Max),
                Sum = sum,
                Count = count,
                Average = count > 0 ? sum / count : Duration.Zero,
                AdditionalData = Extension(extra),
            };
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            throw Invalid($"the figures of status {Quote(status.Value)}, repeated, add up beyond what can be counted");
        }
    }

    /// <summary>Reads <c>user_id</c>, <c>date</c> or <c>hour</c> into <paramref name="keys"/>.</summary>
    private void ReadKey(ref Utf8JsonReader reader, Field field, ref Keys keys)
    {
        switch (field)
        {
            case Field.UserId:
                keys.UserId = ReadInt64(ref reader, "user_id");
                break;
            case Field.Date:
                keys.DayStart = ReadDate(ref reader);
                break;
            default:
                keys.HourOfDay = ReadInt64(ref reader, "hour") is { } hour ? ToHourOfDay(hour) : null;
                break;
        }
    }

    private int ToHourOfDay(long hour) => _numbering switch
    {
        HourNumbering.OneBased when hour is >= 1 and <= 24 => (int)hour - 1,
        HourNumbering.ZeroBased when hour is >= 0 and <= 23 => (int)hour,
        _ => throw Invalid($"the hour {hour.ToString(CultureInfo.InvariantCulture)} is outside the {_numbering} range ({(_numbering == HourNumbering.OneBased ? "1–24" : "0–23")})"),
    };

    /// <summary>Reads a <c>yyyy-MM-dd</c> date as the instant its UTC day starts; null for <c>null</c>.</summary>
    private static Instant? ReadDate(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw Invalid($"the date is {Describe(reader.TokenType)}, not a yyyy-MM-dd string");
        }

        if (!reader.ValueIsEscaped && TryParseDate(reader.ValueSpan, out var start))
        {
            return start;
        }

        // Escaped text and what the fast path does not take: the exact rule the SDK has always applied.
        var text = ReadText(ref reader, "the date");
        return WireFormat.TryParseIsoDate(text, out var date)
            ? date.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()
            : throw Invalid($"the date {Quote(text)} is not yyyy-MM-dd");
    }

    private static bool TryParseDate(ReadOnlySpan<byte> text, out Instant start)
    {
        start = default;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || !TryParseDigits(text[..4], out var year) || !TryParseDigits(text.Slice(5, 2), out var month) || !TryParseDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        start = Instant.FromUnixTimeSeconds((new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber) * 86_400L);
        return true;
    }

    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            var digit = b - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    /// <summary>Reads a 64-bit integer from a number (<c>12</c>, <c>12.0</c>) or a numeric string; null for <c>null</c> and <c>""</c>.</summary>
    private static long? ReadInt64(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                // 12.0 and the like: whole values written with a fraction.
                return JsonIntegers.TryGetWholeInt64(ref reader, out var number)
                    ? number
                    : throw Invalid($"\"{field}\" is {RawNumber(ref reader)}, not a 64-bit integer");
            case JsonTokenType.String:
                var text = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(ReadText(ref reader, $"\"{field}\"")) : reader.ValueSpan;
                if (text.Trim(" "u8).IsEmpty)
                {
                    return null;
                }

                return JsonIntegers.TryParseInt64(text, out var parsed)
                    ? parsed
                    : throw Invalid($"\"{field}\" is {Quote(ReadText(ref reader, $"\"{field}\""))}, not a 64-bit integer");
            default:
                throw Invalid($"\"{field}\" is {Describe(reader.TokenType)}, not an integer");
        }
    }

    /// <summary>
    /// Reads a duration from a number of seconds (fractions kept to the nanosecond), a numeric string or an
    /// <c>H:MM:SS</c> string; null for <c>null</c> and <c>""</c>.
    /// </summary>
    private static Duration? ReadDuration(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var seconds))
                {
                    return seconds is >= -MaxSeconds and <= MaxSeconds
                        ? Duration.FromSeconds(seconds)
                        : throw Invalid($"\"{field}\" is {RawNumber(ref reader)} seconds, beyond ±10^12");
                }

                return reader.TryGetDecimal(out var fraction)
                    ? FromSeconds(fraction, field)
                    : throw Invalid($"\"{field}\" is {RawNumber(ref reader)}, not a number of seconds");
            case JsonTokenType.String:
                var text = ReadText(ref reader, $"\"{field}\"").Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return FromSeconds(number, field);
                }

                return TryParseClock(text, out var clock) && clock >= -Duration.FromSeconds(MaxSeconds) && clock <= Duration.FromSeconds(MaxSeconds)
                    ? clock
                    : throw Invalid($"\"{field}\" is {Quote(text)}, neither a number of seconds nor H:MM:SS within ±10^12 s");
            default:
                throw Invalid($"\"{field}\" is {Describe(reader.TokenType)}, not a number of seconds");
        }
    }

    private static Duration FromSeconds(decimal seconds, string field) =>
        seconds is >= -MaxSeconds and <= MaxSeconds
            ? DurationText.FromSeconds(seconds)
            : throw Invalid($"\"{field}\" is {seconds.ToString(CultureInfo.InvariantCulture)} seconds, beyond ±10^12");

    private static bool TryParseClock(string text, out Duration value)
    {
        try
        {
            return DurationText.TryParse(text, out value);
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            // Hours beyond what a Duration holds: not a duration.
            value = default;
            return false;
        }
    }

    /// <summary>Reads <c>error</c>: <c>code</c> and <c>msg</c> as text (numbers as sent); false when the data ends inside it.</summary>
    private static bool TryReadError(ref Utf8JsonReader reader, out ErrorDto error)
    {
        error = null!;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"\"error\" is {Describe(reader.TokenType)}, not an object");
        }

        string? code = null, message = null;
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

            var field = FieldOf(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            switch (field)
            {
                case Field.Code:
                    code = ReadScalarText(ref reader, "\"code\"");
                    break;
                case Field.Message:
                    message = ReadScalarText(ref reader, "\"msg\"");
                    break;
                default:
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            throw Invalid(message is null ? "\"error\" has no \"code\"" : $"\"error\" has no \"code\" (its \"msg\" is {Quote(message)})");
        }

        error = new ErrorDto { Code = code, Message = message };
        return true;
    }

    private static string? ReadScalarText(ref Utf8JsonReader reader, string what) => reader.TokenType switch
    {
        JsonTokenType.String => ReadText(ref reader, what),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw Invalid($"{what} is {Describe(reader.TokenType)}, not text"),
    };

    private AcdStatus StatusOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return new AcdStatus(ReadText(ref reader, "a status name"));
        }

        var name = reader.ValueSpan;
        if (WellKnownStatus(name) is { } known)
        {
            return known;
        }

        // Custom statuses repeat in every entry: one string per name and answer (a few dozen names at most).
        foreach (var (utf8, status) in _customStatuses)
        {
            if (name.SequenceEqual(utf8))
            {
                return status;
            }
        }

        var custom = new AcdStatus(ReadText(ref reader, "a status name"));
        if (_customStatuses.Count < 32)
        {
            _customStatuses.Add((name.ToArray(), custom));
        }

        return custom;
    }

    private static AcdStatus? WellKnownStatus(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name.SequenceEqual("DND"u8) => AcdStatus.Dnd,
        5 when name.SequenceEqual("READY"u8) => AcdStatus.Ready,
        6 when name.SequenceEqual("ONLINE"u8) => AcdStatus.Online,
        6 when name.SequenceEqual("BANNED"u8) => AcdStatus.Banned,
        7 when name.SequenceEqual("OFFLINE"u8) => AcdStatus.Offline,
        7 when name.SequenceEqual("TIMEOUT"u8) => AcdStatus.Timeout,
        10 when name.SequenceEqual("IN_SERVICE"u8) => AcdStatus.InService,
        13 when name.SequenceEqual("AFTER_SERVICE"u8) => AcdStatus.AfterService,
        _ => null,
    };

    /// <summary>Which known field a property name is (the reader is on the name).</summary>
    private static Field FieldOf(ref Utf8JsonReader reader) =>
        FieldOf(reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(ReadText(ref reader, "a field name")) : reader.ValueSpan);

    private static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name.SequenceEqual("min"u8) => Field.Min,
        3 when name.SequenceEqual("avg"u8) => Field.Avg,
        3 when name.SequenceEqual("max"u8) => Field.Max,
        3 when name.SequenceEqual("sum"u8) => Field.Sum,
        3 when name.SequenceEqual("msg"u8) => Field.Message,
        4 when name.SequenceEqual("date"u8) => Field.Date,
        4 when name.SequenceEqual("hour"u8) => Field.Hour,
        4 when name.SequenceEqual("code"u8) => Field.Code,
        5 when name.SequenceEqual("count"u8) => Field.Count,
        5 when name.SequenceEqual("error"u8) => Field.Error,
        6 when name.SequenceEqual("result"u8) => Field.Result,
        7 when name.SequenceEqual("user_id"u8) => Field.UserId,
        10 when name.SequenceEqual("acd_status"u8) => Field.AcdStatus,
        10 when name.SequenceEqual("statistics"u8) => Field.Statistics,
        _ => Field.Other,
    };

    private static string ReadText(ref Utf8JsonReader reader, string what)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8, or an escaped lone surrogate.
            throw Invalid($"{what} is not valid Unicode text");
        }
    }

    private static string RawNumber(ref Utf8JsonReader reader) => Quote(Encoding.UTF8.GetString(reader.ValueSpan));

    private static IReadOnlyDictionary<string, JsonElement> Extension(Dictionary<string, JsonElement>? extra) =>
        extra is null ? ExtensionData.Empty : ExtensionData.From(extra);

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

    /// <summary>Server text in a reason: quoted and cut, so a hostile answer cannot make the message huge.</summary>
    private static string Quote(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…'";

    private static InvalidAnswerException Invalid(string reason) => new(reason);

    /// <summary>
    /// A date alone is a UTC day, an hour alone a recurring hour of the day (no period), both an hour of that day. The
    /// periods of an answer repeat (every user has the same hours): one immutable instance per distinct period.
    /// </summary>
    private (StatisticsPeriod? Period, int? HourOfDay) PeriodOf(in Keys keys)
    {
        if (keys.DayStart is not { } start)
        {
            return (null, keys.HourOfDay);
        }

        var key = (start, keys.HourOfDay ?? -1);
        if (!_periods.TryGetValue(key, out var period))
        {
            period = keys.HourOfDay is { } hour
                ? new StatisticsPeriod(start + Duration.FromHours(hour), start + Duration.FromHours(hour + 1), TimeBucket.Hour, DateTimeZone.Utc)
                : new StatisticsPeriod(start, start + Duration.FromDays(1), TimeBucket.Day, DateTimeZone.Utc);
            if (_periods.Count < MaxCachedPeriods)
            {
                _periods.Add(key, period);
            }
        }

        return (period, keys.HourOfDay);
    }

    /// <summary>The keys of a group or an entry: <c>user_id</c>, and the UTC day and hour of <c>date</c>/<c>hour</c>.</summary>
    private struct Keys
    {
        public long? UserId;
        public Instant? DayStart;
        public int? HourOfDay;
    }
}
