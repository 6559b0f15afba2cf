using System.Buffers;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Voximplant.Wire;

/// <summary>
/// Reads a <c>GetACDOperatorStatusStatistics</c> answer as it arrives, in one pass straight into the public records:
/// no intermediate wire objects, no second copy of the statuses. The rules it enforces are in
/// <see cref="StatisticsParser"/> and in the package README ("What counts as an invalid answer").
/// </summary>
/// <remarks>
/// The body is read in chunks into one pooled buffer. The parser consumes whole units (an envelope field, a group
/// field, one second-level entry); when a chunk ends inside a unit it stops before that unit, and the next call
/// resumes there with the saved <see cref="JsonReaderState"/>. So memory is the buffer plus the result, whatever the
/// answer's size, and no byte is parsed twice except the part of a unit cut by a chunk boundary. A unit larger than
/// the buffer grows it; the answer as a whole is bounded by <see cref="VendorClientOptions.MaxResponseBytes"/>.
/// </remarks>
internal static class StatisticsReader
{
    /// <summary>What System.Text.Json accepted before this reader replaced it: trailing commas and comments.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private const int InitialBufferSize = 64 * 1024;

    /// <summary>
    /// Reads the answer: the statistics, or the exception to throw for the error Voximplant reported in it or for an
    /// answer that is not a statistics answer.
    /// </summary>
    public static async ValueTask<AcdOperatorStatusStatistics> ReadAsync(
        VendorResponse response,
        InstantRange range,
        StatisticsGrouping grouping,
        HourNumbering numbering,
        CancellationToken cancellationToken)
    {
        var parser = new StatisticsParser(numbering);
        try
        {
            await FeedAsync(response.Body, parser, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidAnswerException ex)
        {
            throw response.CreateInvalidResponseException(ex.Message);
        }
        catch (JsonException ex)
        {
            throw response.CreateInvalidResponseException($"it is not valid JSON ({ex.Message.TrimEnd('.')})");
        }

        if (parser.Error is { } error)
        {
            throw response.CreateException(VoximplantErrorPolicy.ToReport(error));
        }

        return parser.ToResult(range, grouping);
    }

    /// <summary>Parses a whole answer held in memory (tests and tools): the parser holds the result or the error.</summary>
    /// <exception cref="InvalidAnswerException">The answer is not a statistics answer.</exception>
    /// <exception cref="JsonException">The answer is not JSON.</exception>
    public static StatisticsParser Parse(ReadOnlySpan<byte> json, HourNumbering numbering)
    {
        var parser = new StatisticsParser(numbering);
        var state = new JsonReaderState(ReaderOptions);
        if (!parser.Advance(json, isFinalBlock: true, ref state, out _))
        {
            throw new InvalidAnswerException("it ends early");
        }

        return parser;
    }

    /// <summary>Feeds <paramref name="body"/> to <paramref name="parser"/> until the answer is read (internal for tests that cut it into chunks).</summary>
    internal static async Task FeedAsync(Stream body, StatisticsParser parser, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var state = new JsonReaderState(ReaderOptions);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                // Keep the unit the last chunk cut (usually a few hundred bytes) and read after it.
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    buffer = Grow(buffer, end);
                }

                var read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                end += read;
                if (parser.Advance(buffer.AsSpan(0, end), isFinalBlock: read == 0, ref state, out var consumed))
                {
                    return;
                }

                if (read == 0)
                {
                    // The JSON reader reports a cut-off answer itself; this is the backstop.
                    throw new InvalidAnswerException("it ends early");
                }

                start = consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}

/// <summary>The answer is not a statistics answer; the message says why (it completes "The answer could not be read: …").</summary>
internal sealed class InvalidAnswerException(string reason) : FormatException(reason);
