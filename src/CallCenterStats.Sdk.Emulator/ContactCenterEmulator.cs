using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Hosting;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Emulator.Vendors;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk.Emulator;

/// <summary>
/// A local emulator of all five vendor APIs, served over real HTTP on 127.0.0.1 from one deterministic simulated
/// contact center (<see cref="Center"/>): the same agent-day gives consistent figures through every vendor.
/// Start it in-process with <see cref="StartAsync"/> and dispose it to stop; each vendor's ready-made client
/// options point at it.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 50, Days = 31 });
/// var client = VoximplantClient.Create(emulator.CreateVoximplantOptions());
/// </code>
/// </example>
public sealed class ContactCenterEmulator : IAsyncDisposable
{
    /// <summary>The path under which each vendor is served (<c>{BaseAddress}{prefix}/…</c>).</summary>
    public const string VoximplantPrefix = "voximplant", VccLivePrefix = "vcclive", NetaxisPrefix = "netaxis", EnswitchPrefix = "enswitch", ThuliumPrefix = "thulium";

    private readonly WebApplication _app;
    private readonly EmulatorState _state;

    private ContactCenterEmulator(WebApplication app, EmulatorState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    /// <summary>The emulator's base address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The simulated contact center every vendor answers from: the truth tests compare against.</summary>
    public SimulatedContactCenter Center => _state.Center;

    /// <summary>The demo credentials every emulated vendor accepts.</summary>
    public EmulatorCredentials Credentials => _state.Credentials;

    /// <summary>The faults being injected; assign to change them while running.</summary>
    public FaultOptions Faults
    {
        get => _state.Faults.Options;
        set => _state.Faults.Options = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// How many requests the emulator has answered since it started and which faults they met (a snapshot): what a
    /// test compares with the requests its client sent, to see the retries that absorbed the faults.
    /// </summary>
    public FaultCounts FaultCounts => _state.Faults.Counts;

    /// <summary>Voximplant's base address in the emulator.</summary>
    public Uri VoximplantEndpoint => new(BaseAddress, VoximplantPrefix + "/");

    /// <summary>VCC Live's base address in the emulator.</summary>
    public Uri VccLiveEndpoint => new(BaseAddress, VccLivePrefix + "/");

    /// <summary>Netaxis APIO's base address in the emulator.</summary>
    public Uri NetaxisEndpoint => new(BaseAddress, NetaxisPrefix + "/");

    /// <summary>Enswitch's base address in the emulator.</summary>
    public Uri EnswitchEndpoint => new(BaseAddress, EnswitchPrefix + "/");

    /// <summary>Thulium's base address in the emulator.</summary>
    public Uri ThuliumEndpoint => new(BaseAddress, ThuliumPrefix + "/");

    /// <summary>Starts the emulator on 127.0.0.1.</summary>
    /// <param name="options">The simulation size, seed, port and faults; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static async Task<ContactCenterEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var failures = options.Validate().ToList();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        var zone = DateTimeZoneProviders.Tzdb[options.TimeZone];
        var center = new SimulatedContactCenter(options.Agents, options.FirstDay, options.Days, options.Seed, zone);
        EmulatorState? state = null;
        var faults = new FaultInjector(options.Faults, options.Seed, options.Clock, () => state!.ExpireTokensInUse());
        state = new EmulatorState(center, new EmulatorCredentials(options.VoximplantPublicKeyPem, options.VoximplantAccountId, options.VoximplantKeyId), options, faults);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Use((context, next) => state.Faults.InvokeAsync(context, next));
        VoximplantRoutes.Map(app.MapGroup("/" + VoximplantPrefix), state);
        VccLiveRoutes.Map(app.MapGroup("/" + VccLivePrefix), state);
        NetaxisRoutes.Map(app.MapGroup("/" + NetaxisPrefix), state);
        EnswitchRoutes.Map(app.MapGroup("/" + EnswitchPrefix), state);
        ThuliumRoutes.Map(app.MapGroup("/" + ThuliumPrefix), state);

        string address;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
        catch
        {
            // A port in use or a cancelled start: release what was built before reporting it.
            await app.DisposeAsync().ConfigureAwait(false);
            state.Credentials.Dispose();
            throw;
        }

        return new ContactCenterEmulator(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>
    /// Makes every token issued so far invalid from now on (Netaxis access and refresh tokens, and Voximplant JWTs
    /// issued before now), as a token expiring in the middle of a run would.
    /// </summary>
    public void ExpireTokens() => _state.ExpireTokens();

    /// <summary>
    /// Client options for Voximplant pointing at the emulator, with the emulated service account. When the emulator
    /// was given a public key (<see cref="EmulatorOptions.VoximplantPublicKeyPem"/>), the credentials are left for
    /// the caller to set to the <c>credentials.json</c> that goes with it.
    /// </summary>
    /// <returns>Options ready for <see cref="VoximplantClient.Create"/> or DI.</returns>
    public VoximplantOptions CreateVoximplantOptions() => new()
    {
        Endpoint = VoximplantEndpoint,
        CredentialsJson = Credentials.HasVoximplantCredentialsJson ? Credentials.VoximplantCredentialsJson() : null,
    };

    /// <summary>Client options for VCC Live pointing at the emulator.</summary>
    /// <returns>Options ready for <see cref="VccLiveClient.Create"/> or DI.</returns>
    public VccLiveOptions CreateVccLiveOptions() => new()
    {
        Endpoint = VccLiveEndpoint,
        Customer = Credentials.VccLiveCustomer,
        ApiToken = Credentials.VccLiveApiToken,
        TimeZone = Center.Zone.Id,
    };

    /// <summary>Client options for Netaxis APIO pointing at the emulator, logging in with user name and password.</summary>
    /// <returns>Options ready for <see cref="NetaxisClient.Create"/> or DI.</returns>
    public NetaxisOptions CreateNetaxisOptions() => new()
    {
        Endpoint = NetaxisEndpoint,
        Username = Credentials.NetaxisUsername,
        Password = Credentials.NetaxisPassword,
        TimeZone = Center.Zone.Id,
    };

    /// <summary>Client options for Enswitch pointing at the emulator.</summary>
    /// <returns>Options ready for <see cref="EnswitchClient.Create"/> or DI.</returns>
    public EnswitchOptions CreateEnswitchOptions() => new()
    {
        Endpoint = EnswitchEndpoint,
        Username = Credentials.EnswitchUsername,
        Password = Credentials.EnswitchPassword,
    };

    /// <summary>Client options for Thulium pointing at the emulator.</summary>
    /// <returns>Options ready for <see cref="ThuliumClient.Create"/> or DI.</returns>
    public ThuliumOptions CreateThuliumOptions() => new()
    {
        Endpoint = ThuliumEndpoint,
        Username = Credentials.ThuliumUsername,
        Password = Credentials.ThuliumPassword,
        TimeZone = Center.Zone.Id,
    };

    /// <summary>Stops the emulator.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _state.Credentials.Dispose();
    }
}
