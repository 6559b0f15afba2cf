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
public static class JsonArrayStreamReader
{
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
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The elements in document order.</returns>
    /// <exception cref="JsonException">The JSON is malformed, truncated, or not of the expected shape.</exception>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream utf8Json,
        string? arrayProperty,
        JsonTypeInfo<T> typeInfo,
        OtherPropertyHandler? otherProperty = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var parser = new Parser<T>(arrayProperty is null ? null : Encoding.UTF8.GetBytes(arrayProperty), typeInfo, otherProperty);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var filled = 0;
        var isFinal = false;
        var batch = new List<T>();
        try
        {
            while (true)
            {
                var consumed = parser.Parse(buffer.AsSpan(0, filled), isFinal, batch);
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
                    throw new JsonException("The JSON ended before the array was complete.");
                }

                // Keep what was not consumed, grow when a single element does not fit, and read more.
                filled -= consumed;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled);
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await utf8Json.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                filled += read;
                isFinal = read == 0;
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
