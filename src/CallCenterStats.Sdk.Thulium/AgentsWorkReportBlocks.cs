using CallCenterStats.Sdk.Pipeline;
using System.Text.Json;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>The agent a report row is about (<c>agent</c>).</summary>
public sealed record ThuliumAgent
{
    /// <summary>The agent's login (<c>login</c>); empty when absent.</summary>
    public string Login { get; init; } = string.Empty;

    /// <summary>The agent's first name (<c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The agent's surname (<c>surname</c>).</summary>
    public string? Surname { get; init; }

    /// <summary>Fields the SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>Inbound call figures of a report row (<c>inbound</c>).</summary>
public sealed record InboundCallStatistics
{
    /// <summary>Inbound calls offered to the agent (<c>count</c>).</summary>
    public long Count { get; init; }

    /// <summary>Calls the agent answered (<c>answered_count</c>).</summary>
    public long AnsweredCount { get; init; }

    /// <summary>Calls the agent did not answer (<c>not_answered_count</c>).</summary>
    public long NotAnsweredCount { get; init; }

    /// <summary>Calls the agent transferred (<c>transferred_count</c>).</summary>
    public long TransferredCount { get; init; }

    /// <summary>Total talk time (<c>sum</c>).</summary>
    public Duration? Sum { get; init; }

    /// <summary>Average talk time (<c>average</c>).</summary>
    public Duration? Average { get; init; }

    /// <summary>Total waiting time (<c>wait_sum</c>; a number of seconds in Thulium's own example, <c>"HH:MM:SS"</c> elsewhere: both are read).</summary>
    public Duration? WaitSum { get; init; }

    /// <summary>Average waiting time (<c>wait_average</c>).</summary>
    public Duration? WaitAverage { get; init; }

    /// <summary>Calls handled per hour (<c>calls_per_hour</c>), possibly fractional.</summary>
    public decimal? CallsPerHour { get; init; }

    /// <summary>Fields the SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>Chat figures of a report row (<c>chat</c>).</summary>
public sealed record ChatStatistics
{
    /// <summary>Chats the agent closed (<c>closed</c>).</summary>
    public long Closed { get; init; }

    /// <summary>Chats the agent responded to (<c>responded</c>).</summary>
    public long Responded { get; init; }

    /// <summary>Fields the SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>Ticket figures of a report row (<c>ticket</c>).</summary>
public sealed record TicketStatistics
{
    /// <summary>Tickets the agent closed (<c>closed</c>).</summary>
    public long Closed { get; init; }

    /// <summary>Tickets the agent responded to (<c>responded</c>).</summary>
    public long Responded { get; init; }

    /// <summary>Responses the agent sent in total (<c>total_responded</c>).</summary>
    public long TotalResponded { get; init; }

    /// <summary>Fields the SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>Outbound call figures above or below the threshold (<c>outbound_above_threshold</c>, <c>outbound_below_threshold</c>).</summary>
public sealed record OutboundCallStatistics
{
    /// <summary>Outbound calls (<c>count</c>).</summary>
    public long Count { get; init; }

    /// <summary>Total talk time (<c>sum</c>).</summary>
    public Duration? Sum { get; init; }

    /// <summary>Average talk time (<c>average</c>).</summary>
    public Duration? Average { get; init; }

    /// <summary>Fields the SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}

/// <summary>One entry of a report row's <c>pauses</c>.</summary>
public sealed record PauseStatistics
{
    /// <summary>Which pause: all pauses together, free time, or a pause type by number (<c>id</c>).</summary>
    public PauseId Id { get; init; }

    /// <summary>How many pauses (<c>count</c>).</summary>
    public long Count { get; init; }

    /// <summary>Total pause time (<c>sum</c>).</summary>
    public Duration? Sum { get; init; }

    /// <summary>Average pause time (<c>average</c>); Thulium leaves it out for some pause types, giving null.</summary>
    public Duration? Average { get; init; }

    /// <summary>Fields the SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = ExtensionData.Empty;
}
