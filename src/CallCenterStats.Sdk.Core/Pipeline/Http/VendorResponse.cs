using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// A successful (2xx) vendor answer whose body has not been read yet, as the pipeline hands it to a vendor's reader.
/// Read the body once, as a stream (<see cref="Body"/>) or as JSON (<see cref="ReadJsonAsync{T}"/>). The pipeline
/// disposes it.
/// </summary>
/// <remarks>
/// A reader reports errors the vendor put inside the body by throwing <see cref="CreateException"/>; any other
/// exception it throws (a parse error, an overflow, a missing field) becomes a <see cref="VendorApiException"/> of kind
/// <see cref="VendorErrorKind.InvalidResponse"/>, and a connection lost while reading a transient one.
/// </remarks>
public sealed class VendorResponse : IDisposable
{
    private readonly VendorPipeline _pipeline;
    private readonly HttpResponseMessage _response;
    private readonly ResponseBodyStream _body;
    private readonly Redaction _redaction;

    internal VendorResponse(VendorPipeline pipeline, HttpResponseMessage response, ResponseBodyStream body, Redaction redaction)
    {
        _pipeline = pipeline;
        _response = response;
        _body = body;
        _redaction = redaction;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode => _response.StatusCode;

    /// <summary>The response headers.</summary>
    public HttpResponseHeaders Headers => _response.Headers;

    /// <summary>The content headers (content type, length).</summary>
    public HttpContentHeaders ContentHeaders => _response.Content.Headers;

    /// <summary>
    /// The body as a forward-only stream straight from the network, bounded by the client's limits (size for buffered
    /// answers, idle time for streamed ones). The first bytes read are kept for <see cref="VendorApiException.RawBody"/>.
    /// </summary>
    public Stream Body => _body;

    /// <summary>
    /// Deserializes the body with source-generated metadata as it arrives (never buffered into a string).
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="typeInfo">The source-generated metadata for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value; never null (a JSON <c>null</c> body is an invalid answer).</returns>
    /// <exception cref="VendorApiException">The body is not valid JSON of the expected shape, is empty or <c>null</c>.</exception>
    public async ValueTask<T> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(_body, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw CreateInvalidResponseException(ex);
        }

        return value ?? throw CreateInvalidResponseException("the answer is JSON null");
    }

    /// <summary>
    /// Creates the exception for errors the vendor reported inside this (successful) answer's body, classified by the
    /// vendor's <see cref="VendorErrorPolicy"/>. Throw it from the reader: the pipeline retries it when it is transient
    /// and renews the token once when it is a token rejection.
    /// </summary>
    /// <param name="report">What the vendor's envelope said.</param>
    /// <returns>The exception to throw.</returns>
    public VendorApiException CreateException(VendorErrorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return _pipeline.CreateException(_response, report, RawBodyText(), kindOverride: null, transientOverride: null, innerException: null, _redaction);
    }

    /// <summary>Creates the exception for a body that could not be read as the vendor's format.</summary>
    /// <param name="innerException">The parse or mapping failure, if any.</param>
    /// <returns>The exception to throw.</returns>
    public VendorApiException CreateInvalidResponseException(Exception? innerException) =>
        _pipeline.CreateException(_response, VendorErrorReport.Empty, RawBodyText(), VendorErrorKind.InvalidResponse, transientOverride: false, innerException, _redaction);

    /// <summary>Creates the exception for a body that is not the vendor's format, saying why.</summary>
    /// <param name="reason">What is wrong, e.g. <c>the answer has no "result"</c>; never include secrets.</param>
    /// <returns>The exception to throw.</returns>
    public VendorApiException CreateInvalidResponseException(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return _pipeline.CreateException(
            _response,
            new VendorErrorReport([new VendorError(null, "The answer could not be read: " + reason + ".")]),
            RawBodyText(),
            VendorErrorKind.InvalidResponse,
            transientOverride: false,
            innerException: null,
            _redaction);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _body.Dispose();
        _response.Dispose();
    }

    internal HttpResponseMessage Message => _response;

    internal string RawBodyText() => Encoding.UTF8.GetString(_body.Captured);
}
