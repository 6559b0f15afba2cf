using System.Globalization;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>
/// The id of a pause entry: <c>"all"</c> (the totals over every pause), <c>"free"</c> (free time) or the number
/// of one of the system's pause types. Any other text Thulium may add later is kept in <see cref="Value"/>.
/// </summary>
public readonly record struct PauseId
{
    private const string AllText = "all";
    private const string FreeText = "free";

    private readonly string? _value;

    private PauseId(string value, long? number)
    {
        _value = value;
        Number = number;
    }

    /// <summary>The totals over every pause (<c>"all"</c>).</summary>
    public static PauseId All { get; } = new(AllText, null);

    /// <summary>Free time (<c>"free"</c>).</summary>
    public static PauseId Free { get; } = new(FreeText, null);

    /// <summary>The id as Thulium wrote it (<c>"all"</c>, <c>"free"</c>, <c>"3"</c>); empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The pause type's number, or null for <c>all</c>, <c>free</c> and unknown texts.</summary>
    public long? Number { get; }

    /// <summary>Whether this is the totals entry (<c>"all"</c>).</summary>
    public bool IsAll => string.Equals(_value, AllText, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is the free-time entry (<c>"free"</c>).</summary>
    public bool IsFree => string.Equals(_value, FreeText, StringComparison.OrdinalIgnoreCase);

    /// <summary>The id of a numbered pause type.</summary>
    /// <param name="number">The pause type's number.</param>
    /// <returns>The id.</returns>
    public static PauseId FromNumber(long number) => new(number.ToString(CultureInfo.InvariantCulture), number);

    /// <summary>Reads an id: <c>all</c>, <c>free</c>, an integer, or any other text (kept as it is).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The id.</returns>
    public static PauseId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? FromNumber(number)
            : new PauseId(value, null);
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The id as text.</returns>
    public override string ToString() => Value;
}
