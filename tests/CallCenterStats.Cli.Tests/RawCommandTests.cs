using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.Emulator.Simulation;

namespace CallCenterStats.Cli.Tests;

/// <summary>The raw commands: every vendor operation called as it is, its typed result as JSON or a table.</summary>
public sealed class RawCommandTests(EmulatorFixture fixture)
{
    private static readonly string[] Day = ["--from", "2024-03-11", "--to", "2024-03-12", "--time-zone", "Europe/Warsaw"];

    private SimulatedAgent Agent => fixture.Emulator.Center.Agents[0];

    /// <summary>The first agent's first day (Monday 2024-03-11 in Europe/Warsaw), from the simulation.</summary>
    private AgentTotals Truth =>
        fixture.Emulator.Center.GetTotals(Agent, Sdk.Time.DateRange.SingleDay(fixture.Emulator.Center.Dates.Start).ToInstantRange(fixture.Emulator.Center.Zone));

    [Fact]
    public async Task Voximplant_operator_status_prints_the_typed_result_as_json()
    {
        var result = await Cli.RunAsync([
            "voximplant", "operator-status", .. Day, "--users", Id(Agent), "--statuses", "in_service,READY",
            "--endpoint", fixture.Emulator.VoximplantEndpoint.AbsoluteUri, "--credentials", fixture.VoximplantCredentialsPath]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("2024-03-10T23:00:00Z", json.RootElement.GetProperty("range").GetProperty("start").GetString());
        var statuses = json.RootElement.GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("statistics").EnumerateArray())
            .Select(s => s.GetProperty("statuses"))
            .ToArray();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.True(s.EnumerateObject().All(p => p.Name is "IN_SERVICE" or "READY"), s.ToString()));
    }

    [Fact]
    public async Task Voximplant_operator_status_as_a_table_has_a_row_per_user_and_period()
    {
        var result = await Cli.RunAsync([
            "voximplant", "operator-status", .. Day, "--users", Id(Agent), "--by", "hour", "--format", "table",
            "--endpoint", fixture.Emulator.VoximplantEndpoint.AbsoluteUri, "--credentials", fixture.VoximplantCredentialsPath]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("statuses.IN_SERVICE.sum", result.Output);
        Assert.Equal(24, result.Output.Split('\n').Count(l => l.Contains("│ 2024-03-1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Vcclive_userbased_reports_the_simulated_calls()
    {
        var c = fixture.Emulator.Credentials;
        var result = await Cli.RunAsync([
            "vcclive", "userbased", "--from", "2024-03-11", "--to", "2024-03-12", "--dimensions", "user", "--users", Id(Agent), "--fields", "callIn,callMissed",
            "--endpoint", fixture.Emulator.VccLiveEndpoint.AbsoluteUri, "--customer", c.VccLiveCustomer, "--token", c.VccLiveApiToken, "--config", ZoneConfig("VccLive")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(Agent.Id, row.GetProperty("userId").GetInt64());
        Assert.Equal(Truth.AnsweredCalls, row.GetProperty("values").GetProperty("callIn").GetProperty("count").GetInt64());
        Assert.Equal(Truth.UnansweredCalls, row.GetProperty("values").GetProperty("callMissed").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Vcclive_userbased_takes_dates_only()
    {
        var result = await Cli.RunAsync(["vcclive", "userbased", "--from", "2024-03-11T08:00", "--to", "2024-03-12", "--dimensions", "user", "--customer", "c", "--token", "t"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from: '2024-03-11T08:00' is not a date", result.Error);
    }

    [Fact]
    public async Task Netaxis_statistics_report_each_agent_of_the_call_center()
    {
        var result = await Cli.RunAsync(["netaxis", "statistics", .. NetaxisArgs(), .. Day]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var agent = json.RootElement.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("agentUserId").GetString() == Agent.Email);
        Assert.Equal(Truth.AnsweredCalls, agent.GetProperty("statistics").GetProperty("callsHandled").GetInt64());
    }

    [Fact]
    public async Task Netaxis_reporting_set_changes_only_what_is_given_and_get_reads_it_back()
    {
        var set = await Cli.RunAsync(["netaxis", "reporting", "set", .. NetaxisArgs(queue: 1), "--collection-period", "45", "--email2", "ops@example.test"]);
        var get = await Cli.RunAsync(["netaxis", "reporting", "get", .. NetaxisArgs(queue: 1), "--format", "table"]);

        Assert.True(set.ExitCode == 0, set.ToString());
        using var json = JsonDocument.Parse(set.Output);
        Assert.Equal("0:45:00", json.RootElement.GetProperty("collectionPeriod").GetString());
        Assert.Equal("ops@example.test", json.RootElement.GetProperty("reportingEmailAddress2").GetString());
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("ops@example.test", get.Output);
        Assert.Contains("0:45:00", get.Output);
    }

    [Fact]
    public async Task Enswitch_statistics_for_a_queue_list_each_destination_and_for_one_destination_that_one()
    {
        var c = fixture.Emulator.Credentials;
        string[] common = [.. Day, "--endpoint", fixture.Emulator.EnswitchEndpoint.AbsoluteUri, "--username", c.EnswitchUsername, "--password", c.EnswitchPassword];

        var queue = await Cli.RunAsync(["enswitch", "statistics", "--queue", Agent.Queue.Id.ToString(CultureInfo.InvariantCulture), .. common]);
        var destination = await Cli.RunAsync(["enswitch", "statistics", "--destination", Id(Agent), .. common, "--format", "table"]);

        Assert.True(queue.ExitCode == 0, queue.ToString());
        using var json = JsonDocument.Parse(queue.Output);
        var row = json.RootElement.EnumerateArray().Single(d => d.GetProperty("destinationNumber").GetString() == Agent.DestinationNumber);
        Assert.Equal(Truth.AnsweredCalls + Truth.UnansweredCalls, row.GetProperty("calls").GetInt64());
        Assert.True(destination.ExitCode == 0, destination.ToString());
        Assert.Contains("fields.answered", destination.Output);
    }

    [Fact]
    public async Task Enswitch_statistics_need_exactly_one_of_queue_and_destination()
    {
        var result = await Cli.RunAsync(["enswitch", "statistics", .. Day, "--queue", "1", "--destination", "2"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give exactly one of --queue and --destination", result.Error);
    }

    [Fact]
    public async Task Thulium_work_report_pages_through_every_row()
    {
        var c = fixture.Emulator.Credentials;
        var result = await Cli.RunAsync([
            "thulium", "work-report", "--from", "2024-03-11", "--to", "2024-03-18", "--by", "day", "--page-size", "3",
            "--agent-groups", Agent.Queue.Id.ToString(CultureInfo.InvariantCulture),
            "--endpoint", fixture.Emulator.ThuliumEndpoint.AbsoluteUri, "--username", c.ThuliumUsername, "--password", c.ThuliumPassword]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.True(rows.Length > 3, "more rows than one page");
        Assert.All(rows, r => Assert.StartsWith("agent", r.GetProperty("agent").GetProperty("login").GetString()));
    }

    [Fact]
    public async Task A_raw_command_writes_its_output_file()
    {
        var file = Path.Combine(fixture.NewFolder(), "report.json");

        var result = await Cli.RunAsync(["netaxis", "reporting", "get", .. NetaxisArgs(), "--output", file]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file, Cli.Ct));
        Assert.True(json.RootElement.TryGetProperty("collectionPeriod", out _));
    }

    [Fact]
    public async Task With_several_accounts_in_the_configuration_a_raw_command_needs_account()
    {
        var settings = fixture.Settings("thulium");
        var config = fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object>
        {
            ["Thulium"] = new Dictionary<string, object>
            {
                ["Accounts"] = new Dictionary<string, object> { ["eu"] = settings, ["us"] = settings },
            },
        });
        string[] args = ["thulium", "work-report", .. Day, "--agents", Agent.Login, "--config", config];

        var ambiguous = await Cli.RunAsync(args);
        var chosen = await Cli.RunAsync([.. args, "--account", "us"]);
        var unknown = await Cli.RunAsync([.. args, "--account", "asia"]);

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("choose one with --account", ambiguous.Error);
        Assert.True(chosen.ExitCode == 0, chosen.ToString());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("has no account 'asia' (accounts: eu, us)", unknown.Error);
    }

    [Fact]
    public async Task Raw_commands_read_connection_options_from_the_environment()
    {
        var c = fixture.Emulator.Credentials;
        var result = await Cli.RunAsync(
            ["thulium", "work-report", .. Day, "--agents", Agent.Login, "--endpoint", fixture.Emulator.ThuliumEndpoint.AbsoluteUri],
            new Dictionary<string, string> { ["CCSTATS_THULIUM_USERNAME"] = c.ThuliumUsername, ["CCSTATS_THULIUM_PASSWORD"] = c.ThuliumPassword });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(c.ThuliumPassword, result.Everything);
    }

    private static string Id(SimulatedAgent agent) => agent.Id.ToString(CultureInfo.InvariantCulture);

    private string[] NetaxisArgs(int queue = 0)
    {
        var c = fixture.Emulator.Credentials;
        return
        [
            "--tenant", c.NetaxisTenant, "--group", c.NetaxisGroup, "--call-center", fixture.Emulator.Center.Queues[queue].CallCenterName,
            "--endpoint", fixture.Emulator.NetaxisEndpoint.AbsoluteUri, "--username", c.NetaxisUsername, "--password", c.NetaxisPassword,
            "--config", ZoneConfig("Netaxis"),
        ];
    }

    /// <summary>A configuration file that gives the vendor the emulator's zone (the one setting with no command-line option).</summary>
    private string ZoneConfig(string section) =>
        fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object> { [section] = new Dictionary<string, string> { ["TimeZone"] = fixture.Emulator.Center.Zone.Id } });
}
