using System.Globalization;
using CallCenterStats.Sdk.Emulator.Simulation;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Emulator.Faults;

/// <summary>The fault chosen for one request.</summary>
public enum FaultKind
{
    /// <summary>No fault: the vendor answers normally.</summary>
    None = 0,

    /// <summary>HTTP 500.</summary>
    InternalServerError,

    /// <summary>HTTP 503.</summary>
    ServiceUnavailable,

    /// <summary>HTTP 429 with <c>Retry-After</c>.</summary>
    RateLimited,

    /// <summary>The vendor's own transient error inside an HTTP 200 body.</summary>
    VendorTransientError,

    /// <summary>The body ends early: after a few bytes, short of its announced <c>Content-Length</c>, the connection closes.</summary>
    TruncatedBody,

    /// <summary>The connection is dropped before any response.</summary>
    DroppedConnection,
}

/// <summary>
/// Decides, deterministically by seed and request order, which fault each request meets, and applies it. Every
/// answer says what was injected in the headers <see cref="FaultHeader"/> (the fault, <c>none</c> when there was
/// none, plus <c>; tokens-expired</c> when tokens were expired first) and <see cref="LatencyHeader"/> (the added
/// delay in milliseconds), so tests and users can see the faults without timing anything.
/// </summary>
internal sealed class FaultInjector
{
    /// <summary>The response header naming the injected fault.</summary>
    public const string FaultHeader = "X-Emulator-Fault";

    /// <summary>The response header giving the injected latency in whole milliseconds.</summary>
    public const string LatencyHeader = "X-Emulator-Latency";

    private static readonly object VendorTransientKey = new();
    private readonly Lock _gate = new();
    private readonly DeterministicRandom _random;
    private readonly IClock _clock;
    private readonly Action _expireTokens;
    private readonly long[] _byKind = new long[Enum.GetValues<FaultKind>().Length];
    private long _tokenExpiries;
    private FaultOptions _options;

    public FaultInjector(FaultOptions options, long seed, IClock clock, Action expireTokens)
    {
        _options = options.Clone();
        _random = new DeterministicRandom(DeterministicRandom.Mix(seed, 0xFA17));
        _clock = clock;
        _expireTokens = expireTokens;
    }

    /// <summary>The header value naming a fault.</summary>
    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.None => "none",
        FaultKind.InternalServerError => "server-error-500",
        FaultKind.ServiceUnavailable => "server-error-503",
        FaultKind.RateLimited => "rate-limited",
        FaultKind.VendorTransientError => "vendor-transient",
        FaultKind.TruncatedBody => "truncated-body",
        FaultKind.DroppedConnection => "dropped-connection",
        _ => kind.ToString(),
    };

    public FaultOptions Options
    {
        get
        {
            lock (_gate)
            {
                return _options.Clone();
            }
        }

        set
        {
            var failures = value.Validate().ToList();
            if (failures.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", failures), nameof(value));
            }

            lock (_gate)
            {
                _options = value.Clone();
            }
        }
    }

    /// <summary>The requests seen so far and the faults they met.</summary>
    public FaultCounts Counts
    {
        get
        {
            lock (_gate)
            {
                var byKind = Enum.GetValues<FaultKind>().ToDictionary(k => k, k => _byKind[(int)k]);
                return new FaultCounts(_byKind.Sum(), byKind, _tokenExpiries);
            }
        }
    }

    /// <summary>Whether the vendor route must answer this request with its transient error.</summary>
    public static bool IsVendorTransient(HttpContext context) => context.Items.ContainsKey(VendorTransientKey);

    /// <summary>
    /// For vendors with several transient errors, which one to answer (a seeded draw, 0 to 999): the route picks
    /// its variant from it, so the same seed meets the same errors.
    /// </summary>
    public static int VendorTransientVariant(HttpContext context) =>
        context.Items.TryGetValue(VendorTransientKey, out var value) && value is int variant ? variant : 0;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        FaultKind kind;
        Duration delay;
        FaultOptions options;
        int truncateAfter;
        int variant;
        bool expireTokens;
        lock (_gate)
        {
            // Always the same number of draws per request, so one knob never shifts the others' sequence.
            options = _options;
            var jitter = _random.NextDouble();
            var roll = _random.NextDouble();
            var expiryRoll = _random.NextDouble();
            truncateAfter = (int)_random.Next(1, 64);
            variant = (int)_random.Next(0, 1000);

            // Whole milliseconds, so the announced latency is exactly the one applied.
            delay = Duration.FromMilliseconds((long)(options.Latency + Duration.FromTicks((long)(jitter * options.LatencyJitter.TotalTicks))).TotalMilliseconds);
            kind = Pick(roll, options);
            expireTokens = expiryRoll < options.TokenExpiryRate;
            _byKind[(int)kind]++;
            _tokenExpiries += expireTokens ? 1 : 0;
        }

        if (expireTokens)
        {
            _expireTokens();
        }

        context.Response.Headers[FaultHeader] = expireTokens ? Name(kind) + "; tokens-expired" : Name(kind);
        context.Response.Headers[LatencyHeader] = ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        if (delay > Duration.Zero)
        {
            await Task.Delay(delay.ToTimeSpan(), context.RequestAborted).ConfigureAwait(false);
        }

        switch (kind)
        {
            case FaultKind.DroppedConnection:
                context.Abort();
                return;
            case FaultKind.InternalServerError:
            case FaultKind.ServiceUnavailable:
                context.Response.StatusCode = kind == FaultKind.InternalServerError ? 500 : 503;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("Emulated server error.", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.RateLimited:
                context.Response.StatusCode = 429;
                context.Response.Headers[HeaderNames.RetryAfter] = options.RetryAfterAsHttpDate
                    ? (_clock.GetCurrentInstant() + options.RetryAfter).ToDateTimeOffset().ToString("R", CultureInfo.InvariantCulture)
                    : ((long)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("Emulated rate limit.", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultKind.VendorTransientError:
                context.Items[VendorTransientKey] = variant;
                await next(context).ConfigureAwait(false);
                return;
            case FaultKind.TruncatedBody:
                var original = context.Response.Body;
                var truncating = new TruncatingStream(original, truncateAfter, context);
                context.Response.Body = truncating;
                try
                {
                    await next(context).ConfigureAwait(false);

                    // The routes write through the response pipe: push what it holds through the truncating stream
                    // now, before the original body comes back (small answers are otherwise sent whole at the end).
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
                catch (IOException) when (truncating.IsCut)
                {
                    // The answer was cut off on purpose: the route stopped producing it.
                }
                finally
                {
                    context.Response.Body = original;
                }

                return;
            default:
                await next(context).ConfigureAwait(false);
                return;
        }
    }

    private static FaultKind Pick(double roll, FaultOptions o)
    {
        var edge = o.DropConnectionRate;
        if (roll < edge)
        {
            return FaultKind.DroppedConnection;
        }

        if (roll < (edge += o.ServerErrorRate))
        {
            // Alternate 500 and 503 by the low digit of the draw.
            return ((int)(roll * 1_000_000) & 1) == 0 ? FaultKind.InternalServerError : FaultKind.ServiceUnavailable;
        }

        if (roll < (edge += o.RateLimitRate))
        {
            return FaultKind.RateLimited;
        }

        if (roll < (edge += o.VendorTransientErrorRate))
        {
            return FaultKind.VendorTransientError;
        }

        return roll < edge + o.TruncateRate ? FaultKind.TruncatedBody : FaultKind.None;
    }

    /// <summary>
    /// Passes the first bytes through and drops the rest, having announced a <c>Content-Length</c> longer than what
    /// it lets through: the server then closes the connection after the bytes sent (the HTTP server's answer to a body
    /// shorter than announced), and the client sees a body that ends early, every time. (Aborting the connection
    /// instead would race the bytes still queued in the server: the client would sometimes see a reset before the
    /// headers, a different failure from one run to the next.) An answer shorter than the cut-off point is sent whole
    /// and still ends early against the announced length.
    /// </summary>
    private sealed class TruncatingStream(Stream inner, int limit, HttpContext context) : Stream
    {
        private int _written;

        /// <summary>Whether the cut-off point was reached: the route was stopped, and later writes are dropped.</summary>
        public bool IsCut { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (IsCut)
            {
                // What the route's writers still hold when they are disposed goes nowhere.
                return;
            }

            if (!context.Response.HasStarted)
            {
                // One byte more than will ever be sent: whatever the answer's length, it ends short of this.
                context.Response.ContentLength = limit + 1;
            }

            var room = limit - _written;
            if (room > 0)
            {
                var part = buffer[..Math.Min(room, buffer.Length)];
                await inner.WriteAsync(part, cancellationToken).ConfigureAwait(false);
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
                _written += part.Length;
            }

            if (_written >= limit)
            {
                // Stops the route (an OperationCanceledException would be taken by the response pipe for a cancelled
                // flush, and the route would go on producing).
                IsCut = true;
                throw new IOException("Emulated truncated body.");
            }
        }
    }
}
