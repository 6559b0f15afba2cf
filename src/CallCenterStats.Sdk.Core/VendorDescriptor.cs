using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk;

/// <summary>
/// One vendor package described to tools (the <c>ccstats</c> command line, notebooks, the emulator): its id and name,
/// the settings a user gives to connect (with their configuration keys and environment variables), the vendor-specific
/// scope of a unified query, and how to register its client and unified-statistics source from configuration. Tools
/// loop over descriptors instead of switching over vendors, so a sixth vendor is one package and one descriptor.
/// </summary>
public abstract class VendorDescriptor
{
    /// <summary>The vendor id, lower case: <c>voximplant</c>, <c>vcclive</c>, <c>netaxis</c>, <c>enswitch</c>, <c>thulium</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The vendor's display name, e.g. <c>VCC Live</c>.</summary>
    public abstract string DisplayName { get; }

    /// <summary>The settings a user gives to connect (client options) and the vendor-specific scope of a unified query (filters); none by default.</summary>
    public virtual IReadOnlyList<VendorSetting> Settings { get; } = [];

    /// <summary>
    /// Registers the vendor's client (and its unified-statistics source) under <paramref name="name"/>, with options bound
    /// from <paramref name="configuration"/> (keys as the options' property names, e.g. <c>Endpoint</c>, <c>Username</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The registration (account) name.</param>
    /// <param name="configuration">The options' configuration section.</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    public abstract IHttpClientBuilder AddClient(IServiceCollection services, string name, IConfiguration configuration);

    /// <summary>Returns the id.</summary>
    /// <returns><see cref="Id"/>.</returns>
    public override string ToString() => Id;
}

/// <summary>What a setting of a <see cref="VendorDescriptor"/> configures.</summary>
public enum VendorSettingKind
{
    /// <summary>A client option, bound by its configuration key (e.g. <c>Username</c>).</summary>
    Option = 0,

    /// <summary>A vendor filter of a unified query (<c>AgentStatisticsQuery.VendorFilters</c>), by its filter name (e.g. <c>queue</c>).</summary>
    Filter,
}

/// <summary>One setting of a vendor, as tools present it.</summary>
/// <param name="Name">The command-line name without dashes, e.g. <c>call-center</c> for <c>--call-center</c>.</param>
/// <param name="Key">The configuration key (an options property, e.g. <c>Username</c>) or the filter name (e.g. <c>callCenter</c>).</param>
/// <param name="Kind">Whether it is a client option or a query filter.</param>
/// <param name="Description">What it is, in one line.</param>
/// <param name="EnvironmentVariable">The environment variable a tool reads it from when not given, or null.</param>
/// <param name="IsSecret">Whether it is a secret: never printed, and better given by environment variable or configuration file than on a command line.</param>
/// <param name="IsPath">Whether it is a file path (e.g. a credentials file).</param>
public sealed record VendorSetting(
    string Name,
    string Key,
    VendorSettingKind Kind,
    string Description,
    string? EnvironmentVariable = null,
    bool IsSecret = false,
    bool IsPath = false);
