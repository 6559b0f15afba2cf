#!/usr/bin/env -S dotnet run
#:package CallCenterStats.Sdk.Emulator@0.2.0-preview
#:package CallCenterStats.Sdk.VccLive@0.2.0-preview
#:property RestoreAdditionalProjectSources=$(CCSTATS_PACKAGES)
// Exports a month of every agent's daily figures to CSV through the unified view, then reads the file back and checks
// it against the emulator's simulation (exit 1 when they differ).
//   CCSTATS_PACKAGES=/path/to/artifacts/packages dotnet run export-month-csv.cs [output.csv]
// The #:property line adds a local package folder; once the packages come from the public NuGet feed, delete it.
using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Unified;
using CallCenterStats.Sdk.VccLive;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var output = args.Length > 0 ? args[0] : "vcclive-2024-03.csv";

// A simulated contact center for March 2024, served on 127.0.0.1 as the five vendor APIs.
await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, FirstDay = new LocalDate(2024, 3, 1), Days = 31 });
var center = emulator.Center;

// The VCC Live client, registered as in an app; the registration also adds its unified source.
var services = new ServiceCollection();
services.AddVccLiveClient(options =>
{
    var emulated = emulator.CreateVccLiveOptions();
    options.Endpoint = emulated.Endpoint;
    options.Customer = emulated.Customer;
    options.ApiToken = emulated.ApiToken;
    options.TimeZone = emulated.TimeZone;
});
await using var provider = services.BuildServiceProvider();
var source = provider.GetServices<IAgentStatisticsSource>().Single(s => s.Vendor == "vcclive");

var query = new AgentStatisticsQuery { Range = center.Range, Bucket = TimeBucket.Day, TimeZone = center.Zone };
long rows;
await using (var file = File.Create(output))
{
    rows = await AgentStatisticsWriter.WriteCsvAsync(source.GetAgentStatisticsAsync(query), file, includeKpis: true);
}

Console.WriteLine($"{rows} rows ({center.Agents.Count} agents, {center.Dates}) written to {Path.GetFullPath(output)}");

// Read the file back: the month's talk time and answered calls must be the simulation's.
var lines = File.ReadAllLines(output);
var header = lines[0].Split(',');
int talkColumn = Array.IndexOf(header, "talk_seconds"), handledColumn = Array.IndexOf(header, "calls_handled");
decimal talkSeconds = 0;
long handled = 0;
foreach (var line in lines.Skip(1))
{
    var fields = line.Split(','); // no agent name of the emulator contains a comma or a quote
    talkSeconds += decimal.Parse(fields[talkColumn], CultureInfo.InvariantCulture);
    handled += long.Parse(fields[handledColumn], CultureInfo.InvariantCulture);
}

var truthTalk = center.Agents.Aggregate(Duration.Zero, (sum, agent) => sum + center.GetTotals(agent, center.Range).TalkTime);
var truthHandled = center.Agents.Sum(agent => (long)center.GetTotals(agent, center.Range).AnsweredCalls);
Console.WriteLine($"CSV:        talk {talkSeconds} s, {handled} calls handled");
Console.WriteLine($"simulation: talk {(decimal)truthTalk.TotalSeconds} s, {truthHandled} calls handled");
if (lines.Length - 1 != rows || rows == 0 || Math.Abs(talkSeconds - (decimal)truthTalk.TotalSeconds) > 0.001m || handled != truthHandled)
{
    Console.Error.WriteLine("export-month-csv: the CSV does not match the simulation");
    return 1;
}

Console.WriteLine("export-month-csv: ok");
return 0;
