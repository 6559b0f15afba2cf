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

var enswitch = EnswitchClient.Create(emulator.CreateEnswitchOptions());
var destination = await enswitch.GetDestinationStatisticsAsync(agent.Id, range);
Console.WriteLine($"  Enswitch    talk time {destination.TalkTime:H:mm:ss}, {destination.Calls} calls");

var voximplant = VoximplantClient.Create(emulator.CreateVoximplantOptions());
var acd = await voximplant.GetAcdOperatorStatusStatisticsAsync(new() { From = range.Start, To = range.End, UserIds = [agent.Id] });
var inService = acd.Flatten().Select(r => r.Statuses.GetValueOrDefault(AcdStatus.InService)?.Sum ?? Duration.Zero).Aggregate(Duration.Zero, (a, b) => a + b);
Console.WriteLine($"  Voximplant  IN_SERVICE {inService:H:mm:ss}");

var vcc = VccLiveClient.Create(emulator.CreateVccLiveOptions());
var rows = await vcc.GetUserBasedStatisticsAsync(new() { Dates = day, Dimensions = UserBasedStatisticsDimensions.User, Users = [agent.Id], Fields = ["userstateCall"] });
Console.WriteLine($"  VCC Live    userstateCall {Duration.FromSeconds((long)(rows.Single().Values["userstateCall"].Sum ?? 0)):H:mm:ss}");

var thulium = ThuliumClient.Create(emulator.CreateThuliumOptions());
await foreach (var row in thulium.GetAgentsWorkReportAsync(new() { Range = range, AgentLogins = [agent.Login], Aggregation = TimeBucket.Day }))
{
    Console.WriteLine($"  Thulium     inbound {row.Inbound?.Sum:H:mm:ss}, {row.Inbound?.AnsweredCount} answered");
}

var netaxis = NetaxisClient.Create(emulator.CreateNetaxisOptions());
var statistics = await netaxis.GetStatisticsAsync(new CallCenterId(emulator.Credentials.NetaxisTenant, emulator.Credentials.NetaxisGroup, agent.Queue.CallCenterName), range);
var netaxisAgent = statistics.Agents.Single(a => a.AgentUserId == agent.Email);
Console.WriteLine($"  Netaxis     total talk {netaxisAgent.Statistics?.TotalTalk:H:mm:ss}");
