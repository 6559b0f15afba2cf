using System.Globalization;
using System.Text;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>Shared helpers: a client on a loopback server, requests and generated rows.</summary>
internal static class ThuliumTestKit
{
    public const string Username = "api_user";
    public const string Password = "s3cret-Pa55word";

    public static readonly InstantRange December2019 =
        new(Instant.FromUtc(2019, 12, 1, 0, 0), Instant.FromUtc(2020, 1, 1, 0, 0));

    /// <summary>Options for a loopback server, with retries kept (five) but their waits cut to milliseconds.</summary>
    public static ThuliumOptions Options(Uri endpoint, string timeZone = "UTC") => new()
    {
        Endpoint = endpoint,
        Username = Username,
        Password = Password,
        TimeZone = timeZone,
        Retry = FastRetry(),
    };

    public static RetryOptions FastRetry() => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10) };

    public static ThuliumClient Client(LoopbackServer server, string timeZone = "UTC") =>
        ThuliumClient.Create(Options(server.BaseAddress, timeZone));

    public static AgentsWorkReportRequest Request() => new()
    {
        Range = December2019,
        AgentLogins = ["jkowalski"],
    };

    /// <summary>A server holding <paramref name="total"/> report rows, answering <c>limit</c>/<c>offset</c> slices.</summary>
    public static Task<LoopbackServer> PagingServer(int total) =>
        LoopbackServer.StartAsync((request, context) =>
        {
            var query = request.Query.ToDictionary(p => p.Key, p => p.Value);
            var limit = int.Parse(query["limit"], CultureInfo.InvariantCulture);
            var offset = int.Parse(query["offset"], CultureInfo.InvariantCulture);
            var count = Math.Max(0, Math.Min(limit, total - offset));
            return context.RespondAsync(200, Rows(offset, count));
        });

    /// <summary>A JSON array of <paramref name="count"/> rows for agents <c>agent{first}</c>, <c>agent{first+1}</c>, ….</summary>
    public static string Rows(int first, int count)
    {
        var json = new StringBuilder("[");
        for (var i = first; i < first + count; i++)
        {
            if (i > first)
            {
                json.Append(',');
            }

            json.Append(CultureInfo.InvariantCulture, $$"""{"agent":{"login":"agent{{i}}","name":"A","surname":"B"},"period":"2019-12","inbound":{"count":{{i}},"sum":"00:00:{{i % 60:00}}"},"pauses":[]}""");
        }

        return json.Append(']').ToString();
    }
}
