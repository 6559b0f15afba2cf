using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.TestSupport.Fuzzing;
using CallCenterStats.Sdk.Time;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Netaxis.Tests;

/// <summary>
/// Thousands of mutated APIO answers per parser (statistics, reporting settings, login), seeded and reproducible, through
/// the real client over an in-memory transport: each ends in a result or the documented VendorApiException, within a
/// time and a memory bound, and a wrong answer is refused as such (a JSON failure the reader names), never through an
/// overflow, an out-of-range argument or an invalid header the pipeline happens to catch.
/// </summary>
public sealed class FuzzTests
{
    private static readonly InstantRange Range = new(Instant.FromUtc(2021, 1, 1, 0, 0), Instant.FromUtc(2021, 3, 1, 0, 0));

    [Theory]
    [InlineData("statistics", 2101)]
    [InlineData("reporting", 2102)]
    public async Task Mutated_answers_end_in_a_result_or_the_documented_exception(string operation, int seed)
    {
        var options = Options();
        options.Token = NetaxisTestHost.StaticToken;
        using var client = NetaxisClient.Create(options, new VendorClientServices { PrimaryHandler = ParserFuzz.Transport });
        var seeds = operation == "statistics"
            ? Seeds(
                TestFiles.Fixture("netaxis_statistics_spec_example.json"),
                TestFiles.Fixture("netaxis_statistics.json"),
                """{ "queueStatistics": { "callsAnswered": "42", "averageWaitSeconds": 12.5, "averageAgentsTalking": "1.25" }, "agentStatistics": [ { "agentUserId": 1001, "statistics": { "callsHandled": 25.0, "totalTalkSeconds": "01:16:40" } }, null ] }""",
                """{"errors": [{"message": "2: INVALID_PARAMETERS, Start date or end date in the future", "details": "start"}]}""")
            : Seeds(
                TestFiles.Fixture("netaxis_reporting_spec_example.json"),
                """{"generateDailyReport": true, "collectionPeriodMinutes": "15", "reportingEmailAddress1": "a@netaxis.be", "reportingEmailAddress2": "", "statisticsSource": "CC", "x": [1]}""",
                """{"error": "Call center not found"}""");

        var report = await ParserFuzz.RunAsync(
            seeds,
            ParserFuzz.Iterations(10_000),
            seed,
            ct => ReadOrExplain(operation == "statistics"
                ? client.GetStatisticsAsync(new() { CallCenter = NetaxisTestHost.CallCenter, Range = Range }, ct)
                : client.GetStatisticsReportingAsync(NetaxisTestHost.CallCenter, ct)),
            TimeSpan.FromSeconds(10));

        AssertClean(report);
    }

    [Fact]
    public async Task Mutated_login_answers_end_in_a_result_or_the_documented_exception()
    {
        // The clock jumps an hour at every reading: every call needs a new token, so every case goes through the login
        // (or refresh) parser. The same mutated body then answers the reporting call, so the seeds are both.
        var options = Options();
        options.Username = "apio-user";
        options.Password = NetaxisTestHost.Password;
        var clock = new FakeClock(NetaxisTestHost.Now) { AutoAdvance = Duration.FromHours(1) };
        using var client = NetaxisClient.Create(options, new VendorClientServices { PrimaryHandler = ParserFuzz.Transport, Clock = clock });
        var seeds = Seeds(
            """{"access_token": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MTAxNTg0MDB9.c2ln", "refresh_token": "refresh-1", "expires_in": 900, "generateDailyReport": false, "collectionPeriodMinutes": 30}""",
            """{"token": "machine-token-0123", "generateDailyReport": true}""",
            """{"access_token": null, "2fa_payload": {"method": "totp"}}""",
            """{"msg": "Token has expired"}""");

        var report = await ParserFuzz.RunAsync(
            seeds,
            ParserFuzz.Iterations(10_000),
            2103,
            ct => ReadOrExplain(client.GetStatisticsReportingAsync(NetaxisTestHost.CallCenter, ct)),
            TimeSpan.FromSeconds(10));

        AssertClean(report);
    }

    private static NetaxisOptions Options()
    {
        var options = new NetaxisOptions { Endpoint = new Uri("https://apio.example.com/"), MaxResponseBytes = 8 * 1024 * 1024 };
        options.Retry.MaxRetries = 0;
        return options;
    }

    private static byte[][] Seeds(params string[] bodies) => [.. bodies.Select(System.Text.Encoding.UTF8.GetBytes)];

    private static void AssertClean(FuzzReport report)
    {
        Assert.True(report.Failures.Count == 0, string.Join('\n', report.Failures.Take(20)));
        Assert.True(report.PeakHeapBytes < 1L << 30, $"peak heap {report.PeakHeapBytes} bytes");
        Assert.True(report.DocumentedFailures > 0 && report.Successes > 0, $"{report.Successes} successes, {report.DocumentedFailures} documented failures");
    }

    /// <summary>Turns an answer refused for an undocumented reason (an overflow, a bad header) into a finding.</summary>
    private static async Task ReadOrExplain(Task call)
    {
        try
        {
            await call;
        }
        catch (VendorApiException ex) when (ex.InnerException is { } inner and not System.Text.Json.JsonException
            && inner.GetType().Namespace?.StartsWith("CallCenterStats.Sdk", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"refused through {inner}", ex);
        }
    }
}
