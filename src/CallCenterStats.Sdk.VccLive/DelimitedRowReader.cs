using System.Buffers;
using System.Globalization;
using System.Text;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Reads tab-separated or CSV output (RFC 4180 quoting in both) as it arrives, straight from UTF-8 bytes into
/// <see cref="UserBasedStatisticsRow"/>s, and holds it to the shape that was asked for.
/// </summary>
/// <remarks>
/// <para>
/// Records end at CRLF, LF or CR; a record is handed out as soon as its line end arrives (a CR is not held back to see
/// whether an LF follows). Cells may be quoted with <c>"</c>: inside quotes a doubled <c>""</c> is one quote, and
/// separators and line ends are data. A quote inside an unquoted cell, or text after a closing quote, is an error.
/// Blank lines are skipped.
/// </para>
/// <para>
/// The first record is the header; it must name the columns asked for, in any order (the layout is undocumented):
/// every dimension asked for (<c>date</c>, <c>time</c>, <c>projectId</c>, <c>userId</c>; case, spaces and
/// underscores do not matter, and <c>project</c>/<c>user</c> also match) and no other dimension, <c>level</c> at
/// most once, and the KPIs: exactly those of <see cref="UserBasedStatisticsRequest.Fields"/> when given, otherwise
/// any. Every row must have as many cells as the header, every cell must be empty or a value of its column's type,
/// and the body must end with a line end (a last row without one is cut off).
/// </para>
/// <para>
/// The scan is vectorized (<see cref="MemoryExtensions.IndexOfAny{T}(ReadOnlySpan{T}, SearchValues{T})"/> jumps from
/// separator to separator), resumes where it stopped when a record spans two reads, and makes no string for a cell.
/// </para>
/// </remarks>
internal sealed class DelimitedRowReader
{
    private const int MaxCellsBeforeHeader = 65_536;

    private static readonly SearchValues<byte> TabStops = SearchValues.Create("\t\r\n\""u8);
    private static readonly SearchValues<byte> CommaStops = SearchValues.Create(",\r\n\""u8);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte _separator;
    private readonly SearchValues<byte> _stops;
    private readonly string _formatName;
    private readonly UserBasedStatisticsDimensions _dimensions;
    private readonly UserBasedKpi[]? _fields;
    private readonly UserBasedRowMapping.PeriodCache _periods;

    // The record being read: offsets from the start of the body's data, where the record starts.
    private Cell[] _cells = new Cell[16];
    private int _cellCount;
    private int _scan;
    private int _cellStart;
    private bool _quoted;
    private bool _escaped;
    private State _state;
    private bool _skipLineFeed;

    // From the header.
    private Column[]? _columns;
    private int[] _valueIndex = [];
    private KpiLayout _layout = KpiLayout.Empty;
    private long _rows;

    public DelimitedRowReader(UserBasedStatisticsFormat format, UserBasedStatisticsDimensions dimensions, UserBasedKpi[]? fields, UserBasedRowMapping.PeriodCache periods)
    {
        var tab = format == UserBasedStatisticsFormat.Tab;
        _separator = tab ? (byte)'\t' : (byte)',';
        _stops = tab ? TabStops : CommaStops;
        _formatName = tab ? "tab-separated" : "CSV";
        _dimensions = dimensions;
        _fields = fields;
        _periods = periods;
    }

    private enum State
    {
        InCell,
        InQuotes,
        AfterQuote,
    }

    private enum ColumnKind
    {
        Date,
        Time,
        ProjectId,
        UserId,
        Level,
        CountKpi,
        SumKpi,
    }

    /// <summary>Reads the complete records <paramref name="body"/> holds (the header first), adding up to <paramref name="maxRows"/> rows to <paramref name="batch"/>.</summary>
    /// <returns>Whether any byte was consumed.</returns>
    /// <exception cref="FormatException">The text is not the shape asked for (see the remarks).</exception>
    public bool Read(BodyBuffer body, List<UserBasedStatisticsRow> batch, int maxRows)
    {
        var consumed = false;
        while (batch.Count < maxRows)
        {
            var data = body.Data;
            if (_skipLineFeed && data.Length > 0)
            {
                // The LF of a CRLF whose CR ended the previous record.
                _skipLineFeed = false;
                if (data[0] == '\n')
                {
                    body.Consume(1);
                    consumed = true;
                    continue;
                }
            }

            var end = Tokenize(data);
            if (end < 0)
            {
                return consumed;
            }

            if (!IsBlankLine(data))
            {
                if (_columns is null)
                {
                    ReadHeader(data);
                }
                else
                {
                    batch.Add(MapRow(data));
                }
            }

            _skipLineFeed = data[end] == '\r';
            body.Consume(end + 1);
            consumed = true;
            _cellCount = 0;
            _scan = 0;
            _cellStart = 0;
        }

        return consumed;
    }

    /// <summary>Checks the end of the body: no record may be left without its line end, and the header must have come.</summary>
    /// <exception cref="FormatException">The answer is cut off, or has no header.</exception>
    public void Finish(BodyBuffer body)
    {
        var rest = body.Data;
        if (_skipLineFeed && rest.Length > 0 && rest[0] == '\n')
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 || _state != State.InCell)
        {
            throw new FormatException(
                _state == State.InQuotes ? "the answer ends inside a quoted cell (cut off)"
                : _columns is null ? "the header line is cut off: the answer ends without a line end"
                : string.Create(CultureInfo.InvariantCulture, $"row {_rows + 1} is cut off: the answer does not end with a line end"));
        }

        if (_columns is null)
        {
            throw new FormatException($"the answer has no {_formatName} header line");
        }
    }

    /// <summary>Scans the current record from where the last call stopped.</summary>
    /// <returns>The offset of the line end that ends the record, or -1 when more data is needed.</returns>
    private int Tokenize(ReadOnlySpan<byte> data)
    {
        while (_scan < data.Length)
        {
            switch (_state)
            {
                case State.InQuotes:
                    var close = data[_scan..].IndexOf((byte)'"');
                    if (close < 0)
                    {
                        _scan = data.Length;
                        return -1;
                    }

                    _scan += close + 1;
                    _state = State.AfterQuote;
                    continue;

                case State.AfterQuote:
                    var next = data[_scan];
                    if (next == '"')
                    {
                        _escaped = true;
                        _state = State.InQuotes;
                        _scan++;
                        continue;
                    }

                    if (next != _separator && next is not ((byte)'\r' or (byte)'\n'))
                    {
                        throw Invalid(_columns is null ? "the header" : RowName, "has text after the closing quote of a cell");
                    }

                    break;

                default:
                    var stop = data[_scan..].IndexOfAny(_stops);
                    if (stop < 0)
                    {
                        _scan = data.Length;
                        return -1;
                    }

                    _scan += stop;
                    if (data[_scan] == '"')
                    {
                        if (_scan != _cellStart)
                        {
                            throw Invalid(_columns is null ? "the header" : RowName, "has a quote inside an unquoted cell");
                        }

                        _quoted = true;
                        _state = State.InQuotes;
                        _scan++;
                        continue;
                    }

                    break;
            }

            // data[_scan] is a separator or a line end: the cell ends here.
            AddCell();
            if (data[_scan] == _separator)
            {
                _scan++;
                _cellStart = _scan;
                continue;
            }

            return _scan;
        }

        return -1;
    }

    private void AddCell()
    {
        var limit = _columns?.Length ?? MaxCellsBeforeHeader;
        if (_cellCount == limit)
        {
            throw _columns is null
                ? new FormatException(string.Create(CultureInfo.InvariantCulture, $"the header has more than {limit} columns"))
                : Invalid(RowName, string.Create(CultureInfo.InvariantCulture, $"has more cells than the header's {limit} columns"));
        }

        if (_cellCount == _cells.Length)
        {
            Array.Resize(ref _cells, _cells.Length * 2);
        }

        _cells[_cellCount++] = new Cell(_cellStart, _scan, _quoted, _escaped);
        _quoted = _escaped = false;
        _state = State.InCell;
    }

    private bool IsBlankLine(ReadOnlySpan<byte> data) =>
        _cellCount == 1 && !_cells[0].Quoted && data[_cells[0].Start.._cells[0].End].Trim((byte)' ').IsEmpty;

    private void ReadHeader(ReadOnlySpan<byte> data)
    {
        var names = new string[_cellCount];
        var columns = new Column[_cellCount];
        var kpis = new List<UserBasedKpi>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _cellCount; i++)
        {
            var name = HeaderName(data, _cells[i]);
            if (name.Length == 0)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"column {i + 1} of the header has no name"));
            }

            var kind = DimensionOf(name);
            if (!seen.Add(kind?.ToString() ?? name))
            {
                throw new FormatException($"the header names the column '{name}' twice");
            }

            names[i] = name;
            if (kind is { } dimensionOrLevel)
            {
                if (dimensionOrLevel != ColumnKind.Level && (_dimensions & DimensionFlag(dimensionOrLevel)) == 0)
                {
                    throw new FormatException($"the header is not the one asked for: it has the column '{name}', but the {DimensionFlag(dimensionOrLevel).ToString().ToLowerInvariant()} dimension was not asked for");
                }

                columns[i] = new Column(dimensionOrLevel, default, false);
                continue;
            }

            var kpi = new UserBasedKpi(name);
            if (_fields is not null)
            {
                var asked = Array.FindIndex(_fields, f => string.Equals(f.Name, name, StringComparison.Ordinal));
                asked = asked >= 0 ? asked : Array.FindIndex(_fields, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
                kpi = asked >= 0 ? _fields[asked]
                    : throw new FormatException($"the header is not the one asked for: it has the column '{name}', which is neither a dimension asked for nor a KPI of Fields");
            }

            kpis.Add(kpi);
            columns[i] = new Column(kpi.IsCount ? ColumnKind.CountKpi : ColumnKind.SumKpi, kpi, kpi.IsTime);
        }

        foreach (var dimension in (ReadOnlySpan<ColumnKind>)[ColumnKind.Date, ColumnKind.Time, ColumnKind.ProjectId, ColumnKind.UserId])
        {
            if ((_dimensions & DimensionFlag(dimension)) != 0 && Array.FindIndex(columns, c => c.Kind == dimension) < 0)
            {
                throw new FormatException($"the header is not the one asked for: it has no {ColumnName(dimension)} column, and the {DimensionFlag(dimension).ToString().ToLowerInvariant()} dimension was asked for");
            }
        }

        if (_fields?.FirstOrDefault(f => !kpis.Contains(f)) is { Name: not null } missing)
        {
            throw new FormatException($"the header is not the one asked for: it has no column for '{missing.Name}' of Fields");
        }

        _layout = new KpiLayout([.. kpis]);
        _valueIndex = new int[columns.Length];
        for (int i = 0, k = 0; i < columns.Length; i++)
        {
            _valueIndex[i] = columns[i].Kind is ColumnKind.CountKpi or ColumnKind.SumKpi ? k++ : -1;
        }

        _columns = columns;
    }

    private UserBasedStatisticsRow MapRow(ReadOnlySpan<byte> data)
    {
        var columns = _columns!;
        if (_cellCount != columns.Length)
        {
            throw Invalid(RowName, string.Create(CultureInfo.InvariantCulture, $"has {_cellCount} cells; the header has {columns.Length} columns"));
        }

        LocalDate? date = null;
        LocalTime? time = null;
        long? projectId = null, userId = null, level = null;
        var values = new UserBasedKpiValue[_layout.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var cell = _cells[i];
            var text = cell.Quoted ? data[(cell.Start + 1)..(cell.End - 1)] : data[cell.Start..cell.End];
            var empty = text.Trim((byte)' ').IsEmpty;
            var column = columns[i];
            var parsed = cell.Escaped ? false : column.Kind switch
            {
                ColumnKind.Date => empty || Set(WireValues.TryParseDate(text, out var d), d, out date),
                ColumnKind.Time => empty || Set(WireValues.TryParseTime(text, out var t), t, out time),
                ColumnKind.ProjectId => empty || Set(WireValues.TryParseInt64(text, out var p), p, out projectId),
                ColumnKind.UserId => empty || Set(WireValues.TryParseInt64(text, out var u), u, out userId),
                ColumnKind.Level => empty || Set(WireValues.TryParseInt64(text, out var l), l, out level),
                ColumnKind.CountKpi => TryCount(text, empty, column.Kpi, out values[_valueIndex[i]]),
                _ => TrySum(text, empty, column, out values[_valueIndex[i]]),
            };
            if (!parsed)
            {
                throw Invalid(RowName, $"has {WireValues.Describe(text)} in the column '{ColumnLabel(column)}', which is not {Expected(column)}");
            }
        }

        _rows++;
        return new UserBasedStatisticsRow
        {
            Date = date,
            Time = time,
            Period = _periods.Of(date, time),
            ProjectId = projectId,
            UserId = userId,
            Level = level,
            Values = new KpiValues(_layout, values),
            AdditionalData = ExtensionData.Empty,
        };
    }

    private static bool TryCount(ReadOnlySpan<byte> text, bool empty, UserBasedKpi kpi, out UserBasedKpiValue value)
    {
        long? count = null;
        var ok = empty || Set(WireValues.TryParseInt64(text, out var parsed), parsed, out count);
        value = new UserBasedKpiValue { Kpi = kpi, Count = count };
        return ok;
    }

    private static bool TrySum(ReadOnlySpan<byte> text, bool empty, Column column, out UserBasedKpiValue value)
    {
        decimal? sum = null;
        var ok = empty || (Set(WireValues.TryParseDecimal(text, out var parsed), parsed, out sum) && (!column.IsTime || WireValues.IsDuration(parsed)));
        value = new UserBasedKpiValue { Kpi = column.Kpi, Sum = sum };
        return ok;
    }

    private static bool Set<T>(bool parsed, T value, out T? target)
        where T : struct
    {
        target = parsed ? value : null;
        return parsed;
    }

    private static string HeaderName(ReadOnlySpan<byte> data, Cell cell)
    {
        var bytes = cell.Quoted ? data[(cell.Start + 1)..(cell.End - 1)] : data[cell.Start..cell.End];
        string name;
        try
        {
            name = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("a column name of the header is not valid UTF-8");
        }

        return (cell.Escaped ? name.Replace("\"\"", "\"", StringComparison.Ordinal) : name).Trim();
    }

    /// <summary>The dimension (or level) a header name stands for; projectId, project_id, "Project ID" and project are one.</summary>
    private static ColumnKind? DimensionOf(string name)
    {
        Span<char> key = stackalloc char[16];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (length == key.Length)
                {
                    return null;
                }

                key[length++] = char.ToUpperInvariant(c);
            }
            else if (c is not (' ' or '_' or '-'))
            {
                return null;
            }
        }

        return key[..length] switch
        {
            "DATE" => ColumnKind.Date,
            "TIME" => ColumnKind.Time,
            "PROJECTID" or "PROJECT" => ColumnKind.ProjectId,
            "USERID" or "USER" => ColumnKind.UserId,
            "LEVEL" => ColumnKind.Level,
            _ => null,
        };
    }

    private static UserBasedStatisticsDimensions DimensionFlag(ColumnKind kind) => kind switch
    {
        ColumnKind.Date => UserBasedStatisticsDimensions.Date,
        ColumnKind.Time => UserBasedStatisticsDimensions.Time,
        ColumnKind.ProjectId => UserBasedStatisticsDimensions.Project,
        ColumnKind.UserId => UserBasedStatisticsDimensions.User,
        _ => UserBasedStatisticsDimensions.None,
    };

    private static string ColumnName(ColumnKind kind) => kind switch
    {
        ColumnKind.Date => "date",
        ColumnKind.Time => "time",
        ColumnKind.ProjectId => "projectId",
        ColumnKind.UserId => "userId",
        ColumnKind.Level => "level",
        _ => "KPI",
    };

    private static string ColumnLabel(Column column) => column.Kind is ColumnKind.CountKpi or ColumnKind.SumKpi ? column.Kpi.Name : ColumnName(column.Kind);

    private static string Expected(Column column) => column.Kind switch
    {
        ColumnKind.Date => "a date (yyyy-mm-dd)",
        ColumnKind.Time => "a time of day (hhmm)",
        ColumnKind.ProjectId or ColumnKind.UserId or ColumnKind.Level => "an integer",
        ColumnKind.CountKpi => "a whole number (a count)",
        _ when column.IsTime => "a number of seconds",
        _ => "a number",
    };

    private string RowName => string.Create(CultureInfo.InvariantCulture, $"row {_rows + 1}");

    private static FormatException Invalid(string where, string problem) => new($"{where} {problem}");

    private readonly record struct Cell(int Start, int End, bool Quoted, bool Escaped);

    private readonly record struct Column(ColumnKind Kind, UserBasedKpi Kpi, bool IsTime);
}
