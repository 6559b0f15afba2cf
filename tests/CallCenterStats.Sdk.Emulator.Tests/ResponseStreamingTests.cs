using System.Text.Json;
using CallCenterStats.Sdk.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>
/// Large answers leave the emulator while they are written: at any point, what has been produced but not yet sent
/// stays within a couple of flush windows, so a 1 GB answer costs the emulator little memory.
/// </summary>
public sealed class ResponseStreamingTests
{
    private const long Window = 32 * 1024;

    /// <summary>A response body that only counts what reaches it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Json_rows_reach_the_client_while_the_answer_is_still_being_written()
    {
        var body = new CountingStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        long largestBacklog = 0;
        long produced = 0;

        await EmulatorHttp.StreamJsonAsync(context, 200, async writer =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < 50_000; i++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("userId", 487500 + i);
                writer.WriteString("date", "2024-03-11");
                writer.WriteEndObject();
                await EmulatorHttp.FlushIfFullAsync(writer, context);
                produced = writer.BytesCommitted + writer.BytesPending;
                largestBacklog = Math.Max(largestBacklog, produced - body.Written);
            }

            writer.WriteEndArray();
        });
        await context.Response.CompleteAsync(); // what the server does when the handler returns

        Assert.True(produced > 40 * Window, $"the answer should span many windows, was {produced} bytes");
        Assert.True(largestBacklog <= 2 * Window, $"up to {largestBacklog} bytes were held back before sending");
        Assert.Equal(produced + 1, body.Written);
        Assert.Equal(200, context.Response.StatusCode);
    }

    [Fact]
    public async Task Json_written_without_flushing_is_sent_at_the_end_in_full()
    {
        var body = new CountingStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;

        await EmulatorHttp.WriteJsonAsync(context, 404, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", "Not found");
            writer.WriteEndObject();
        });
        await context.Response.CompleteAsync();

        Assert.Equal("""{"error":"Not found"}""".Length, body.Written);
        Assert.Equal(404, context.Response.StatusCode);
    }

    [Fact]
    public async Task Text_rows_reach_the_client_while_the_answer_is_still_being_written()
    {
        var body = new CountingStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        long appended = 0;
        long largestBacklog = 0;

        await EmulatorHttp.StreamTextAsync(context, 200, "text/csv", async append =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                var line = $"487500,2024-03-11,{i}\r\n";
                await append(line);
                appended += line.Length;
                largestBacklog = Math.Max(largestBacklog, appended - body.Written);
            }
        });

        Assert.True(largestBacklog <= 2 * Window, $"up to {largestBacklog} bytes were held back before sending");
        Assert.Equal(appended, body.Written);
    }
}
