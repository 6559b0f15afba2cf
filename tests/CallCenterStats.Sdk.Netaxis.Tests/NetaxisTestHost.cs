using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>A client wired through DI (strict provider, fake clock) to a loopback server.</summary>
internal sealed class NetaxisTestHost : IAsyncDisposable
{
    public static readonly Instant Now = Instant.FromUtc(2024, 3, 11, 12, 0);
    public const string StaticToken = "static-token-0123456789";
    public const string Password = "s3cret-Pa55word";

    public static readonly CallCenterId CallCenter = new("foo", "foogroup", "APIOTestCCBasic@sip.netaxis.be");

    private readonly ServiceProvider _provider;

    private NetaxisTestHost(LoopbackServer server, ServiceProvider provider, FakeClock clock)
    {
        Server = server;
        _provider = provider;
        Clock = clock;
        Client = provider.GetRequiredService<NetaxisClient>();
    }

    public LoopbackServer Server { get; }

    public FakeClock Clock { get; }

    public NetaxisClient Client { get; }

    public static ServiceProviderOptions Strict { get; } = new() { ValidateOnBuild = true, ValidateScopes = true };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A server answering every request with <paramref name="status"/> and <paramref name="body"/>; static-token auth.</summary>
    public static Task<NetaxisTestHost> StartAsync(int status, string body, Action<NetaxisOptions>? configure = null) =>
        StartAsync((_, context) => context.RespondAsync(status, body), configure);

    public static async Task<NetaxisTestHost> StartAsync(Func<RecordedRequest, HttpContext, Task> handler, Action<NetaxisOptions>? configure = null)
    {
        var server = await LoopbackServer.StartAsync(handler);
        var clock = new FakeClock(Now);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddNetaxisClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.Token = StaticToken;
            FastRetries(o);
            configure?.Invoke(o);
        });
        return new NetaxisTestHost(server, services.BuildServiceProvider(Strict), clock);
    }

    /// <summary>Keeps the default number of retries but waits a millisecond or so between attempts.</summary>
    public static void FastRetries(VendorClientOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
    }

    /// <summary>Configures username/password login instead of the static token.</summary>
    public static void UseLogin(NetaxisOptions options)
    {
        options.Token = null;
        options.Username = "apio-user";
        options.Password = Password;
    }

    /// <summary>The request target exactly as it came over the wire (percent-encoding intact).</summary>
    public static string RawTarget(HttpContext context) => context.Features.Get<IHttpRequestFeature>()!.RawTarget;

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
