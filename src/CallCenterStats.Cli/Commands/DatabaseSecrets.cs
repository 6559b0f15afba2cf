using System.Data.Common;
using System.Text.RegularExpressions;

namespace CallCenterStats.Cli.Commands;

/// <summary>Finds the password in a <c>--database</c> string (a connection string or a <c>postgres://</c> URL), so that nothing the tool prints shows it.</summary>
internal static partial class DatabaseSecrets
{
    /// <summary>The password as written and percent-decoded; empty when there is none.</summary>
    public static IEnumerable<string> Passwords(string database)
    {
        var found = new List<string>();
        var text = database.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (UrlPassword().Match(text) is { Success: true } url)
            {
                found.Add(url.Groups["password"].Value);
            }
        }
        else if (text.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                var builder = new DbConnectionStringBuilder { ConnectionString = text };
                foreach (var key in new[] { "password", "pwd" })
                {
                    if (builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } password)
                    {
                        found.Add(password);
                    }
                }
            }
            catch (ArgumentException)
            {
                // Malformed: take whatever follows a password keyword, up to the next semicolon.
                found.AddRange(KeywordPassword().Matches(text).Select(m => m.Groups["password"].Value.Trim().Trim('"', '\'')));
            }
        }

        foreach (var password in found.Where(p => p.Length > 0).ToArray())
        {
            try
            {
                found.Add(Uri.UnescapeDataString(password));
            }
            catch (UriFormatException)
            {
            }

            found.Add(Uri.EscapeDataString(password));
        }

        return found.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"://[^:/@?#]*:(?<password>[^@]*)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?:password|pwd)\s*=\s*(?<password>[^;]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();
}
