#:project ../src/CallCenterStats.Sdk.Emulator/CallCenterStats.Sdk.Emulator.csproj
// Runs the contact-center emulator in-process and asks every vendor for the same agent-day.
// dotnet run samples/quickstart.cs
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using NodaTime;

await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 10, Days = 5 });
var center = emulator.Center;
var agent = center.Agents[0];
var day = DateRange.SingleDay(center.Dates.Start);
var range = day.ToInstantRange(center.Zone);

Console.WriteLine($"Emulator at {emulator.BaseAddress}: {center.Agents.Count} agents, {center.Dates} in {center.Zone.Id}");
Console.WriteLine($"Agent {agent.Login} ({agent.FirstName} {agent.LastName}), {day}");
Console.WriteLine($"  truth       talk time {center.GetTotals(agent, range).TalkTime:H:mm:ss}");

using var enswitch = EnswitchClient.Create(emulator.CreateEnswitchOptions());
var destination = await enswitch.GetDestinationStatisticsAsync(new() { Destination = agent.Id, Range = range });
Console.WriteLine($"  Enswitch    talk time {destination.TalkTime:H:mm:ss}, {destination.Calls} calls");

using var voximplant = VoximplantClient.Create(emulator.CreateVoximplantOptions());
var acd = await voximplant.GetAcdOperatorStatusStatisticsAsync(new() { Range = range, UserIds = [agent.Id] });
var inService = acd.Flatten().Select(r => r.Statuses.GetValueOrDefault(AcdStatus.InService)?.Sum ?? Duration.Zero).Aggregate(Duration.Zero, (a, b) => a + b);
Console.WriteLine($"  Voximplant  IN_SERVICE {inService:H:mm:ss}");

using var vcc = VccLiveClient.Create(emulator.CreateVccLiveOptions());
var rows = await vcc.GetUserBasedStatisticsAsync(new() { Range = day, Dimensions = UserBasedStatisticsDimensions.User, Users = [agent.Id], Fields = [UserBasedKpi.UserstateCall] }).ToListAsync();
Console.WriteLine($"  VCC Live    userstateCall {rows.Single().GetDuration(UserBasedKpi.UserstateCall):H:mm:ss}");

using var thulium = ThuliumClient.Create(emulator.CreateThuliumOptions());
await foreach (var row in thulium.GetAgentsWorkReportAsync(new() { Range = range, AgentLogins = [agent.Login], Aggregation = TimeBucket.Day }))
{
    Console.WriteLine($"  Thulium     inbound {row.Inbound?.Sum:H:mm:ss}, {row.Inbound?.AnsweredCount} answered");
}

using var netaxis = NetaxisClient.Create(emulator.CreateNetaxisOptions());
var callCenter = new CallCenterId(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, agent.Queue.CallCenterName);
var statistics = await netaxis.GetStatisticsAsync(new() { CallCenter = callCenter, Range = range });
var netaxisAgent = statistics.Agents.Single(a => a.AgentUserId == agent.Email);
Console.WriteLine($"  Netaxis     total talk {netaxisAgent.Statistics?.TotalTalk:H:mm:ss}");
