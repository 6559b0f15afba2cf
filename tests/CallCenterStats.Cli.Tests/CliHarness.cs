using System.Text;
using System.Text.Json;
using CallCenterStats.Cli;
using CallCenterStats.Sdk.Emulator;

[assembly: AssemblyFixture(typeof(CallCenterStats.Cli.Tests.EmulatorFixture))]

namespace CallCenterStats.Cli.Tests;

/// <summary>What one in-process run of the tool printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for "never printed" checks.</summary>
    public string Everything => Output + "\n" + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs the tool's entry point in-process with injected standard streams and environment.</summary>
public static class Cli
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, environment: null);

    public static Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment, string? currentDirectory = null) =>
        RunUntilAsync(Ct, args, environment, currentDirectory);

    /// <summary>Runs with <paramref name="cancellationToken"/> as the process's Ctrl+C.</summary>
#pragma warning disable CA1068 // The token leads so that the args can be a collection expression beside optional parameters.
    public static async Task<CliResult> RunUntilAsync(
        CancellationToken cancellationToken,
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? currentDirectory = null,
        Stream? standardOutput = null,
        NodaTime.IClock? clock = null)
#pragma warning restore CA1068
    {
        var output = standardOutput ?? new MemoryStream();
        var error = new StringWriter();
        var console = new CliConsole
        {
            StandardOutput = output,
            StandardError = TextWriter.Synchronized(error),
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            CurrentDirectory = currentDirectory ?? Path.GetTempPath(),
            Clock = clock ?? NodaTime.SystemClock.Instance,
        };
        var code = await Ccstats.RunAsync(args, console, cancellationToken);
        var text = output is MemoryStream memory ? Encoding.UTF8.GetString(memory.ToArray()) : output.ToString() ?? string.Empty;
        return new CliResult(code, text, error.ToString());
    }
}

/// <summary>
/// One emulator for the whole test assembly (10 agents, 7 days from Monday 2024-03-11, Europe/Warsaw), its Voximplant
/// credentials file, and ready-made command-line arguments and configuration sections per vendor.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public ContactCenterEmulator Emulator { get; private set; } = null!;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ccstats-tests-" + Guid.NewGuid().ToString("N"));

    public string VoximplantCredentialsPath => Path.Combine(Directory, "voximplant.json");

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 7 });
        await File.WriteAllTextAsync(VoximplantCredentialsPath, Emulator.Credentials.VoximplantCredentialsJson());
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A fresh folder for one test's files.</summary>
    public string NewFolder()
    {
        var folder = Path.Combine(Directory, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The client options of a vendor pointing at the emulator, as configuration keys (the vendor's zone included).</summary>
    public Dictionary<string, string> Settings(string vendor)
    {
        var e = Emulator;
        var c = e.Credentials;
        var zone = e.Center.Zone.Id;
        return vendor switch
        {
            "voximplant" => new() { ["Endpoint"] = e.VoximplantEndpoint.AbsoluteUri, ["CredentialsPath"] = VoximplantCredentialsPath },
            "vcclive" => new() { ["Endpoint"] = e.VccLiveEndpoint.AbsoluteUri, ["Customer"] = c.VccLiveCustomer, ["ApiToken"] = c.VccLiveApiToken, ["TimeZone"] = zone },
            "netaxis" => new() { ["Endpoint"] = e.NetaxisEndpoint.AbsoluteUri, ["Username"] = c.NetaxisUsername, ["Password"] = c.NetaxisPassword, ["TimeZone"] = zone },
            "enswitch" => new() { ["Endpoint"] = e.EnswitchEndpoint.AbsoluteUri, ["Username"] = c.EnswitchUsername, ["Password"] = c.EnswitchPassword },
            "thulium" => new() { ["Endpoint"] = e.ThuliumEndpoint.AbsoluteUri, ["Username"] = c.ThuliumUsername, ["Password"] = c.ThuliumPassword, ["TimeZone"] = zone },
            _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
        };
    }

    /// <summary>The vendor filters that cover the simulated agents, as command-line options and as query filters.</summary>
    public (string[] Args, Dictionary<string, string> Filters) Scope(string vendor)
    {
        var e = Emulator;
        return vendor switch
        {
            "netaxis" => (
                ["--tenant", e.Credentials.NetaxisTenant, "--group", e.Credentials.NetaxisGroup, "--call-center", e.Center.Queues[0].CallCenterName],
                new() { ["tenant"] = e.Credentials.NetaxisTenant, ["group"] = e.Credentials.NetaxisGroup, ["callCenter"] = e.Center.Queues[0].CallCenterName }),
            "enswitch" => (["--queue", e.Center.Queues[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], new() { ["queue"] = e.Center.Queues[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            "thulium" => (["--agent-groups", e.Center.Queues[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], new() { ["agentGroups"] = e.Center.Queues[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            _ => ([], []),
        };
    }

    /// <summary>Writes a <c>--config</c> file: <paramref name="sections"/> maps a section name to its keys (nested objects allowed).</summary>
    public string WriteConfig(string? folder, object sections)
    {
        var path = Path.Combine(folder ?? Directory, "ccstats.json");
        File.WriteAllText(path, sections is string text ? text : JsonSerializer.Serialize(sections));
        return path;
    }
}
