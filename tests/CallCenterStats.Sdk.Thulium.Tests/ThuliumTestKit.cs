using System.Globalization;
using System.Text;
using CallCenterStats.Sdk.Pipeline;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>Shared helpers: a client on a loopback server, requests, generated rows and snapshot projections.</summary>
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

    /// <summary>A projection of plain strings and numbers for Snapshooter (which knows nothing of NodaTime).</summary>
    public static object Project(AgentsWorkReportRow row) => new
    {
        Agent = new { row.Agent.Login, row.Agent.Name, row.Agent.Surname, AdditionalData = Raw(row.Agent.AdditionalData) },
        Period = row.PeriodText,
        ParsedPeriod = ProjectPeriod(row),
        Inbound = row.Inbound is { } i
            ? new
            {
                i.Count,
                i.AnsweredCount,
                i.NotAnsweredCount,
                i.TransferredCount,
                Sum = Clock(i.Sum),
                Average = Clock(i.Average),
                WaitSum = Clock(i.WaitSum),
                WaitAverage = Clock(i.WaitAverage),
                i.CallsPerHour,
                AdditionalData = Raw(i.AdditionalData),
            }
            : null,
        Chat = row.Chat is { } c ? new { c.Closed, c.Responded, AdditionalData = Raw(c.AdditionalData) } : null,
        Ticket = row.Ticket is { } t ? new { t.Closed, t.Responded, t.TotalResponded, AdditionalData = Raw(t.AdditionalData) } : null,
        OutboundAboveThreshold = Project(row.OutboundAboveThreshold),
        OutboundBelowThreshold = Project(row.OutboundBelowThreshold),
        LoginDate = row.LoginDate is { } login ? WireFormat.IsoUtc(login) : null,
        LogoutDate = row.LogoutDate is { } logout ? WireFormat.IsoUtc(logout) : null,
        row.LoginDateText,
        row.LogoutDateText,
        Pauses = row.Pauses.Select(p => new
        {
            Id = p.Id.Value,
            p.Id.IsAll,
            p.Id.IsFree,
            p.Id.Number,
            p.Count,
            Sum = Clock(p.Sum),
            Average = Clock(p.Average),
            AdditionalData = Raw(p.AdditionalData),
        }).ToArray(),
        AdditionalData = Raw(row.AdditionalData),
    };

    public static object? ProjectPeriod(AgentsWorkReportRow row) => row.Period is null && row.HourOfDay is null
        ? null
        : new
        {
            Bucket = row.Period?.Bucket.ToString() ?? "HourOfDay",
            LocalStart = row.Period?.LocalStart.ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            Range = row.Period?.Range.ToString(),
            row.HourOfDay,
        };

    private static object? Project(OutboundCallStatistics? o) =>
        o is null ? null : new { o.Count, Sum = Clock(o.Sum), Average = Clock(o.Average), AdditionalData = Raw(o.AdditionalData) };

    private static string? Clock(Duration? value) => value is { } d ? DurationText.ToClockText(d) : null;

    // Sorted by name, so a snapshot does not depend on the order of the JSON properties.
    private static SortedDictionary<string, string> Raw(IReadOnlyDictionary<string, System.Text.Json.JsonElement> data) =>
        new(data.ToDictionary(p => p.Key, p => p.Value.GetRawText()), StringComparer.Ordinal);
}
