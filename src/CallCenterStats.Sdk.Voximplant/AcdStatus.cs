namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// An ACD operator status as Voximplant names it (<c>READY</c>, <c>IN_SERVICE</c>, …). The eight documented
/// statuses are static members; accounts can define their own, which are kept as they come (any string).
/// </summary>
/// <remarks>
/// Equality is ordinal and case-sensitive, as the wire names are (Voximplant writes them in upper case).
/// </remarks>
/// <param name="Value">The status name as sent on the wire.</param>
public readonly record struct AcdStatus(string Value)
{
    /// <summary>The operator is offline (<c>OFFLINE</c>).</summary>
    public static AcdStatus Offline { get; } = new("OFFLINE");

    /// <summary>The operator is online but not ready to take calls (<c>ONLINE</c>).</summary>
    public static AcdStatus Online { get; } = new("ONLINE");

    /// <summary>The operator is ready to take calls (<c>READY</c>).</summary>
    public static AcdStatus Ready { get; } = new("READY");

    /// <summary>The operator was banned from the queue, e.g. after missing calls (<c>BANNED</c>).</summary>
    public static AcdStatus Banned { get; } = new("BANNED");

    /// <summary>The operator is handling a call (<c>IN_SERVICE</c>).</summary>
    public static AcdStatus InService { get; } = new("IN_SERVICE");

    /// <summary>The operator is in after-call work (<c>AFTER_SERVICE</c>).</summary>
    public static AcdStatus AfterService { get; } = new("AFTER_SERVICE");

    /// <summary>The operator is on a timeout (<c>TIMEOUT</c>).</summary>
    public static AcdStatus Timeout { get; } = new("TIMEOUT");

    /// <summary>The operator does not want to be disturbed (<c>DND</c>).</summary>
    public static AcdStatus Dnd { get; } = new("DND");

    /// <summary>The eight statuses Voximplant documents.</summary>
    public static IReadOnlyList<AcdStatus> WellKnown { get; } = [Offline, Online, Ready, Banned, InService, AfterService, Timeout, Dnd];

    /// <summary>Whether this is one of the eight documented statuses (a custom status otherwise).</summary>
    public bool IsWellKnown => WellKnown.Contains(this);

    /// <summary>Returns the wire name.</summary>
    /// <returns><see cref="Value"/>, or an empty string for <c>default</c>.</returns>
    public override string ToString() => Value ?? string.Empty;
}
