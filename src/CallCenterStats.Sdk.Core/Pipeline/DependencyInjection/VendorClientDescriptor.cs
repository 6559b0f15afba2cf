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
public abstract class VendorClientDescriptor<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions> : VendorDescriptor
    where TClient : VendorClient
    where TOptions : VendorClientOptions
{
    /// <inheritdoc />
    public override string DisplayName => ErrorPolicy.VendorName;

    /// <summary>The vendor's error envelope and what its codes mean.</summary>
    public abstract VendorErrorPolicy ErrorPolicy { get; }

    /// <summary>Builds the client from its context.</summary>
    /// <param name="context">The account's options, clock and pipeline.</param>
    /// <returns>The client.</returns>
    public abstract TClient CreateClient(VendorClientContext<TOptions> context);

    /// <summary>
    /// Builds the vendor's source of unified agent statistics over a client of one account; null (the default) for a
    /// vendor without one. The registration adds it to the container's <c>IEnumerable&lt;IAgentStatisticsSource&gt;</c>.
    /// </summary>
    /// <param name="client">The account's client.</param>
    /// <param name="account">The account name (<see cref="Unified.AgentStatistics.DefaultAccount"/> for the unnamed registration).</param>
    /// <returns>The source, or null.</returns>
    public virtual Unified.IAgentStatisticsSource? CreateSource(TClient client, string account) => null;

    /// <summary>Whether <see cref="CreateSource"/> builds a source; false by default.</summary>
    public virtual bool ProvidesAgentStatistics => false;

    /// <summary>
    /// Adds the vendor's authentication to a registration (a handler on its <see cref="HttpClient"/>, a token source);
    /// nothing by default.
    /// </summary>
    /// <param name="registration">The registration being made.</param>
    public virtual void AddAuthentication(VendorRegistration<TOptions> registration)
    {
    }
}
