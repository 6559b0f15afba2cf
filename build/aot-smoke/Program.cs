using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

// Every vendor client, registered through DI, asked for agent 487500's first simulated day by a Native AOT binary.
// Usage: aot-smoke <emulator base URL> <Voximplant credentials.json path>; prints one line per vendor.
var baseUrl = new Uri(args[0]);
var zone = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
var day = DateRange.SingleDay(new LocalDate(2024, 3, 11));
var range = day.ToInstantRange(zone);

var services = new ServiceCollection();
services.AddEnswitchClient(o => { o.Endpoint = new Uri(baseUrl, "enswitch/"); o.Username = "enswitch-user"; o.Password = "enswitch-password"; });
services.AddThuliumClient(o => { o.Endpoint = new Uri(baseUrl, "thulium/"); o.Username = "thulium-api"; o.Password = "thulium-password"; o.TimeZone = zone.Id; });
services.AddVccLiveClient(o => { o.Endpoint = new Uri(baseUrl, "vcclive/"); o.Customer = "emulator"; o.ApiToken = "vcc-emulator-token"; o.TimeZone = zone.Id; });
services.AddNetaxisClient(o => { o.Endpoint = new Uri(baseUrl, "netaxis/"); o.Username = "apio-admin"; o.Password = "apio-password"; o.TimeZone = zone.Id; });
services.AddVoximplantClient(o => { o.Endpoint = new Uri(baseUrl, "voximplant/"); o.CredentialsPath = args[1]; });
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

var enswitch = await provider.GetRequiredService<EnswitchClient>().GetDestinationStatisticsAsync(new() { Destination = 487500, Range = range });
Console.WriteLine($"Enswitch {(long)enswitch.TalkTime.TotalSeconds}");

var thulium = Duration.Zero;
await foreach (var row in provider.GetRequiredService<ThuliumClient>().GetAgentsWorkReportAsync(new() { Range = range, AgentLogins = ["agent001"], Aggregation = TimeBucket.Day }))
{
    thulium += row.Inbound?.Sum ?? Duration.Zero;
}

Console.WriteLine($"Thulium {(long)thulium.TotalSeconds}");

foreach (var format in new[] { UserBasedStatisticsFormat.Json, UserBasedStatisticsFormat.Tab, UserBasedStatisticsFormat.Csv })
{
    var rows = await provider.GetRequiredService<VccLiveClient>().GetUserBasedStatisticsAsync(
        new() { Range = day, Dimensions = UserBasedStatisticsDimensions.User, Users = [487500], Fields = [UserBasedKpi.UserstateCall], Format = format }).ToListAsync();
    Console.WriteLine($"VCC-Live-{format} {(long)(rows.Single().GetDuration(UserBasedKpi.UserstateCall) ?? Duration.Zero).TotalSeconds}");
}

var netaxis = await provider.GetRequiredService<NetaxisClient>().GetStatisticsAsync(new() { CallCenter = new CallCenterId("emulator", "contact-center", "queue1@cc.emulator.test"), Range = range });
Console.WriteLine($"Netaxis {(long)(netaxis.Agents.Single(a => a.AgentUserId!.StartsWith("agent001@", StringComparison.Ordinal)).Statistics?.TotalTalk ?? Duration.Zero).TotalSeconds}");

var voximplant = await provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(
    new() { Range = range, UserIds = [487500], Statuses = [AcdStatus.InService] });
var inService = voximplant.Flatten().Select(r => r.Statuses.GetValueOrDefault(AcdStatus.InService)?.Sum ?? Duration.Zero).Aggregate(Duration.Zero, (a, b) => a + b);
Console.WriteLine($"Voximplant {(long)inService.TotalSeconds}");
