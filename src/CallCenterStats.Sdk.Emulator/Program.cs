using System.CommandLine;
using System.Globalization;
using CallCenterStats.Sdk.Emulator;

// dotnet run --project src/CallCenterStats.Sdk.Emulator -- --port 5080 --agents 50 --days 31 --seed 7
var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
var agents = new Option<int>("--agents") { Description = "Number of simulated agents.", DefaultValueFactory = _ => 20 };
var days = new Option<int>("--days") { Description = "Number of simulated days.", DefaultValueFactory = _ => 7 };
var seed = new Option<long>("--seed") { Description = "Seed of the simulation and of fault injection.", DefaultValueFactory = _ => 1 };
var voximplantCredentials = new Option<FileInfo?>("--voximplant-credentials")
{
    Description = "Where to write the Voximplant credentials.json of the emulated service account (a fresh key per start). Default: a file in the temp folder, removed on exit.",
};

var root = new RootCommand("Serves the five vendor APIs (Voximplant, VCC Live, Netaxis APIO, Enswitch, Thulium) from one simulated contact center on 127.0.0.1 until Ctrl+C.")
{
    port, agents, days, seed, voximplantCredentials,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var options = new EmulatorOptions
    {
        Port = parse.GetValue(port),
        Agents = parse.GetValue(agents),
        Days = parse.GetValue(days),
        Seed = parse.GetValue(seed),
    };

    var emulator = await ContactCenterEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
    await using var stop = emulator.ConfigureAwait(false);
    var c = emulator.Credentials;

    // The service account's private key exists only for this run: hand it over as the credentials.json file a
    // Voximplant client reads, readable by the current user only, and remove the default file on exit.
    var credentialsFile = parse.GetValue(voximplantCredentials);
    var removeCredentials = credentialsFile is null;
    credentialsFile ??= new FileInfo(Path.Combine(Path.GetTempPath(), $"ccstats-emulator-{emulator.BaseAddress.Port.ToString(CultureInfo.InvariantCulture)}-voximplant.json"));
    await File.WriteAllTextAsync(credentialsFile.FullName, c.VoximplantCredentialsJson(), cancellationToken).ConfigureAwait(false);
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(credentialsFile.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    var lines = new[]
    {
        $"Contact-center emulator: {emulator.Center.Agents.Count} agents, {emulator.Center.Queues.Count} queues, {emulator.Center.Dates} ({emulator.Center.Zone.Id}), seed {options.Seed}",
        $"  Voximplant  {emulator.VoximplantEndpoint}  service account {c.VoximplantAccountId}, credentials file {credentialsFile.FullName}",
        $"  VCC Live    {emulator.VccLiveEndpoint}  customer '{c.VccLiveCustomer}', API token '{c.VccLiveApiToken}'",
        $"  Netaxis     {emulator.NetaxisEndpoint}  user '{c.NetaxisUsername}' / '{c.NetaxisPassword}', token '{c.NetaxisToken}', tenant '{c.NetaxisTenant}', group '{c.NetaxisGroup}'",
        $"  Enswitch    {emulator.EnswitchEndpoint}  user '{c.EnswitchUsername}' / '{c.EnswitchPassword}'",
        $"  Thulium     {emulator.ThuliumEndpoint}  user '{c.ThuliumUsername}' / '{c.ThuliumPassword}'",
        "Demo credentials for a local emulator only. Press Ctrl+C to stop.",
    };
    foreach (var line in lines)
    {
        Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
    }

    try
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C.
    }
    finally
    {
        if (removeCredentials)
        {
            File.Delete(credentialsFile.FullName);
        }
    }

    return 0;
});

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
