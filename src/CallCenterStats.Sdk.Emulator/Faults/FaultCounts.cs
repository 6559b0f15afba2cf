namespace CallCenterStats.Sdk.Emulator.Faults;

/// <summary>
/// How many requests the emulator has answered since it started, and which faults they met: the emulator's own count,
/// which sees what a client cannot (a connection dropped before any answer, a retry the HTTP stack made by itself).
/// </summary>
/// <param name="Requests">Every request that reached the emulator, faulted or not.</param>
/// <param name="ByKind">Requests per fault met; <see cref="FaultKind.None"/> counts those answered normally. Every kind is present.</param>
/// <param name="TokenExpiries">Requests before which every token issued so far was expired (counted whatever fault came with them).</param>
public sealed record FaultCounts(long Requests, IReadOnlyDictionary<FaultKind, long> ByKind, long TokenExpiries)
{
    /// <summary>Requests that met a fault (<see cref="TokenExpiries"/> aside).</summary>
    public long Faulted => Requests - ByKind.GetValueOrDefault(FaultKind.None);
}
