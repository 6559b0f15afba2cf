using System.Diagnostics;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Pipeline;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// What a store knows about one vendor account, bucket and zone (one row of the <c>sync_state</c> table): the
/// contiguous range of periods it holds and the scope they were pulled with.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record SyncState
{
    /// <summary>The vendor id.</summary>
    public required string Vendor { get; init; }

    /// <summary>The account (registration name).</summary>
    public required string Account { get; init; }

    /// <summary>The bucket of the periods.</summary>
    public required TimeBucket Bucket { get; init; }

    /// <summary>The IANA id of the zone whose wall clock placed the periods.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The start of the first period of the contiguous range the store holds (column <c>first_period_start</c>).</summary>
    public required Instant FirstPeriodStart { get; init; }

    /// <summary>The end of the last complete period written (column <c>last_period_end</c>): later runs continue from here.</summary>
    public required Instant LastPeriodEnd { get; init; }

    /// <summary>
    /// The scope the periods were pulled with, as text (<c>agents=…;filter=value</c>, sorted; empty for every agent
    /// without filters). A run with another scope is refused (<see cref="SyncErrorKind.ScopeChanged"/>).
    /// </summary>
    public required string Scope { get; init; }

    /// <summary>When the state was last written (the sync's clock).</summary>
    public required Instant UpdatedAt { get; init; }

    /// <summary>Returns <c>vendor/account bucket zone [first, last)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{Vendor}/{Account} {Bucket} {TimeZone} [{WireFormat.IsoUtc(FirstPeriodStart)}, {WireFormat.IsoUtc(LastPeriodEnd)})";
}
