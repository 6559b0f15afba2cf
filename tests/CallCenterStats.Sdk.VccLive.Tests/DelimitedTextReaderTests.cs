namespace CallCenterStats.Sdk.VccLive.Tests;

public sealed class DelimitedTextReaderTests
{
    [Fact]
    public async Task Quoted_fields_may_hold_separators_quotes_and_line_breaks()
    {
        var records = await ReadAllAsync("a,\"b,c\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\nx,y,z,w", ',');

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b,c", "say \"hi\"", "line1\nline2"], records[0]);
        Assert.Equal(["x", "y", "z", "w"], records[1]);
    }

    [Theory]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\rc,d\r")]
    [InlineData("a,b\r\nc,d")]
    [InlineData("\r\na,b\r\n\r\nc,d\r\n\r\n")]
    public async Task Records_end_at_any_line_break_and_blank_lines_are_skipped(string text)
    {
        var records = await ReadAllAsync(text, ',');

        Assert.Equal([["a", "b"], ["c", "d"]], records);
    }

    [Fact]
    public async Task Empty_fields_are_kept()
    {
        var records = await ReadAllAsync(",a,,\"\"\n", ',');

        Assert.Equal(["", "a", "", ""], Assert.Single(records));
    }

    [Fact]
    public async Task Tab_separated_text_uses_the_same_quoting()
    {
        var records = await ReadAllAsync("a\t\"b\tc\"\tc,d\n", '\t');

        Assert.Equal(["a", "b\tc", "c,d"], Assert.Single(records));
    }

    [Fact]
    public async Task Text_arriving_one_character_at_a_time_reads_the_same()
    {
        var records = await ReadAllAsync(new OneCharAtATimeReader("a,\"b\"\"\r\nc\"\r\nd,e\r\n"), ',');

        Assert.Equal([["a", "b\"\r\nc"], ["d", "e"]], records);
    }

    [Fact]
    public async Task Text_ending_inside_quotes_is_rejected()
    {
        await Assert.ThrowsAsync<FormatException>(() => ReadAllAsync("a,\"b\nc", ','));
    }

    [Fact]
    public async Task Record_is_returned_as_soon_as_its_line_break_arrives()
    {
        // After "a\r" the reader must not wait to see whether "\n" follows.
        var reader = new DelimitedTextReader(new StopAfterReader("a\r"), ',');

        var record = await reader.ReadRecordAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["a"], record!);
    }

    private static Task<List<string[]>> ReadAllAsync(string text, char separator) => ReadAllAsync(new StringReader(text), separator);

    private static async Task<List<string[]>> ReadAllAsync(TextReader text, char separator)
    {
        var reader = new DelimitedTextReader(text, separator);
        var records = new List<string[]>();
        while (await reader.ReadRecordAsync(TestContext.Current.CancellationToken) is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    private sealed class OneCharAtATimeReader(string text) : TextReader
    {
        private int _position;

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == text.Length || buffer.IsEmpty)
            {
                return ValueTask.FromResult(0);
            }

            buffer.Span[0] = text[_position++];
            return ValueTask.FromResult(1);
        }
    }

    /// <summary>Hands out its text, then fails any further read: proves the reader does not look ahead.</summary>
    private sealed class StopAfterReader(string text) : TextReader
    {
        private bool _done;

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            if (_done)
            {
                throw new InvalidOperationException("Read past the available text.");
            }

            _done = true;
            text.AsSpan().CopyTo(buffer.Span);
            return ValueTask.FromResult(text.Length);
        }
    }
}
