using CallCenterStats.Sdk.Pipeline;
using System.Text.Json;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>
/// Call statistics of one queue destination over the requested range, as Enswitch's
/// <c>queues/destinations/statistics/get</c> returns them.
/// </summary>
/// <remarks>
/// Enswitch documents only <c>calls</c> and <c>talktime_sum</c> and elides the rest of the list, which varies with
/// the deployment's version. So every field is kept: numeric ones (JSON numbers, or strings that hold a number, as
/// Enswitch sometimes sends them) in <see cref="Fields"/> by their wire name, everything else as raw JSON in
/// <see cref="AdditionalData"/>. Each wire field is in exactly one of the two, with two exceptions: <c>dtype</c> and
/// <c>dnumber</c> are only in <see cref="DestinationType"/> and <see cref="DestinationNumber"/>; and a numeric string
/// whose text the number does not give back exactly (leading zeros as in <c>"0123456"</c>, an exponent, a sign,
/// spaces) is in both, so that the text as sent is never lost.
/// </remarks>
public sealed record DestinationStatistics
{
    /// <summary>
    /// The kind of destination (<c>dtype</c>, e.g. <c>phone</c>). Set on the rows of a queue's statistics, which
    /// Enswitch groups by <c>dtype</c> and <c>dnumber</c>; null when Enswitch does not send it (usually for a single
    /// destination). Kept as text: the set of destination types grows on the vendor side.
    /// </summary>
    public string? DestinationType { get; init; }

    /// <summary>
    /// The destination's number or id (<c>dnumber</c>, e.g. <c>1234567</c>), as text even when Enswitch sends a
    /// JSON number, so leading zeros and non-numeric destinations survive; null when not sent.
    /// </summary>
    public string? DestinationNumber { get; init; }

    /// <summary>
    /// The number of calls (<c>calls</c>). Zero when Enswitch leaves the field out or sends null, which it does
    /// for destinations without calls in the range.
    /// </summary>
    public long Calls { get; init; }

    /// <summary>
    /// The total talk time (<c>talktime_sum</c>, whole seconds on the wire; an <c>HH:MM:SS</c> string is also
    /// accepted). Zero when the field is absent or null (a sum over no calls).
    /// </summary>
    public Duration TalkTime { get; init; }

    /// <summary>
    /// Every numeric field by its wire name, <c>calls</c> and <c>talktime_sum</c> included (e.g.
    /// <c>Fields["talktime_avg"]</c>). Values are exactly what was sent (no rounding), whether it came as a JSON
    /// number or a numeric string. Durations are in seconds on the wire: see <see cref="GetDuration"/>.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Fields { get; init; } = EmptyFields;

    /// <summary>
    /// Fields that are not numbers (text, booleans, nulls, objects, arrays), as the raw JSON Enswitch sent, by wire
    /// name; also numeric strings that do not round-trip through <see cref="Fields"/> (e.g. <c>"0123456"</c>, which is
    /// <c>123456</c> in <see cref="Fields"/> and <c>"0123456"</c> here). Nothing the server sends is dropped.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;

    private static IReadOnlyDictionary<string, decimal> EmptyFields { get; } = new Dictionary<string, decimal>();


    /// <summary>
    /// Reads a numeric field as a number of seconds (e.g. <c>GetDuration("talktime_avg")</c>); fractions are kept
    /// to the nanosecond.
    /// </summary>
    /// <param name="field">The field's wire name.</param>
    /// <returns>The duration, or null when the field was not sent, is not a number, or is too large for a <see cref="Duration"/>.</returns>
    public Duration? GetDuration(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Fields.TryGetValue(field, out var seconds) && Wire.StatisticsReader.TryToDuration(seconds, out var duration) ? duration : null;
    }
}
