using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>The SDK's <see cref="ActivitySource"/>, <see cref="Meter"/> and instruments (names in <see cref="CallCenterStatsTelemetry"/>).</summary>
internal static class PipelineTelemetry
{
    private static readonly string? Version = typeof(PipelineTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    public static readonly ActivitySource Source = new(CallCenterStatsTelemetry.Name, Version);

    public static readonly Meter Meter = new(CallCenterStatsTelemetry.Name, Version);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(CallCenterStatsTelemetry.RequestsMetric, "{request}", "Attempts sent to a vendor.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(CallCenterStatsTelemetry.DurationMetric, "s", "Duration of vendor operations, retries included.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(CallCenterStatsTelemetry.RetriesMetric, "{retry}", "Attempts retried after a transient failure or a token rejection.");

    public static readonly Counter<long> Rows = Meter.CreateCounter<long>(CallCenterStatsTelemetry.RowsMetric, "{row}", "Rows returned to callers.");
}

/// <summary>The pipeline's log messages (source-generated). Paths only: a query string can carry credentials.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Vendor} {Operation} ({Account}): attempt {Attempt}, {Method} {Path}")]
    public static partial void Sending(ILogger logger, string vendor, string operation, string account, int attempt, string method, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Vendor} {Operation} ({Account}): attempt {Attempt} failed ({Reason}: {Error}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string vendor, string operation, string account, int attempt, string reason, string error, double delayMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Vendor} {Operation} ({Account}): completed after {Attempts} attempt(s) in {ElapsedMs} ms, {Rows} row(s)")]
    public static partial void Completed(ILogger logger, string vendor, string operation, string account, int attempts, double elapsedMs, long rows);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Vendor} {Operation} ({Account}): failed after {Attempts} attempt(s) ({Outcome}: {Error})")]
    public static partial void Failed(ILogger logger, string vendor, string operation, string account, int attempts, string outcome, string error);
}
