using CallCenterStats.Sdk.Pipeline;
using System.Text.Json;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>
/// A call center's instance statistics reporting settings: whether a daily report is generated, how often
/// statistics are collected, and where reports are e-mailed. Returned by GET and by PUT
/// <c>instance_statistics_reporting/</c>. Fields APIO leaves out are null.
/// </summary>
public sealed record StatisticsReporting
{
    /// <summary>Whether a daily report is generated (<c>generateDailyReport</c>).</summary>
    public bool? GenerateDailyReport { get; init; }

    /// <summary>How often statistics are collected (<c>collectionPeriodMinutes</c>, whole minutes on the wire).</summary>
    public Duration? CollectionPeriod { get; init; }

    /// <summary>The first reporting e-mail address (<c>reportingEmailAddress1</c>); null when none is set.</summary>
    public string? ReportingEmailAddress1 { get; init; }

    /// <summary>The second reporting e-mail address (<c>reportingEmailAddress2</c>); null when none is set.</summary>
    public string? ReportingEmailAddress2 { get; init; }

    /// <summary>The call center statistics source (<c>statisticsSource</c>), as APIO names it.</summary>
    public string? StatisticsSource { get; init; }

    /// <summary>Fields of the answer this SDK does not know, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>
/// A change to a call center's statistics reporting settings (PUT <c>instance_statistics_reporting/</c>). Every
/// field left at its default is left out of the request, so APIO keeps its current value.
/// </summary>
public sealed record StatisticsReportingUpdate
{
    /// <summary>Whether to generate a daily report; null leaves it unchanged.</summary>
    public bool? GenerateDailyReport { get; init; }

    /// <summary>
    /// How often statistics are collected, in whole minutes (sent as <c>collectionPeriodMinutes</c>); null leaves it
    /// unchanged. BroadWorks accepts a fixed set of periods (typically 15, 30 or 60 minutes) and rejects others.
    /// </summary>
    public Duration? CollectionPeriod { get; init; }

    /// <summary>The first reporting e-mail address: unchanged (default), cleared, or set.</summary>
    public EmailAddressUpdate ReportingEmailAddress1 { get; init; }

    /// <summary>The second reporting e-mail address: unchanged (default), cleared, or set.</summary>
    public EmailAddressUpdate ReportingEmailAddress2 { get; init; }
}
