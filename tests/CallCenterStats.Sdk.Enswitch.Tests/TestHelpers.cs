using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>Shared values and helpers of the Enswitch tests.</summary>
internal static class Enswitch
{
    public const string Username = "api-user";

    // Characters that need escaping in a URL and in a form body, so that escaped forms are tested too.
    public const string Password = "s3cr&t pa$$;w=rd+";

    public static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    // The spec page's example: start=1230000000, end=1240000000.
    public static readonly InstantRange Range = new(Instant.FromUnixTimeSeconds(1230000000), Instant.FromUnixTimeSeconds(1240000000));

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static EnswitchOptions Options(Uri endpoint, EnswitchRequestMethod method = EnswitchRequestMethod.Post)
    {
        var options = new EnswitchOptions
        {
            Endpoint = endpoint,
            Username = Username,
            Password = Password,
            RequestMethod = method,
        };
        FastRetries(options);
        return options;
    }

    /// <summary>Keeps the default number of retries but waits a millisecond or so between attempts.</summary>
    public static void FastRetries(VendorClientOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
    }

    public static EnswitchClient Client(LoopbackServer server, EnswitchRequestMethod method = EnswitchRequestMethod.Post) =>
        EnswitchClient.Create(Options(server.BaseAddress, method));

    public static Task<LoopbackServer> ServeFixture(string name) => LoopbackServer.StartAsync(200, TestFiles.Fixture(name));

    /// <summary>Everything an exception can show: the message, the vendor fields, the raw body and the full ToString.</summary>
    public static string Everything(VendorApiException ex) =>
        string.Join('\n', ex.ToString(), ex.Message, ex.RawBody, ex.RequestPath, string.Join('\n', ex.Errors));
}
