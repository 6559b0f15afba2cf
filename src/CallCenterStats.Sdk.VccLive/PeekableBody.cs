// CORE-CANDIDATE: sniffing the first significant byte of a streamed body (BOM skipped) and replaying it is useful to any vendor whose format or error shape varies per response.
namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// Looks at the start of a forward-only body stream without losing it: reads until the first byte that is not
/// white space (after a UTF-8 byte-order mark, which is dropped), then replays what was read before the rest
/// of the stream.
/// </summary>
internal static class PeekableBody
{
    private const int MaxPeek = 64 * 1024;

    /// <summary>Peeks at <paramref name="body"/>.</summary>
    /// <param name="body">The body stream; read forward only, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The first non-white-space byte (null for an empty or blank body) and a stream that reads the whole body, minus any BOM.</returns>
    public static async Task<(byte? First, Stream Body)> PeekAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var length = 0;
        var start = 0;
        var bomChecked = false;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxPeek)
                {
                    return (null, new PrefixedStream(buffer.AsMemory(start, length - start), body));
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            length += read;
            var ended = read == 0;
            if (!bomChecked)
            {
                if (length < 3 && !ended)
                {
                    continue;
                }

                bomChecked = true;
                if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = 3;
                }
            }

            for (var i = start; i < length; i++)
            {
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return (buffer[i], new PrefixedStream(buffer.AsMemory(start, length - start), body));
                }
            }

            if (ended)
            {
                return (null, new PrefixedStream(buffer.AsMemory(start, length - start), body));
            }
        }
    }

    /// <summary>Reads a prefix, then the inner stream. Does not dispose the inner stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (TakePrefix(buffer) is var taken and > 0)
            {
                return taken;
            }

            return inner.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (TakePrefix(buffer.Span) is var taken and > 0)
            {
                return ValueTask.FromResult(taken);
            }

            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int TakePrefix(Span<byte> destination)
        {
            if (_prefix.IsEmpty || destination.IsEmpty)
            {
                return 0;
            }

            var take = Math.Min(_prefix.Length, destination.Length);
            _prefix.Span[..take].CopyTo(destination);
            _prefix = _prefix[take..];
            return take;
        }
    }
}
