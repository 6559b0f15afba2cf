using BenchmarkDotNet.Attributes;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// A 20 MiB Voximplant answer in each documented shape, end to end over loopback: the SDK beside the floor (bare
/// source-generated System.Text.Json into plain classes, the baseline), the peer (Newtonsoft.Json) and the limit
/// (a bare Utf8JsonReader pass). On a busy 2-core machine prefer <see cref="VoximplantInterleaved"/>, which runs the
/// four in alternation and reports medians of per-round ratios (benchmarks/Voximplant.md).
/// </summary>
[MemoryDiagnoser]
public class VoximplantParseBenchmarks
{
    private VoximplantContenders _contenders = null!;

    /// <summary>The answer's shape.</summary>
    [Params(VoximplantShape.ByAgentObject, VoximplantShape.ByAgentArray, VoximplantShape.ByPeriodObject, VoximplantShape.ByPeriodArray)]
    public VoximplantShape Shape { get; set; }

    /// <summary>The answer's size.</summary>
    [Params(20)]
    public int Mebibytes { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _contenders = await VoximplantContenders.StartAsync();
        _contenders.Serve(Shape, VoximplantPayload.Build(Shape, Mebibytes));
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _contenders.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<long> Floor() => _contenders.FloorAsync();

    [Benchmark]
    public Task<long> Sdk() => _contenders.SdkAsync();

    [Benchmark]
    public Task<long> Newtonsoft() => _contenders.NewtonsoftAsync();

    [Benchmark]
    public Task<long> Limit() => _contenders.LimitAsync();
}
