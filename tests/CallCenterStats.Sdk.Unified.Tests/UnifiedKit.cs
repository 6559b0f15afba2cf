using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Unified;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Unified.Tests;

/// <summary>The five vendors of one emulator registered through their DI extensions, and how each names the simulation's agents.</summary>
internal static class UnifiedKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Registers every vendor client (and so its unified source) against the emulator, with fast retries.</summary>
    public static ServiceProvider Provider(ContactCenterEmulator emulator, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddVoximplantClient(o => Copy(emulator.CreateVoximplantOptions(), o));
        services.AddVccLiveClient(o => Copy(emulator.CreateVccLiveOptions(), o));
        services.AddNetaxisClient(o => Copy(emulator.CreateNetaxisOptions(), o));
        services.AddEnswitchClient(o => Copy(emulator.CreateEnswitchOptions(), o));
        services.AddThuliumClient(o => Copy(emulator.CreateThuliumOptions(), o));
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The query scope each vendor needs: Thulium logins, Netaxis call centers, an Enswitch queue.</summary>
    public static AgentStatisticsQuery ScopeFor(IAgentStatisticsSource source, ContactCenterEmulator emulator, AgentStatisticsQuery query)
    {
        var center = emulator.Center;
        return source.Vendor switch
        {
            "thulium" => query with { Agents = center.Agents.Select(a => a.Login).ToArray() },
            "netaxis" => query with
            {
                VendorFilters = new Dictionary<string, string>
                {
                    ["tenant"] = emulator.Credentials.NetaxisTenant,
                    ["group"] = emulator.Credentials.NetaxisGroup,
                    ["callCenter"] = string.Join(',', center.Queues.Select(q => q.CallCenterName)),
                },
            },
            "enswitch" => query with { VendorFilters = new Dictionary<string, string> { ["queue"] = center.Queues[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            _ => query,
        };
    }

    /// <summary>The simulated agent a vendor's agent id stands for.</summary>
    public static SimulatedAgent AgentOf(ContactCenterEmulator emulator, AgentStatistics record)
    {
        var agents = emulator.Center.Agents;
        var agent = record.Vendor switch
        {
            "thulium" => agents.FirstOrDefault(a => a.Login == record.AgentId),
            "netaxis" => agents.FirstOrDefault(a => a.Email == record.AgentId),
            "enswitch" => agents.FirstOrDefault(a => a.DestinationNumber == record.AgentId),
            _ => agents.FirstOrDefault(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == record.AgentId),
        };
        return agent ?? throw new InvalidOperationException($"{record.Vendor} reported an agent the simulation does not have: {record.AgentId}.");
    }

    /// <summary>Enswitch reports the destinations of one queue: the agents of that queue.</summary>
    public static IEnumerable<SimulatedAgent> AgentsCovered(IAgentStatisticsSource source, ContactCenterEmulator emulator) =>
        source.Vendor == "enswitch" ? emulator.Center.Agents.Where(a => a.Queue.Id == emulator.Center.Queues[0].Id) : emulator.Center.Agents;

    private static void Copy(VendorClientOptions from, VendorClientOptions to)
    {
        foreach (var property in from.GetType().GetProperties().Where(p => p.CanWrite && p.CanRead))
        {
            property.SetValue(to, property.GetValue(from));
        }

        to.Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20), MaxRetries = 12 };
    }
}
