using System.CommandLine;
using CallCenterStats.Sdk;
using CallCenterStats.Sdk.Unified;
using Microsoft.Extensions.Configuration;

namespace CallCenterStats.Cli.Vendors;

/// <summary>One account of a vendor, ready to register: its name and its client options as configuration.</summary>
/// <param name="Name">The account name (<c>default</c>, or a name under <c>Accounts</c> in the configuration file).</param>
/// <param name="Configuration">The client options (keys as the options' properties).</param>
internal sealed record VendorAccount(string Name, IConfiguration Configuration);

/// <summary>A vendor to connect to: its accounts and the query filters given on the command line.</summary>
internal sealed record VendorConnection(VendorDescriptor Vendor, IReadOnlyList<VendorAccount> Accounts, IReadOnlyDictionary<string, string> Filters);

/// <summary>
/// The vendor connection options of a command, built from the descriptors' settings (one option per setting name,
/// shared by the vendors that have it, e.g. <c>--password</c>), plus <c>--endpoint</c> and <c>--config</c>. Values are
/// taken from the command line, else the setting's environment variable, else the configuration file.
/// </summary>
internal sealed class ConnectionOptions
{
    private readonly IReadOnlyList<VendorDescriptor> _vendors;
    private readonly Dictionary<string, Option<string>> _settings = new(StringComparer.Ordinal);

    /// <summary>Creates the options for <paramref name="vendors"/>.</summary>
    /// <param name="vendors">The vendors the command may talk to.</param>
    /// <param name="includeFilters">Whether the vendors' query filters (<c>--queue</c>, <c>--tenant</c>, …) are options too.</param>
    public ConnectionOptions(IReadOnlyList<VendorDescriptor> vendors, bool includeFilters)
    {
        _vendors = vendors;
        foreach (var group in vendors
            .SelectMany(v => v.Settings.Where(s => includeFilters || s.Kind == VendorSettingKind.Option).Select(s => (Vendor: v, Setting: s)))
            .GroupBy(x => x.Setting.Name, StringComparer.Ordinal))
        {
            var owners = group.ToArray();
            var description = owners.Length == 1 || owners.All(o => o.Setting.Description == owners[0].Setting.Description)
                ? $"{string.Join(", ", owners.Select(o => o.Vendor.DisplayName))}: {owners[0].Setting.Description}"
                : string.Join(" ", owners.Select(o => $"{o.Vendor.DisplayName}: {o.Setting.Description}"));
            var variables = owners.Where(o => o.Setting.EnvironmentVariable is not null).Select(o => "$" + o.Setting.EnvironmentVariable).ToArray();
            if (variables.Length > 0)
            {
                description += $" [env: {string.Join(", ", variables)}]";
            }

            if (owners.Any(o => o.Setting.IsSecret))
            {
                description += " A secret: prefer the environment variable or --config.";
            }

            _settings[group.Key] = new Option<string>("--" + group.Key)
            {
                Description = description,
                HelpName = owners[0].Setting.IsPath ? "FILE" : owners[0].Setting.IsSecret ? "SECRET" : "VALUE",
            };
        }
    }

    /// <summary><c>--endpoint URL</c>.</summary>
    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = "The vendor's base URL (https; http only for localhost). Default: the vendor's public host, where it has one.",
        HelpName = "URL",
    };

    /// <summary><c>--config FILE</c>.</summary>
    public Option<string> Config { get; } = new("--config")
    {
        Description = "A JSON file with a section per vendor (Voximplant, VccLive, Netaxis, Enswitch, Thulium) holding its options and, under Accounts, named accounts. Keeps secrets off the command line.",
        HelpName = "FILE",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        foreach (var option in _settings.Values)
        {
            command.Options.Add(option);
        }

        command.Options.Add(Config);
    }

    /// <summary>
    /// Resolves the accounts and filters for <paramref name="vendor"/>: command line over environment over
    /// configuration file, for every account. Secret values are handed to the session before anything can print them.
    /// </summary>
    /// <exception cref="UsageException">An option that does not apply to the vendor, a bad endpoint, a bad configuration file, or no account at all.</exception>
    public VendorConnection Resolve(ParseResult parse, VendorDescriptor vendor, CliSession session)
    {
        var console = session.Console;

        // Secrets first: whatever goes wrong next, its message must not show them.
        session.AddSecrets(vendor.Settings.Where(s => s.IsSecret).SelectMany(s => new[]
        {
            _settings.TryGetValue(s.Name, out var option) ? parse.GetValue(option) : null,
            s.EnvironmentVariable is { } variable ? console.GetEnvironmentVariable(variable) : null,
        }));

        foreach (var (name, option) in _settings)
        {
            if (parse.GetResult(option) is { Implicit: false } && !vendor.Settings.Any(s => s.Name == name))
            {
                var owners = _vendors.Where(v => v.Settings.Any(s => s.Name == name)).Select(v => v.DisplayName);
                throw new UsageException($"--{name} does not apply to {vendor.DisplayName} (it is an option of {string.Join(", ", owners)}).");
            }
        }

        var file = parse.GetValue(Config) is { Length: > 0 } path ? ConfigFile.Load(path, console.CurrentDirectory) : null;
        var fromFile = file?.Accounts(vendor.Id) ?? [];
        foreach (var (_, values) in fromFile)
        {
            session.AddSecrets(values.Where(p => IsSecretKey(vendor, p.Key)).Select(p => p.Value));
        }

        // The layers above the file, for every account: environment variables, then the command line.
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in vendor.Settings)
        {
            var given = _settings.TryGetValue(setting.Name, out var option) ? parse.GetValue(option) : null;
            if (setting.Kind == VendorSettingKind.Filter)
            {
                if (!string.IsNullOrWhiteSpace(given))
                {
                    filters[setting.Key] = given.Trim();
                }

                continue;
            }

            var value = !string.IsNullOrEmpty(given) ? given
                : setting.EnvironmentVariable is { } variable && console.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
                : null;
            if (value is not null)
            {
                overrides[setting.Key] = setting.IsPath ? Path.GetFullPath(value, console.CurrentDirectory) : value;
            }
        }

        if (parse.GetValue(Endpoint) is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new UsageException($"--endpoint: '{endpoint}' is not an absolute http(s) URL.");
            }

            if (VendorClientOptions.CheckEndpoint(uri, "--endpoint") is { } problem)
            {
                throw new UsageException(problem);
            }

            overrides[nameof(VendorClientOptions.Endpoint)] = uri.AbsoluteUri;
        }

        var accounts = fromFile.Count > 0
            ? fromFile
            : [(AgentStatistics.DefaultAccount, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase))];
        return new VendorConnection(
            vendor,
            accounts.Select(account =>
            {
                var values = new Dictionary<string, string?>(account.Values, StringComparer.OrdinalIgnoreCase);
                foreach (var setting in vendor.Settings.Where(s => s.IsPath && s.Kind == VendorSettingKind.Option))
                {
                    if (file is not null && values.TryGetValue(setting.Key, out var relative) && !string.IsNullOrEmpty(relative))
                    {
                        values[setting.Key] = Path.GetFullPath(relative, file.Directory);
                    }
                }

                foreach (var (key, value) in overrides)
                {
                    values[key] = value;
                }

                return new VendorAccount(account.Item1, new ConfigurationBuilder().AddInMemoryCollection(values).Build());
            }).ToArray(),
            filters);
    }

    /// <summary>
    /// Whether a configuration key holds a secret: a setting the vendor marks secret, or a key whose name says so
    /// (password, token, secret, key, credentials text), at any depth.
    /// </summary>
    private static bool IsSecretKey(VendorDescriptor vendor, string key)
    {
        var last = key[(key.LastIndexOf(':') + 1)..];
        return vendor.Settings.Any(s => s.IsSecret && string.Equals(s.Key, last, StringComparison.OrdinalIgnoreCase))
            || last.Contains("password", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("token", StringComparison.OrdinalIgnoreCase)
            || last.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("key", StringComparison.OrdinalIgnoreCase)
            || last.Equals("CredentialsJson", StringComparison.OrdinalIgnoreCase);
    }
}
