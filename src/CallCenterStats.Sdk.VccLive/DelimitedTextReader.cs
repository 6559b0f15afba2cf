using System.Text;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Reads records of delimited text (RFC 4180 CSV, or tab-separated text with the same quoting rules) one at a
/// time as the text arrives, without holding more than the current record. Fields may be quoted with
/// <c>"</c>; inside quotes a doubled <c>""</c> is one quote and separators and line breaks are data. Records
/// end at CRLF, LF or CR (a CR is never followed by a blocking look-ahead, so a record is handed out as soon
/// as its line break arrives). Blank lines are skipped.
/// </summary>
internal sealed class DelimitedTextReader(TextReader reader, char separator)
{
    private readonly char[] _buffer = new char[4096];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private bool _skipLineFeed;
    private bool _endOfText;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>Reads the next record.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record's fields, or null at the end of the text.</returns>
    /// <exception cref="FormatException">The text ends inside a quoted field.</exception>
    public async ValueTask<string[]?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        var state = State.FieldStart;
        var fieldWasQuoted = false;
        _field.Clear();
        while (true)
        {
            if (_position == _length)
            {
                if (!_endOfText)
                {
                    _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                    _position = 0;
                    _endOfText = _length == 0;
                }

                if (_endOfText)
                {
                    if (state == State.Quoted)
                    {
                        throw new FormatException("The text ends inside a quoted field.");
                    }

                    if (fields.Count == 0 && _field.Length == 0 && !fieldWasQuoted)
                    {
                        return null;
                    }

                    fields.Add(_field.ToString());
                    return [.. fields];
                }
            }

            var c = _buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            switch (state)
            {
                case State.Quoted:
                    if (c == '"')
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        _field.Append(c);
                    }

                    continue;

                case State.QuoteInQuoted when c == '"':
                    _field.Append('"');
                    state = State.Quoted;
                    continue;

                case State.FieldStart when c == '"':
                    state = State.Quoted;
                    fieldWasQuoted = true;
                    continue;
            }

            if (c == separator)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                state = State.FieldStart;
                fieldWasQuoted = false;
                continue;
            }

            if (c is '\r' or '\n')
            {
                _skipLineFeed = c == '\r';
                if (fields.Count == 0 && _field.Length == 0 && !fieldWasQuoted)
                {
                    // A blank line.
                    continue;
                }

                fields.Add(_field.ToString());
                return [.. fields];
            }

            // Text after a closing quote (a"b"c) is not RFC 4180; keep it rather than fail.
            _field.Append(c);
            state = State.Unquoted;
        }
    }
}
