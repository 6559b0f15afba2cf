using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CallCenterStats.Sdk.Voximplant.Wire;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>A service-account key pair generated once per test run.</summary>
internal static class TestKeys
{
    public const long AccountId = 4_815_162;
    public const string KeyId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

    public static readonly RSA Rsa = RSA.Create(2048);

    public static readonly string PrivateKeyPem = Rsa.ExportPkcs8PrivateKeyPem();

    public static readonly RSA Other = RSA.Create(2048);

    /// <summary>A line from the middle of the PEM body: if it shows up somewhere, the key leaked.</summary>
    public static string KeyFragment(string pem) => pem.Split('\n')[3].Trim();

    public static string CredentialsJson(long accountId = AccountId, string keyId = KeyId, string? privateKeyPem = null) =>
        new JsonObject
        {
            ["account_email"] = "robot@example.voximplant.com",
            ["account_id"] = accountId,
            ["key_id"] = keyId,
            ["private_key"] = privateKeyPem ?? PrivateKeyPem,
        }.ToJsonString();

    public static VoximplantCredentials Credentials => VoximplantCredentials.Parse(CredentialsJson());
}

internal static class Harness
{
    /// <summary>"Now" for tests: 2024-03-13 12:00:00 UTC.</summary>
    public static readonly Instant Now = Instant.FromUtc(2024, 3, 13, 12, 0);

    public static readonly Instant March11 = Instant.FromUtc(2024, 3, 11, 0, 0);

    public static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    /// <summary>Builds a DI provider with a fake clock and one client pointed at <paramref name="endpoint"/>.</summary>
    public static ServiceProvider Provider(Uri endpoint, FakeClock? clock = null, Action<VoximplantOptions>? configure = null, Action<IServiceCollection>? register = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock ?? new FakeClock(Now));
        register?.Invoke(services);
        services.AddVoximplantClient(options =>
        {
            options.Endpoint = endpoint;
            options.CredentialsJson = TestKeys.CredentialsJson();
            FastRetries(options);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider(Strict);
    }

    /// <summary>The range most tests ask for: two whole UTC days from 2024-03-11.</summary>
    public static readonly InstantRange Range = new(March11, March11 + Duration.FromDays(2));

    /// <summary>Retries as by default, but waits of a millisecond or so, so that tests that meet retries stay fast.</summary>
    public static void FastRetries(VendorClientOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
    }

    public static AcdOperatorStatusStatisticsRequest Request => new() { Range = Range };

    /// <summary>Parses a body with the client's reader, without HTTP; an error answer throws <see cref="InvalidOperationException"/>.</summary>
    public static AcdOperatorStatusStatistics Parse(
        string json,
        Aggregation.StatisticsGrouping grouping = Aggregation.StatisticsGrouping.ByAgent,
        HourNumbering numbering = HourNumbering.ZeroBased)
    {
        var parser = StatisticsReader.Parse(System.Text.Encoding.UTF8.GetBytes(json), numbering);
        return parser.Error is { } error
            ? throw new InvalidOperationException($"The answer is error {error.Code}: {error.Message}")
            : parser.ToResult(Range, grouping);
    }

    public static string Fixture(string name) => TestFiles.Fixture(name);

    /// <summary>The JWT part of an <c>Authorization: Bearer …</c> header.</summary>
    public static string BearerToken(RecordedRequest request)
    {
        var header = request.Authorization ?? throw new InvalidOperationException("No Authorization header.");
        Assert.StartsWith("Bearer ", header, StringComparison.Ordinal);
        return header["Bearer ".Length..];
    }
}

/// <summary>Decodes and verifies compact JWTs for assertions.</summary>
internal static class Jwt
{
    public static JsonObject Header(string token) => Part(token, 0);

    public static JsonObject Claims(string token) => Part(token, 1);

    public static bool Verifies(string token, RSA key)
    {
        var parts = token.Split('.');
        var signed = System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        return key.VerifyData(signed, System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static JsonObject Part(string token, int index) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[index]))!.AsObject();
}

/// <summary>
/// A time provider whose timers fire at once but remember how long they were asked to wait: retry waits (a
/// <c>Retry-After</c> of minutes included) are asserted exactly without a test ever sleeping. Only for clients whose
/// <c>AttemptTimeout</c> and <c>OperationTimeout</c> are infinite, since those are timers too.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _waits = new();

    /// <summary>Every finite wait asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => _waits.ToArray();

    /// <summary>Makes <paramref name="options"/> suitable: no attempt or operation timeout.</summary>
    public static void WithoutTimeouts(VendorClientOptions options)
    {
        options.AttemptTimeout = Timeout.InfiniteTimeSpan;
        options.OperationTimeout = Timeout.InfiniteTimeSpan;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        _waits.Enqueue(dueTime);
        return base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}

/// <summary>Counts the requests it passes on and remembers the emulator's fault header of each answer.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _faults = new();
    private int _count;

    public CountingHandler()
    {
    }

    public CountingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public int Count => _count;

    /// <summary>The <c>X-Emulator-Fault</c> header of every answer that arrived (dropped connections have none).</summary>
    public IReadOnlyList<string> Faults => _faults.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("X-Emulator-Fault", out var values))
        {
            _faults.Enqueue(string.Join(",", values));
        }

        return response;
    }
}
