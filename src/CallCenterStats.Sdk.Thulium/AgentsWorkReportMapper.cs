using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Thulium;

/// <summary>Maps the wire rows to the public records, reading wall-clock dates in the system's zone.</summary>
internal static class AgentsWorkReportMapper
{
    public static AgentsWorkReportRow ToRow(RowDto dto, TimeBucket? aggregation, BucketCalendar calendar)
    {
        AgentsWorkReportPeriod.TryParse(dto.Period, aggregation, calendar, out var period, out var hourOfDay);
        return ToRow(dto, period, hourOfDay, calendar.Zone);
    }

    private static AgentsWorkReportRow ToRow(RowDto dto, Time.StatisticsPeriod? period, int? hourOfDay, DateTimeZone zone) => new()
    {
        Agent = dto.Agent is { } agent
            ? new ThuliumAgent { Login = agent.Login ?? string.Empty, Name = agent.Name, Surname = agent.Surname, AdditionalData = ExtensionData.From(agent.Extra) }
            : new ThuliumAgent(),
        PeriodText = dto.Period,
        Period = period,
        HourOfDay = hourOfDay,
        Inbound = dto.Inbound is { } inbound
            ? new InboundCallStatistics
            {
                Count = inbound.Count ?? 0,
                AnsweredCount = inbound.AnsweredCount ?? 0,
                NotAnsweredCount = inbound.NotAnsweredCount ?? 0,
                TransferredCount = inbound.TransferredCount ?? 0,
                Sum = inbound.Sum,
                Average = inbound.Average,
                WaitSum = inbound.WaitSum,
                WaitAverage = inbound.WaitAverage,
                CallsPerHour = inbound.CallsPerHour,
                AdditionalData = ExtensionData.From(inbound.Extra),
            }
            : null,
        Chat = dto.Chat is { } chat
            ? new ChatStatistics { Closed = chat.Closed ?? 0, Responded = chat.Responded ?? 0, AdditionalData = ExtensionData.From(chat.Extra) }
            : null,
        Ticket = dto.Ticket is { } ticket
            ? new TicketStatistics
            {
                Closed = ticket.Closed ?? 0,
                Responded = ticket.Responded ?? 0,
                TotalResponded = ticket.TotalResponded ?? 0,
                AdditionalData = ExtensionData.From(ticket.Extra),
            }
            : null,
        OutboundAboveThreshold = ToOutbound(dto.OutboundAboveThreshold),
        OutboundBelowThreshold = ToOutbound(dto.OutboundBelowThreshold),
        LoginDate = ToInstant(dto.LoginDate, zone),
        LogoutDate = ToInstant(dto.LogoutDate, zone),
        LoginDateText = dto.LoginDate,
        LogoutDateText = dto.LogoutDate,
        Pauses = dto.Pauses is { } pauses
            ? pauses.Where(p => p is not null).Select(p => new PauseStatistics
            {
                Id = p.Id,
                Count = p.Count ?? 0,
                Sum = p.Sum,
                Average = p.Average,
                AdditionalData = ExtensionData.From(p.Extra),
            }).ToArray()
            : [],
        AdditionalData = ExtensionData.From(dto.Extra),
    };

    /// <summary>Reads <c>YYYY-MM-DD HH:MM:SS</c> (or with a <c>T</c>) as wall-clock time in <paramref name="zone"/>.</summary>
    internal static Instant? ToInstant(string? text, DateTimeZone zone)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length == 19 && trimmed[10] == 'T')
        {
            trimmed = string.Concat(trimmed.AsSpan(0, 10), " ", trimmed.AsSpan(11));
        }

        // Skipped times (spring forward) move on by the gap; repeated times (fall back) take the earlier instant.
        return WireFormat.TryParseLocalDateTime(trimmed, out var local) ? zone.AtLeniently(local).ToInstant() : null;
    }

    private static OutboundCallStatistics? ToOutbound(OutboundDto? dto) => dto is null
        ? null
        : new OutboundCallStatistics { Count = dto.Count ?? 0, Sum = dto.Sum, Average = dto.Average, AdditionalData = ExtensionData.From(dto.Extra) };
}
