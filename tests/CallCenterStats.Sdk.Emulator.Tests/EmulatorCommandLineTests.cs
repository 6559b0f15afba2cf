using System.Net;
using System.Text.RegularExpressions;
using CallCenterStats.Sdk.Enswitch;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Tests;

/// <summary>The standalone server's command line: every option reaches the emulator, and the server runs until cancelled.</summary>
public sealed partial class EmulatorCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (EmulatorOptions Options, FileInfo? CredentialsFile) Parse(params string[] args)
    {
        var arguments = new EmulatorCommandLine.Arguments();
        var root = new System.CommandLine.RootCommand();
        foreach (var option in arguments.All)
        {
            root.Options.Add(option);
        }

        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        return EmulatorCommandLine.ToOptions(parse, arguments);
    }

    [Fact]
    public void Defaults_are_the_emulator_defaults_with_no_faults()
    {
        var (options, file) = Parse();
        var defaults = new EmulatorOptions();

        Assert.Equal((0, defaults.Agents, defaults.Days, defaults.FirstDay, defaults.TimeZone, defaults.Seed), (options.Port, options.Agents, options.Days, options.FirstDay, options.TimeZone, options.Seed));
        Assert.Equal(0, options.Faults.ServerErrorRate + options.Faults.RateLimitRate + options.Faults.VendorTransientErrorRate + options.Faults.TruncateRate + options.Faults.DropConnectionRate + options.Faults.TokenExpiryRate);
        Assert.Equal(Duration.Zero, options.Faults.Latency + options.Faults.LatencyJitter);
        Assert.Null(file);
    }

    [Fact]
    public void Every_option_reaches_the_emulator_options()
    {
        var (options, file) = Parse(
            "--port", "5081", "--agents", "50", "--days", "31", "--first-day", "2024-10-21", "--time-zone", "America/New_York", "--seed", "7",
            "--voximplant-credentials", "/tmp/vox.json", "--server-error-rate", "0.1", "--rate-limit-rate", "0.2", "--retry-after", "30",
            "--retry-after-as-date", "--vendor-transient-rate", "0.05", "--latency", "250", "--latency-jitter", "100", "--truncate-rate", "0.01",
            "--drop-rate", "0.02", "--token-expiry-rate", "0.03");

        Assert.Equal((5081, 50, 31, new LocalDate(2024, 10, 21), "America/New_York", 7L), (options.Port, options.Agents, options.Days, options.FirstDay, options.TimeZone, options.Seed));
        var f = options.Faults;
        Assert.Equal((0.1, 0.2, 0.05, 0.01, 0.02, 0.03), (f.ServerErrorRate, f.RateLimitRate, f.VendorTransientErrorRate, f.TruncateRate, f.DropConnectionRate, f.TokenExpiryRate));
        Assert.Equal((Duration.FromSeconds(30), true, Duration.FromMilliseconds(250), Duration.FromMilliseconds(100)), (f.RetryAfter, f.RetryAfterAsHttpDate, f.Latency, f.LatencyJitter));
        Assert.Equal("/tmp/vox.json", file?.FullName);
    }

    [Fact]
    public void A_first_day_that_is_not_a_date_is_a_parse_error_naming_the_option()
    {
        var root = EmulatorCommandLine.Create(TextWriter.Null);

        var parse = root.Parse(["--first-day", "21.10.2024"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("--first-day", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_values_stop_the_server_before_it_starts_with_the_option_named()
    {
        var error = new StringWriter();
        var root = EmulatorCommandLine.Create(TextWriter.Null);

        var exitCode = await root.Parse(["--agents", "0", "--drop-rate", "2"]).InvokeAsync(new() { Error = error }, Ct);

        Assert.Equal(2, exitCode);
        Assert.Contains("Agents", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("DropConnectionRate", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_prints_its_urls_serves_until_cancelled_and_removes_its_key_file()
    {
        var output = new SynchronizedWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = EmulatorCommandLine.Create(output).Parse(["--agents", "3", "--days", "1", "--seed", "9"]).InvokeAsync(cancellationToken: stop.Token);

        while (!output.Text.Contains(EmulatorCommandLine.ReadyLine, StringComparison.Ordinal))
        {
            Assert.False(run.IsCompleted, output.Text);
            await Task.Delay(20, Ct);
        }

        var text = output.Text;
        Assert.Contains("3 agents", text, StringComparison.Ordinal);
        var enswitch = new Uri(EnswitchUrl().Match(text).Groups["url"].Value);
        var keyFile = KeyFile().Match(text).Groups["path"].Value;
        Assert.True(File.Exists(keyFile));
        Assert.Contains("\"private_key\"", await File.ReadAllTextAsync(keyFile, Ct), StringComparison.Ordinal);

        using var client = EnswitchClient.Create(new EnswitchOptions { Endpoint = enswitch, Username = "enswitch-user", Password = "enswitch-password" });
        var monday = CallCenterStats.Sdk.Time.DateRange.SingleDay(new LocalDate(2024, 3, 11)).ToInstantRange(DateTimeZoneProviders.Tzdb["Europe/Warsaw"]);
        var statistics = await client.GetQueueStatisticsAsync(new() { Queue = 100, Range = monday }, Ct);
        Assert.Equal(3, statistics.Count);

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.False(File.Exists(keyFile));
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(enswitch, Ct));
    }

    [GeneratedRegex(@"Enswitch\s+(?<url>http://127\.0\.0\.1:\d+/enswitch/)")]
    private static partial Regex EnswitchUrl();

    [GeneratedRegex(@"credentials file (?<path>\S+)")]
    private static partial Regex KeyFile();

    /// <summary>A writer the server writes to on its thread while the test reads it on another.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }

            return Task.CompletedTask;
        }
    }
}
