using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.TestSupport.Fuzzing;

namespace CallCenterStats.Sdk.Thulium.Tests;

/// <summary>
/// Thousands of mutated Thulium answers (seeded, reproducible) through the real client over an in-memory transport:
/// each ends in a result or the documented VendorApiException, within a time and a memory bound, and a wrong answer
/// is refused by the reader itself (a JSON failure it names), never by an overflow or a null reference the pipeline
/// happens to catch.
/// </summary>
public sealed class FuzzTests
{
    [Theory]
    [InlineData("page", 1401)]
    [InlineData("stream", 1402)]
    public async Task Mutated_answers_end_in_a_result_or_the_documented_exception(string operation, int seed)
    {
        var options = ThuliumTestKit.Options(new Uri("https://acme.thulium.com/"), "Europe/Warsaw");
        options.Retry.MaxRetries = 0;
        options.MaxResponseBytes = 8 * 1024 * 1024;
        using var client = ThuliumClient.Create(options, new VendorClientServices { PrimaryHandler = ParserFuzz.Transport });
        var seeds = new[]
        {
            TestFiles.Fixture("thulium_report_spec_example.json"),
            TestFiles.Fixture("thulium_report_day.json"),
            ThuliumTestKit.Rows(0, 3),
            """[{"agent":{"login":"a"},"period":"2019-12-02 08","inbound":{"count":"3","sum":"123:04:05","wait_sum":90,"calls_per_hour":"2.25"},"pauses":[{"id":"all","count":1,"sum":"00:10:00"},null,{"id":2,"count":0,"sum":null}],"login_date":"2019-12-02T08:01:12","sms":{"sent":4}},null]""",
            """{"request_id":"5f1c0e7a-req","errors":[{"message":"Parameter date_from is required","code":1001},{"message":"Too many requests","code":"429"}]}""",
        }.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        // The page is asked with limit 10 (so that "more rows than the limit" is met); the stream with pages of 100, which
        // a mutation of these short seeds never fills, so that it ends.
        var request = ThuliumTestKit.Request() with { Aggregation = TimeBucket.Hour };

        var report = await ParserFuzz.RunAsync(
            seeds,
            ParserFuzz.Iterations(10_000),
            seed,
            ct => ReadOrExplain(operation == "page"
                ? client.GetAgentsWorkReportPageAsync(request, 0, 10, ct)
                : client.GetAgentsWorkReportAsync(request, ct).CountAsync(ct).AsTask()),
            TimeSpan.FromSeconds(10));

        Assert.True(report.Failures.Count == 0, string.Join('\n', report.Failures.Take(20)));
        Assert.True(report.PeakHeapBytes < 1L << 30, $"peak heap {report.PeakHeapBytes} bytes");
        Assert.True(report.DocumentedFailures > 0 && report.Successes > 0, $"{report.Successes} successes, {report.DocumentedFailures} documented failures");
    }

    /// <summary>Turns an invalid answer refused for an undocumented reason (an overflow, a null reference) into a finding.</summary>
    private static async Task ReadOrExplain(Task call)
    {
        try
        {
            await call;
        }
        catch (VendorApiException ex) when (ex.InnerException is { } inner and not System.Text.Json.JsonException
            && inner.GetType().Namespace?.StartsWith("CallCenterStats.Sdk", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"refused through {inner.GetType().FullName}: {inner.Message}", ex);
        }
    }
}
