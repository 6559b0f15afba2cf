using System.Globalization;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Sync.TestHost;
using NodaTime;

namespace CallCenterStats.Sdk.Sync.Tests.Infrastructure;

/// <summary>Sync jobs of each vendor against the emulator, and the simulated agent behind each vendor's agent id.</summary>
public static class EmulatorJobs
{
    public static IReadOnlyList<string> VendorIds { get; } = SyncJob.Vendors.Select(v => v.Id).ToArray();

    /// <summary>
    /// A few of each fault the clients retry away (1 ms delays, up to 12 retries): server errors, rate limits, the
    /// vendors' own transient errors, cut bodies, dropped connections. Not token expiry: Core re-sends a rejected token's
    /// request once, and with Netaxis's four concurrent requests a second expiry can land on that re-send, failing the
    /// run with HTTP 401 (reported to the Core lead); the vendor suites test token renewal.
    /// </summary>
    public static FaultOptions Faults => new()
    {
        ServerErrorRate = 0.05,
        RateLimitRate = 0.03,
        RetryAfter = Duration.Zero,
        VendorTransientErrorRate = 0.04,
        TruncateRate = 0.03,
        DropConnectionRate = 0.03,
    };

    /// <summary>
    /// Six agents in two queues over three days from the spring-forward in Europe/Warsaw (Sunday 2024-03-31 has 23
    /// hours; Monday and Tuesday are working days).
    /// </summary>
    public static EmulatorOptions Options(long seed = 7) => new()
    {
        Agents = 6,
        Days = 3,
        FirstDay = new LocalDate(2024, 3, 31),
        Seed = seed,
        Faults = Faults,
    };

    /// <summary>
    /// The job that syncs the whole simulated range of <paramref name="vendor"/> by hour in the center's zone, "now"
    /// half an hour after its end (so the last hour is provisional).
    /// </summary>
    public static SyncJob Job(string vendor, ContactCenterEmulator emulator, string database, TimeBucket bucket = TimeBucket.Hour)
    {
        var center = emulator.Center;
        var credentials = emulator.Credentials;
        var client = new Dictionary<string, string?>
        {
            ["Retry:MaxRetries"] = "12",
            ["Retry:BaseDelay"] = "00:00:00.001",
            ["Retry:MaxDelay"] = "00:00:00.010",
            ["Retry:MaxRetryAfter"] = "00:00:00.010",
        };
        var filters = new Dictionary<string, string>();
        switch (vendor)
        {
            case "voximplant":
                client["Endpoint"] = emulator.VoximplantEndpoint.ToString();
                client["CredentialsJson"] = credentials.VoximplantCredentialsJson();
                break;
            case "vcclive":
                client["Endpoint"] = emulator.VccLiveEndpoint.ToString();
                client["Customer"] = credentials.VccLiveCustomer;
                client["ApiToken"] = credentials.VccLiveApiToken;
                client["TimeZone"] = center.Zone.Id;
                break;
            case "netaxis":
                client["Endpoint"] = emulator.NetaxisEndpoint.ToString();
                client["Username"] = credentials.NetaxisUsername;
                client["Password"] = credentials.NetaxisPassword;
                client["TimeZone"] = center.Zone.Id;
                filters["tenant"] = credentials.NetaxisTenant;
                filters["group"] = credentials.NetaxisGroup;
                filters["callCenter"] = string.Join(',', center.Queues.Select(q => q.CallCenterName));
                break;
            case "enswitch":
                client["Endpoint"] = emulator.EnswitchEndpoint.ToString();
                client["Username"] = credentials.EnswitchUsername;
                client["Password"] = credentials.EnswitchPassword;
                filters["queue"] = center.Queues[0].Id.ToString(CultureInfo.InvariantCulture);
                break;
            case "thulium":
                client["Endpoint"] = emulator.ThuliumEndpoint.ToString();
                client["Username"] = credentials.ThuliumUsername;
                client["Password"] = credentials.ThuliumPassword;
                client["TimeZone"] = center.Zone.Id;
                filters["agentGroups"] = string.Join(',', center.Queues.Select(q => q.Id.ToString(CultureInfo.InvariantCulture)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(vendor), vendor, null);
        }

        return new SyncJob
        {
            Vendor = vendor,
            Database = database,
            Bucket = bucket,
            TimeZone = center.Zone.Id,
            From = center.Range.Start,
            To = center.Range.End,
            Now = center.Range.End + Duration.FromMinutes(30),
            VendorFilters = filters,
            Client = client,
        };
    }

    /// <summary>The simulated agent a vendor's agent id stands for.</summary>
    public static SimulatedAgent Agent(ContactCenterEmulator emulator, string vendor, string agentId)
    {
        var center = emulator.Center;
        return vendor switch
        {
            "voximplant" or "vcclive" => center.FindAgent(long.Parse(agentId, CultureInfo.InvariantCulture))!,
            "netaxis" => center.Agents.Single(a => a.Email == agentId),
            "enswitch" => center.Agents.Single(a => a.DestinationNumber == agentId),
            "thulium" => center.FindAgent(agentId)!,
            _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, null),
        };
    }
}
