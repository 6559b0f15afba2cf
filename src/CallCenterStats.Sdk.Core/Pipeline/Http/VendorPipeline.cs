using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using CallCenterStats.Sdk.Errors;
using Microsoft.Extensions.Logging;
using NodaTime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// The one path every request of a vendor client takes: it sends the request, reads the vendor's errors from any
/// status (including errors inside HTTP 200 bodies, through the vendor's reader), renews a rejected bearer token
/// once, retries transient failures with backoff, enforces the attempt, operation and idle timeouts and the
/// account's concurrency limit, and reports each operation as a span, metrics and logs. Vendor packages only
/// describe an operation (<see cref="VendorOperation"/>), build its request and read its answer.
/// </summary>
/// <remarks>
/// <para>Order of the strategies, outermost first: operation timeout, retry (Polly), attempt timeout, concurrency
/// limit, send. A token rejection (<see cref="VendorErrorKind.Authentication"/> from a request that carried a bearer
/// token) is re-sent once at once with a new token; it does not count as a retry. Every other failure is retried only
/// when it is transient and the operation is safe to repeat.</para>
/// <para>One instance per registered client (account); thread-safe.</para>
/// </remarks>
public sealed class VendorPipeline
{
    private const int ErrorBodyByteLimit = 8 * VendorApiException.MaxRawBodyLength;

    private static readonly ResiliencePropertyKey<OperationRun> RunKey = new("CallCenterStats.Sdk.OperationRun");

    private readonly VendorPipelineSettings _settings;
    private readonly ResiliencePipeline _resilience;
    private readonly ILogger _logger;
    private readonly string _accountTag;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="settings">The vendor, the account, the transport and the client's options.</param>
    public VendorPipeline(VendorPipelineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = settings.LoggerFactory.CreateLogger(settings.LoggerCategory);
        _accountTag = string.IsNullOrEmpty(settings.Account) ? "default" : settings.Account;
        _resilience = BuildResilience(settings);
    }

    /// <summary>The vendor's error-envelope hook.</summary>
    public VendorErrorPolicy ErrorPolicy => _settings.ErrorPolicy;

    /// <summary>The secrets this pipeline hides, in every encoding the SDK produces.</summary>
    public Redaction Redaction => _settings.Redaction;

    /// <summary>
    /// Runs an operation whose answer is read whole: sends the request built by <paramref name="createRequest"/> (called
    /// once per attempt), and hands a successful answer to <paramref name="read"/>, inside the attempt, so that the
    /// attempt timeout covers the body and errors found in the body are retried like any other.
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="createRequest">Builds a new request (relative to the endpoint) for each attempt.</param>
    /// <param name="read">Reads the answer; throws <see cref="VendorResponse.CreateException"/> for errors in the body.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="VendorApiException">The operation failed, after any retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<T> SendAsync<T>(
        VendorOperation operation,
        Func<HttpRequestMessage> createRequest,
        Func<VendorResponse, CancellationToken, ValueTask<T>> read,
        CancellationToken cancellationToken) =>
        SendAsync(operation, createRequest, read, countRows: null, cancellationToken);

    /// <summary>As <see cref="SendAsync{T}(VendorOperation, Func{HttpRequestMessage}, Func{VendorResponse, CancellationToken, ValueTask{T}}, CancellationToken)"/>, counting the result's rows for the rows metric.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="createRequest">Builds a new request (relative to the endpoint) for each attempt.</param>
    /// <param name="read">Reads the answer; throws <see cref="VendorResponse.CreateException"/> for errors in the body.</param>
    /// <param name="countRows">Counts the rows of the result; null counts none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="VendorApiException">The operation failed, after any retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T> SendAsync<T>(
        VendorOperation operation,
        Func<HttpRequestMessage> createRequest,
        Func<VendorResponse, CancellationToken, ValueTask<T>> read,
        Func<T, long>? countRows,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(createRequest);
        ArgumentNullException.ThrowIfNull(read);

        var run = new OperationRun(this, operation);
        try
        {
            var result = await ExecuteAsync(
                run,
                static async (run, attemptToken, state) =>
                {
                    using var response = await run.Pipeline.SendOnceAsync(run, state.CreateRequest, streamed: false, attemptToken).ConfigureAwait(false);
                    try
                    {
                        return await state.Read(response, attemptToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (run.Pipeline.MapReadFailure(ex, response, attemptToken) is { } mapped)
                    {
                        throw mapped;
                    }
                },
                (CreateRequest: createRequest, Read: read),
                cancellationToken).ConfigureAwait(false);
            run.Succeed(countRows?.Invoke(result) ?? 0);
            return result;
        }
        catch (Exception ex)
        {
            run.Fail(ex);
            throw;
        }
        finally
        {
            run.Dispose();
        }
    }

    /// <summary>
    /// Runs an operation whose answer is streamed: the items <paramref name="read"/> yields reach the caller as they are
    /// parsed. Failures before the first item are retried like those of <see cref="SendAsync{T}(VendorOperation, Func{HttpRequestMessage}, Func{VendorResponse, CancellationToken, ValueTask{T}}, CancellationToken)"/>; after it, a failure
    /// ends the stream with its exception (retrying then would repeat rows the caller already has). The body is cut when
    /// it sends nothing for the stream idle timeout.
    /// </summary>
    /// <typeparam name="T">The item.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="createRequest">Builds a new request for each attempt.</param>
    /// <param name="read">Reads the answer into items; throws <see cref="VendorResponse.CreateException"/> for errors in the body.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The items, lazily: nothing is sent until the enumeration starts.</returns>
    public async IAsyncEnumerable<T> StreamAsync<T>(
        VendorOperation operation,
        Func<HttpRequestMessage> createRequest,
        Func<VendorResponse, CancellationToken, IAsyncEnumerable<T>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(createRequest);
        ArgumentNullException.ThrowIfNull(read);

        var run = new OperationRun(this, operation);
        StreamAttempt<T>? stream = null;
        long rows = 0;
        try
        {
            try
            {
                stream = await ExecuteAsync(
                    run,
                    static async (run, attemptToken, state) =>
                    {
                        // The stream outlives the attempt: it reads with its own token, tied to the attempt's only until
                        // the first item has arrived.
                        var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(state.CancellationToken);
                        VendorResponse? response = null;
                        IAsyncEnumerator<T>? items = null;
                        try
                        {
                            using (attemptToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), streamCancellation))
                            {
                                response = await run.Pipeline.SendOnceAsync(run, state.CreateRequest, streamed: true, streamCancellation.Token).ConfigureAwait(false);
                                try
                                {
                                    items = state.Read(response, streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token);
                                    var hasFirst = await items.MoveNextAsync().ConfigureAwait(false);
                                    return new StreamAttempt<T>(response, items, hasFirst, streamCancellation);
                                }
                                catch (Exception ex) when (run.Pipeline.MapReadFailure(ex, response, attemptToken) is { } mapped)
                                {
                                    throw mapped;
                                }
                            }
                        }
                        catch
                        {
                            if (items is not null)
                            {
                                await items.DisposeAsync().ConfigureAwait(false);
                            }

                            response?.Dispose();
                            streamCancellation.Dispose();
                            throw;
                        }
                    },
                    (CreateRequest: createRequest, Read: read, CancellationToken: cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                run.Fail(ex);
                throw;
            }

            if (!stream.HasCurrent)
            {
                run.Succeed(0);
                yield break;
            }

            rows++;
            yield return stream.Items.Current;
            while (true)
            {
                bool hasNext;
                try
                {
                    hasNext = await stream.Items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    var mapped = MapReadFailure(ex, stream.Response, cancellationToken) ?? ex;
                    run.Fail(mapped);
                    if (ReferenceEquals(mapped, ex))
                    {
                        throw;
                    }

                    throw mapped;
                }

                if (!hasNext)
                {
                    break;
                }

                rows++;
                yield return stream.Items.Current;
            }

            run.Succeed(rows);
        }
        finally
        {
            // A caller that stops early ends here too: the answer is abandoned, which is not a failure.
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            run.Complete(rows);
            run.Dispose();
        }
    }

    /// <summary>
    /// Builds the exception for a failed answer: classified by the vendor's policy, redacted (the bearer token the
    /// request carried included), with the request id, the retry-after delay and the start of the body.
    /// </summary>
    internal VendorApiException CreateException(
        HttpResponseMessage response,
        VendorErrorReport report,
        string? rawBody,
        VendorErrorKind? kindOverride,
        bool? transientOverride,
        Exception? innerException,
        Redaction redaction)
    {
        var policy = _settings.ErrorPolicy;
        var errors = report.Errors.Select(redaction.Redact).ToArray();
        var kind = kindOverride ?? policy.Classify(response.StatusCode, errors);
        return new VendorApiException(
            policy.VendorName,
            kind,
            errors,
            response.StatusCode,
            transientOverride ?? policy.IsTransient(response.StatusCode, errors, kind),
            innerException)
        {
            RequestId = redaction.Apply(Truncate(report.RequestId ?? policy.GetRequestId(response.Headers), 200)),
            RetryAfter = GetRetryAfter(response) ?? policy.GetRetryAfter(errors),
            RequestMethod = response.RequestMessage?.Method.Method,
            RequestPath = response.RequestMessage?.RequestUri is { } uri ? PathOf(uri) : null,
            RawBody = Truncate(redaction.Apply(rawBody), VendorApiException.MaxRawBodyLength),
        };
    }

    private static ResiliencePipeline BuildResilience(VendorPipelineSettings settings)
    {
        var options = settings.Options;
        var retry = options.Retry;
        var builder = new ResiliencePipelineBuilder { TimeProvider = settings.TimeProvider, Name = settings.ErrorPolicy.VendorName };
        if (options.OperationTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.OperationTimeout, Name = "operation" });
        }

        builder.AddRetry(new RetryStrategyOptions
        {
            Name = "retry",
            // One more than the retries: the room for the one re-send after a token rejection.
            MaxRetryAttempts = retry.MaxRetries + 1,
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.Zero,
            UseJitter = false,
            ShouldHandle = static args => new ValueTask<bool>(args.Context.Properties.GetValue(RunKey, null!).ShouldRetry(args.Outcome.Exception)),
            DelayGenerator = static args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(RunKey, null!).NextDelay),
            OnRetry = static args =>
            {
                args.Context.Properties.GetValue(RunKey, null!).OnRetry(args.RetryDelay, args.Outcome.Exception);
                return default;
            },
        });

        if (options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = "attempt" });
        }

        return builder.Build();
    }

    private async Task<TResult> ExecuteAsync<TResult, TState>(
        OperationRun run,
        Func<OperationRun, CancellationToken, TState, ValueTask<TResult>> attempt,
        TState state,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RunKey, run);
        try
        {
            return await _resilience.ExecuteAsync(
                static (context, s) => s.Attempt(s.Run, context.CancellationToken, s.State),
                context,
                (Attempt: attempt, Run: run, State: state)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(run, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<VendorResponse> SendOnceAsync(OperationRun run, Func<HttpRequestMessage> createRequest, bool streamed, CancellationToken cancellationToken)
    {
        run.BeginAttempt();
        var limiter = _settings.ConcurrencyLimiter;
        var holdsPermit = false;
        HttpResponseMessage? response = null;
        var request = createRequest();
        try
        {
            request.Headers.TryAddWithoutValidation("User-Agent", _settings.UserAgent);
            if (limiter is not null)
            {
                await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
                holdsPermit = true;
            }

            PipelineLog.Sending(_logger, ErrorPolicy.VendorName, run.Operation.Name, _accountTag, run.Attempts, request.Method.Method, request.RequestUri is { } u ? PathOf(u) : string.Empty);
            try
            {
                response = await _settings.HttpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (VendorApiException)
            {
                // A token source's own call failed (e.g. a login): already the SDK's exception, already retried by the
                // token source's own pipeline; retrying it here too would multiply the attempts.
                run.MarkUpstreamFailure();
                throw;
            }
            catch (Exception ex)
            {
                throw Unreachable(request, ex);
            }
            finally
            {
                run.RememberToken(request);
            }

            run.RecordStatus(response.StatusCode);
            var redaction = RedactionFor(request);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                throw Redirected(response, redaction);
            }

            if (!response.IsSuccessStatusCode)
            {
                var (report, raw) = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
                throw CreateException(response, report, raw, kindOverride: null, transientOverride: null, innerException: null, redaction);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = new ResponseBodyStream(
                stream,
                VendorApiException.MaxRawBodyLength,
                streamed ? long.MaxValue : _settings.Options.MaxResponseBytes,
                streamed ? _settings.Options.StreamIdleTimeout : Timeout.InfiniteTimeSpan,
                _settings.TimeProvider,
                holdsPermit ? () => limiter!.Release() : null);
            holdsPermit = false; // the body releases it when disposed
            var result = new VendorResponse(this, response, body, redaction);
            response = null;
            return result;
        }
        finally
        {
            response?.Dispose();
            request.Dispose();
            if (holdsPermit)
            {
                limiter!.Release();
            }
        }
    }

    /// <summary>Turns a failure while reading a successful answer into the exception the caller sees; null to let it pass.</summary>
    private VendorApiException? MapReadFailure(Exception exception, VendorResponse? response, CancellationToken cancellationToken)
    {
        if (exception is VendorApiException || response is null)
        {
            return null;
        }

        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var message = response.Message;
        var raw = response.RawBodyText();
        var redaction = message.RequestMessage is { } sent ? RedactionFor(sent) : _settings.Redaction;
        return exception switch
        {
            StalledStreamException stalled => CreateException(
                message,
                new VendorErrorReport([new VendorError(null, $"The answer stalled: no data for {Seconds(stalled.IdleTimeout)} (StreamIdleTimeout).")]),
                raw,
                VendorErrorKind.Timeout,
                transientOverride: true,
                exception,
                redaction),
            ResponseTooLargeException tooLarge => CreateException(
                message,
                new VendorErrorReport([new VendorError(null, $"The answer is larger than MaxResponseBytes ({tooLarge.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes).")]),
                raw,
                VendorErrorKind.InvalidResponse,
                transientOverride: false,
                exception,
                redaction),
            IOException or HttpRequestException or OperationCanceledException => CreateException(
                message,
                new VendorErrorReport([new VendorError(null, "The connection was lost while the answer was being read.")]),
                raw,
                VendorErrorKind.ServiceUnavailable,
                transientOverride: true,
                exception,
                redaction),
            _ => response.CreateInvalidResponseException(exception),
        };
    }

    /// <summary>
    /// The secrets to hide from what a server answers to <paramref name="request"/>: the configured ones, plus the
    /// credential the request carried in its <c>Authorization</c> header, whoever set it (the bearer handler, a token
    /// source's refresh call, a Basic handler), since a server may quote it back.
    /// </summary>
    private Redaction RedactionFor(HttpRequestMessage request)
    {
        var sent = request.Headers.Authorization?.Parameter;
        var token = request.Options.TryGetValue(UsedToken.Key, out var used) ? used.Token.Value : null;
        return sent is null && token is null ? _settings.Redaction : _settings.Redaction.With(sent, token);
    }

    private async Task<(VendorErrorReport Report, string Raw)> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(ErrorBodyByteLimit, _settings.Options.MaxResponseBytes);
        var buffer = new byte[limit];
        var length = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length
                       && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A cut-off error body still has a status: classify by what arrived.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        var body = buffer.AsSpan(0, length);
        VendorErrorReport report;
        try
        {
            report = ErrorPolicy.ReadErrorBody(body);
        }
#pragma warning disable CA1031 // A malformed error body must not hide the HTTP failure itself.
        catch (Exception)
#pragma warning restore CA1031
        {
            report = VendorErrorReport.Empty;
        }

        return (report, DecodeLenient(body));
    }

    private VendorApiException Unreachable(HttpRequestMessage request, Exception exception)
    {
        var host = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute.Host : _settings.Endpoint?.Host;
        var (kind, transient, message) = exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } or HttpRequestException { InnerException: AuthenticationException } =>
                (VendorErrorKind.Configuration, false, $"The secure connection to {host} failed (untrusted or invalid certificate, or no common TLS version); this is not retried."),
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } =>
                (VendorErrorKind.ServiceUnavailable, true, $"{host} closed the connection without a complete answer."),
            HttpRequestException =>
                (VendorErrorKind.ServiceUnavailable, true, $"{host} could not be reached."),
            OperationCanceledException =>
                (VendorErrorKind.Timeout, true, $"The request to {host} timed out."),
            _ => (VendorErrorKind.Configuration, false, $"The request to {host} could not be sent ({exception.GetType().Name}); check the client's options."),
        };
        return new VendorApiException(ErrorPolicy.VendorName, kind, [new VendorError(null, message)], statusCode: null, transient, exception)
        {
            RequestMethod = request.Method.Method,
            RequestPath = request.RequestUri is { } uri ? PathOf(uri) : null,
        };
    }

    private VendorApiException Redirected(HttpResponseMessage response, Redaction redaction)
    {
        var location = response.Headers.Location;
        var target = location is null ? "an unnamed location"
            : location.IsAbsoluteUri ? location.Host
            : _settings.Endpoint?.Host ?? "the same host";
        var error = new VendorError(
            null,
            $"The vendor answered with a redirect to {target}. Redirects are not followed, so that credentials never reach another address: set the endpoint to the address the vendor redirects to.");
        return CreateException(response, new VendorErrorReport([error]), rawBody: null, VendorErrorKind.Configuration, transientOverride: false, innerException: null, redaction);
    }

    private VendorApiException TimedOut(OperationRun run, TimeoutRejectedException exception)
    {
        var whole = exception.Timeout == _settings.Options.OperationTimeout && _settings.Options.OperationTimeout != _settings.Options.AttemptTimeout;
        var message = whole
            ? $"The operation did not complete within {Seconds(exception.Timeout)} (OperationTimeout), after {run.Attempts} attempt(s)."
            : $"The vendor did not answer within {Seconds(exception.Timeout)} (AttemptTimeout), {run.Attempts} attempt(s) made.";
        return new VendorApiException(ErrorPolicy.VendorName, VendorErrorKind.Timeout, [new VendorError(null, message)], run.LastStatus, isTransient: true, exception);
    }

    private Duration? GetRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return Duration.FromTimeSpan(delta);
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = Instant.FromDateTimeOffset(date) - _settings.Clock.GetCurrentInstant();
            return wait > Duration.Zero ? wait : Duration.Zero;
        }

        return null;
    }

    private static string PathOf(Uri uri) => uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?', 2)[0];

    private static string Seconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private static string? Truncate(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    private static string DecodeLenient(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);

    private static string Outcome(Exception exception) => exception switch
    {
        VendorApiException api => Snake(api.Kind),
        OperationCanceledException => "cancelled",
        _ => exception.GetType().Name,
    };

    private static string Snake(VendorErrorKind kind) => kind switch
    {
        VendorErrorKind.InvalidRequest => "invalid_request",
        VendorErrorKind.Authentication => "authentication",
        VendorErrorKind.PermissionDenied => "permission_denied",
        VendorErrorKind.NotFound => "not_found",
        VendorErrorKind.RateLimited => "rate_limited",
        VendorErrorKind.ServiceUnavailable => "service_unavailable",
        VendorErrorKind.InvalidResponse => "invalid_response",
        VendorErrorKind.Timeout => "timeout",
        VendorErrorKind.Configuration => "configuration",
        _ => "unknown",
    };

    /// <summary>One call of an operation: its attempts, its span, its metrics and the decisions to retry.</summary>
    private sealed class OperationRun : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly Activity? _activity;
        private int _transientRetries;
        private bool _refreshed;
        private bool _upstreamFailure;
        private bool _completed;

        public OperationRun(VendorPipeline pipeline, VendorOperation operation)
        {
            Pipeline = pipeline;
            Operation = operation;
            _activity = PipelineTelemetry.Source.StartActivity(pipeline.ErrorPolicy.VendorName + " " + operation.Name, ActivityKind.Internal);
            if (_activity is not null)
            {
                _activity.SetTag(CallCenterStatsTelemetry.VendorTag, pipeline._settings.VendorId);
                _activity.SetTag(CallCenterStatsTelemetry.OperationTag, operation.Name);
                _activity.SetTag(CallCenterStatsTelemetry.AccountTag, pipeline._accountTag);
                if (pipeline._settings.Endpoint is { } endpoint)
                {
                    _activity.SetTag("server.address", endpoint.Host);
                }
            }
        }

        public VendorPipeline Pipeline { get; }

        public VendorOperation Operation { get; }

        public int Attempts { get; private set; }

        public HttpStatusCode? LastStatus { get; private set; }

        public UsedToken? LastToken { get; private set; }

        public TimeSpan? NextDelay { get; private set; }

        private TagList Tags => new()
        {
            { CallCenterStatsTelemetry.VendorTag, Pipeline._settings.VendorId },
            { CallCenterStatsTelemetry.OperationTag, Operation.Name },
            { CallCenterStatsTelemetry.AccountTag, Pipeline._accountTag },
        };

        public void BeginAttempt()
        {
            Attempts++;
            LastToken = null;
            _upstreamFailure = false;
        }

        public void MarkUpstreamFailure() => _upstreamFailure = true;

        public void RememberToken(HttpRequestMessage request) =>
            LastToken = request.Options.TryGetValue(UsedToken.Key, out var used) ? used : null;

        public void RecordStatus(HttpStatusCode status) => LastStatus = status;

        /// <summary>Decides whether a failed attempt is sent again, and after how long (<see cref="NextDelay"/>).</summary>
        public bool ShouldRetry(Exception? exception)
        {
            NextDelay = null;
            var outcome = exception is null ? "success" : Outcome(exception);
            var tags = Tags;
            tags.Add(CallCenterStatsTelemetry.OutcomeTag, outcome);
            PipelineTelemetry.Requests.Add(1, tags);

            // A cancelled caller is never retried; Polly's attempt timeout arrives as TimeoutRejectedException instead. A
            // failure of the token source's own calls was retried there already.
            if (exception is null or OperationCanceledException || _upstreamFailure)
            {
                return false;
            }

            if (exception is VendorApiException { Kind: VendorErrorKind.Authentication } && LastToken is not null && !_refreshed)
            {
                NextDelay = TimeSpan.Zero;
                return true;
            }

            if (!Operation.IsSafeToRepeat)
            {
                return false;
            }

            var retry = Pipeline._settings.Options.Retry;
            if (_transientRetries >= retry.MaxRetries)
            {
                return false;
            }

            switch (exception)
            {
                case TimeoutRejectedException:
                    break;
                case VendorApiException { IsTransient: true } api:
                    if (api.RetryAfter is { } asked)
                    {
                        var wait = asked.ToTimeSpan();
                        if (wait > retry.MaxRetryAfter)
                        {
                            return false;
                        }

                        NextDelay = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
                    }

                    break;
                default:
                    return false;
            }

            _transientRetries++;
            NextDelay ??= Backoff(retry, _transientRetries);
            return true;
        }

        public void OnRetry(TimeSpan delay, Exception? exception)
        {
            var reason = exception is TimeoutRejectedException ? "timeout" : exception is null ? "unknown" : Outcome(exception);
            if (exception is VendorApiException { Kind: VendorErrorKind.Authentication } && LastToken is { } used && !_refreshed)
            {
                _refreshed = true;
                reason = "token_rejected";
                used.Source.Invalidate(used.Token);
            }

            var tags = Tags;
            tags.Add(CallCenterStatsTelemetry.ReasonTag, reason);
            PipelineTelemetry.Retries.Add(1, tags);
            PipelineLog.Retrying(Pipeline._logger, Pipeline.ErrorPolicy.VendorName, Operation.Name, Pipeline._accountTag, Attempts, reason, exception?.Message ?? reason, delay.TotalMilliseconds);
        }

        public void Succeed(long rows) => Finish(null, rows);

        public void Fail(Exception exception) => Finish(exception, 0);

        public void Complete(long rows) => Finish(null, rows);

        public void Dispose() => _activity?.Dispose();

        private void Finish(Exception? exception, long rows)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            var outcome = exception is null ? "success" : Outcome(exception);
            var elapsed = Stopwatch.GetElapsedTime(_started);
            var tags = Tags;
            tags.Add(CallCenterStatsTelemetry.OutcomeTag, outcome);
            PipelineTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
            if (rows > 0)
            {
                PipelineTelemetry.Rows.Add(rows, Tags);
            }

            if (_activity is not null)
            {
                _activity.SetTag(CallCenterStatsTelemetry.AttemptsTag, Attempts);
                _activity.SetTag(CallCenterStatsTelemetry.OutcomeTag, outcome);
                if (LastStatus is { } status)
                {
                    _activity.SetTag("http.response.status_code", (int)status);
                }

                if (exception is not null)
                {
                    _activity.SetTag("error.type", outcome);
                    _activity.SetStatus(ActivityStatusCode.Error, exception is VendorApiException api ? api.Kind.ToString() : exception.GetType().Name);
                }
            }

            if (exception is null)
            {
                PipelineLog.Completed(Pipeline._logger, Pipeline.ErrorPolicy.VendorName, Operation.Name, Pipeline._accountTag, Attempts, elapsed.TotalMilliseconds, rows);
            }
            else
            {
                PipelineLog.Failed(Pipeline._logger, Pipeline.ErrorPolicy.VendorName, Operation.Name, Pipeline._accountTag, Attempts, outcome, exception.Message);
            }
        }

        private static TimeSpan Backoff(RetryOptions retry, int retryNumber)
        {
            var exponential = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryNumber - 1, 30));
            var capped = Math.Min(exponential, retry.MaxDelay.TotalMilliseconds);
            var milliseconds = retry.UseJitter ? (capped / 2) + (Random.Shared.NextDouble() * capped / 2) : capped;
            return TimeSpan.FromMilliseconds(milliseconds);
        }
    }

    /// <summary>A streamed answer after its first attempt succeeded.</summary>
    private sealed class StreamAttempt<T>(VendorResponse response, IAsyncEnumerator<T> items, bool hasCurrent, CancellationTokenSource cancellation) : IAsyncDisposable
    {
        public VendorResponse Response { get; } = response;

        public IAsyncEnumerator<T> Items { get; } = items;

        public bool HasCurrent { get; } = hasCurrent;

        public async ValueTask DisposeAsync()
        {
            await cancellation.CancelAsync().ConfigureAwait(false);
            await Items.DisposeAsync().ConfigureAwait(false);
            Response.Dispose();
            cancellation.Dispose();
        }
    }
}
