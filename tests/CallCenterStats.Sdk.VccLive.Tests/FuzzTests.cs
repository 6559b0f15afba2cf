using System.Text;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.TestSupport.Fuzzing;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>
/// Thousands of mutated VCC Live answers per parser (JSON, tab, CSV; seeded, reproducible) through the real client over
/// an in-memory transport: each ends in a result or the documented VendorApiException, within a time and a memory
/// bound. Every value of every row is touched (durations, periods), so a value the SDK cannot hold shows up here.
/// </summary>
public sealed class FuzzTests
{
    private const int ChunkSize = 2_500;

    [Theory]
    [InlineData(UserBasedStatisticsFormat.Json, 3100)]
    [InlineData(UserBasedStatisticsFormat.Tab, 3200)]
    [InlineData(UserBasedStatisticsFormat.Csv, 3300)]
    public async Task Mutated_answers_end_in_a_result_or_the_documented_exception(UserBasedStatisticsFormat format, int seed)
    {
        var options = new VccLiveOptions { Customer = "mycc", ApiToken = "tok-fuzz-1", TimeZone = "Europe/Budapest" };
        options.Retry.MaxRetries = 0;
        options.MaxResponseBytes = 8 * 1024 * 1024;
        using var client = VccLiveClient.Create(options, new VendorClientServices { PrimaryHandler = ParserFuzz.Transport });
        string[] fixtures = format switch
        {
            UserBasedStatisticsFormat.Json => ["vcc_userbased.json", "vcc_userbased_spec_example.json"],
            UserBasedStatisticsFormat.Tab => ["vcc_userbased.tab"],
            _ => ["vcc_userbased.csv"],
        };
        var seeds = fixtures.Select(f => Encoding.UTF8.GetBytes(TestFiles.Fixture(f))).ToArray();
        var request = VccLiveTestKit.Request(format);

        // In runs of 2,500 (each with its own seed): the runner builds all its mutated bodies first, and the heap it
        // measures holds them (10,000 at once measured up to 1.4 GB, while one call allocates at most about 4 MB).
        var total = ParserFuzz.Iterations(10_000);
        long successes = 0, documented = 0;
        for (var run = 0; run * ChunkSize < total; run++)
        {
            GC.Collect();
            var report = await ParserFuzz.RunAsync(
                seeds,
                Math.Min(ChunkSize, total - (run * ChunkSize)),
                seed + run,
                async ct =>
                {
                    await foreach (var row in client.GetUserBasedStatisticsAsync(request, ct))
                    {
                        Touch(row);
                    }
                },
                TimeSpan.FromSeconds(10));

            Assert.True(report.Failures.Count == 0, string.Join('\n', report.Failures.Take(20)));
            Assert.True(report.PeakHeapBytes < 1L << 30, $"peak heap {report.PeakHeapBytes} bytes");
            successes += report.Successes;
            documented += report.DocumentedFailures;
        }

        Assert.True(documented > 0 && successes > 0, $"{successes} successes, {documented} documented failures");
    }

    private static void Touch(UserBasedStatisticsRow row)
    {
        _ = row.Period?.Duration;
        _ = row.Period?.LocalStart;
        foreach (var (kpi, value) in row.Values)
        {
            _ = row.GetDuration(kpi);
            _ = row.GetCount(kpi);
            _ = value.SumDuration;
        }

        _ = row.ToString();
    }
}
