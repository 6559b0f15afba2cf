using System.Text;
using CallCenterStats.Sdk.Aggregation;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>The tab/CSV tokenizer: RFC 4180 quoting, line ends, blank lines, text arriving in pieces, and what it refuses.</summary>
public sealed class DelimitedRowReaderTests
{
    private const UserBasedStatisticsDimensions DateUser = UserBasedStatisticsDimensions.Date | UserBasedStatisticsDimensions.User;

    [Fact]
    public async Task Quoted_cells_may_hold_separators_quotes_and_line_breaks()
    {
        var rows = await ReadAllAsync("date,\"user id\",\"calls, in\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\n\"2020-06-15\",\"17\",\"1\",2,\"\"\r\n");

        var row = Assert.Single(rows);
        Assert.Equal(17, row.UserId);
        Assert.Equal(
            [new UserBasedKpi("calls, in"), new UserBasedKpi("say \"hi\""), new UserBasedKpi("line1\nline2")],
            row.Values.Keys);
        Assert.Equal([1m, 2m, null], row.Values.Values.Select(v => v.Sum));
    }

    [Theory]
    [InlineData("date,userId\r\n2020-06-15,17\r\n2020-06-16,18\r\n")]
    [InlineData("date,userId\n2020-06-15,17\n2020-06-16,18\n")]
    [InlineData("date,userId\r2020-06-15,17\r2020-06-16,18\r")]
    [InlineData("\r\ndate,userId\r\n\r\n2020-06-15,17\n\n2020-06-16,18\r\n\r\n")]
    public async Task Records_end_at_any_line_end_and_blank_lines_are_skipped(string text)
    {
        var rows = await ReadAllAsync(text);

        Assert.Equal([17L, 18L], rows.Select(r => r.UserId!.Value));
    }

    [Fact]
    public async Task Empty_cells_are_null_values()
    {
        var row = Assert.Single(await ReadAllAsync("date,userId,callOut,callMissed\n,,,\"\"\n"));

        Assert.Null(row.Date);
        Assert.Null(row.UserId);
        Assert.Null(row.Values[UserBasedKpi.CallOut].Sum);
        Assert.Null(row.Values[UserBasedKpi.CallMissed].Count);
    }

    [Fact]
    public async Task Tab_separated_text_uses_the_same_quoting()
    {
        var row = Assert.Single(await ReadAllAsync("date\tuserId\t\"a\tb\"\tc,d\n2020-06-15\t17\t1\t2\n", UserBasedStatisticsFormat.Tab));

        Assert.Equal([new UserBasedKpi("a\tb"), new UserBasedKpi("c,d")], row.Values.Keys);
    }

    [Fact]
    public async Task Text_arriving_one_byte_at_a_time_reads_the_same()
    {
        const string Text = "date,\"user\"\"id\"\"\",\"x\r\ny\"\r\n2020-06-15,\"17\",\"3.5\"\r\n2020-06-16,18,4\r\n";
        var whole = await ReadAllAsync(Text, fields: null, dimensions: UserBasedStatisticsDimensions.Date);
        var pieces = await ReadAllAsync(new OneByteAtATimeStream(Encoding.UTF8.GetBytes(Text)), UserBasedStatisticsFormat.Csv, UserBasedStatisticsDimensions.Date, null);

        Assert.Equal(2, pieces.Count);
        Assert.Equal(whole.Select(r => (r.Date, string.Join('|', r.Values.Select(v => $"{v.Key}={v.Value.Sum}")))), pieces.Select(r => (r.Date, string.Join('|', r.Values.Select(v => $"{v.Key}={v.Value.Sum}")))));
        Assert.Equal(3.5m, pieces[0].Values[new UserBasedKpi("x\r\ny")].Sum);
    }

    [Fact]
    public async Task A_record_is_returned_as_soon_as_its_line_end_arrives()
    {
        // After "…17\r" the reader must not wait to see whether "\n" follows: the stream fails any further read.
        using var body = new BodyBuffer(new StopAfterStream(Encoding.UTF8.GetBytes("date,userId\r2020-06-15,17\r")), 1 << 20);
        var reader = Reader(UserBasedStatisticsFormat.Csv, DateUser, null);
        var rows = new List<UserBasedStatisticsRow>();

        await body.ReadMoreAsync(untilDoubled: false, TestContext.Current.CancellationToken);
        reader.Read(body, rows, int.MaxValue);

        Assert.Equal(17, Assert.Single(rows).UserId);
    }

    [Theory]
    [InlineData("date,userId\n2020-06-15,\"17\n", "the answer ends inside a quoted cell")]
    [InlineData("date,userId\n2020-06-15,1\"7\n", "row 1 has a quote inside an unquoted cell")]
    [InlineData("date,userId\n2020-06-15,\"17\"x\n", "row 1 has text after the closing quote of a cell")]
    [InlineData("date,userId\n2020-06-15,\"1\"\"7\"\n", "row 1 has '1\"\"7' in the column 'userId', which is not an integer")]
    [InlineData("date,userId\n2020-06-15,1234", "row 1 is cut off: the answer does not end with a line end")]
    [InlineData("date,userId", "the header line is cut off")]
    [InlineData("\r\n\r\n", "the answer has no CSV header line")]
    public async Task Malformed_text_is_refused(string text, string reason)
    {
        var ex = await Assert.ThrowsAsync<FormatException>(() => ReadAllAsync(text));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_larger_than_the_limit_is_refused_without_holding_more()
    {
        var text = "date,userId,\"" + new string('x', 300_000) + "\"\n";

        var ex = await Assert.ThrowsAsync<FormatException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), UserBasedStatisticsFormat.Csv, DateUser, null, maxRowBytes: 128 * 1024));

        Assert.Contains("larger than 131072 bytes", ex.Message, StringComparison.Ordinal);
    }

    private static DelimitedRowReader Reader(UserBasedStatisticsFormat format, UserBasedStatisticsDimensions dimensions, UserBasedKpi[]? fields) =>
        new(format, dimensions, fields, new UserBasedRowMapping.PeriodCache(new UserBasedRowMapping.RowPeriods(BucketCalendar.Utc, TimeBucket.QuarterHour)));

    private static Task<List<UserBasedStatisticsRow>> ReadAllAsync(
        string text,
        UserBasedStatisticsFormat format = UserBasedStatisticsFormat.Csv,
        UserBasedStatisticsDimensions dimensions = DateUser,
        UserBasedKpi[]? fields = null) =>
        ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, dimensions, fields);

    /// <summary>Drives the reader as the client does: read what arrived, parse the complete records, check the end.</summary>
    private static async Task<List<UserBasedStatisticsRow>> ReadAllAsync(
        Stream stream,
        UserBasedStatisticsFormat format,
        UserBasedStatisticsDimensions dimensions,
        UserBasedKpi[]? fields,
        int maxRowBytes = 1 << 20)
    {
        using var body = new BodyBuffer(stream, maxRowBytes);
        var reader = Reader(format, dimensions, fields);
        var rows = new List<UserBasedStatisticsRow>();
        while (true)
        {
            reader.Read(body, rows, int.MaxValue);
            if (body.Ended)
            {
                reader.Finish(body);
                return rows;
            }

            await body.ReadMoreAsync(untilDoubled: false, TestContext.Current.CancellationToken);
        }
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    /// <summary>Hands out its bytes, then fails any further read: proves the reader does not look ahead.</summary>
    private sealed class StopAfterStream(byte[] bytes) : MemoryStream(bytes)
    {
        private bool _done;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_done)
            {
                throw new InvalidOperationException("Read past the available text.");
            }

            _done = true;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
