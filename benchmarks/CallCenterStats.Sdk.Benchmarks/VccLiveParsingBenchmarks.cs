using BenchmarkDotNet.Attributes;
using CallCenterStats.Sdk.VccLive;

namespace CallCenterStats.Sdk.Benchmarks;

/// <summary>
/// VCC Live JSON (issue 15, target 3): the SDK reading a 16 MiB <c>{"response": [...]}</c> answer through its whole
/// pipeline (an in-memory transport, so the network is not measured) against the floor, System.Text.Json's
/// source-generated streaming deserializer reading the same rows (as a bare array: it streams only a root array)
/// into plain classes, and the limit, a bare <c>Utf8JsonReader</c> pass over every token.
/// </summary>
[MemoryDiagnoser]
public class VccLiveJsonBenchmarks
{
    private byte[] _envelope = [];
    private byte[] _bareArray = [];
    private VccLiveClient _client = null!;
    private UserBasedStatisticsRequest _request = null!;

    [Params(16)]
    public int MiB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _envelope = VccLivePayloads.Build(UserBasedStatisticsFormat.Json, MiB * 1024L * 1024);
        _bareArray = VccLivePayloads.Build(UserBasedStatisticsFormat.Json, MiB * 1024L * 1024, bareArray: true);
        _client = VccLivePayloads.Client(VccLivePayloads.Handler(() => new MemoryStream(_envelope, writable: false)));
        _request = VccLivePayloads.Request(UserBasedStatisticsFormat.Json);
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true)]
    public Task<long> Floor() => VccLivePayloads.JsonFloorAsync(new MemoryStream(_bareArray, writable: false));

    [Benchmark]
    public Task<long> Sdk() => VccLivePayloads.SdkAsync(_client, _request);

    [Benchmark]
    public long Limit() => VccLivePayloads.JsonLimit(_envelope);
}

/// <summary>
/// VCC Live tab and CSV (issue 15, target 3): the SDK reading a 16 MiB answer through its whole pipeline against the
/// floor, Sylvan.Data.Csv reading the same bytes, typed, into the same plain classes as the JSON floor, and the limit,
/// Sylvan finding every field without typing anything.
/// </summary>
[MemoryDiagnoser]
public class VccLiveDelimitedBenchmarks
{
    private byte[] _body = [];
    private VccLiveClient _client = null!;
    private UserBasedStatisticsRequest _request = null!;

    [Params(UserBasedStatisticsFormat.Tab, UserBasedStatisticsFormat.Csv)]
    public UserBasedStatisticsFormat Format { get; set; }

    [Params(16)]
    public int MiB { get; set; }

    private char Separator => Format == UserBasedStatisticsFormat.Tab ? '\t' : ',';

    [GlobalSetup]
    public void Setup()
    {
        _body = VccLivePayloads.Build(Format, MiB * 1024L * 1024);
        _client = VccLivePayloads.Client(VccLivePayloads.Handler(() => new MemoryStream(_body, writable: false)));
        _request = VccLivePayloads.Request(Format);
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true)]
    public Task<long> Floor() => VccLivePayloads.DelimitedFloorAsync(new MemoryStream(_body, writable: false), Separator);

    [Benchmark]
    public Task<long> Sdk() => VccLivePayloads.SdkAsync(_client, _request);

    [Benchmark]
    public Task<long> Limit() => VccLivePayloads.DelimitedLimitAsync(new MemoryStream(_body, writable: false), Separator);
}
