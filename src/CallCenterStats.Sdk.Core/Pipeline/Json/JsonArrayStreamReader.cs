using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Streams the elements of one JSON array out of a response body as they arrive, without holding the whole
/// body or the whole array in memory: either a top-level array (<c>[...]</c>) or the array under a
/// property of a top-level object (<c>{"response": [...], "errors": [...]}</c>). The object's other
/// properties are handed to a callback, so an envelope's error fields are seen wherever they appear.
/// </summary>
/// <remarks>
/// Reading is linear in the size of the body: an element that is not complete yet is not parsed again until the data
/// held has doubled, so a 64 MB element costs a few passes, not thousands. One element (or other property,
/// or run of whitespace) may not exceed <c>maxElementBytes</c>: a larger one fails with <see cref="JsonException"/>, so
/// memory stays bounded whatever a server sends.
/// </remarks>
public static class JsonArrayStreamReader
{
    /// <summary>The default largest single element: 16 MiB.</summary>
    public const int DefaultMaxElementBytes = 16 * 1024 * 1024;

    private const int InitialBufferSize = 16 * 1024;

    /// <summary>Handles a property of the enclosing object other than the streamed array.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The property value (valid only during the call; clone it to keep it).</param>
    public delegate void OtherPropertyHandler(string name, JsonElement value);

    /// <summary>
    /// Reads the elements of the array at <paramref name="arrayProperty"/> (or of the top-level array when it
    /// is null) one by one, deserializing each with <paramref name="typeInfo"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="utf8Json">The UTF-8 JSON stream; read forward only.</param>
    /// <param name="arrayProperty">The property of the top-level object holding the array, or null for a top-level array.</param>
    /// <param name="typeInfo">Source-generated metadata for <typeparamref name="T"/>.</param>
    /// <param name="otherProperty">Called for each other property of the top-level object, in document order.</param>
    /// <param name="maxElementBytes">The largest single element (or other property) in bytes; <see cref="DefaultMaxElementBytes"/> by default.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The elements in document order.</returns>
    /// <exception cref="JsonException">The JSON is malformed, truncated, not of the expected shape, or has an element larger than <paramref name="maxElementBytes"/>.</exception>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream utf8Json,
        string? arrayProperty,
        JsonTypeInfo<T> typeInfo,
        OtherPropertyHandler? otherProperty = null,
        int maxElementBytes = DefaultMaxElementBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElementBytes, 1024);
        var parser = new Parser<T>(arrayProperty is null ? null : Encoding.UTF8.GetBytes(arrayProperty), typeInfo, otherProperty);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var filled = 0;
        var isFinal = false;
        var batch = new List<T>();
        try
        {
            while (true)
            {
                // Complete elements first, then (at the end of the body) the check that nothing is cut off: elements that
                // arrived whole reach the caller before a truncation error does.
                var consumed = parser.Parse(buffer.AsSpan(0, filled), isFinal: false, batch);
                foreach (var item in batch)
                {
                    yield return item;
                }

                batch.Clear();
                if (parser.IsDone)
                {
                    yield break;
                }

                if (isFinal)
                {
                    parser.Parse(buffer.AsSpan(consumed, filled - consumed), isFinal: true, batch);
                    foreach (var item in batch)
                    {
                        yield return item;
                    }

                    if (parser.IsDone)
                    {
                        yield break;
                    }

                    throw new JsonException("The JSON ended before the array was complete.");
                }

                // Keep what was not consumed and read more. Without progress (one unit does not fit yet) the buffer is
                // grown when full and filled before the next parse, so a large element is parsed again only after the
                // data has doubled: linear in its size, not quadratic.
                filled -= consumed;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled);
                var stuck = consumed == 0 && filled > 0;
                if (filled == buffer.Length)
                {
                    if (filled >= maxElementBytes)
                    {
                        throw new JsonException($"A single element of the answer is larger than {maxElementBytes} bytes.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxElementBytes));
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // Stuck: parse again once the data has at least doubled (or the buffer is full), not after every read.
                var target = stuck ? Math.Min(buffer.Length, filled * 2) : 0;
                do
                {
                    var read = await utf8Json.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    filled += read;
                    isFinal = read == 0;
                }
                while (!isFinal && filled < target);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class Parser<T>(byte[]? arrayProperty, JsonTypeInfo<T> typeInfo, OtherPropertyHandler? otherProperty)
    {
        private enum Phase
        {
            Start,
            InObject,
            InArray,
            AfterArray,
            Done,
        }

        private Phase _phase = Phase.Start;
        private JsonReaderState _state;

        public bool IsDone => _phase == Phase.Done;

        /// <summary>Parses as far as the data allows; returns the number of bytes fully consumed.</summary>
        public int Parse(ReadOnlySpan<byte> data, bool isFinal, List<T> batch)
        {
            var reader = new Utf8JsonReader(data, isFinal, _state);
            var committed = 0;
            while (_phase != Phase.Done)
            {
                var checkpoint = reader;
                if (!Step(ref reader, batch))
                {
                    // Not enough data for the next complete unit: resume from the checkpoint next time.
                    _state = checkpoint.CurrentState;
                    return committed;
                }

                committed = (int)reader.BytesConsumed;
            }

            _state = reader.CurrentState;
            return committed;
        }

        private bool Step(ref Utf8JsonReader reader, List<T> batch)
        {
            if (!reader.Read())
            {
                return false;
            }

            switch (_phase)
            {
                case Phase.Start:
                    if (arrayProperty is null)
                    {
                        Expect(ref reader, JsonTokenType.StartArray);
                        _phase = Phase.InArray;
                    }
                    else
                    {
                        Expect(ref reader, JsonTokenType.StartObject);
                        _phase = Phase.InObject;
                    }

                    return true;

                case Phase.InObject:
                case Phase.AfterArray:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.Done;
                        return true;
                    }

                    Expect(ref reader, JsonTokenType.PropertyName);
                    var isTarget = _phase == Phase.InObject && reader.ValueTextEquals(arrayProperty);
                    var name = reader.GetString()!;
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (isTarget && reader.TokenType == JsonTokenType.StartArray)
                    {
                        _phase = Phase.InArray;
                        return true;
                    }

                    if (isTarget && reader.TokenType == JsonTokenType.Null)
                    {
                        _phase = Phase.AfterArray;
                        return true;
                    }

                    if (isTarget)
                    {
                        throw new JsonException($"Expected an array in '{name}', found {reader.TokenType}.");
                    }

                    var valueStart = reader;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    if (otherProperty is not null)
                    {
                        using var document = JsonDocument.ParseValue(ref valueStart);
                        otherProperty(name, document.RootElement);
                    }

                    return true;

                case Phase.InArray:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = arrayProperty is null ? Phase.Done : Phase.AfterArray;
                        return true;
                    }

                    var elementStart = reader;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    batch.Add(JsonSerializer.Deserialize(ref elementStart, typeInfo)!);
                    return true;

                default:
                    return true;
            }
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
        {
            if (reader.TokenType != expected)
            {
                throw new JsonException($"Expected {expected}, found {reader.TokenType}.");
            }
        }
    }
}
