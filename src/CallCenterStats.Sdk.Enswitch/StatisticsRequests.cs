using CallCenterStats.Sdk.Time;

namespace CallCenterStats.Sdk.Enswitch;

/// <summary>What <see cref="EnswitchClient.GetDestinationStatisticsAsync"/> reports on: one queue destination over a range.</summary>
public sealed record DestinationStatisticsRequest
{
    /// <summary>The destination's Enswitch id (<c>destination</c>); positive.</summary>
    public required long Destination { get; init; }

    /// <summary>
    /// The period, sent as <c>start</c>/<c>end</c> Unix seconds (UTC; sub-second parts are truncated). Required:
    /// Enswitch would otherwise read its whole history (<c>0</c> to now), which it warns loads its database. The docs
    /// do not say whether the end second is included. Must not start before 1970.
    /// </summary>
    public required InstantRange Range { get; init; }
}

/// <summary>What <see cref="EnswitchClient.GetQueueStatisticsAsync"/> reports on: every destination of a queue over a range.</summary>
public sealed record QueueStatisticsRequest
{
    /// <summary>The queue's Enswitch id (<c>queue</c>); positive.</summary>
    public required long Queue { get; init; }

    /// <summary>The period, as for <see cref="DestinationStatisticsRequest.Range"/>.</summary>
    public required InstantRange Range { get; init; }
}
