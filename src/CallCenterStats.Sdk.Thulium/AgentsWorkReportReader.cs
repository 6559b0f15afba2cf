using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// Reads one page of <c>GET /api/agents_work_report</c> in a single pass over its bytes, straight into the public
/// records: a bare array of rows on success, Thulium's error object on failure. Structurally wrong answers are refused
/// with a <see cref="JsonException"/> that says what is wrong (the rules are in the package README, "Answers the client
/// refuses").
/// </summary>
/// <remarks>
/// Hand-written over <see cref="Utf8JsonReader"/> rather than deserialized into wire classes and then mapped: no second
/// object graph, no string per duration or date, no per-row LINQ. Against source-generated System.Text.Json into plain
/// classes of the wire's shape it takes about two thirds of the CPU per row and 1.1× the allocation (the public records
/// hold more than the wire's strings: periods, instants, the raw texts); the previous path of wire classes mapped to
/// the records took 1.95× the CPU and 4.4× the allocation (see <c>benchmarks/Thulium.md</c>).
/// </remarks>
internal sealed class AgentsWorkReportReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Pause ids 0 to 63 without a new string each: most systems number their pause types from 0 or 1.</summary>
    private static readonly PauseId[] SmallPauseIds = [.. Enumerable.Range(0, 64).Select(n => PauseId.FromNumber(n))];

    private readonly TimeBucket? _aggregation;
    private readonly BucketCalendar _calendar;
    private readonly List<PauseStatistics> _pauses = new(8);
    private int _item;

    private AgentsWorkReportReader(TimeBucket? aggregation, BucketCalendar calendar)
    {
        _aggregation = aggregation;
        _calendar = calendar;
    }

    /// <summary>Reads a page body.</summary>
    /// <param name="body">The whole body.</param>
    /// <param name="limit">The <c>limit</c> the page was asked with: more items than that is a wrong answer.</param>
    /// <param name="aggregation">The requested <c>aggregate_by</c>, to read <c>period</c>.</param>
    /// <param name="calendar">The system's zone.</param>
    /// <returns>The rows and the item count, or the error envelope.</returns>
    /// <exception cref="JsonException">The body is not valid JSON or not of Thulium's shapes; the message says why.</exception>
    public static PageBody Read(ReadOnlySpan<byte> body, int limit, TimeBucket? aggregation, BucketCalendar calendar)
    {
        // System.Text.Json's serializer skips a byte order mark; the reader does not.
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonException("the answer is empty");
        }

        try
        {
            return ReadValue(body, limit, aggregation, calendar);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader's own refusal to turn a string into text (a property name or value holding invalid UTF-8 or
            // an escaped lone surrogate), wherever it is met.
            throw new JsonException("a string holds invalid UTF-8 or a lone surrogate", ex);
        }
    }

    private static PageBody ReadValue(ReadOnlySpan<byte> body, int limit, TimeBucket? aggregation, BucketCalendar calendar)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        reader.Read();
        PageBody page;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                page = new AgentsWorkReportReader(aggregation, calendar).ReadRows(ref reader, limit);
                break;
            case JsonTokenType.StartObject:
                // An error object: rare, so read with the source-generated envelope class.
                page = new PageBody([], 0, ReadErrorEnvelope(ref reader));
                break;
            default:
                throw new JsonException($"the answer is {ThuliumValues.Describe(reader.TokenType)}, neither the array of report rows nor Thulium's error object");
        }

        bool more;
        try
        {
            more = reader.Read();
        }
        catch (JsonException)
        {
            more = true;
        }

        return more ? throw new JsonException("the answer goes on after its JSON value") : page;
    }

    private PageBody ReadRows(ref Utf8JsonReader reader, int limit)
    {
        var rows = new List<AgentsWorkReportRow>(limit);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (++_item > limit)
            {
                throw new JsonException($"the page holds more than the {limit.ToString(CultureInfo.InvariantCulture)} rows asked for (limit)");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    rows.Add(ReadRow(ref reader));
                    break;
                case JsonTokenType.Null:
                    // A null item carries no row, but it used up a place of the page: it is counted, not kept.
                    break;
                default:
                    throw new JsonException($"item {_item.ToString(CultureInfo.InvariantCulture)} of the row array is {ThuliumValues.Describe(reader.TokenType)}, not a row object");
            }
        }

        return new PageBody(rows, _item, null);
    }

    private AgentsWorkReportRow ReadRow(ref Utf8JsonReader reader)
    {
        ThuliumAgent? agent = null;
        string? periodText = null, loginText = null, logoutText = null;
        InboundCallStatistics? inbound = null;
        ChatStatistics? chat = null;
        TicketStatistics? ticket = null;
        OutboundCallStatistics? above = null, below = null;
        PauseStatistics[] pauses = [];
        Dictionary<string, JsonElement>? extra = null;

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("agent"u8))
            {
                agent = IsObject(ref reader, "agent") ? ReadAgent(ref reader) : null;
            }
            else if (reader.ValueTextEquals("period"u8))
            {
                periodText = ThuliumValues.TextOrNumber(ref Value(ref reader), "period");
            }
            else if (reader.ValueTextEquals("inbound"u8))
            {
                inbound = IsObject(ref reader, "inbound") ? ReadInbound(ref reader) : null;
            }
            else if (reader.ValueTextEquals("chat"u8))
            {
                chat = IsObject(ref reader, "chat") ? ReadChat(ref reader) : null;
            }
            else if (reader.ValueTextEquals("ticket"u8))
            {
                ticket = IsObject(ref reader, "ticket") ? ReadTicket(ref reader) : null;
            }
            else if (reader.ValueTextEquals("outbound_above_threshold"u8))
            {
                above = IsObject(ref reader, "outbound_above_threshold")
                    ? ReadOutbound(ref reader, "outbound_above_threshold.count", "outbound_above_threshold.sum", "outbound_above_threshold.average")
                    : null;
            }
            else if (reader.ValueTextEquals("outbound_below_threshold"u8))
            {
                below = IsObject(ref reader, "outbound_below_threshold")
                    ? ReadOutbound(ref reader, "outbound_below_threshold.count", "outbound_below_threshold.sum", "outbound_below_threshold.average")
                    : null;
            }
            else if (reader.ValueTextEquals("login_date"u8))
            {
                loginText = ThuliumValues.TextOrNumber(ref Value(ref reader), "login_date");
            }
            else if (reader.ValueTextEquals("logout_date"u8))
            {
                logoutText = ThuliumValues.TextOrNumber(ref Value(ref reader), "logout_date");
            }
            else if (reader.ValueTextEquals("pauses"u8))
            {
                pauses = ReadPauses(ref reader);
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        if (agent is null)
        {
            throw RowProblem("has no agent");
        }

        AgentsWorkReportPeriod.TryParse(periodText, _aggregation, _calendar, out var period, out var hourOfDay);
        var zone = _calendar.Zone;
        return new AgentsWorkReportRow
        {
            Agent = agent,
            PeriodText = periodText,
            Period = period,
            HourOfDay = hourOfDay,
            Inbound = inbound,
            Chat = chat,
            Ticket = ticket,
            OutboundAboveThreshold = above,
            OutboundBelowThreshold = below,
            LoginDate = ThuliumValues.WallClock(loginText, zone),
            LogoutDate = ThuliumValues.WallClock(logoutText, zone),
            LoginDateText = loginText,
            LogoutDateText = logoutText,
            Pauses = pauses,
            AdditionalData = ExtensionData.From(extra),
        };
    }

    private ThuliumAgent ReadAgent(ref Utf8JsonReader reader)
    {
        string? login = null, name = null, surname = null;
        Dictionary<string, JsonElement>? extra = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("login"u8))
            {
                login = ThuliumValues.TextOrNumber(ref Value(ref reader), "agent.login");
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = ThuliumValues.Text(ref Value(ref reader), "agent.name");
            }
            else if (reader.ValueTextEquals("surname"u8))
            {
                surname = ThuliumValues.Text(ref Value(ref reader), "agent.surname");
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        if (string.IsNullOrEmpty(login))
        {
            throw RowProblem("has an agent without a login");
        }

        return new ThuliumAgent { Login = login, Name = name, Surname = surname, AdditionalData = ExtensionData.From(extra) };
    }

    private InboundCallStatistics ReadInbound(ref Utf8JsonReader reader)
    {
        long? count = null, answered = null, notAnswered = null, transferred = null;
        Duration? sum = null, average = null, waitSum = null, waitAverage = null;
        decimal? callsPerHour = null;
        Dictionary<string, JsonElement>? extra = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("count"u8))
            {
                count = Count(ref reader, "inbound.count");
            }
            else if (reader.ValueTextEquals("answered_count"u8))
            {
                answered = Count(ref reader, "inbound.answered_count");
            }
            else if (reader.ValueTextEquals("not_answered_count"u8))
            {
                notAnswered = Count(ref reader, "inbound.not_answered_count");
            }
            else if (reader.ValueTextEquals("transferred_count"u8))
            {
                transferred = Count(ref reader, "inbound.transferred_count");
            }
            else if (reader.ValueTextEquals("sum"u8))
            {
                sum = Duration(ref reader, "inbound.sum");
            }
            else if (reader.ValueTextEquals("average"u8))
            {
                average = Duration(ref reader, "inbound.average");
            }
            else if (reader.ValueTextEquals("wait_sum"u8))
            {
                waitSum = Duration(ref reader, "inbound.wait_sum");
            }
            else if (reader.ValueTextEquals("wait_average"u8))
            {
                waitAverage = Duration(ref reader, "inbound.wait_average");
            }
            else if (reader.ValueTextEquals("calls_per_hour"u8))
            {
                callsPerHour = Decimal(ref reader, "inbound.calls_per_hour");
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        return new InboundCallStatistics
        {
            Count = count ?? 0,
            AnsweredCount = answered ?? 0,
            NotAnsweredCount = notAnswered ?? 0,
            TransferredCount = transferred ?? 0,
            Sum = sum,
            Average = average,
            WaitSum = waitSum,
            WaitAverage = waitAverage,
            CallsPerHour = callsPerHour,
            AdditionalData = ExtensionData.From(extra),
        };
    }

    private ChatStatistics ReadChat(ref Utf8JsonReader reader)
    {
        long? closed = null, responded = null;
        Dictionary<string, JsonElement>? extra = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("closed"u8))
            {
                closed = Count(ref reader, "chat.closed");
            }
            else if (reader.ValueTextEquals("responded"u8))
            {
                responded = Count(ref reader, "chat.responded");
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        return new ChatStatistics { Closed = closed ?? 0, Responded = responded ?? 0, AdditionalData = ExtensionData.From(extra) };
    }

    private TicketStatistics ReadTicket(ref Utf8JsonReader reader)
    {
        long? closed = null, responded = null, totalResponded = null;
        Dictionary<string, JsonElement>? extra = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("closed"u8))
            {
                closed = Count(ref reader, "ticket.closed");
            }
            else if (reader.ValueTextEquals("responded"u8))
            {
                responded = Count(ref reader, "ticket.responded");
            }
            else if (reader.ValueTextEquals("total_responded"u8))
            {
                totalResponded = Count(ref reader, "ticket.total_responded");
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        return new TicketStatistics
        {
            Closed = closed ?? 0,
            Responded = responded ?? 0,
            TotalResponded = totalResponded ?? 0,
            AdditionalData = ExtensionData.From(extra),
        };
    }

    private OutboundCallStatistics ReadOutbound(ref Utf8JsonReader reader, string countField, string sumField, string averageField)
    {
        long? count = null;
        Duration? sum = null, average = null;
        Dictionary<string, JsonElement>? extra = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("count"u8))
            {
                count = Count(ref reader, countField);
            }
            else if (reader.ValueTextEquals("sum"u8))
            {
                sum = Duration(ref reader, sumField);
            }
            else if (reader.ValueTextEquals("average"u8))
            {
                average = Duration(ref reader, averageField);
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        return new OutboundCallStatistics { Count = count ?? 0, Sum = sum, Average = average, AdditionalData = ExtensionData.From(extra) };
    }

    private PauseStatistics[] ReadPauses(ref Utf8JsonReader reader)
    {
        Value(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw RowProblem($"has pauses that are {ThuliumValues.Describe(reader.TokenType)}, not an array");
        }

        _pauses.Clear();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    _pauses.Add(ReadPause(ref reader));
                    break;
                case JsonTokenType.Null:
                    // As for rows: a null entry carries nothing and is left out.
                    break;
                default:
                    throw RowProblem($"has a pause that is {ThuliumValues.Describe(reader.TokenType)}, not an object");
            }
        }

        return _pauses.Count == 0 ? [] : [.. _pauses];
    }

    private PauseStatistics ReadPause(ref Utf8JsonReader reader)
    {
        PauseId id = default;
        long? count = null;
        Duration? sum = null, average = null;
        Dictionary<string, JsonElement>? extra = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = ReadPauseId(ref Value(ref reader));
            }
            else if (reader.ValueTextEquals("count"u8))
            {
                count = Count(ref reader, "pauses.count");
            }
            else if (reader.ValueTextEquals("sum"u8))
            {
                sum = Duration(ref reader, "pauses.sum");
            }
            else if (reader.ValueTextEquals("average"u8))
            {
                average = Duration(ref reader, "pauses.average");
            }
            else
            {
                AddExtra(ref reader, ref extra);
            }
        }

        return new PauseStatistics { Id = id, Count = count ?? 0, Sum = sum, Average = average, AdditionalData = ExtensionData.From(extra) };
    }

    /// <summary>A pause id: <c>"all"</c>, <c>"free"</c>, a number (or numeric string), or any other text kept as it is.</summary>
    private PauseId ReadPauseId(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return FromNumber(number);
            case JsonTokenType.String when reader.ValueTextEquals("all"u8):
                return PauseId.All;
            case JsonTokenType.String when reader.ValueTextEquals("free"u8):
                return PauseId.Free;
            case JsonTokenType.String or JsonTokenType.Number:
                var text = ThuliumValues.TextOrNumber(ref reader, "pauses.id")!;
                var parsed = PauseId.Parse(text);
                return parsed.Number is { } n ? FromNumber(n) : parsed;
            default:
                throw RowProblem($"has a pause id that is {ThuliumValues.Describe(reader.TokenType)}, neither text nor a number");
        }

        static PauseId FromNumber(long number) => number is >= 0 and < 64 ? SmallPauseIds[number] : PauseId.FromNumber(number);
    }

    private long? Count(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return ThuliumValues.Count(ref Value(ref reader), field);
        }
        catch (JsonException ex)
        {
            throw RowProblem(ex);
        }
    }

    private decimal? Decimal(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return ThuliumValues.Decimal(ref Value(ref reader), field);
        }
        catch (JsonException ex)
        {
            throw RowProblem(ex);
        }
    }

    private Duration? Duration(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return ThuliumValues.Duration(ref Value(ref reader), field);
        }
        catch (JsonException ex)
        {
            throw RowProblem(ex);
        }
    }

    /// <summary>Moves to a block's value: true for an object (read it next), false for null; anything else is refused.</summary>
    private bool IsObject(ref Utf8JsonReader reader, string block)
    {
        Value(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw RowProblem($"has {block} that is {ThuliumValues.Describe(reader.TokenType)}, not an object"),
        };
    }

    /// <summary>Keeps a field the SDK does not know, as the JSON Thulium sent.</summary>
    private static void AddExtra(ref Utf8JsonReader reader, ref Dictionary<string, JsonElement>? extra)
    {
        string name;
        try
        {
            name = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A property name holds invalid UTF-8 or a lone surrogate.", ex);
        }

        Value(ref reader);
        extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        extra[name] = JsonElement.ParseValue(ref reader);
    }

    /// <summary>Moves from a property name to its value.</summary>
    private static ref Utf8JsonReader Value(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return ref reader;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) => Next(ref reader) == JsonTokenType.PropertyName;

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the answer is cut off");

    private JsonException RowProblem(string problem) =>
        new($"row {_item.ToString(CultureInfo.InvariantCulture)} {problem}");

    private JsonException RowProblem(JsonException inner) =>
        new($"row {_item.ToString(CultureInfo.InvariantCulture)}: {inner.Message}", inner);

    /// <summary>Reads Thulium's error object; one that reports no readable error is a wrong answer, never a success.</summary>
    private static VendorErrorReport ReadErrorEnvelope(ref Utf8JsonReader reader)
    {
        var envelope = JsonSerializer.Deserialize(ref reader, ThuliumJsonContext.Default.ErrorEnvelopeDto)
            ?? throw new JsonException("the answer is an object, neither the array of report rows nor Thulium's error object");
        if (envelope.Errors is null && envelope.Message is null && envelope.Code is null)
        {
            throw new JsonException("the answer is an object without \"errors\", neither the array of report rows nor Thulium's error object");
        }

        if (envelope.Errors is { } errors)
        {
            if (errors.Count == 0 && envelope.Message is null && envelope.Code is null)
            {
                throw new JsonException("the error object's \"errors\" is empty");
            }

            for (var i = 0; i < errors.Count; i++)
            {
                if (errors[i] is not { } error || (string.IsNullOrEmpty(error.Code) && string.IsNullOrEmpty(error.Message)))
                {
                    throw new JsonException($"error {(i + 1).ToString(CultureInfo.InvariantCulture)} of the error object has neither a code nor a message");
                }
            }
        }

        return ThuliumErrorPolicy.ToReport(envelope);
    }
}

/// <summary>A page body as read: the rows and the number of items (null items included), or the errors Thulium reported.</summary>
/// <param name="Rows">The rows, in Thulium's order.</param>
/// <param name="ItemCount">The items of the array, null items included.</param>
/// <param name="Errors">Thulium's errors when the body was its error object; null for rows.</param>
internal sealed record PageBody(List<AgentsWorkReportRow> Rows, int ItemCount, VendorErrorReport? Errors);
