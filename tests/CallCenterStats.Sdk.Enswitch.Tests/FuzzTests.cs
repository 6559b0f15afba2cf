using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.TestSupport.Fuzzing;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>
/// Thousands of mutated Enswitch answers (seeded, reproducible) through the real client over an in-memory transport:
/// each ends in a result or the documented VendorApiException, within a time and a memory bound, and a wrong answer is
/// refused as such (a JSON failure or the reader's own reason), never through an overflow or an invalid-text exception
/// the pipeline happens to catch.
/// </summary>
public sealed class FuzzTests
{
    [Theory]
    [InlineData("destination", 1101)]
    [InlineData("queue", 2202)]
    public async Task Mutated_answers_end_in_a_result_or_the_documented_exception(string operation, int seed)
    {
        var options = Enswitch.Options(new Uri("https://enswitch.example.com/"));
        options.Retry.MaxRetries = 0;
        options.MaxResponseBytes = 8 * 1024 * 1024;
        using var client = EnswitchClient.Create(options, new VendorClientServices { PrimaryHandler = ParserFuzz.Transport });
        var seeds = new[] { TestFiles.Fixture("enswitch_destination.json"), TestFiles.Fixture("enswitch_queue.json") }
            .Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

        var report = await ParserFuzz.RunAsync(
            seeds,
            ParserFuzz.Iterations(5000),
            seed,
            operation == "queue"
                ? ct => ReadOrExplain(client.GetQueueStatisticsAsync(new() { Queue = 7, Range = Enswitch.Range }, ct))
                : ct => ReadOrExplain(client.GetDestinationStatisticsAsync(new() { Destination = 7, Range = Enswitch.Range }, ct)),
            TimeSpan.FromSeconds(10));

        Assert.True(report.Failures.Count == 0, string.Join('\n', report.Failures.Take(20)));
        Assert.True(report.PeakHeapBytes < 1L << 30, $"peak heap {report.PeakHeapBytes} bytes");
        Assert.True(report.DocumentedFailures > 0 && report.Successes > 0, $"{report.Successes} successes, {report.DocumentedFailures} documented failures");
    }

    /// <summary>Turns an answer refused for an undocumented reason (an overflow, invalid text) into a finding.</summary>
    private static async Task ReadOrExplain(Task call)
    {
        try
        {
            await call;
        }
        catch (VendorApiException ex) when (ex.InnerException is { } inner and not System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"refused through {inner}", ex);
        }
    }
}
