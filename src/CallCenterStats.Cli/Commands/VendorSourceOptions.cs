using System.CommandLine;
using CallCenterStats.Cli.Vendors;
using CallCenterStats.Sdk;
using CallCenterStats.Sdk.Unified;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Cli.Commands;

/// <summary>
/// The options that pick a command's unified sources, shared by <c>ccstats agents</c> and <c>ccstats sync</c>:
/// <c>--vendor</c>, <c>--agents</c>, and the vendor connection options with the vendors' filters (command line over
/// environment variables over <c>--config</c>, every account of the vendor).
/// </summary>
internal sealed class VendorSourceOptions
{
    public Option<string> Vendor { get; } = CreateVendor();

    public Option<string> Agents { get; } = new("--agents")
    {
        Description = "Only these agents, comma-separated: vendor agent ids (Voximplant and VCC Live user ids, Netaxis SIP user ids, Enswitch destination numbers, Thulium logins).",
        HelpName = "ID,ID",
    };

    public ConnectionOptions Connection { get; } = new(VendorCatalog.All, includeFilters: true);

    /// <summary>Adds <c>--vendor</c> and <c>--agents</c> (the command's own options follow them).</summary>
    public void AddSelectionTo(Command command)
    {
        command.Options.Add(Vendor);
        command.Options.Add(Agents);
    }

    /// <summary>Adds the connection options (listed last in help).</summary>
    public void AddConnectionTo(Command command) => Connection.AddTo(command);

    /// <summary>
    /// Resolves the vendor, its accounts (secrets handed to the session first) and filters, and the agents. Checks
    /// everything that needs no I/O; the sources come from <see cref="Open"/>.
    /// </summary>
    /// <exception cref="UsageException">An unknown vendor, an option that does not apply to it, a bad configuration file, an empty agent id.</exception>
    public VendorSelection Resolve(ParseResult parse, CliSession session)
    {
        var vendor = VendorCatalog.Find(parse.GetValue(Vendor)!);
        var connection = Connection.Resolve(parse, vendor, session);
        var agents = parse.GetValue(Agents) is { } list ? AgentsCommand.SplitList(list, "--agents") : null;
        return new VendorSelection(vendor, connection, agents);
    }

    private static Option<string> CreateVendor()
    {
        var vendor = new Option<string>("--vendor")
        {
            Description = "The vendor: " + string.Join("|", VendorCatalog.Ids) + ".",
            HelpName = string.Join("|", VendorCatalog.Ids),
            Required = true,
        };
        vendor.AcceptOnlyFromAmong(VendorCatalog.Ids);
        return vendor;
    }
}

/// <summary>A resolved vendor selection: the vendor, its accounts and filters, the agents (null for all).</summary>
internal sealed record VendorSelection(VendorDescriptor Vendor, VendorConnection Connection, IReadOnlyList<string>? Agents)
{
    /// <summary>The vendor filters given on the command line (<c>--queue</c>, <c>--tenant</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Filters => Connection.Filters;

    /// <summary>Builds the container of every account; dispose it when done.</summary>
    public ServiceProvider BuildServices(CliSession session) => VendorServices.Build(session, [Connection]);

    /// <summary>The unified sources, one per account, in account order (invalid client options are a usage error).</summary>
    public IReadOnlyList<IAgentStatisticsSource> Sources(IServiceProvider services) => VendorServices.Sources(services, Vendor);
}
