using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.TestSupport.Fuzzing;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>
/// Thousands of mutated Voximplant answers (seeded, reproducible) through the real client over an in-memory transport:
/// each ends in a result or the documented VendorApiException, within a time and a memory bound. An exception the
/// reader did not anticipate (an overflow, a null, an invalid operation) that only the pipeline's catch-all turned into
/// an invalid answer counts as a finding too: the reader must say why an answer is invalid itself.
/// </summary>
public sealed class FuzzTests
{
    [Theory]
    [InlineData(HourNumbering.ZeroBased, 3101)]
    [InlineData(HourNumbering.OneBased, 3202)]
    public async Task Mutated_answers_end_in_a_result_or_the_documented_exception(HourNumbering numbering, int seed)
    {
        using var client = VoximplantClient.Create(
            new VoximplantOptions
            {
                Endpoint = new Uri("https://api.voximplant.example/"),
                CredentialsJson = TestKeys.CredentialsJson(),
                HourNumbering = numbering,
                Retry = { MaxRetries = 0 },
                MaxResponseBytes = 8 * 1024 * 1024,
            },
            new VendorClientServices { PrimaryHandler = ParserFuzz.Transport, Clock = new FakeClock(Harness.Now) });
        // The error seed is not code 100: that one re-mints the token (an RSA signature) on every case that keeps it.
        var seeds = new[] { "voximplant_user_day.json", "voximplant_user_day_arrayform.json", "voximplant_aggregation_hour.json" }
            .Select(name => System.Text.Encoding.UTF8.GetBytes(TestFiles.Fixture(name)))
            .Append("""{"error": {"code": 101, "msg": "Invalid arguments: from_date"}}"""u8.ToArray())
            .ToArray();

        var report = await ParserFuzz.RunAsync(
            seeds,
            ParserFuzz.Iterations(5000),
            seed,
            async ct =>
            {
                try
                {
                    await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request with { Group = Aggregation.StatisticsGrouping.ByPeriod }, ct);
                }
                catch (VendorApiException ex) when (ex.InnerException is { } inner and not IOException)
                {
                    throw new InvalidOperationException($"Only the pipeline's catch-all caught {inner.GetType().FullName}: {inner.Message}", ex);
                }
            },
            TimeSpan.FromSeconds(10));

        Assert.True(report.Failures.Count == 0, string.Join('\n', report.Failures.Take(20)));
        Assert.True(report.PeakHeapBytes < 1L << 30, $"peak heap {report.PeakHeapBytes} bytes");
        Assert.True(report.DocumentedFailures > 0 && report.Successes > 0, $"{report.Successes} successes, {report.DocumentedFailures} documented failures");
    }
}
