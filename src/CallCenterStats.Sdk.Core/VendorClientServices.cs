using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk;

/// <summary>
/// What a client built without dependency injection (a vendor client's static <c>Create</c>) uses in place of an
/// application container's services: everything a DI user can add, so both paths behave the same.
/// </summary>
/// <remarks>
/// The client does not take ownership of anything given here: dispose <see cref="PrimaryHandler"/> and
/// <see cref="LoggerFactory"/> yourself when you are done with them. What the client creates itself (its HTTP
/// handlers, token sources, connection pool) it releases when it is disposed.
/// </remarks>
public sealed class VendorClientServices
{
    /// <summary>
    /// The innermost HTTP handler, in place of the default <see cref="SocketsHttpHandler"/> (which follows no redirects):
    /// a proxy, client certificates, an in-memory transport for tests. The client's own handlers (authentication) run
    /// in front of it.
    /// </summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }

    /// <summary>Where the client's logs go; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock that stamps tokens and decides what "now" is; the system clock by default.</summary>
    public IClock? Clock { get; init; }

    /// <summary>The time provider behind retry waits and timeouts; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
