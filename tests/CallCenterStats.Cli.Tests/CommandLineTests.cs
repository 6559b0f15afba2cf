using System.Text;
using CallCenterStats.Cli.Commands;
using CallCenterStats.Sdk.Emulator;
using NodaTime;

namespace CallCenterStats.Cli.Tests;

/// <summary>The command tree, help, date parsing and the mounted emulator.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_the_commands_on_standard_output_with_exit_code_0()
    {
        var result = await Cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "demo", "agents", "emulator", "voximplant", "vcclive", "netaxis", "enswitch", "thulium" })
        {
            Assert.Contains("  " + command, result.Output);
        }
    }

    [Fact]
    public async Task Agents_help_lists_each_connection_option_with_its_environment_variables()
    {
        var result = await Cli.RunAsync("agents", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("$CCSTATS_VCCLIVE_TOKEN, $CCSTATS_NETAXIS_TOKEN", result.Output);
        Assert.Contains("$VOXIMPLANT_CREDENTIALS", result.Output);
        foreach (var option in new[] { "--vendor", "--from", "--to", "--time-zone", "--by", "--agents", "--format", "--output", "--endpoint", "--verbose", "--credentials", "--customer", "--token", "--tenant", "--group", "--call-center", "--path-prefix", "--username", "--password", "--queue", "--destination", "--agent-groups", "--config", "--dry-run" })
        {
            Assert.Contains(option + " ", result.Output);
        }
    }

    [Theory]
    [InlineData("2024-03-11", "2024-03-10T23:00:00Z")]
    [InlineData("2024-03-11T08:00", "2024-03-11T07:00:00Z")]
    [InlineData("2024-03-11T08:00:30", "2024-03-11T07:00:30Z")]
    [InlineData("2024-03-11 08:00", "2024-03-11T07:00:00Z")]
    [InlineData("2024-03-31T02:30", "2024-03-31T01:30:00Z")] // skipped by the spring-forward: moved on by the gap
    [InlineData("2024-03-11T08:00:00Z", "2024-03-11T08:00:00Z")]
    [InlineData("2024-03-11T08:00:00+02:00", "2024-03-11T06:00:00Z")]
    public void From_and_to_accept_dates_date_times_and_instants(string text, string expected)
    {
        var point = PointInTime.Parse(text);

        Assert.NotNull(point);
        Assert.Equal(expected, Sdk.Pipeline.WireFormat.IsoUtc(point.Value.InZone(DateTimeZoneProviders.Tzdb["Europe/Warsaw"])));
    }

    [Theory]
    [InlineData("11/03/2024")]
    [InlineData("2024-03-11T25:00")]
    [InlineData("yesterday")]
    public void Other_text_is_not_a_point_in_time(string text) => Assert.Null(PointInTime.Parse(text));

    [Fact]
    public async Task The_emulator_command_prints_each_vendor_and_its_demo_credentials_and_stops_on_ctrl_c_with_130()
    {
        var output = new SignallingStream(EmulatorCommandLine.ReadyLine);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Cli.Ct);

        var run = Cli.RunUntilAsync(ctrlC.Token, ["emulator", "--port", "0", "--agents", "3", "--days", "2", "--seed", "9"], standardOutput: output);
        await output.Ready.WaitAsync(TimeSpan.FromSeconds(60), Cli.Ct);
        await ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(130, result.ExitCode);
        var text = output.Text;
        Assert.Contains("Contact-center emulator: 3 agents", text);
        Assert.Contains("seed 9", text);
        foreach (var vendor in new[] { "Voximplant", "VCC Live", "Netaxis", "Enswitch", "Thulium" })
        {
            Assert.Matches($@"(?m)^  {vendor} +http://127\.0\.0\.1:\d+/", text);
        }

        Assert.Contains("'vcc-emulator-token'", text);
    }

    [Fact]
    public async Task The_emulator_command_refuses_a_bad_option_with_exit_code_2()
    {
        var result = await Cli.RunAsync("emulator", "--agents", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Agents must be at least 1", result.Error);
    }

    /// <summary>Standard output that tells when a line has been written (the emulator runs until cancelled).</summary>
    private sealed class SignallingStream(string line) : MemoryStream
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public Task Ready => _ready.Task;

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_lock)
            {
                base.Write(buffer, offset, count);
            }

            if (Text.Contains(line, StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }
    }
}
