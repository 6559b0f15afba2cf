using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// The read-only stream a vendor reader gets as a response body. It keeps a copy of the first bytes (shown in
/// <see cref="VendorApiException.RawBody"/> when reading fails), refuses to read past a byte limit (buffered
/// answers), cuts a stream that sends nothing for longer than its idle timeout (streamed answers), and releases the
/// account's concurrency permit when it is disposed.
/// </summary>
internal sealed class ResponseBodyStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _captured;
    private readonly long _limit;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private Action? _onDispose;
    private int _capturedLength;
    private long _position;

    public ResponseBodyStream(Stream inner, int captureLimit, long limit, TimeSpan idleTimeout, TimeProvider timeProvider, Action? onDispose = null)
    {
        _inner = inner;
        _timeProvider = timeProvider;
        _onDispose = onDispose;
        _captured = new byte[captureLimit];
        _limit = limit;
        _idleTimeout = idleTimeout;
    }

    public ReadOnlySpan<byte> Captured => _captured.AsSpan(0, _capturedLength);

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer[..Bound(buffer.Length)]);
        return Account(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var target = buffer[..Bound(buffer.Length)];
        int read;
        if (_idleTimeout == Timeout.InfiniteTimeSpan)
        {
            read = await _inner.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var idle = new CancellationTokenSource(_idleTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            try
            {
                read = await _inner.ReadAsync(target, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new StalledStreamException(_idleTimeout, ex);
            }
        }

        return Account(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            Interlocked.Exchange(ref _onDispose, null)?.Invoke();
        }

        base.Dispose(disposing);
    }

    // Reads at most one byte past the limit, so that an answer of exactly the limit still reads to its end.
    private int Bound(int requested)
    {
        var room = _limit - _position;
        if (room < 0)
        {
            throw new ResponseTooLargeException(_limit);
        }

        return room >= requested ? requested : (int)(room + 1);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _position += data.Length;
        if (_position > _limit)
        {
            throw new ResponseTooLargeException(_limit);
        }

        var room = _captured.Length - _capturedLength;
        if (room > 0 && !data.IsEmpty)
        {
            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(_captured.AsSpan(_capturedLength));
            _capturedLength += take;
        }

        return data.Length;
    }
}

/// <summary>An answer was larger than the configured limit.</summary>
internal sealed class ResponseTooLargeException(long limit)
    : IOException($"The answer is larger than {limit} bytes (MaxResponseBytes).")
{
    public long Limit { get; } = limit;
}

/// <summary>A streamed answer sent nothing for longer than the idle timeout.</summary>
internal sealed class StalledStreamException(TimeSpan idleTimeout, Exception inner)
    : IOException($"The answer stalled: no data for {idleTimeout.TotalSeconds} s (StreamIdleTimeout).", inner)
{
    public TimeSpan IdleTimeout { get; } = idleTimeout;
}
