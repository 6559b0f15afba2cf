using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Netaxis;

/// <summary>What <see cref="NetaxisClient.GetStatisticsAsync"/> reports on: a call center over a range.</summary>
public sealed record CallCenterStatisticsRequest
{
    /// <summary>The call center.</summary>
    public required CallCenterId CallCenter { get; init; }

    /// <summary>
    /// The range, sent as <c>statisticsRange.start</c>/<c>end</c> in ISO-8601 with the UTC offset of
    /// <see cref="NetaxisOptions.TimeZone"/> at each instant, to the second; neither may be in the future (APIO answers
    /// 400 INVALID_PARAMETERS). APIO would accept an empty range; <see cref="InstantRange"/> cannot hold one, and it could
    /// not contain any statistics.
    /// </summary>
    public required InstantRange Range { get; init; }
}
