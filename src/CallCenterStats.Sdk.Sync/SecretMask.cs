namespace CallCenterStats.Sdk.Sync;

/// <summary>Masks a database password (as given, percent-encoded and percent-decoded) in text meant for messages.</summary>
internal sealed class SecretMask
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public SecretMask(params string?[] secrets)
    {
        _secrets = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!), SafeUnescape(s!) })
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static SecretMask None { get; } = new();

    /// <summary>Returns <paramref name="text"/> with every form of the secrets replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Whether the text contains a form of a secret.</summary>
    public bool Reveals(string text) => _secrets.Any(s => text.Contains(s, StringComparison.Ordinal));

    private static string SafeUnescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
