#!/usr/bin/env -S dotnet run
#:package CallCenterStats.Sdk.Emulator@0.2.0-preview
#:package CallCenterStats.Sdk.VccLive@0.2.0-preview
#:package CallCenterStats.Sdk.Thulium@0.2.0-preview
#:property RestoreAdditionalProjectSources=$(CCSTATS_PACKAGES)
// Compares two vendors that see the same agents (VCC Live and Thulium of one emulated contact center) over a week:
// calls handled and talk time per agent, side by side, through the unified view. Exit 1 when they disagree.
//   CCSTATS_PACKAGES=/path/to/artifacts/packages dotnet run compare-vendors.cs
// The #:property line adds a local package folder; once the packages come from the public NuGet feed, delete it.
using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Unified;
using CallCenterStats.Sdk.VccLive;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 7 });
var center = emulator.Center;

var services = new ServiceCollection();
services.AddVccLiveClient(options =>
{
    var emulated = emulator.CreateVccLiveOptions();
    (options.Endpoint, options.Customer, options.ApiToken, options.TimeZone) = (emulated.Endpoint, emulated.Customer, emulated.ApiToken, emulated.TimeZone);
});
services.AddThuliumClient(options =>
{
    var emulated = emulator.CreateThuliumOptions();
    (options.Endpoint, options.Username, options.Password, options.TimeZone) = (emulated.Endpoint, emulated.Username, emulated.Password, emulated.TimeZone);
});
await using var provider = services.BuildServiceProvider();
var sources = provider.GetServices<IAgentStatisticsSource>().ToDictionary(s => s.Vendor);

// The whole week as one bucket per agent. Thulium reports per agent group: the filter names every group.
var query = new AgentStatisticsQuery { Range = center.Range, Bucket = TimeBucket.Week, TimeZone = center.Zone };
var vccLive = await Totals(sources["vcclive"], query, id => center.FindAgent(long.Parse(id, CultureInfo.InvariantCulture)));
var thulium = await Totals(
    sources["thulium"],
    query with { VendorFilters = new Dictionary<string, string> { ["agentGroups"] = string.Join(',', center.Queues.Select(q => q.Id)) } },
    center.FindAgent);

Console.WriteLine($"{center.Dates} ({center.Zone.Id})");
Console.WriteLine($"{"agent",-10} {"VCC Live calls",14} {"talk",10} {"Thulium calls",14} {"talk",10}");
var differences = 0;
foreach (var agent in center.Agents)
{
    var a = vccLive.GetValueOrDefault(agent.Login);
    var b = thulium.GetValueOrDefault(agent.Login);
    var same = a == b;
    differences += same ? 0 : 1;
    Console.WriteLine($"{agent.Login,-10} {a.Calls,14} {a.Talk,10:H:mm:ss} {b.Calls,14} {b.Talk,10:H:mm:ss}{(same ? string.Empty : "  <- differs")}");
}

if (differences > 0 || vccLive.Count == 0)
{
    Console.Error.WriteLine($"compare-vendors: {differences} agents differ between VCC Live and Thulium");
    return 1;
}

Console.WriteLine($"compare-vendors: ok, VCC Live and Thulium agree on all {center.Agents.Count} agents");
return 0;

// Adds up each agent's records, keyed by the agent's login (each vendor has its own agent ids).
static async Task<Dictionary<string, (long Calls, Duration Talk)>> Totals(IAgentStatisticsSource source, AgentStatisticsQuery query, Func<string, SimulatedAgent?> agentOf)
{
    var totals = new Dictionary<string, (long Calls, Duration Talk)>();
    await foreach (var record in source.GetAgentStatisticsAsync(query))
    {
        var login = agentOf(record.AgentId)?.Login ?? throw new InvalidOperationException($"{source.Vendor} reported an unknown agent '{record.AgentId}'");
        var (calls, talk) = totals.GetValueOrDefault(login);
        totals[login] = (calls + (record.CallsHandled ?? 0), talk + (record.TalkTime ?? Duration.Zero));
    }

    return totals;
}
