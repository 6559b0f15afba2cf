using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CallCenterStats.Sdk.Errors;

namespace CallCenterStats.Sdk.TestSupport.Fuzzing;

/// <summary>
/// Runs a vendor call over thousands of mutated answers through an in-memory transport (no sockets), in parallel, and
/// collects every outcome that is not a success or the SDK's documented exception (<see cref="VendorApiException"/>):
/// another exception type, or a call that did not end within the time bound. The live managed heap (after a full
/// collection) is sampled as it goes; the peak is reported for a memory bound.
/// </summary>
/// <remarks>
/// The environment variable <c>CCSTATS_FUZZ_ITERATIONS</c> raises the number of mutations for a longer run.
/// </remarks>
public static class ParserFuzz
{
    /// <summary>The transport every fuzzed client sends through: it answers with the body of the current case.</summary>
    public static InMemoryTransport Transport { get; } = new();

    /// <summary>The number of mutations: <paramref name="defaultCount"/>, or <c>CCSTATS_FUZZ_ITERATIONS</c> when set higher.</summary>
    public static int Iterations(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("CCSTATS_FUZZ_ITERATIONS"), out var requested) && requested > defaultCount ? requested : defaultCount;

    /// <summary>
    /// Mutates <paramref name="seeds"/> <paramref name="count"/> times (seeded) and runs <paramref name="call"/> on each
    /// answer (HTTP 200, and now and then 400/500 or an HTML content type), at most <paramref name="timeBound"/> each.
    /// </summary>
    /// <param name="seeds">The fixture bodies to mutate.</param>
    /// <param name="count">How many mutations.</param>
    /// <param name="seed">The seed of the mutations.</param>
    /// <param name="call">One vendor call that reads the answer to its end (enumerating a stream), through a client built with <see cref="Transport"/>.</param>
    /// <param name="timeBound">How long one call may take.</param>
    /// <returns>What happened.</returns>
    public static async Task<FuzzReport> RunAsync(IReadOnlyList<byte[]> seeds, int count, int seed, Func<CancellationToken, Task> call, TimeSpan timeBound)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(call);
        var mutator = new BodyMutator(seed);
        var random = new Random(seed);
        var cases = new List<FuzzCase>(count);
        for (var i = 0; i < count; i++)
        {
            var (body, description) = mutator.Mutate(seeds[i % seeds.Count]);
            var status = random.Next(20) switch { 0 => 400, 1 => 500, _ => 200 };
            var contentType = random.Next(10) == 0 ? "text/html" : "application/json";
            cases.Add(new FuzzCase(i, body, status, contentType, description));
        }

        // Warm-up, outside the time bound: the first calls compile the whole pipeline and mint the first credentials,
        // and on a loaded 2-core machine that alone can take longer than the bound (which is there to find hangs).
        foreach (var warmUp in seeds)
        {
            Transport.Current.Value = new FuzzCase(-1, warmUp, 200, "application/json", "warm-up");
            try
            {
                await call(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The warm-up's outcome is not the finding: the seed's own case is judged below.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        var failures = new ConcurrentQueue<string>();
        long successes = 0, documented = 0, peakHeap = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount * 2) }, async (fuzzCase, token) =>
        {
            Transport.Current.Value = fuzzCase;
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(token);
            bound.CancelAfter(timeBound);
            try
            {
                await call(bound.Token).ConfigureAwait(false);
                Interlocked.Increment(ref successes);
            }
            catch (VendorApiException)
            {
                Interlocked.Increment(ref documented);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !token.IsCancellationRequested)
            {
                failures.Enqueue($"case {fuzzCase.Index} ({fuzzCase.Description}): did not end within {timeBound.TotalSeconds} s");
            }
#pragma warning disable CA1031 // Every other exception is the finding.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Enqueue($"case {fuzzCase.Index} ({fuzzCase.Description}): {ex.GetType().FullName}: {ex.Message}");
            }

            if (fuzzCase.Index % 500 == 0)
            {
                // What stays alive (after a full collection) while the other cases are in flight: a reader that keeps
                // what it read, or an answer held beyond its call, shows here. The heap size of the last collection
                // would measure the GC's laziness instead (large bodies are large-object garbage until a gen2).
                InterlockedMax(ref peakHeap, GC.GetTotalMemory(forceFullCollection: true));
            }
        }).ConfigureAwait(false);

        return new FuzzReport(count, successes, documented, failures.ToArray(), peakHeap);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

/// <summary>One mutated answer.</summary>
/// <param name="Index">Its number.</param>
/// <param name="Body">The body.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Description">What was mutated.</param>
public sealed record FuzzCase(int Index, byte[] Body, int Status, string ContentType, string Description);

/// <summary>What a fuzz run found.</summary>
/// <param name="Cases">How many answers were tried.</param>
/// <param name="Successes">How many were read successfully.</param>
/// <param name="DocumentedFailures">How many failed with the SDK's documented exception.</param>
/// <param name="Failures">Every other outcome: the finding.</param>
/// <param name="PeakHeapBytes">The largest live managed heap (after a full collection) sampled while running.</param>
public sealed record FuzzReport(int Cases, long Successes, long DocumentedFailures, IReadOnlyList<string> Failures, long PeakHeapBytes);

/// <summary>An in-memory HTTP transport answering each request with the current fuzz case (flowing with the async context).</summary>
public sealed class InMemoryTransport : HttpMessageHandler
{
    /// <summary>The case of the current async flow.</summary>
    public AsyncLocal<FuzzCase?> Current { get; } = new();

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var fuzzCase = Current.Value ?? throw new InvalidOperationException("No fuzz case is set for this flow.");
        var content = new ByteArrayContent(fuzzCase.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzzCase.ContentType);
        return Task.FromResult(new HttpResponseMessage((HttpStatusCode)fuzzCase.Status) { Content = content, RequestMessage = request });
    }
}
