using System.Net;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using CallCenterStats.Sdk.Auth;
using CallCenterStats.Sdk.Errors;
using NodaTime;

namespace CallCenterStats.Sdk.Http;

/// <summary>
/// The request pipeline every vendor client sends through: it sends a request, turns any failure (error
/// status, vendor error envelope, unreadable body, network failure, timeout) into a
/// <see cref="VendorApiException"/> classified by the vendor's <see cref="VendorErrorPolicy"/>, and re-sends a
/// request once with a new token when the vendor rejects a cached bearer token.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> comes from a delegate so that clients registered through
/// <c>IHttpClientFactory</c> get a fresh client (and a rotated handler) per call, while transport concerns
/// (auth headers, retries) stay in the client's handler chain. Requests are built by a factory because an
/// <see cref="HttpRequestMessage"/> cannot be sent twice.
/// </remarks>
public sealed class VendorRequestPipeline
{
    private const int ErrorBodyByteLimit = 4 * VendorApiException.MaxRawBodyLength;

    private readonly Func<HttpClient> _httpClient;
    private readonly IClock _clock;
    private readonly Redaction _redaction;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="httpClient">Returns the <see cref="HttpClient"/> to send with (its handlers add auth).</param>
    /// <param name="errorPolicy">The vendor's error-envelope hook.</param>
    /// <param name="clock">The clock used to turn a <c>Retry-After</c> date into a delay.</param>
    /// <param name="redaction">Secrets to hide from exception messages and raw bodies.</param>
    public VendorRequestPipeline(Func<HttpClient> httpClient, VendorErrorPolicy errorPolicy, IClock clock, Redaction? redaction = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(errorPolicy);
        ArgumentNullException.ThrowIfNull(clock);
        _httpClient = httpClient;
        ErrorPolicy = errorPolicy;
        _clock = clock;
        _redaction = redaction ?? Redaction.None;
    }

    /// <summary>The vendor's error-envelope hook.</summary>
    public VendorErrorPolicy ErrorPolicy { get; }

    /// <summary>
    /// Sends a request and returns the successful response with its body unread. A non-success status
    /// becomes a <see cref="VendorApiException"/> built from the vendor's error envelope.
    /// </summary>
    /// <param name="createRequest">Builds the request; called again for the one re-send after a token rejection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response; the caller disposes it.</returns>
    /// <exception cref="VendorApiException">The vendor answered with an error, or could not be reached.</exception>
    public async Task<VendorResponse> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(createRequest, cancellationToken).ConfigureAwait(false);
            }
            catch (TokenRejectedException rejected) when (attempt == 1)
            {
                rejected.UsedToken.Source.Invalidate(rejected.UsedToken.Token);
            }
            catch (TokenRejectedException rejected)
            {
                throw rejected.Exception;
            }
        }
    }

    /// <summary>
    /// Sends a request and deserializes the JSON body as it streams in. <paramref name="findErrors"/> looks for
    /// errors inside a successful body (vendors report errors with HTTP 200); when it finds a token
    /// rejection the request is re-sent once with a new token.
    /// </summary>
    /// <typeparam name="T">The body type (usually the vendor's envelope).</typeparam>
    /// <param name="createRequest">Builds the request.</param>
    /// <param name="typeInfo">Source-generated metadata for <typeparamref name="T"/>.</param>
    /// <param name="findErrors">Reads the vendor's error fields from the parsed body; null when the vendor never reports errors with 2xx.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parsed body, free of vendor errors.</returns>
    /// <exception cref="VendorApiException">The vendor answered with an error, the body could not be read, or the vendor could not be reached.</exception>
    public async Task<T> SendJsonAsync<T>(
        Func<HttpRequestMessage> createRequest,
        JsonTypeInfo<T> typeInfo,
        Func<T, VendorErrorReport>? findErrors,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(createRequest, cancellationToken).ConfigureAwait(false);
            var value = await response.ReadJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
            var report = findErrors?.Invoke(value) ?? VendorErrorReport.Empty;
            if (!report.HasErrors)
            {
                return value;
            }

            var exception = response.CreateException(report);
            if (attempt == 1
                && exception.Kind == VendorErrorKind.Authentication
                && response.RequestMessage?.Options.TryGetValue(UsedToken.Key, out var used) == true)
            {
                used.Source.Invalidate(used.Token);
                continue;
            }

            throw exception;
        }
    }

    internal VendorApiException CreateException(
        HttpResponseMessage response,
        VendorErrorReport report,
        string? rawBody,
        VendorErrorKind? kindOverride,
        Exception? innerException)
    {
        // Besides the configured secrets, hide the bearer token the request carried (a vendor may echo it back).
        var redaction = response.RequestMessage?.Options.TryGetValue(UsedToken.Key, out var used) == true
            ? _redaction.With(used.Token.Value)
            : _redaction;
        var errors = report.Errors.Select(redaction.Redact).ToArray();
        var kind = kindOverride ?? ErrorPolicy.Classify(response.StatusCode, errors);
        return new VendorApiException(
            ErrorPolicy.VendorName,
            kind,
            errors,
            response.StatusCode,
            ErrorPolicy.IsTransient(response.StatusCode, errors, kind),
            innerException)
        {
            RequestId = report.RequestId ?? ErrorPolicy.GetRequestId(response.Headers),
            RetryAfter = GetRetryAfter(response) ?? ErrorPolicy.GetRetryAfter(errors),
            RequestMethod = response.RequestMessage?.Method.Method,
            RequestPath = response.RequestMessage?.RequestUri?.AbsolutePath,
            RawBody = Truncate(redaction.Apply(rawBody)),
        };
    }

    private async Task<VendorResponse> SendOnceAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        HttpResponseMessage response;
        try
        {
            response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(request, "the request timed out", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(request, "the vendor could not be reached", ex);
        }

        try
        {
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var success = new VendorResponse(this, response, body);
                response = null!;
                return success;
            }

            var (report, raw) = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var exception = CreateException(response, report, raw, kindOverride: null, innerException: null);
            if (exception.Kind == VendorErrorKind.Authentication
                && request.Options.TryGetValue(UsedToken.Key, out var used))
            {
                throw new TokenRejectedException(used, exception);
            }

            throw exception;
        }
        finally
        {
            response?.Dispose();
        }
    }

    private async Task<(VendorErrorReport Report, string Raw)> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[ErrorBodyByteLimit];
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
        catch (IOException)
        {
            // A cut-off error body still has a status; classify by what arrived.
        }
        catch (HttpRequestException)
        {
            // As above.
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

        return (report, Encoding.UTF8.GetString(body));
    }

    private VendorApiException Unreachable(HttpRequestMessage request, string message, Exception inner) =>
        new(ErrorPolicy.VendorName, VendorErrorKind.ServiceUnavailable, [new VendorError(null, message)], statusCode: null, isTransient: true, inner)
        {
            RequestMethod = request.Method.Method,
            RequestPath = request.RequestUri?.AbsolutePath,
        };

    private Duration? GetRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return Duration.FromTimeSpan(delta);
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = Instant.FromDateTimeOffset(date) - _clock.GetCurrentInstant();
            return wait > Duration.Zero ? wait : Duration.Zero;
        }

        return null;
    }

    private static string? Truncate(string? text) =>
        text is { Length: > VendorApiException.MaxRawBodyLength } ? text[..VendorApiException.MaxRawBodyLength] : text;

    private sealed class TokenRejectedException(UsedToken usedToken, VendorApiException exception) : Exception
    {
        public UsedToken UsedToken { get; } = usedToken;

        public VendorApiException Exception { get; } = exception;
    }
}
