using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Netaxis;

// Wire DTOs: mutable, tolerant (numbers as numbers or strings, decimals accepted), every unknown field kept.
// Mapped to the public records by NetaxisClient.

/// <summary>The body of GET and PUT <c>instance_statistics_reporting/</c>.</summary>
internal sealed class StatisticsReportingDto
{
    [JsonPropertyName("generateDailyReport")]
    public bool? GenerateDailyReport { get; set; }

    [JsonPropertyName("collectionPeriodMinutes")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CollectionPeriodMinutes { get; set; }

    [JsonPropertyName("reportingEmailAddress1")]
    public string? ReportingEmailAddress1 { get; set; }

    [JsonPropertyName("reportingEmailAddress2")]
    public string? ReportingEmailAddress2 { get; set; }

    [JsonPropertyName("statisticsSource")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? StatisticsSource { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The body of GET <c>statistics/</c>.</summary>
internal sealed class CallCenterStatisticsDto
{
    [JsonPropertyName("statisticsRange")]
    public StatisticsRangeDto? StatisticsRange { get; set; }

    [JsonPropertyName("queueStatistics")]
    public QueueStatisticsDto? QueueStatistics { get; set; }

    [JsonPropertyName("agentStatistics")]
    public List<AgentStatisticsDto?>? AgentStatistics { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class StatisticsRangeDto
{
    [JsonPropertyName("start")]
    public string? Start { get; set; }

    [JsonPropertyName("end")]
    public string? End { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class QueueStatisticsDto
{
    [JsonPropertyName("busyOverflows")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? BusyOverflows { get; set; }

    [JsonPropertyName("callsAnswered")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CallsAnswered { get; set; }

    [JsonPropertyName("callsAbandoned")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CallsAbandoned { get; set; }

    [JsonPropertyName("callsTransferred")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CallsTransferred { get; set; }

    [JsonPropertyName("callsTimedout")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CallsTimedOut { get; set; }

    [JsonPropertyName("averageAgentsTalking")]
    [JsonConverter(typeof(FlexibleNullableDecimalConverter))]
    public decimal? AverageAgentsTalking { get; set; }

    [JsonPropertyName("averageAgentsStaffed")]
    [JsonConverter(typeof(FlexibleNullableDecimalConverter))]
    public decimal? AverageAgentsStaffed { get; set; }

    [JsonPropertyName("averageWaitSeconds")]
    [JsonConverter(typeof(NetaxisSecondsConverter))]
    public Duration? AverageWait { get; set; }

    [JsonPropertyName("averageAbandonmentSeconds")]
    [JsonConverter(typeof(NetaxisSecondsConverter))]
    public Duration? AverageAbandonment { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class AgentStatisticsDto
{
    [JsonPropertyName("agentUserId")]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? AgentUserId { get; set; }

    [JsonPropertyName("agentDisplayNames")]
    public AgentDisplayNamesDto? AgentDisplayNames { get; set; }

    [JsonPropertyName("available")]
    public bool? Available { get; set; }

    [JsonPropertyName("statistics")]
    public AgentCallStatisticsDto? Statistics { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class AgentDisplayNamesDto
{
    [JsonPropertyName("firstName")]
    public string? FirstName { get; set; }

    [JsonPropertyName("lastName")]
    public string? LastName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class AgentCallStatisticsDto
{
    [JsonPropertyName("callsHandled")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CallsHandled { get; set; }

    [JsonPropertyName("callsUnanswered")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? CallsUnanswered { get; set; }

    [JsonPropertyName("averageCallSeconds")]
    [JsonConverter(typeof(NetaxisSecondsConverter))]
    public Duration? AverageCall { get; set; }

    [JsonPropertyName("totalTalkSeconds")]
    [JsonConverter(typeof(NetaxisSecondsConverter))]
    public Duration? TotalTalk { get; set; }

    [JsonPropertyName("totalStaffedSeconds")]
    [JsonConverter(typeof(NetaxisSecondsConverter))]
    public Duration? TotalStaffed { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The answer of <c>POST /api/v01/auth/login</c> and <c>GET /api/v01/auth/access_token</c>.</summary>
internal sealed class AuthTokenDto
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; set; }

    /// <summary>The long-lived token machine users get.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("expires_in")]
    [JsonConverter(typeof(NetaxisCountConverter))]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("2fa_payload")]
    public JsonElement? TwoFactorPayload { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(StatisticsReportingDto))]
[JsonSerializable(typeof(CallCenterStatisticsDto))]
[JsonSerializable(typeof(AuthTokenDto))]
[JsonSerializable(typeof(string))]
internal sealed partial class NetaxisJsonContext : JsonSerializerContext;
