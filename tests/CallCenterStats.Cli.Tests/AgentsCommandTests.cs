using System.Text;
using CallCenterStats.Cli.Vendors;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Cli.Tests;

/// <summary><c>ccstats agents</c> against the emulator: output formats, files, environment, configuration.</summary>
public sealed class AgentsCommandTests(EmulatorFixture fixture)
{
    private static readonly string[] Week = ["--from", "2024-03-11", "--to", "2024-03-18", "--time-zone", "Europe/Warsaw"];

    public static TheoryData<string, string> VendorsAndFormats => new()
    {
        { "voximplant", "csv" }, { "vcclive", "csv" }, { "netaxis", "csv" }, { "enswitch", "csv" }, { "thulium", "csv" },
        { "voximplant", "json" }, { "vcclive", "json" }, { "netaxis", "json" }, { "enswitch", "json" }, { "thulium", "json" },
    };

    [Theory]
    [MemberData(nameof(VendorsAndFormats))]
    public async Task Csv_and_json_output_is_exactly_the_unified_writers_output_for_the_same_records(string vendor, string format)
    {
        var folder = fixture.NewFolder();
        var config = fixture.WriteConfig(folder, new Dictionary<string, object> { [vendor] = fixture.Settings(vendor) });
        var (scopeArgs, filters) = fixture.Scope(vendor);

        var result = await Cli.RunAsync(["agents", "--vendor", vendor, .. Week, "--format", format, "--config", config, .. scopeArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        var expected = await WriterOutputAsync(vendor, filters, format);
        Assert.Equal(expected, result.Output);
        var rows = format == "csv" ? result.Output.Split('\n').Length - 2 : System.Text.Json.JsonDocument.Parse(result.Output).RootElement.GetArrayLength();
        Assert.True(rows > 10, $"the week has rows for several agents ({rows})");
    }

    [Fact]
    public async Task The_table_shows_each_agent_day_with_its_figures_and_names_what_the_vendor_does_not_report()
    {
        var result = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001,agent002"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Day (Europe/Warsaw)", result.Output);
        Assert.Contains("agent001", result.Output);
        Assert.Contains("agent002", result.Output);
        Assert.DoesNotContain("agent003", result.Output);
        Assert.Contains("2024-03-11", result.Output);
        Assert.Contains("Answer rate", result.Output);
        Assert.Contains("Not reported (unknown, not zero): available, on call", result.Output);
    }

    [Fact]
    public async Task A_date_time_range_is_read_in_the_time_zone_and_to_is_exclusive()
    {
        string[] args = [
            "agents", "--vendor", "thulium", "--from", "2024-03-11T08:00", "--to", "2024-03-11T10:00", "--time-zone", "Europe/Warsaw",
            "--by", "hour", "--agents", "agent001", "--config", ThuliumConfig()];

        var plan = await Cli.RunAsync([.. args, "--dry-run"]);
        var pulled = await Cli.RunAsync([.. args, "--format", "csv"]);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Equal("thulium/default agents_work_report [2024-03-11T07:00:00Z, 2024-03-11T09:00:00Z) by Hour agent_logins=agent001\n", plan.Output);
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        var starts = pulled.Output.TrimEnd('\n').Split('\n').Skip(1).Select(r => r.Split(',')[3]).ToArray();
        Assert.NotEmpty(starts);
        Assert.All(starts, s => Assert.Contains(s, new[] { "2024-03-11T07:00:00Z", "2024-03-11T08:00:00Z" }));
    }

    [Fact]
    public async Task Output_goes_to_the_file_and_standard_output_stays_empty()
    {
        var folder = fixture.NewFolder();
        var file = Path.Combine(folder, "week.csv");
        var toStdout = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001", "--format", "csv"]);

        var toFile = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001", "--format", "csv", "--output", file]);

        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Equal(string.Empty, toFile.Output);
        Assert.Equal(toStdout.Output, await File.ReadAllTextAsync(file, Cli.Ct));
        Assert.Equal(["week.csv"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_relative_output_path_is_read_against_the_working_directory()
    {
        var folder = fixture.NewFolder();

        var result = await Cli.RunAsync(
            ["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001", "--format", "json", "--output", "out.json"],
            environment: null,
            currentDirectory: folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("[{\"vendor\":\"thulium\"", await File.ReadAllTextAsync(Path.Combine(folder, "out.json"), Cli.Ct));
    }

    [Fact]
    public async Task An_output_path_that_is_a_folder_is_a_usage_error()
    {
        var folder = fixture.NewFolder();

        var result = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001", "--output", folder]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a folder; give a file name", result.Error);
    }

    [Fact]
    public async Task A_failed_pull_leaves_no_output_file_not_even_a_partial_one()
    {
        var folder = fixture.NewFolder();
        var file = Path.Combine(folder, "week.csv");

        var result = await Cli.RunAsync([
            "agents", "--vendor", "thulium", .. Week, "--endpoint", fixture.Emulator.ThuliumEndpoint.AbsoluteUri,
            "--username", "thulium-api", "--password", "not-the-password", "--agents", "agent001", "--format", "csv", "--output", file]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Connection_options_are_read_from_environment_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["CCSTATS_THULIUM_USERNAME"] = fixture.Emulator.Credentials.ThuliumUsername,
            ["CCSTATS_THULIUM_PASSWORD"] = fixture.Emulator.Credentials.ThuliumPassword,
        };

        var result = await Cli.RunAsync(
            ["agents", "--vendor", "thulium", .. Week, "--endpoint", fixture.Emulator.ThuliumEndpoint.AbsoluteUri, "--agents", "agent001", "--format", "csv"],
            environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("thulium,agent001,", result.Output);
    }

    [Fact]
    public async Task A_command_line_option_wins_over_its_environment_variable()
    {
        var environment = new Dictionary<string, string> { ["CCSTATS_THULIUM_PASSWORD"] = "wrong-password-from-env" };

        var result = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001"], environment);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task An_environment_variable_wins_over_the_configuration_file()
    {
        var folder = fixture.NewFolder();
        var settings = fixture.Settings("thulium");
        var rightPassword = settings["Password"];
        settings["Password"] = "wrong-password-in-file";
        var config = fixture.WriteConfig(folder, new Dictionary<string, object> { ["Thulium"] = settings });

        var withoutEnvironment = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, "--config", config, "--agents", "agent001"]);
        var withEnvironment = await Cli.RunAsync(
            ["agents", "--vendor", "thulium", .. Week, "--config", config, "--agents", "agent001"],
            new Dictionary<string, string> { ["CCSTATS_THULIUM_PASSWORD"] = rightPassword });

        Assert.Equal(1, withoutEnvironment.ExitCode);
        Assert.True(withEnvironment.ExitCode == 0, withEnvironment.ToString());
    }

    [Fact]
    public async Task Every_named_account_of_the_configuration_file_is_pulled_and_shares_the_vendor_sections_keys()
    {
        var folder = fixture.NewFolder();
        var settings = fixture.Settings("thulium");
        var config = fixture.WriteConfig(folder, new Dictionary<string, object>
        {
            // Lower case on purpose: section names are case-insensitive.
            ["thulium"] = new Dictionary<string, object>
            {
                ["Username"] = settings["Username"],
                ["Password"] = settings["Password"],
                ["TimeZone"] = settings["TimeZone"],
                ["Accounts"] = new Dictionary<string, object>
                {
                    ["eu"] = new Dictionary<string, string> { ["Endpoint"] = settings["Endpoint"] },
                    ["us"] = new Dictionary<string, string> { ["Endpoint"] = settings["Endpoint"] },
                },
            },
        });

        var table = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, "--config", config, "--agents", "agent001"]);
        var csv = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, "--config", config, "--agents", "agent001", "--format", "csv"]);
        var single = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Week, .. ThuliumArgs(), "--agents", "agent001", "--format", "csv"]);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Account", table.Output);
        Assert.Contains("│ eu ", table.Output);
        Assert.Contains("│ us ", table.Output);
        var singleRows = single.Output.TrimEnd('\n').Split('\n').Skip(1).ToArray();
        var bothRows = csv.Output.TrimEnd('\n').Split('\n').Skip(1).ToArray();
        Assert.Equal(singleRows.Concat(singleRows), bothRows);
    }

    [Fact]
    public async Task A_relative_credentials_path_in_the_configuration_file_is_read_against_the_files_folder()
    {
        var folder = fixture.NewFolder();
        File.Copy(fixture.VoximplantCredentialsPath, Path.Combine(folder, "credentials.json"));
        var config = fixture.WriteConfig(folder, new Dictionary<string, object>
        {
            ["Voximplant"] = new Dictionary<string, string> { ["Endpoint"] = fixture.Emulator.VoximplantEndpoint.AbsoluteUri, ["CredentialsPath"] = "credentials.json" },
        });

        var result = await Cli.RunAsync(["agents", "--vendor", "voximplant", .. Week, "--config", config, "--agents", "487500", "--format", "csv"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("voximplant,487500,", result.Output);
    }

    [Fact]
    public async Task Client_options_beyond_the_connection_ones_bind_from_the_configuration_file()
    {
        var folder = fixture.NewFolder();
        var config = fixture.WriteConfig(folder, new Dictionary<string, object>
        {
            ["Enswitch"] = new Dictionary<string, object>
            {
                ["Username"] = "u",
                ["Password"] = "p",
                ["Retry"] = new Dictionary<string, object> { ["MaxRetries"] = 0 },
                ["AttemptTimeout"] = "00:00:05",
            },
        });

        // Nothing listens on port 1: refused at once, and not retried because the file says so.
        var result = await Cli.RunAsync(["agents", "--vendor", "enswitch", .. Week, "--config", config, "--endpoint", "http://127.0.0.1:1/", "--queue", "100"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ccstats: error: ", result.Error);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Dry_run_prints_the_planned_requests_and_sends_none()
    {
        await using var server = await Sdk.TestSupport.LoopbackServer.StartAsync(500, "{}");

        var result = await Cli.RunAsync([
            "agents", "--vendor", "enswitch", .. Week, "--endpoint", server.BaseAddress.AbsoluteUri, "--username", "u", "--password", "p",
            "--queue", "100", "--dry-run"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(7, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("enswitch/default queues/destinations/statistics/get [", l));
        Assert.Contains("queue=100", lines[0]);
        Assert.Empty(server.Requests);
    }

    /// <summary>Thulium's whole configuration (its zone included, which has no command-line option).</summary>
    private string ThuliumConfig() =>
        fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object> { ["Thulium"] = fixture.Settings("thulium") });

    private string[] ThuliumArgs() =>
    [
        "--endpoint", fixture.Emulator.ThuliumEndpoint.AbsoluteUri,
        "--username", fixture.Emulator.Credentials.ThuliumUsername,
        "--password", fixture.Emulator.Credentials.ThuliumPassword,
    ];

    /// <summary>The same query through the SDK directly (DI registration, unified source) and Core's writer.</summary>
    private async Task<string> WriterOutputAsync(string vendor, Dictionary<string, string> filters, string format)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(fixture.Settings(vendor).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();
        VendorCatalog.Find(vendor).AddClient(services, string.Empty, configuration);
        await using var provider = services.BuildServiceProvider();
        var source = Assert.Single(provider.GetServices<IAgentStatisticsSource>());
        var zone = DateTimeZoneProviders.Tzdb["Europe/Warsaw"];
        var query = new AgentStatisticsQuery
        {
            Range = new DateRange(new LocalDate(2024, 3, 11), new LocalDate(2024, 3, 17)).ToInstantRange(zone),
            Bucket = TimeBucket.Day,
            TimeZone = zone,
            VendorFilters = filters,
        };
        using var output = new MemoryStream();
        if (format == "csv")
        {
            await AgentStatisticsWriter.WriteCsvAsync(source.GetAgentStatisticsAsync(query, Cli.Ct), output, cancellationToken: Cli.Ct);
        }
        else
        {
            await AgentStatisticsWriter.WriteJsonAsync(source.GetAgentStatisticsAsync(query, Cli.Ct), output, cancellationToken: Cli.Ct);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
