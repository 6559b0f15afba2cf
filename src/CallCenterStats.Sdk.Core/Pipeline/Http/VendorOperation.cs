namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// What the pipeline needs to know about one vendor operation: its name (for logs, spans and metrics) and whether it
/// is safe to send again after a failure. Vendor packages declare one static instance per operation.
/// </summary>
/// <param name="Name">The vendor's name for the operation, e.g. <c>GetACDOperatorStatusStatistics</c>.</param>
/// <param name="IsSafeToRepeat">
/// Whether sending the request again cannot change anything on the vendor's side. Statistics reads are, whatever their
/// HTTP method; a settings update is not (it is still re-sent once after a token rejection, which the vendor refused
/// before acting).
/// </param>
public sealed record VendorOperation(string Name, bool IsSafeToRepeat = true);
