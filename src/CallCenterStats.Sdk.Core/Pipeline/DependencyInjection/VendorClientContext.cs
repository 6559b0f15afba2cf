using NodaTime;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// What a vendor client is built from, whether it came from an application's container or from the no-DI
/// <c>Create</c> path: its account name, a private copy of its validated options, the clock and its request pipeline.
/// </summary>
/// <typeparam name="TOptions">The vendor's options type.</typeparam>
public sealed class VendorClientContext<TOptions>
    where TOptions : VendorClientOptions
{
    internal VendorClientContext(string name, TOptions options, IClock clock, VendorPipeline pipeline, IDisposable? owned)
    {
        Name = name;
        Options = options;
        Clock = clock;
        Pipeline = pipeline;
        Owned = owned;
    }

    /// <summary>The registration name (the account); empty for the default registration.</summary>
    public string Name { get; }

    /// <summary>The validated options of this registration, copied: later changes to the caller's object do not reach the client.</summary>
    public TOptions Options { get; }

    /// <summary>The clock: the registered <see cref="IClock"/>, or the system clock.</summary>
    public IClock Clock { get; }

    /// <summary>The request pipeline of this account.</summary>
    public VendorPipeline Pipeline { get; }

    /// <summary>What the client owns and releases when it is disposed (the no-DI path's private services); null under DI.</summary>
    internal IDisposable? Owned { get; }
}
