using System.Diagnostics.CodeAnalysis;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Describes one vendor package to Core: its id, its error envelope, how to build its client, and how its requests
/// are authenticated. Core's generic registration (<see cref="VendorClientRegistration"/>) does everything else, for
/// dependency injection and the no-DI <c>Create</c> path alike, so a vendor package writes only its wire format and its
/// auth wiring.
/// </summary>
/// <typeparam name="TClient">The vendor's client.</typeparam>
/// <typeparam name="TOptions">The vendor's options.</typeparam>
public abstract class VendorClientDescriptor<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>
    where TClient : VendorClient
    where TOptions : VendorClientOptions
{
    /// <summary>The vendor's id in telemetry and tools, lower case: <c>voximplant</c>, <c>vcclive</c>, …</summary>
    public abstract string Id { get; }

    /// <summary>The vendor's error envelope and what its codes mean.</summary>
    public abstract VendorErrorPolicy ErrorPolicy { get; }

    /// <summary>Builds the client from its context.</summary>
    /// <param name="context">The account's options, clock and pipeline.</param>
    /// <returns>The client.</returns>
    public abstract TClient CreateClient(VendorClientContext<TOptions> context);

    /// <summary>
    /// Adds the vendor's authentication to a registration (a handler on its <see cref="HttpClient"/>, a token source);
    /// nothing by default.
    /// </summary>
    /// <param name="registration">The registration being made.</param>
    public virtual void AddAuthentication(VendorRegistration<TOptions> registration)
    {
    }
}
