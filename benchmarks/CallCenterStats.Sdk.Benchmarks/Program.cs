using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CallCenterStats.Sdk.Benchmarks.EnvelopeStreamingBenchmarks).Assembly).Run(args);
