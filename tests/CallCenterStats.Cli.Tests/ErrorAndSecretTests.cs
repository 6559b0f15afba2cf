using System.Text;
using CallCenterStats.Sdk.TestSupport;

namespace CallCenterStats.Cli.Tests;

/// <summary>Bad input is exit 2 with one line, vendor failures exit 1, Ctrl+C exit 130, and no secret is ever printed.</summary>
public sealed class ErrorAndSecretTests(EmulatorFixture fixture)
{
    private const string Secret = "s3cr3t-Pa$$word/+&=";

    private static readonly string[] Day = ["--from", "2024-03-11", "--to", "2024-03-12"];

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["agents", "--vendor", "genesys", .. Day], "'genesys'" },
        { ["agents", "--vendor", "thulium", "--from", "2024-13-01", "--to", "2024-03-12"], "--from: '2024-13-01' is not a date" },
        { ["agents", "--vendor", "thulium", "--from", "2024-03-12", "--to", "2024-03-11", "--username", "u", "--password", "p", "--agents", "a"], "--to must be after --from" },
        { ["agents", "--vendor", "thulium", "--to", "2024-03-12"], "--from" },
        { ["agents", .. Day], "--vendor" },
        { ["agents", "--vendor", "thulium", .. Day, "--time-zone", "Mars/Olympus"], "'Mars/Olympus' is not an IANA time zone" },
        { ["agents", "--vendor", "thulium", .. Day, "--by", "fortnight"], "--by: 'fortnight'" },
        { ["agents", "--vendor", "thulium", .. Day, "--format", "xml"], "'xml'" },
        { ["agents", "--vendor", "thulium", .. Day, "--endpoint", "http://thulium.example.com/", "--username", "u", "--password", "p", "--agents", "a"], "--endpoint must use https" },
        { ["agents", "--vendor", "thulium", .. Day, "--endpoint", "not a url", "--username", "u", "--password", "p", "--agents", "a"], "--endpoint: 'not a url' is not an absolute http(s) URL" },
        { ["agents", "--vendor", "voximplant", .. Day, "--queue", "100"], "--queue does not apply to Voximplant (it is an option of Enswitch)" },
        { ["agents", "--vendor", "thulium", .. Day, "--endpoint", "https://thulium.example.com/", "--password", "p", "--agents", "a"], "Username" },
        { ["agents", "--vendor", "thulium", .. Day, "--endpoint", "https://thulium.example.com/", "--username", "u", "--password", "p"], "Thulium reports on agent logins or agent groups" },
        { ["agents", "--vendor", "netaxis", .. Day, "--endpoint", "https://apio.example.com/", "--token", "t"], "Netaxis needs the vendor filter 'tenant'" },
        { ["agents", "--vendor", "vcclive", .. Day, "--customer", "c", "--token", "t", "--by", "minute"], "VCC Live cannot produce Minute buckets" },
        { ["agents", "--vendor", "thulium", .. Day, "--config", "/no/such/ccstats.json"], "--config: the file '/no/such/ccstats.json' does not exist" },
        { ["agents", "--vendor", "thulium", .. Day, "--agents", "a,,b", "--username", "u", "--password", "p", "--endpoint", "https://thulium.example.com/"], "--agents: 'a,,b' has an empty item" },
        { ["sideways"], "'sideways'" },
        { ["agents", "--vendor", "thulium", .. Day, "extra"], "unexpected argument 'extra'" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Bad_input_is_one_line_on_standard_error_and_exit_code_2(string[] args, string expected)
    {
        var result = await Cli.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Output);
        var first = result.Error.Split('\n')[0];
        Assert.StartsWith("ccstats: error: ", first);
        Assert.Contains(expected, first);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task A_configuration_file_that_is_not_json_is_a_usage_error_naming_the_line_and_not_its_content()
    {
        var folder = fixture.NewFolder();
        var config = fixture.WriteConfig(folder, "{\n  \"Thulium\": {\n    \"Password\": \"" + Secret + "\"\n    \"Username\": \"u\"\n  }\n}");

        var result = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Day, "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not valid JSON (line 4)", result.Error);
        Assert.DoesNotContain(Secret, result.Everything);
    }

    [Fact]
    public async Task A_configuration_value_of_the_wrong_type_is_a_usage_error_naming_the_key()
    {
        var config = fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object>
        {
            ["Enswitch"] = new Dictionary<string, object> { ["Username"] = "u", ["Password"] = Secret, ["Retry"] = new Dictionary<string, string> { ["MaxRetries"] = "many" } },
        });

        var result = await Cli.RunAsync(["agents", "--vendor", "enswitch", .. Day, "--config", config, "--queue", "1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ccstats: error: Enswitch: ", result.Error);
        Assert.Contains("Retry:MaxRetries", result.Error);
        Assert.DoesNotContain(Secret, result.Everything);
    }

    [Fact]
    public async Task A_configuration_section_that_names_no_vendor_is_a_usage_error()
    {
        var config = fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object> { ["Thulum"] = new Dictionary<string, string> { ["Username"] = "u" } });

        var result = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Day, "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the section 'Thulum' names no vendor", result.Error);
    }

    [Fact]
    public async Task A_vendor_failure_is_exit_code_1_and_one_line_without_a_stack_trace()
    {
        var result = await Cli.RunAsync([
            "agents", "--vendor", "thulium", .. Day, "--endpoint", fixture.Emulator.ThuliumEndpoint.AbsoluteUri,
            "--username", "thulium-api", "--password", Secret, "--agents", "agent001"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var lines = result.Error.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("ccstats: error: Thulium", lines[0]);
        Assert.Contains("401", lines[0]);
        Assert.DoesNotContain(Secret, result.Everything);
    }

    [Fact]
    public async Task Verbose_adds_the_sdk_logs_and_the_stack_trace_and_still_no_secret()
    {
        var result = await Cli.RunAsync([
            "agents", "--vendor", "enswitch", .. Day, "--endpoint", fixture.Emulator.EnswitchEndpoint.AbsoluteUri,
            "--username", "enswitch-user", "--password", Secret, "--queue", "100", "--verbose"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[Debug] CallCenterStats.Sdk.Enswitch", result.Error);
        Assert.Contains("   at ", result.Error);
        Assert.DoesNotContain(Secret, result.Everything);
        Assert.DoesNotContain(Uri.EscapeDataString(Secret), result.Everything);
    }

    public static TheoryData<string, string[], string> EchoCases => new()
    {
        { "thulium", ["--username", "api", "--password", Secret, "--agents", "agent001"], "CCSTATS_THULIUM_PASSWORD" },
        { "enswitch", ["--username", "api", "--password", Secret, "--queue", "100"], "CCSTATS_ENSWITCH_PASSWORD" },
        { "vcclive", ["--customer", "c", "--token", Secret], "CCSTATS_VCCLIVE_TOKEN" },
        { "netaxis", ["--username", "api", "--password", Secret, "--tenant", "t", "--group", "g", "--call-center", "cc@x"], "CCSTATS_NETAXIS_PASSWORD" },
        { "netaxis", ["--token", Secret, "--tenant", "t", "--group", "g", "--call-center", "cc@x"], "CCSTATS_NETAXIS_TOKEN" },
    };

    [Theory]
    [MemberData(nameof(EchoCases))]
    public async Task A_server_that_echoes_the_request_never_gets_a_secret_printed_verbose_or_not(string vendor, string[] args, string variable)
    {
        // Answers every request with a 401 whose body repeats the whole request: headers, query and body.
        await using var server = await LoopbackServer.StartAsync((request, context) =>
        {
            var echo = new StringBuilder().Append("echo ").Append(request.Method).Append(' ').Append(request.Path).Append(request.QueryString);
            foreach (var (name, value) in request.Headers)
            {
                echo.Append(' ').Append(name).Append('=').Append(value);
            }

            echo.Append(' ').Append(request.Body);
            return context.RespondAsync(401, System.Text.Json.JsonSerializer.Serialize(new { error = echo.ToString(), message = echo.ToString() }));
        });
        string[] common = ["agents", "--vendor", vendor, .. Day, "--endpoint", server.BaseAddress.AbsoluteUri];

        var onCommandLine = await Cli.RunAsync([.. common, .. args, "--verbose"]);
        var fromEnvironment = await Cli.RunAsync(
            [.. common, .. RemoveSecret(args)],
            new Dictionary<string, string> { [variable] = Secret });

        Assert.NotEmpty(server.Requests);
        foreach (var result in new[] { onCommandLine, fromEnvironment })
        {
            Assert.NotEqual(0, result.ExitCode);
            Assert.DoesNotContain(Secret, result.Everything);
            Assert.DoesNotContain(Uri.EscapeDataString(Secret), result.Everything);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)), result.Everything);
        }
    }

    [Fact]
    public async Task A_secret_from_a_named_account_in_the_configuration_file_is_never_printed()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) =>
            context.RespondAsync(401, System.Text.Json.JsonSerializer.Serialize(new { error = "bad " + request.Body + " " + request.QueryString })));
        var config = fixture.WriteConfig(fixture.NewFolder(), new Dictionary<string, object>
        {
            ["Enswitch"] = new Dictionary<string, object>
            {
                ["Endpoint"] = server.BaseAddress.AbsoluteUri,
                ["Retry"] = new Dictionary<string, object> { ["MaxRetries"] = 0 },
                ["Accounts"] = new Dictionary<string, object> { ["main"] = new Dictionary<string, string> { ["Username"] = "u", ["Password"] = Secret } },
            },
        });

        var result = await Cli.RunAsync(["agents", "--vendor", "enswitch", .. Day, "--config", config, "--queue", "1", "--verbose"]);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(server.Requests);
        Assert.DoesNotContain(Secret, result.Everything);
    }

    [Fact]
    public async Task A_mistyped_option_does_not_echo_the_value_that_followed_it()
    {
        var result = await Cli.RunAsync(["agents", "--vendor", "thulium", .. Day, "--pasword", Secret]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--pasword'", result.Error);
        Assert.DoesNotContain(Secret, result.Everything);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_pull_cleanly_with_exit_code_130()
    {
        var requested = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            requested.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Cli.Ct);

        var run = Cli.RunUntilAsync(
            ctrlC.Token,
            ["agents", "--vendor", "enswitch", .. Day, "--endpoint", server.BaseAddress.AbsoluteUri, "--username", "u", "--password", "p", "--queue", "1"]);
        await requested.Task.WaitAsync(Cli.Ct);
        await ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("ccstats: stopped.", result.Error.TrimEnd('\n'));
    }

    private static string[] RemoveSecret(string[] args)
    {
        var list = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i + 1] == Secret)
            {
                i++;
                continue;
            }

            list.Add(args[i]);
        }

        return [.. list];
    }
}
