using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace CallCenterStats.Cli.Vendors;

/// <summary>
/// The <c>--config</c> file: JSON in the shape of the SDK's configuration sections. One section per vendor, named like
/// the vendor (<c>Voximplant</c>, <c>VccLive</c>, <c>Netaxis</c>, <c>Enswitch</c>, <c>Thulium</c>; case-insensitive),
/// holding the client options (<c>Endpoint</c>, <c>Username</c>, <c>Password</c>, <c>Retry</c>, …). Optionally an
/// <c>Accounts</c> object of named accounts: then those are the vendor's accounts, each one the vendor section's
/// keys overlaid by its own (so shared keys are written once), and the vendor section alone is not an account.
/// </summary>
internal sealed class ConfigFile
{
    /// <summary>The key of the named accounts inside a vendor section.</summary>
    public const string AccountsKey = "Accounts";

    private readonly IConfigurationRoot _root;

    private ConfigFile(IConfigurationRoot root, string directory)
    {
        _root = root;
        Directory = directory;
    }

    /// <summary>The file's folder: relative paths in the file are read against it.</summary>
    public string Directory { get; }

    /// <summary>Reads the file.</summary>
    /// <exception cref="UsageException">The file is missing, is not JSON, or has a section that names no vendor.</exception>
    public static ConfigFile Load(string path, string currentDirectory)
    {
        var fullPath = Path.GetFullPath(path, currentDirectory);
        if (!File.Exists(fullPath))
        {
            throw new UsageException($"--config: the file '{path}' does not exist.");
        }

        IConfigurationRoot root;
        try
        {
            // Read once to report JSON errors by line without echoing the file's content (it holds secrets).
            using (var stream = File.OpenRead(fullPath))
            using (var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new UsageException($"--config: '{path}' must hold a JSON object with a section per vendor.");
                }
            }

            root = new ConfigurationBuilder().AddJsonFile(fullPath, optional: false, reloadOnChange: false).Build();
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--config: '{path}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}).", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config: '{path}' cannot be read: {CliSession.OneLine(ex.Message)}", ex);
        }

        foreach (var section in root.GetChildren())
        {
            if (!VendorCatalog.All.Any(d => string.Equals(d.Id, section.Key, StringComparison.OrdinalIgnoreCase)))
            {
                throw new UsageException(
                    $"--config: the section '{section.Key}' names no vendor (sections: Voximplant, VccLive, Netaxis, Enswitch, Thulium).");
            }
        }

        return new ConfigFile(root, Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>
    /// The accounts of a vendor, each as flat configuration keys (<c>Retry:MaxRetries</c>): the named accounts under
    /// <c>Accounts</c> when there are any, else one account, <c>default</c>, when the vendor has a section.
    /// </summary>
    public IReadOnlyList<(string Name, Dictionary<string, string?> Values)> Accounts(string vendorId)
    {
        var section = _root.GetSection(vendorId);
        if (!section.Exists())
        {
            return [];
        }

        var shared = Flatten(section, skip: AccountsKey);
        var named = section.GetSection(AccountsKey).GetChildren().ToArray();
        if (named.Length == 0)
        {
            return [(Sdk.Unified.AgentStatistics.DefaultAccount, shared)];
        }

        return named
            .Select(account =>
            {
                var values = new Dictionary<string, string?>(shared, StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in Flatten(account, skip: null))
                {
                    values[key] = value;
                }

                return (account.Key, values);
            })
            .ToArray();
    }

    private static Dictionary<string, string?> Flatten(IConfigurationSection section, string? skip)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || (skip is not null && (string.Equals(key, skip, StringComparison.OrdinalIgnoreCase) || key.StartsWith(skip + ":", StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            values[key] = value;
        }

        return values;
    }
}
