using System.Globalization;
using CallCenterStats.Sdk.Unified;
using NodaTime;

namespace CallCenterStats.Sdk.Sync.Tests.Infrastructure;

/// <summary>One row of <c>agent_statistics</c> as read back with plain SQL, in values comparable across both databases.</summary>
public sealed record StoredRow(
    string Vendor,
    string Account,
    string AgentId,
    string? AgentName,
    string Bucket,
    string TimeZone,
    Instant PeriodStart,
    Instant PeriodEnd,
    long? CallsHandled,
    long? CallsUnanswered,
    Duration? Talk,
    Duration? Available,
    Duration? OnCall,
    Duration? AfterCallWork,
    Duration? Paused,
    Duration? Offline,
    Duration? DoNotDisturb,
    string VendorMetrics,
    bool Provisional,
    Instant PulledAt)
{
    /// <summary>The row a record should become (pulled_at and provisional as given).</summary>
    public static StoredRow From(AgentStatistics record, bool provisional, Instant pulledAt) => new(
        record.Vendor,
        record.Account,
        record.AgentId,
        record.AgentName,
        record.Period.Bucket.ToString().ToLowerInvariant(),
        record.Period.Zone.Id,
        record.Period.Start,
        record.Period.End,
        record.CallsHandled,
        record.CallsUnanswered,
        record.TalkTime,
        record.AvailableTime,
        record.OnCallTime,
        record.AfterCallWorkTime,
        record.PausedTime,
        record.OfflineTime,
        record.DoNotDisturbTime,
        Metrics(record.VendorMetrics),
        provisional,
        pulledAt);

    /// <summary>The row without the run-dependent columns (when and whether provisional), to compare figures only.</summary>
    public StoredRow Figures() => this with { Provisional = false, PulledAt = default };

    /// <summary>Vendor metrics as <c>name=value;…</c>, names in ordinal order, values without trailing zeros.</summary>
    public static string Metrics(IEnumerable<KeyValuePair<string, decimal>> metrics) =>
        string.Join(';', metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Key + "=" + Normalize(m.Value)));

    private static string Normalize(decimal value) =>
        (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}

/// <summary>One row of <c>sync_state</c>.</summary>
public sealed record StateRow(string Vendor, string Account, string Bucket, string TimeZone, string Scope, Instant FirstPeriodStart, Instant LastPeriodEnd, Instant UpdatedAt);
