using System.CommandLine;
using System.Globalization;
using CallCenterStats.Sdk.Emulator.Faults;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Emulator;

/// <summary>
/// The standalone server's command line: <c>--port</c>, the simulated center (<c>--agents</c>, <c>--days</c>,
/// <c>--first-day</c>, <c>--time-zone</c>, <c>--seed</c>) and every fault knob. It runs the emulator until the
/// invocation is cancelled (Ctrl+C or SIGTERM), printing each vendor's base URL and demo credentials first. A host
/// such as a CLI tool can mount it as a subcommand.
/// </summary>
public static class EmulatorCommandLine
{
    /// <summary>The line printed once the emulator listens; everything a caller needs is printed before it.</summary>
    public const string ReadyLine = "Demo credentials for a local emulator only. Press Ctrl+C to stop.";

    /// <summary>Builds the command.</summary>
    /// <param name="output">Where the URLs and credentials are printed; the console by default.</param>
    /// <returns>The root command; run it with <c>command.Parse(args).InvokeAsync()</c>.</returns>
    public static RootCommand Create(TextWriter? output = null)
    {
        var o = new Arguments();
        var root = new RootCommand("Serves the five vendor APIs (Voximplant, VCC Live, Netaxis APIO, Enswitch, Thulium) from one simulated contact center on 127.0.0.1 until Ctrl+C.");
        foreach (var option in o.All)
        {
            root.Options.Add(option);
        }

        root.SetAction((parse, cancellationToken) => RunAsync(parse, o, output ?? Console.Out, cancellationToken));
        return root;
    }

    /// <summary>The emulator options a parsed command line asks for.</summary>
    internal static (EmulatorOptions Options, FileInfo? CredentialsFile) ToOptions(ParseResult parse, Arguments o) =>
        (new EmulatorOptions
        {
            Port = parse.GetValue(o.Port),
            Agents = parse.GetValue(o.Agents),
            Days = parse.GetValue(o.Days),
            FirstDay = parse.GetValue(o.FirstDay),
            TimeZone = parse.GetValue(o.TimeZone)!,
            Seed = parse.GetValue(o.Seed),
            Faults = new FaultOptions
            {
                ServerErrorRate = parse.GetValue(o.ServerErrorRate),
                RateLimitRate = parse.GetValue(o.RateLimitRate),
                RetryAfter = Duration.FromSeconds(parse.GetValue(o.RetryAfter)),
                RetryAfterAsHttpDate = parse.GetValue(o.RetryAfterAsDate),
                VendorTransientErrorRate = parse.GetValue(o.VendorTransientRate),
                Latency = Duration.FromMilliseconds(parse.GetValue(o.Latency)),
                LatencyJitter = Duration.FromMilliseconds(parse.GetValue(o.LatencyJitter)),
                TruncateRate = parse.GetValue(o.TruncateRate),
                DropConnectionRate = parse.GetValue(o.DropRate),
                TokenExpiryRate = parse.GetValue(o.TokenExpiryRate),
            },
        }, parse.GetValue(o.VoximplantCredentials));

    private static async Task<int> RunAsync(ParseResult parse, Arguments o, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, credentialsFile) = ToOptions(parse, o);
        ContactCenterEmulator emulator;
        try
        {
            emulator = await ContactCenterEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        await using var stop = emulator.ConfigureAwait(false);
        var c = emulator.Credentials;

        // The service account's private key exists only for this run: hand it over as the credentials.json file a
        // Voximplant client reads, readable by the current user only, and remove the default file on exit.
        var removeCredentials = credentialsFile is null;
        credentialsFile ??= new FileInfo(Path.Combine(Path.GetTempPath(), $"ccstats-emulator-{emulator.BaseAddress.Port.ToString(CultureInfo.InvariantCulture)}-voximplant.json"));
        await File.WriteAllTextAsync(credentialsFile.FullName, c.VoximplantCredentialsJson(), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentialsFile.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            var center = emulator.Center;
            string[] lines =
            [
                string.Create(CultureInfo.InvariantCulture, $"Contact-center emulator: {center.Agents.Count} agents, {center.Queues.Count} queues, {center.Dates} ({center.Zone.Id}), seed {options.Seed}"),
                string.Create(CultureInfo.InvariantCulture, $"  Voximplant  {emulator.VoximplantEndpoint}  service account {c.VoximplantAccountId}, credentials file {credentialsFile.FullName}"),
                $"  VCC Live    {emulator.VccLiveEndpoint}  customer '{c.VccLiveCustomer}', API token '{c.VccLiveApiToken}'",
                $"  Netaxis     {emulator.NetaxisEndpoint}  user '{c.NetaxisUsername}' / '{c.NetaxisPassword}', token '{c.NetaxisToken}', tenant '{c.NetaxisTenant}', group '{c.NetaxisGroup}'",
                $"  Enswitch    {emulator.EnswitchEndpoint}  user '{c.EnswitchUsername}' / '{c.EnswitchPassword}'",
                $"  Thulium     {emulator.ThuliumEndpoint}  user '{c.ThuliumUsername}' / '{c.ThuliumPassword}'",
                ReadyLine,
            ];
            foreach (var line in lines)
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM.
        }
        finally
        {
            if (removeCredentials)
            {
                File.Delete(credentialsFile.FullName);
            }
        }

        return 0;
    }

    /// <summary>The command's options.</summary>
    internal sealed class Arguments
    {
        public Option<int> Port { get; } = new("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };

        public Option<int> Agents { get; } = new("--agents") { Description = "Number of simulated agents (queues of five).", DefaultValueFactory = _ => 20 };

        public Option<int> Days { get; } = new("--days") { Description = "Number of simulated days.", DefaultValueFactory = _ => 7 };

        public Option<LocalDate> FirstDay { get; } = new("--first-day")
        {
            Description = "First simulated day, yyyy-MM-dd.",
            DefaultValueFactory = _ => new EmulatorOptions().FirstDay,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                var parsed = LocalDatePattern.Iso.Parse(text);
                if (parsed.Success)
                {
                    return parsed.Value;
                }

                result.AddError($"--first-day: '{text}' is not a date (yyyy-MM-dd).");
                return default;
            },
        };

        public Option<string> TimeZone { get; } = new("--time-zone") { Description = "The center's IANA time zone.", DefaultValueFactory = _ => new EmulatorOptions().TimeZone };

        public Option<long> Seed { get; } = new("--seed") { Description = "Seed of the simulation and of fault injection.", DefaultValueFactory = _ => 1 };

        public Option<FileInfo?> VoximplantCredentials { get; } = new("--voximplant-credentials")
        {
            Description = "Where to write the Voximplant credentials.json of the emulated service account (a fresh key per start). Default: a file in the temp folder, removed on exit.",
        };

        public Option<double> ServerErrorRate { get; } = new("--server-error-rate") { Description = "Share of requests answered HTTP 500 or 503 (0 to 1)." };

        public Option<double> RateLimitRate { get; } = new("--rate-limit-rate") { Description = "Share of requests answered HTTP 429 with Retry-After (0 to 1)." };

        public Option<int> RetryAfter { get; } = new("--retry-after") { Description = "Seconds announced by Retry-After.", DefaultValueFactory = _ => 1 };

        public Option<bool> RetryAfterAsDate { get; } = new("--retry-after-as-date") { Description = "Send Retry-After as an HTTP date instead of seconds." };

        public Option<double> VendorTransientRate { get; } = new("--vendor-transient-rate") { Description = "Share of requests answered with the vendor's own transient error (0 to 1)." };

        public Option<int> Latency { get; } = new("--latency") { Description = "Milliseconds added to every request." };

        public Option<int> LatencyJitter { get; } = new("--latency-jitter") { Description = "Up to this many random extra milliseconds per request." };

        public Option<double> TruncateRate { get; } = new("--truncate-rate") { Description = "Share of responses cut off after a few bytes (0 to 1)." };

        public Option<double> DropRate { get; } = new("--drop-rate") { Description = "Share of connections dropped before any response (0 to 1)." };

        public Option<double> TokenExpiryRate { get; } = new("--token-expiry-rate") { Description = "Share of requests before which the tokens in use expire (0 to 1); a token just issued is spared." };

        public IEnumerable<Option> All =>
        [
            Port, Agents, Days, FirstDay, TimeZone, Seed, VoximplantCredentials,
            ServerErrorRate, RateLimitRate, RetryAfter, RetryAfterAsDate, VendorTransientRate, Latency, LatencyJitter,
            TruncateRate, DropRate, TokenExpiryRate,
        ];
    }
}
