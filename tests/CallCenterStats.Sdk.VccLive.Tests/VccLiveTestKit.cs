using System.Globalization;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>Builds clients against a loopback server and projects results for snapshots.</summary>
internal static class VccLiveTestKit
{
    public const string Customer = "mycc";
    public const string ApiToken = "tok-S3cr3t-98765";

    public static readonly LocalDate June1 = new(2020, 6, 1);
    public static readonly LocalDate June30 = new(2020, 6, 30);

    public static VccLiveOptions OptionsFor(LoopbackServer server, Action<VccLiveOptions>? configure = null)
    {
        var options = new VccLiveOptions { Customer = Customer, ApiToken = ApiToken, Endpoint = server.BaseAddress };
        configure?.Invoke(options);
        return options;
    }

    public static VccLiveClient Client(LoopbackServer server, Action<VccLiveOptions>? configure = null) =>
        VccLiveClient.Create(OptionsFor(server, configure));

    public static UserBasedStatisticsRequest Request(UserBasedStatisticsFormat format = UserBasedStatisticsFormat.Json) => new()
    {
        Dates = new(June1, June30),
        Dimensions = UserBasedStatisticsDimensions.All,
        Format = format,
    };

    public static Task<LoopbackServer> ServeAsync(string body, string contentType = "application/json", int status = 200) =>
        LoopbackServer.StartAsync(status, body, contentType);

    public static string ExpectedAuthorization =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Customer + ":" + ApiToken));

    public static object Project(UserBasedStatisticsRow row) => new
    {
        Date = row.Date is { } date ? LocalDatePattern.Iso.Format(date) : null,
        Time = row.Time is { } time ? LocalTimePattern.ExtendedIso.Format(time) : null,
        Start = row.Start is { } start ? InstantPattern.General.Format(start) : null,
        row.ProjectId,
        row.UserId,
        row.Level,
        Values = row.Values.Values.Select(v => new
        {
            v.Field,
            v.Count,
            Sum = v.Sum?.ToString(CultureInfo.InvariantCulture),
            v.RawText,
            AdditionalData = v.AdditionalData.ToDictionary(p => p.Key, p => p.Value.GetRawText()),
        }).ToList(),
        AdditionalData = row.AdditionalData.ToDictionary(p => p.Key, p => p.Value.GetRawText()),
    };

    public static async Task<List<UserBasedStatisticsRow>> ToListAsync(this IAsyncEnumerable<UserBasedStatisticsRow> rows)
    {
        var list = new List<UserBasedStatisticsRow>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }
}
