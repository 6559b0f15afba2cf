using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Unified;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

// The consumer check (build/consumer-check.sh): an app that registers all five vendor clients from appsettings.json
// (two accounts of VCC Live), pulls a simulated day through the unified view and checks every figure against the
// simulation. Exit 0 when everything agrees, 1 otherwise.
//
// Where the data comes from: the app starts the embedded emulator and lays the emulator's endpoints and credentials
// over appsettings.json as one more configuration source, added last so that it wins, just as environment variables
// (CallCenters__Thulium__Password=...) override appsettings.json in production. The registrations are the ones a real
// deployment uses: Add{Vendor}Client(IConfiguration section), bound by the packages' configuration-binding source
// generator, so the same code runs under Native AOT.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 2 });
var center = emulator.Center;
var credentialsPath = Path.Combine(Path.GetTempPath(), $"ccstats-consumer-{Environment.ProcessId}-voximplant.json");
await File.WriteAllTextAsync(credentialsPath, emulator.Credentials.VoximplantCredentialsJson());
try
{
    builder.Configuration.AddInMemoryCollection(EmulatorSettings(emulator, credentialsPath));

    var callCenters = builder.Configuration.GetSection("CallCenters");
    builder.Services.AddVoximplantClient(callCenters.GetSection("Voximplant"));
    builder.Services.AddVccLiveClient(callCenters.GetSection("VccLive"));
    builder.Services.AddVccLiveClient("second-site", callCenters.GetSection("VccLiveSecondSite"));
    builder.Services.AddNetaxisClient(callCenters.GetSection("Netaxis"));
    builder.Services.AddEnswitchClient(callCenters.GetSection("Enswitch"));
    builder.Services.AddThuliumClient(callCenters.GetSection("Thulium"));

    using var host = builder.Build();
    await host.StartAsync(); // validates every client's options (ValidateOnStart)
    var failures = await CheckAsync(host.Services, emulator);
    await host.StopAsync();
    Console.WriteLine(failures == 0 ? "consumer check: ok" : $"consumer check: {failures} failures");
    return failures == 0 ? 0 : 1;
}
finally
{
    File.Delete(credentialsPath);
}

// The emulator's endpoints and credentials, as configuration keys over the appsettings.json sections.
static Dictionary<string, string?> EmulatorSettings(ContactCenterEmulator emulator, string voximplantCredentialsPath)
{
    var credentials = emulator.Credentials;
    return new()
    {
        ["CallCenters:Voximplant:Endpoint"] = emulator.VoximplantEndpoint.AbsoluteUri,
        ["CallCenters:Voximplant:CredentialsPath"] = voximplantCredentialsPath,
        ["CallCenters:VccLive:Endpoint"] = emulator.VccLiveEndpoint.AbsoluteUri,
        ["CallCenters:VccLive:Customer"] = credentials.VccLiveCustomer,
        ["CallCenters:VccLive:ApiToken"] = credentials.VccLiveApiToken,
        ["CallCenters:VccLiveSecondSite:Endpoint"] = emulator.VccLiveEndpoint.AbsoluteUri,
        ["CallCenters:VccLiveSecondSite:Customer"] = credentials.VccLiveCustomer,
        ["CallCenters:VccLiveSecondSite:ApiToken"] = credentials.VccLiveApiToken,
        ["CallCenters:Netaxis:Endpoint"] = emulator.NetaxisEndpoint.AbsoluteUri,
        ["CallCenters:Netaxis:Username"] = credentials.NetaxisUsername,
        ["CallCenters:Netaxis:Password"] = credentials.NetaxisPassword,
        ["CallCenters:Enswitch:Endpoint"] = emulator.EnswitchEndpoint.AbsoluteUri,
        ["CallCenters:Enswitch:Username"] = credentials.EnswitchUsername,
        ["CallCenters:Enswitch:Password"] = credentials.EnswitchPassword,
        ["CallCenters:Thulium:Endpoint"] = emulator.ThuliumEndpoint.AbsoluteUri,
        ["CallCenters:Thulium:Username"] = credentials.ThuliumUsername,
        ["CallCenters:Thulium:Password"] = credentials.ThuliumPassword,
    };
}

// Every registered source (six: five vendors, VCC Live twice) pulls the simulated days by day; each agent's talk
// time and answered calls must be the simulation's. Then one direct call through the named VCC Live client.
static async Task<int> CheckAsync(IServiceProvider services, ContactCenterEmulator emulator)
{
    var center = emulator.Center;
    var failures = 0;
    var sources = services.GetServices<IAgentStatisticsSource>().ToList();
    var expected = new[] { "enswitch/default", "netaxis/default", "thulium/default", "vcclive/default", "vcclive/second-site", "voximplant/default" };
    var registered = sources.Select(s => $"{s.Vendor}/{s.Account}").Order(StringComparer.Ordinal).ToArray();
    if (!registered.SequenceEqual(expected))
    {
        Console.WriteLine($"FAIL: sources {string.Join(", ", registered)}; expected {string.Join(", ", expected)}");
        failures++;
    }

    var query = new AgentStatisticsQuery { Range = center.Range, Bucket = TimeBucket.Day, TimeZone = center.Zone };
    foreach (var source in sources)
    {
        var records = new List<AgentStatistics>();
        foreach (var filters in Scopes(source.Vendor, emulator))
        {
            await foreach (var record in source.GetAgentStatisticsAsync(query with { VendorFilters = filters }))
            {
                records.Add(record);
            }
        }

        var differences = 0;
        foreach (var record in records)
        {
            var truth = center.GetTotals(AgentOf(record, center), record.Period.Range);
            differences += (record.TalkTime is { } talk && talk != truth.TalkTime) || (record.CallsHandled is { } handled && handled != truth.AnsweredCalls) ? 1 : 0;
        }

        var ok = records.Count > 0 && differences == 0 && records.All(r => r.Account == source.Account && r.TalkTime is not null);
        failures += ok ? 0 : 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(ok ? "ok  " : "FAIL")} {source.Vendor}/{source.Account}: {records.Count} agent-days, {differences} differ from the simulation"));
    }

    // The second account's own client, resolved by its name.
    var agent = center.Agents[0];
    var rows = await services.GetRequiredKeyedService<VccLiveClient>("second-site").GetUserBasedStatisticsAsync(new()
    {
        Range = center.Dates,
        Dimensions = UserBasedStatisticsDimensions.User,
        Users = [agent.Id],
        Fields = [UserBasedKpi.UserstateCall],
    }).ToListAsync();
    var inCall = rows.Single().GetDuration(UserBasedKpi.UserstateCall);
    var keyedOk = inCall == center.GetTotals(agent, center.Range).TalkTime;
    failures += keyedOk ? 0 : 1;
    Console.WriteLine($"{(keyedOk ? "ok  " : "FAIL")} keyed VccLiveClient \"second-site\": agent {agent.Id} in call {inCall:H:mm:ss}");
    return failures;
}

// The vendor filters that cover every simulated agent.
static IEnumerable<Dictionary<string, string>> Scopes(string vendor, ContactCenterEmulator emulator)
{
    var queues = emulator.Center.Queues;
    return vendor switch
    {
        "netaxis" => [new() { ["tenant"] = emulator.Credentials.NetaxisTenant, ["group"] = emulator.Credentials.NetaxisGroup, ["callCenter"] = string.Join(',', queues.Select(q => q.CallCenterName)) }],
        "enswitch" => queues.Select(q => new Dictionary<string, string> { ["queue"] = q.Id.ToString(CultureInfo.InvariantCulture) }),
        "thulium" => [new() { ["agentGroups"] = string.Join(',', queues.Select(q => q.Id.ToString(CultureInfo.InvariantCulture))) }],
        _ => [new()],
    };
}

// The simulated agent a vendor's agent id stands for (each vendor has its own ids).
static SimulatedAgent AgentOf(AgentStatistics record, SimulatedContactCenter center) => record.Vendor switch
{
    "netaxis" => center.Agents.Single(a => a.Email == record.AgentId),
    "enswitch" => center.Agents.Single(a => a.DestinationNumber == record.AgentId),
    "thulium" => center.FindAgent(record.AgentId) ?? throw new InvalidOperationException($"unknown Thulium agent {record.AgentId}"),
    _ => center.FindAgent(long.Parse(record.AgentId, CultureInfo.InvariantCulture)) ?? throw new InvalidOperationException($"unknown agent {record.AgentId}"),
};
