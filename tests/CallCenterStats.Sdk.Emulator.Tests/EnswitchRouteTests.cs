using System.Net;
using System.Text.Json;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>Wire details of the emulated Enswitch route that the client never exercises by itself.</summary>
public sealed class EnswitchRouteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_parameters_separated_by_semicolons_as_in_the_vendor_docs_are_understood()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1 }, Ct);
        var agent = emulator.Center.Agents[1];
        var range = emulator.Center.Range;
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(
            emulator.EnswitchEndpoint,
            $"api/json/queues/destinations/statistics/get/?auth_username={emulator.Credentials.EnswitchUsername};auth_password={emulator.Credentials.EnswitchPassword};destination={agent.Id};start={range.Start.ToUnixTimeSeconds()};end={range.End.ToUnixTimeSeconds()}"), Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("200", body.RootElement.GetProperty("responses")[0].GetProperty("code").GetString());
        Assert.Equal(
            (long)emulator.Center.GetTotals(agent, range).TalkTime.TotalSeconds,
            body.RootElement.GetProperty("data").GetProperty("talktime_sum").GetInt64());
    }

    [Fact]
    public async Task A_user_whose_role_may_not_use_the_method_gets_code_402()
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 3, Days = 1 }, Ct);
        var options = emulator.CreateEnswitchOptions();
        options.Username = emulator.Credentials.EnswitchRestrictedUsername;

        using var client = EnswitchClient.Create(options);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetQueueStatisticsAsync(new() { Queue = emulator.Center.Queues[0].Id, Range = emulator.Center.Range }, Ct));

        Assert.Equal("402", ex.VendorCode);
        Assert.Equal(VendorErrorKind.PermissionDenied, ex.Kind);
        Assert.False(ex.IsTransient);
    }
}
