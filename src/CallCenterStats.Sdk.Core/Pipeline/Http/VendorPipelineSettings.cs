using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>Everything a <see cref="VendorPipeline"/> is built from. The registration fills it in for each account.</summary>
public sealed class VendorPipelineSettings
{
    /// <summary>The vendor's id as it appears in telemetry, e.g. <c>voximplant</c>.</summary>
    public required string VendorId { get; init; }

    /// <summary>The registration (account) name; empty for the default registration.</summary>
    public string Account { get; init; } = string.Empty;

    /// <summary>The vendor's error-envelope hook.</summary>
    public required VendorErrorPolicy ErrorPolicy { get; init; }

    /// <summary>Returns the <see cref="System.Net.Http.HttpClient"/> to send with (its handlers add authentication).</summary>
    public required Func<HttpClient> HttpClient { get; init; }

    /// <summary>The client's validated options: timeouts, retries, limits.</summary>
    public required VendorClientOptions Options { get; init; }

    /// <summary>The secrets to keep out of exceptions, logs and telemetry.</summary>
    public Redaction Redaction { get; init; } = Redaction.None;

    /// <summary>The clock that turns a <c>Retry-After</c> date into a wait.</summary>
    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>The time provider behind waits and timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the pipeline logs.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The log category: the vendor package's name, e.g. <c>CallCenterStats.Sdk.Voximplant</c>.</summary>
    public string LoggerCategory { get; init; } = "CallCenterStats.Sdk";

    /// <summary>The account's concurrency limit, shared by every pipeline of the account; null for none.</summary>
    public SemaphoreSlim? ConcurrencyLimiter { get; init; }

    /// <summary>The <c>User-Agent</c> sent with every request, e.g. <c>CallCenterStats.Sdk.Voximplant/0.2.0</c>.</summary>
    public string UserAgent { get; init; } = "CallCenterStats.Sdk";

    /// <summary>The endpoint, for the <c>server.address</c> span tag and messages.</summary>
    public Uri? Endpoint { get; init; }
}
