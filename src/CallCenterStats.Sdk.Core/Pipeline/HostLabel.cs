namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Checks a DNS host label, the part of a vendor host named after the customer (<c>acme</c> in
/// <c>https://acme.thulium.com</c>): letters, digits and hyphens, 1 to 63 characters, not starting or ending with a
/// hyphen. Anything else could change which host the credentials are sent to.
/// </summary>
public static class HostLabel
{
    /// <summary>Whether <paramref name="label"/> (trimmed) is a valid host label.</summary>
    /// <param name="label">The label.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsValid(string? label)
    {
        var trimmed = label?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 63 || trimmed[0] == '-' || trimmed[^1] == '-')
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
