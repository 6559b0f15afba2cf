namespace CallCenterStats.Sdk.Auth;

/// <summary>
/// Removes secrets (passwords, tokens, keys) from text that may reach a log, an exception message or a
/// debugger: every occurrence of a registered secret is replaced with <see cref="Mask"/>.
/// </summary>
public sealed class Redaction
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private readonly string[] _secrets;

    /// <summary>Creates a redactor for <paramref name="secrets"/>; null or empty values are ignored.</summary>
    /// <param name="secrets">The secret values to hide.</param>
    public Redaction(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        // Longest first, so a secret that contains another is masked whole.
        _secrets = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>Returns a redactor that hides these secrets and <paramref name="more"/>.</summary>
    /// <param name="more">Further secret values.</param>
    /// <returns>A new redactor.</returns>
    public Redaction With(params IEnumerable<string?> more) => new(_secrets.Concat(more));

    /// <summary>A redactor that hides nothing.</summary>
    public static Redaction None { get; } = new([]);

    /// <summary>Returns <paramref name="text"/> with every registered secret replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">The text; may be null.</param>
    /// <returns>The redacted text, or null when <paramref name="text"/> is null.</returns>
    public string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
