using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk;

/// <summary>
/// The base of every vendor client: thread-safe, meant to live as long as the application, and disposable when it was
/// built without dependency injection.
/// </summary>
/// <remarks>
/// <para>A client built by a vendor's static <c>Create</c> owns the HTTP handlers, token sources and connection pool
/// it created: dispose it (<c>using var client = …</c>) to release them. A client resolved from dependency injection
/// owns nothing; the container releases what it made, and disposing the client does nothing.</para>
/// <para>For mocking, every vendor client has a protected parameterless constructor. A client built that way sends
/// nothing: every operation that is not overridden validates its arguments, then throws
/// <see cref="InvalidOperationException"/> from the call itself.</para>
/// </remarks>
public abstract class VendorClient : IDisposable
{
    private readonly VendorPipeline? _pipeline;
    private IDisposable? _owned;

    /// <summary>For mocking: a client built this way cannot send requests.</summary>
    protected VendorClient()
    {
    }

    /// <summary>Initializes the client with its pipeline and what it owns.</summary>
    /// <param name="pipeline">The account's pipeline.</param>
    /// <param name="owned">What the client releases when disposed; null under dependency injection.</param>
    private protected VendorClient(VendorPipeline pipeline, IDisposable? owned)
    {
        _pipeline = pipeline;
        _owned = owned;
    }

    /// <summary>
    /// Returns the pipeline to send with: the one guard every operation calls (after validating its arguments), so a
    /// client built for mocking fails the same way everywhere.
    /// </summary>
    /// <param name="operation">The calling operation; filled in by the compiler.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidOperationException">The client was built with the protected constructor, for mocking.</exception>
    protected VendorPipeline GetPipeline([CallerMemberName] string operation = "") =>
        _pipeline ?? throw new InvalidOperationException(
            $"This {GetType().Name} was built for mocking (protected constructor) and cannot send requests: override {operation}, or build the client with its static Create method or dependency injection.");

    /// <summary>Releases what a client built without dependency injection owns.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the client owns.</summary>
    /// <param name="disposing">Whether this is <see cref="Dispose()"/> rather than a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _owned, null)?.Dispose();
        }
    }
}

/// <summary>The base of a vendor client with its options type; see <see cref="VendorClient"/>.</summary>
/// <typeparam name="TOptions">The vendor's options.</typeparam>
public abstract class VendorClient<TOptions> : VendorClient
    where TOptions : VendorClientOptions
{
    /// <summary>For mocking: a client built this way cannot send requests.</summary>
    protected VendorClient()
    {
    }

    /// <summary>Initializes the client from its context.</summary>
    /// <param name="context">The account's options, clock and pipeline.</param>
    protected VendorClient(VendorClientContext<TOptions> context)
        : base((context ?? throw new ArgumentNullException(nameof(context))).Pipeline, context.Owned)
    {
    }
}
