using CallCenterStats.Sdk.TestSupport;
using NodaTime;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>Builds clients and requests against a loopback server.</summary>
internal static class VccLiveTestKit
{
    public const string Customer = "mycc";
    public const string ApiToken = "tok-S3cr3t-98765";

    public static readonly LocalDate June1 = new(2020, 6, 1);
    public static readonly LocalDate June30 = new(2020, 6, 30);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Options for a loopback server; retries wait 1 ms (tests never sleep through a backoff).</summary>
    public static VccLiveOptions OptionsFor(LoopbackServer server, Action<VccLiveOptions>? configure = null)
    {
        var options = new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, Endpoint = server.BaseAddress };
        FastRetries(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Makes retries wait 1 ms at most, so tests that meet transient failures stay fast.</summary>
    public static VccLiveOptions FastRetries(VccLiveOptions options)
    {
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    public static VccLiveClient Client(LoopbackServer server, Action<VccLiveOptions>? configure = null) =>
        VccLiveClient.Create(OptionsFor(server, configure));

    public static UserBasedStatisticsRequest Request(UserBasedStatisticsFormat format = UserBasedStatisticsFormat.Json) => new()
    {
        Range = new(June1, June30),
        Dimensions = UserBasedStatisticsDimensions.All,
        Format = format,
    };

    /// <summary>A request for the date, time and user dimensions: the header <c>date,time,userId,…</c> many tab/CSV bodies here have.</summary>
    public static UserBasedStatisticsRequest DateTimeUserRequest(UserBasedStatisticsFormat format = UserBasedStatisticsFormat.Json) =>
        Request(format) with { Dimensions = UserBasedStatisticsDimensions.Date | UserBasedStatisticsDimensions.Time | UserBasedStatisticsDimensions.User };

    /// <summary>Runs the operation to the end with a new client (disposed after) and collects the rows.</summary>
    public static async Task<List<UserBasedStatisticsRow>> GetAllAsync(
        LoopbackServer server,
        UserBasedStatisticsRequest request,
        Action<VccLiveOptions>? configure = null)
    {
        using var client = Client(server, configure);
        return await client.GetUserBasedStatisticsAsync(request, Ct).ToListAsync(Ct);
    }

    public static Task<LoopbackServer> ServeAsync(string body, string contentType = "application/json", int status = 200) =>
        LoopbackServer.StartAsync(status, body, contentType);

    public static string ExpectedAuthorization =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Customer + ":" + ApiToken));
}
