using System.Buffers;
using System.Globalization;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// A window over a forward-only body stream for the row readers: the bytes read and not consumed yet
/// (<see cref="Data"/>), refilled on demand. It grows only while a single unit (a row, a JSON property) does not fit,
/// up to a maximum, so memory stays bounded whatever the server sends; a unit larger than that is an error.
/// </summary>
internal sealed class BodyBuffer(Stream stream, int maxUnitBytes) : IDisposable
{
    private const int InitialSize = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, maxUnitBytes));
    private int _start;
    private int _end;

    /// <summary>The bytes read and not consumed yet.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Whether the stream has ended: <see cref="Data"/> is all that is left.</summary>
    public bool Ended { get; private set; }

    /// <summary>Marks the first <paramref name="count"/> bytes of <see cref="Data"/> as used.</summary>
    public void Consume(int count) => _start += count;

    /// <summary>
    /// Reads more of the stream after what <see cref="Data"/> holds. With <paramref name="untilDoubled"/> (a reader that
    /// made no progress and parses its unit again from the start), reads until the data held has doubled or the
    /// buffer is full, so that a large unit is parsed again a few times, not once per network read: linear time.
    /// </summary>
    /// <returns><see langword="false"/> when the stream has ended.</returns>
    /// <exception cref="FormatException">A single unit is larger than the maximum.</exception>
    public async ValueTask<bool> ReadMoreAsync(bool untilDoubled, CancellationToken cancellationToken)
    {
        if (Ended)
        {
            return false;
        }

        var held = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, held);
            _start = 0;
            _end = held;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxUnitBytes)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"a single row or property of the answer is larger than {maxUnitBytes} bytes"));
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxUnitBytes));
            Buffer.BlockCopy(_buffer, 0, larger, 0, held);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var target = untilDoubled ? Math.Min(_buffer.Length, Math.Max(held * 2, held + 1)) : held + 1;
        do
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                Ended = true;
                break;
            }

            _end += read;
        }
        while (_end < target);

        return _end > held;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
