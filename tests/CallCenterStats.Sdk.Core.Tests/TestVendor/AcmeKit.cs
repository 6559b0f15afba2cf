using System.Text.Json;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk.Core.Tests.TestVendor;

/// <summary>What the pipeline tests share: valid Acme options for a loopback server, bodies in Acme's shape, a token server.</summary>
internal static class AcmeKit
{
    public const string Username = "agent";

    // Characters that every encoding writes differently: space, '+', '/', '&', '=', '"', '<', '>' and non-ASCII.
    public const string Password = "pa ss+wörd/&=\"<é>";

    public const string ApiKey = "key+with space/é";

    public const string TokenPrefix = "acme-token-";

    public static readonly InstantRange Range = new(Instant.FromUtc(2024, 3, 11, 0, 0), Instant.FromUtc(2024, 3, 12, 0, 0));

    public static AcmeCallsRequest Request => new() { Range = Range };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Calls(long calls) => $$$"""{"result": {"calls": {{{calls}}}}}""";

    /// <summary>An Acme error body; the message is JSON-escaped the way System.Text.Json writes it by default.</summary>
    public static string Error(int code, string message) =>
        $$$"""{"error": {"code": {{{code}}}, "msg": {{{JsonSerializer.Serialize(message)}}}}}""";

    /// <summary>Valid options for <paramref name="endpoint"/>, retrying fast: 1 ms base delay, 5 ms at most.</summary>
    public static AcmeOptions Options(Uri endpoint, Action<AcmeOptions>? configure = null)
    {
        var options = new AcmeOptions { Endpoint = endpoint, Username = Username, Password = Password };
        Fast(options);
        configure?.Invoke(options);
        return options;
    }

    public static void Fast(AcmeOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
    }

    public static AcmeClient Client(LoopbackServer server, Action<AcmeOptions>? configure = null, VendorClientServices? services = null) =>
        AcmeClient.Create(Options(server.BaseAddress, configure), services);

    /// <summary>A provider with one Acme registration under <paramref name="name"/> (a unique name keeps telemetry apart).</summary>
    public static ServiceProvider Provider(Uri endpoint, string name, Action<AcmeOptions>? configure = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        }

        services.AddAcmeClient(name, o =>
        {
            o.Endpoint = endpoint;
            o.Username = Username;
            o.Password = Password;
            Fast(o);
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>
    /// A server that answers <c>auth/token</c> itself with tokens <c>acme-token-1</c>, <c>acme-token-2</c>, … and every
    /// other request with <paramref name="handler"/>.
    /// </summary>
    public static Task<LoopbackServer> TokenServerAsync(Func<RecordedRequest, HttpContext, Task> handler)
    {
        var issued = 0;
        return LoopbackServer.StartAsync((request, context) =>
            request.Path.EndsWith("/auth/token", StringComparison.Ordinal)
                ? context.RespondAsync(200, $$$"""{"result": {"token": "{{{TokenPrefix}}}{{{Interlocked.Increment(ref issued)}}}", "expires_in": 3600}}""")
                : handler(request, context));
    }

    /// <summary>The requests other than logins.</summary>
    public static IReadOnlyList<RecordedRequest> ApiRequests(this LoopbackServer server) =>
        server.Requests.Where(r => !r.Path.EndsWith("/auth/token", StringComparison.Ordinal)).ToList();

    /// <summary>The login requests.</summary>
    public static IReadOnlyList<RecordedRequest> Logins(this LoopbackServer server) =>
        server.Requests.Where(r => r.Path.EndsWith("/auth/token", StringComparison.Ordinal)).ToList();

    /// <summary>Answers with <paramref name="responses"/> in turn, the last one for every further request.</summary>
    public static Func<RecordedRequest, HttpContext, Task> InTurn(params (int Status, string Body)[] responses)
    {
        var next = -1;
        return (_, context) =>
        {
            var (status, body) = responses[Math.Min(Interlocked.Increment(ref next), responses.Length - 1)];
            return context.RespondAsync(status, body);
        };
    }
}
