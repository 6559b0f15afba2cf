using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallCenterStats.Sdk.Core.Tests.TestVendor;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenterStats.Sdk.Core.Tests.Http;

/// <summary>How the pipeline types failures below HTTP, and the limits it enforces: redirects, TLS, refused connections, size, concurrency.</summary>
public sealed class PipelineTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_not_followed_and_names_the_host_and_the_credentials_never_reach_it(int status)
    {
        await using var elsewhere = await LoopbackServer.StartAsync(200, AcmeKit.Calls(1));
        await using var server = await LoopbackServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = $"http://localhost:{elsewhere.BaseAddress.Port}/stats/calls";
            return Task.CompletedTask;
        });
        using var client = AcmeKit.Client(server);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Configuration, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Contains("redirect to localhost", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_a_configuration_failure_tried_once()
    {
        await using var tls = await TlsServer.StartAsync();
        var account = "tls-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryCapture(account);
        await using var provider = AcmeKit.Provider(tls.BaseAddress, account);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.Configuration, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Contains("certificate", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, (int)Assert.Single(telemetry.Spans).GetTagItem(CallCenterStatsTelemetry.AttemptsTag)!);
        Assert.Equal(0, tls.Requests);

        // The server itself works: a client that trusts its certificate gets an answer.
        using var trusting = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == tls.Certificate.GetCertHashString() },
        });
        using var answer = await trusting.GetAsync(tls.BaseAddress, Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(1, tls.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_service_unavailable_and_transient()
    {
        var endpoint = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        var account = "refused-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryCapture(account);
        await using var provider = AcmeKit.Provider(endpoint, account, o => o.Retry.MaxRetries = 2);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => provider.GetRequiredKeyedService<AcmeClient>(account).GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.ServiceUnavailable, ex.Kind);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(3, (int)Assert.Single(telemetry.Spans).GetTagItem(CallCenterStatsTelemetry.AttemptsTag)!);
        Assert.Equal(3, telemetry.Sum(CallCenterStatsTelemetry.RequestsMetric));
    }

    [Fact]
    public async Task An_answer_larger_than_max_response_bytes_is_an_invalid_response_tried_once()
    {
        var body = $$"""{"result": {"calls": 1}, "padding": "{{new string('x', 5000)}}"}""";
        await using var server = await LoopbackServer.StartAsync(200, body);
        using var client = AcmeKit.Client(server, o => o.MaxResponseBytes = 1024);
        using var roomy = AcmeKit.Client(server, o => o.MaxResponseBytes = body.Length);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.InvalidResponse, ex.Kind);
        Assert.False(ex.IsTransient);
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Equal(1, (await roomy.GetCallsAsync(AcmeKit.Request, Ct)).Calls);
    }

    [Fact]
    public async Task An_error_body_larger_than_max_response_bytes_still_reports_the_status()
    {
        await using var server = await LoopbackServer.StartAsync(400, new string('x', 100_000), "text/plain");
        using var client = AcmeKit.Client(server, o => o.MaxResponseBytes = 1024);

        var ex = await Assert.ThrowsAsync<VendorApiException>(() => client.GetCallsAsync(AcmeKit.Request, Ct));

        Assert.Equal(VendorErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(1024, ex.RawBody!.Length);
    }

    [Fact]
    public async Task The_accounts_concurrency_limit_is_never_exceeded()
    {
        const int calls = 10;
        const int limit = 2;
        var inFlight = 0;
        var finished = 0;
        var peak = 0;
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);

            // Hold each request until as many as the limit allows are in flight (or none others are left), so that an
            // unlimited client would pile up all ten here.
            while (Volatile.Read(ref inFlight) < limit && Volatile.Read(ref finished) + Volatile.Read(ref inFlight) < calls)
            {
                await Task.Delay(5, context.RequestAborted);
            }

            await Task.Delay(20, context.RequestAborted);
            Interlocked.Decrement(ref inFlight);
            Interlocked.Increment(ref finished);
            await context.RespondAsync(200, AcmeKit.Calls(1));
        });
        using var client = AcmeKit.Client(server, o => o.MaxConcurrentRequests = limit);

        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => client.GetCallsAsync(AcmeKit.Request, Ct)));

        Assert.Equal(calls, results.Length);
        Assert.Equal(calls, server.Requests.Count);
        Assert.Equal(limit, peak);
    }

    [Fact]
    public async Task A_streams_permit_is_held_until_it_is_read_and_released_when_it_ends()
    {
        await using var server = await LoopbackServer.StartAsync((request, context) => context.RespondAsync(
            200,
            request.Path == "/stats/rows" ? """{"rows": [{"agent": "a", "calls": 1}, {"agent": "b", "calls": 2}]}""" : AcmeKit.Calls(1)));
        using var client = AcmeKit.Client(server, o => o.MaxConcurrentRequests = 1);

        // Stopping early ends the stream: its permit must come back, or the next call would wait forever.
        await foreach (var row in client.GetCallRowsAsync(AcmeKit.Request, Ct))
        {
            Assert.Equal("a", row.Agent);
            break;
        }

        var rows = await client.GetCallRowsAsync(AcmeKit.Request, Ct).ToListAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var calls = await client.GetCallsAsync(AcmeKit.Request, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal(3, server.Requests.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kestrel over HTTPS on 127.0.0.1 with a self-signed certificate made for the test (trusted by nobody).</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private TlsServer(WebApplication app, X509Certificate2 certificate)
        {
            _app = app;
            Certificate = certificate;
        }

        public X509Certificate2 Certificate { get; }

        public Uri BaseAddress { get; private set; } = null!;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<TlsServer> StartAsync()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), password: null);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
            var app = builder.Build();
            var server = new TlsServer(app, certificate);
            app.Run(context =>
            {
                Interlocked.Increment(ref server._requests);
                return context.RespondAsync(200, AcmeKit.Calls(1));
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Certificate.Dispose();
        }
    }
}
