using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.Http;

/// <summary>
/// A successful (2xx) vendor response whose body has not been read yet. Read it once, as a stream
/// (<see cref="Body"/>) or as JSON (<see cref="ReadJsonAsync{T}"/>); dispose it when done.
/// </summary>
public sealed class VendorResponse : IDisposable
{
    private readonly VendorRequestPipeline _pipeline;
    private readonly HttpResponseMessage _response;
    private readonly CapturingReadStream _body;

    internal VendorResponse(VendorRequestPipeline pipeline, HttpResponseMessage response, Stream body)
    {
        _pipeline = pipeline;
        _response = response;
        _body = new CapturingReadStream(body, VendorApiException.MaxRawBodyLength);
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode => _response.StatusCode;

    /// <summary>The response headers.</summary>
    public HttpResponseHeaders Headers => _response.Headers;

    /// <summary>The content headers (content type, length), when the response has content.</summary>
    public HttpContentHeaders ContentHeaders => _response.Content.Headers;

    /// <summary>
    /// The body as a forward-only stream straight from the network. The first bytes read are kept so that
    /// <see cref="CreateException"/> can show them.
    /// </summary>
    public Stream Body => _body;

    /// <summary>
    /// Deserializes the body with source-generated metadata, reading the stream as it arrives (the body is
    /// never buffered into a string).
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="typeInfo">The source-generated metadata for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value; never null.</returns>
    /// <exception cref="VendorApiException">The body is not valid JSON of the expected shape, is empty, or was cut off.</exception>
    public async Task<T> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            var value = await JsonSerializer.DeserializeAsync(_body, typeInfo, cancellationToken).ConfigureAwait(false);
            return value ?? throw CreateInvalidResponseException(null);
        }
        catch (JsonException ex)
        {
            throw CreateInvalidResponseException(ex);
        }
        catch (IOException ex)
        {
            throw CreateInvalidResponseException(ex);
        }
    }

    /// <summary>
    /// Creates the exception for errors found inside this (successful) response's body, classified by the
    /// vendor's <see cref="VendorErrorPolicy"/>.
    /// </summary>
    /// <param name="report">What the vendor's envelope said.</param>
    /// <returns>The exception to throw.</returns>
    public VendorApiException CreateException(VendorErrorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return _pipeline.CreateException(_response, report, RawBodyText(), kindOverride: null, innerException: null);
    }

    /// <summary>Creates the exception for a body that could not be read as the vendor's format.</summary>
    /// <param name="innerException">The parse or I/O failure, if any.</param>
    /// <returns>The exception to throw.</returns>
    public VendorApiException CreateInvalidResponseException(Exception? innerException) =>
        _pipeline.CreateException(_response, VendorErrorReport.Empty, RawBodyText(), VendorErrorKind.InvalidResponse, innerException);

    /// <inheritdoc />
    public void Dispose()
    {
        _body.Dispose();
        _response.Dispose();
    }

    internal HttpRequestMessage? RequestMessage => _response.RequestMessage;

    private string RawBodyText() => Encoding.UTF8.GetString(_body.Captured);
}
