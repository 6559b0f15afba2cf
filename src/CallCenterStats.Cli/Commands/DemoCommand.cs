using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CallCenterStats.Cli.Output;
using CallCenterStats.Cli.Vendors;
using CallCenterStats.Sdk;
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
using NodaTime;
using Spectre.Console;

namespace CallCenterStats.Cli.Commands;

/// <summary>
/// <c>ccstats demo</c>: starts the embedded emulator (one simulated contact center served as five vendor APIs), pulls
/// its last seven days for every agent from all five vendors through the SDK's DI registrations and unified sources,
/// prints the agents' figures and KPIs and a per-vendor summary beside the simulation's truth, and says for each vendor
/// whether its figures agree with the truth. Exit 0 when every vendor agrees, 1 otherwise.
/// </summary>
internal static class DemoCommand
{
    /// <summary>
    /// What the demo needs to know about each vendor beyond its descriptor: the client options that point it at the
    /// emulator, the scopes (vendor filters) that cover every simulated agent, and which simulated agent a vendor's
    /// agent id is. The demo's one table of vendors; everything else comes from the descriptors.
    /// </summary>
    internal sealed record DemoVendor(
        VendorDescriptor Descriptor,
        Func<ContactCenterEmulator, Dictionary<string, string?>> Options,
        Func<ContactCenterEmulator, IReadOnlyList<Dictionary<string, string>>> Scopes,
        Func<SimulatedAgent, string> AgentId);

    internal static IReadOnlyList<DemoVendor> Vendors { get; } =
    [
        new(
            VoximplantDescriptor.Instance,
            e => new() { ["Endpoint"] = e.VoximplantEndpoint.AbsoluteUri, ["CredentialsJson"] = e.Credentials.VoximplantCredentialsJson() },
            _ => [[]],
            a => a.Id.ToString(CultureInfo.InvariantCulture)),
        new(
            VccLiveDescriptor.Instance,
            e => new() { ["Endpoint"] = e.VccLiveEndpoint.AbsoluteUri, ["Customer"] = e.Credentials.VccLiveCustomer, ["ApiToken"] = e.Credentials.VccLiveApiToken, ["TimeZone"] = e.Center.Zone.Id },
            _ => [[]],
            a => a.Id.ToString(CultureInfo.InvariantCulture)),
        new(
            NetaxisDescriptor.Instance,
            e => new() { ["Endpoint"] = e.NetaxisEndpoint.AbsoluteUri, ["Username"] = e.Credentials.NetaxisUsername, ["Password"] = e.Credentials.NetaxisPassword, ["TimeZone"] = e.Center.Zone.Id },
            e => [new() { ["tenant"] = e.Credentials.NetaxisTenant, ["group"] = e.Credentials.NetaxisGroup, ["callCenter"] = string.Join(',', e.Center.Queues.Select(q => q.CallCenterName)) }],
            a => a.Email),
        new(
            EnswitchDescriptor.Instance,
            e => new() { ["Endpoint"] = e.EnswitchEndpoint.AbsoluteUri, ["Username"] = e.Credentials.EnswitchUsername, ["Password"] = e.Credentials.EnswitchPassword },
            e => [.. e.Center.Queues.Select(q => new Dictionary<string, string> { ["queue"] = q.Id.ToString(CultureInfo.InvariantCulture) })],
            a => a.DestinationNumber),
        new(
            ThuliumDescriptor.Instance,
            e => new() { ["Endpoint"] = e.ThuliumEndpoint.AbsoluteUri, ["Username"] = e.Credentials.ThuliumUsername, ["Password"] = e.Credentials.ThuliumPassword, ["TimeZone"] = e.Center.Zone.Id },
            e => [new() { ["agentGroups"] = string.Join(',', e.Center.Queues.Select(q => q.Id.ToString(CultureInfo.InvariantCulture))) }],
            a => a.Login),
    ];

    public static Command Create(CliSession session)
    {
        var agents = new Option<int>("--agents") { Description = "Simulated agents (queues of five).", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Seed of the simulation: the same seed gives the same figures.", DefaultValueFactory = _ => 1 };
        var command = new Command(
            "demo",
            "Starts a local emulator of all five vendors (one simulated contact center), pulls the last seven simulated days for every agent through the SDK, shows the figures and KPIs, and checks each vendor against the simulation's truth.");
        command.Options.Add(agents);
        command.Options.Add(seed);
        command.SetAction((parse, cancellationToken) => session.RunAsync(
            parse,
            ct => RunAsync(session, parse.GetValue(agents), parse.GetValue(seed), ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliSession session, int agentCount, long seed, CancellationToken cancellationToken)
    {
        if (agentCount is < 1 or > 500)
        {
            throw new UsageException("--agents must be between 1 and 500.");
        }

        var output = session.Out;
        await output.WriteLineAsync("ccstats demo: one simulated contact center, served on 127.0.0.1 as the five vendor APIs, read back through CallCenterStats.Sdk.").ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = agentCount, Days = 7, Seed = seed }, cancellationToken).ConfigureAwait(false);
        var center = emulator.Center;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"The simulation: {center.Agents.Count} agents in {center.Queues.Count} queues, {center.Dates.Start:uuuu-MM-dd} to {center.Dates.End:uuuu-MM-dd} (7 days, {center.Zone.Id}), seed {seed}.")).ConfigureAwait(false);
        await output.WriteLineAsync("Pulling every agent's days from Voximplant, VCC Live, Netaxis, Enswitch and Thulium (DI registrations, unified sources)…").ConfigureAwait(false);

        var query = new AgentStatisticsQuery { Range = center.Range, Bucket = TimeBucket.Day, TimeZone = center.Zone };
        var connections = Vendors
            .Select(v => new VendorConnection(v.Descriptor, [new VendorAccount(AgentStatistics.DefaultAccount, new ConfigurationBuilder().AddInMemoryCollection(v.Options(emulator)).Build())], new Dictionary<string, string>()))
            .ToArray();
        await using var services = VendorServices.Build(session, connections);

        var pulls = await ProgressDisplay.RunAsync(session, allowed: true, line => Task.WhenAll(Vendors.Select(vendor =>
            PullAsync(vendor, VendorServices.Sources(services, vendor.Descriptor), emulator, query, line($"{vendor.Descriptor.DisplayName}: pulling…"), cancellationToken)))).ConfigureAwait(false);

        var checks = pulls.Select(p => DemoCheck.Run(p, center, query)).ToArray();
        var report = new DemoReport(center, query, pulls, checks);
        report.Write(CliSession.CreateTableConsole(output, session.Console.IsOutputTerminal ? session.Console.TerminalWidth : null));
        session.WriteError(string.Create(CultureInfo.InvariantCulture, $"ccstats demo: done in {clock.Elapsed.TotalSeconds:0.0} s."));
        return checks.All(c => c.Agrees) ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task<DemoPull> PullAsync(
        DemoVendor vendor,
        IReadOnlyList<IAgentStatisticsSource> sources,
        ContactCenterEmulator emulator,
        AgentStatisticsQuery query,
        IProgressLine line,
        CancellationToken cancellationToken)
    {
        var records = new List<AgentStatistics>();
        var requests = 0;
        foreach (var source in sources)
        {
            foreach (var scope in vendor.Scopes(emulator))
            {
                var scoped = query with { VendorFilters = scope };
                requests += source.Plan(scoped).Count;
                await foreach (var record in source.GetAgentStatisticsAsync(scoped, cancellationToken).ConfigureAwait(false))
                {
                    records.Add(record);
                }

                line.Update($"{vendor.Descriptor.DisplayName}: {records.Count} rows…");
            }
        }

        line.Done($"{vendor.Descriptor.DisplayName}: {records.Count} rows from {requests} requests");
        return new DemoPull(vendor, records, requests);
    }
}

/// <summary>What one vendor gave the demo.</summary>
internal sealed record DemoPull(DemoCommand.DemoVendor Vendor, IReadOnlyList<AgentStatistics> Records, int Requests)
{
    public string Id => Vendor.Descriptor.Id;
}
