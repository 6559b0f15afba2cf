using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Resolves the time-zone ids options carry as strings (so that configuration binding works): IANA ids such as
/// <c>Europe/Warsaw</c>, <c>UTC</c>, and fixed offsets written <c>UTC+01:00</c>.
/// </summary>
public static class TimeZoneIds
{
    /// <summary>Finds the zone for <paramref name="id"/>.</summary>
    /// <param name="id">The id; surrounding white space is ignored.</param>
    /// <returns>The zone, or null when the id is empty or unknown.</returns>
    public static DateTimeZone? Find(string? id) =>
        string.IsNullOrWhiteSpace(id) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim());

    /// <summary>Resolves an id that options validation has accepted; the one place a zone option becomes a zone.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The zone.</returns>
    /// <exception cref="ArgumentException">The id is empty or unknown (options validation would have refused it).</exception>
    public static DateTimeZone Resolve(string? id) =>
        Find(id) ?? throw new ArgumentException($"'{id}' is not a known time zone id.", nameof(id));

    /// <summary>Returns a validation message naming <paramref name="optionName"/> when <paramref name="id"/> is not a known zone.</summary>
    /// <param name="id">The id.</param>
    /// <param name="optionName">The option the id came from.</param>
    /// <returns>The message, or null when the id is valid.</returns>
    public static string? Validate(string? id, string optionName) =>
        Find(id) is null
            ? $"{optionName} '{id}' is not a known time zone id (use an IANA id such as Europe/Warsaw, UTC, or a fixed offset such as UTC+01:00)."
            : null;
}
