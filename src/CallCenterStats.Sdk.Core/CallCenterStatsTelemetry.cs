namespace CallCenterStats.Sdk;

/// <summary>
/// The names under which every client reports traces and metrics, to enable them in OpenTelemetry:
/// <c>tracing.AddSource(CallCenterStatsTelemetry.Name)</c> and <c>metrics.AddMeter(CallCenterStatsTelemetry.Name)</c>.
/// </summary>
/// <remarks>
/// <para>One span per operation (<c>{Vendor} {operation}</c>, kind internal; the HTTP client's own spans are its
/// children) with the tags <see cref="VendorTag"/>, <see cref="OperationTag"/>, <see cref="AccountTag"/>,
/// <see cref="AttemptsTag"/>, <see cref="OutcomeTag"/>, <c>error.type</c> on failure, <c>server.address</c> and
/// <c>http.response.status_code</c> of the last answer.</para>
/// <para>Metrics: <see cref="RequestsMetric"/> (one per attempt), <see cref="DurationMetric"/> (seconds per operation),
/// <see cref="RetriesMetric"/> and <see cref="RowsMetric"/> (rows returned to the caller), each tagged with vendor,
/// operation, account and outcome (or retry reason).</para>
/// <para>No tag, metric or log line ever carries a secret, a token or a query string.</para>
/// </remarks>
public static class CallCenterStatsTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>CallCenterStats.Sdk</c>.</summary>
    public const string Name = "CallCenterStats.Sdk";

    /// <summary>Span and metric tag: the vendor id (<c>voximplant</c>, <c>vcclive</c>, <c>netaxis</c>, <c>enswitch</c>, <c>thulium</c>).</summary>
    public const string VendorTag = "callcenterstats.vendor";

    /// <summary>Span and metric tag: the vendor's operation name (e.g. <c>GetACDOperatorStatusStatistics</c>).</summary>
    public const string OperationTag = "callcenterstats.operation";

    /// <summary>Span and metric tag: the registration (account) name; <c>default</c> for the unnamed registration.</summary>
    public const string AccountTag = "callcenterstats.account";

    /// <summary>Span tag: how many attempts the operation took.</summary>
    public const string AttemptsTag = "callcenterstats.attempts";

    /// <summary>Span and metric tag: <c>success</c>, or the failure's kind in snake case (e.g. <c>service_unavailable</c>).</summary>
    public const string OutcomeTag = "callcenterstats.outcome";

    /// <summary>Retry metric tag: why an attempt was retried (the failure's kind, <c>timeout</c>, or <c>token_rejected</c>).</summary>
    public const string ReasonTag = "callcenterstats.retry.reason";

    /// <summary>Counter of attempts sent (<c>{request}</c>).</summary>
    public const string RequestsMetric = "callcenterstats.client.requests";

    /// <summary>Histogram of operation durations, in seconds (<c>s</c>).</summary>
    public const string DurationMetric = "callcenterstats.client.operation.duration";

    /// <summary>Counter of retries (<c>{retry}</c>).</summary>
    public const string RetriesMetric = "callcenterstats.client.retries";

    /// <summary>Counter of rows returned to callers (<c>{row}</c>).</summary>
    public const string RowsMetric = "callcenterstats.client.rows";
}
