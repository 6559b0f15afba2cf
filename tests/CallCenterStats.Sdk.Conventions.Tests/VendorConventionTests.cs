namespace CallCenterStats.Sdk.Conventions.Tests;

/// <summary>
/// The conventions of <c>src/CONVENTIONS.md</c>, checked on each of the five vendor packages. A failure lists every
/// offending member of the package.
/// </summary>
public sealed class VendorConventionTests
{
    public static TheoryData<string> Vendors { get; } = [.. VendorAssemblies.All.Select(a => VendorSurface.Of(a).Vendor)];

    private static VendorSurface Surface(string vendor) =>
        VendorAssemblies.All.Select(VendorSurface.Of).Single(s => s.Vendor == vendor);

    internal static void AssertNone(IReadOnlyList<string> violations, string vendor, string rule)
    {
        if (violations.Count > 0)
        {
            Assert.Fail($"{vendor} breaks \"{rule}\" (src/CONVENTIONS.md):\n  " + string.Join("\n  ", violations));
        }
    }

    [Fact]
    public void The_five_vendor_packages_are_checked()
    {
        Assert.Equal(["Enswitch", "Netaxis", "Thulium", "VccLive", "Voximplant"], Vendors.Select(v => (string)v.Data).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void One_public_client_named_after_the_vendor_derives_from_VendorClient_of_its_options(string vendor) =>
        AssertNone(ConventionChecker.ClientType(Surface(vendor)), vendor, "one public client {Vendor}Client : VendorClient<{Vendor}Options>");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void The_client_has_a_protected_constructor_for_mocking_and_a_static_Create(string vendor) =>
        AssertNone(ConventionChecker.ClientConstruction(Surface(vendor)), vendor, "protected parameterless constructor and Create(options, services = null)");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Every_operation_is_virtual_ends_in_Async_and_takes_a_cancellation_token_last(string vendor) =>
        AssertNone(ConventionChecker.OperationSignatures(ConventionChecker.Client(Surface(vendor))), vendor, "virtual, …Async, CancellationToken cancellationToken = default last");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Streams_and_pages_are_named_for_what_they_return(string vendor) =>
        AssertNone(ConventionChecker.OperationShapes(ConventionChecker.Client(Surface(vendor))), vendor, "Get{Rows}Async streams, Get{Rows}PageAsync pages");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Operations_with_a_time_span_take_one_request_record_with_a_required_Range(string vendor) =>
        AssertNone(ConventionChecker.Requests(ConventionChecker.Client(Surface(vendor))), vendor, "one …Request record with a required Range");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void The_options_are_a_sealed_VendorClientOptions_with_a_string_TimeZone_defaulting_to_UTC(string vendor) =>
        AssertNone(ConventionChecker.Options(Surface(vendor)), vendor, "{Vendor}Options : VendorClientOptions, sealed, TimeZone string \"UTC\"");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Registration_is_exactly_the_four_AddClient_overloads_returning_the_http_client_builder(string vendor) =>
        AssertNone(ConventionChecker.Extensions(Surface(vendor)), vendor, "four Add{Vendor}Client overloads in {Vendor}ServiceCollectionExtensions");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Results_are_immutable_with_read_only_collections(string vendor) =>
        AssertNone(ConventionChecker.ImmutableResults(ConventionChecker.Client(Surface(vendor))), vendor, "immutable results");

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Ids_have_the_same_type_in_requests_and_results(string vendor) =>
        AssertNone(ConventionChecker.IdsAgree(ConventionChecker.Client(Surface(vendor))), vendor, "ids agree between requests and results");

    [Theory]
    [InlineData("Thulium", "AgentsWorkReportRequest.AgentLogins", "ThuliumAgent.Login (via Agent)")]
    [InlineData("VccLive", "UserBasedStatisticsRequest.Users", "UserBasedStatisticsRow.UserId")]
    [InlineData("VccLive", "UserBasedStatisticsRequest.Projects", "UserBasedStatisticsRow.ProjectId")]
    [InlineData("Voximplant", "AcdOperatorStatusStatisticsRequest.UserIds", "AcdStatisticsGroup.UserId")]
    [InlineData("Voximplant", "AcdOperatorStatusStatisticsRequest.UserIds", "AcdStatisticsEntry.UserId")]
    public void The_id_check_compares_the_ids_each_vendor_has_on_both_sides(string vendor, string request, string result)
    {
        // Guards the id rule against matching nothing: these pairs exist today and must be among those compared.
        var pairs = ConventionChecker.IdPairs(ConventionChecker.Client(Surface(vendor)));

        Assert.Contains(pairs, p => p.Request == request && p.Result == result);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void The_checks_see_the_operations_and_results_of_the_client(string vendor)
    {
        // Guards the checker against vacuous passes: every package has operations, and their results reach vendor types.
        var client = ConventionChecker.Client(Surface(vendor));

        Assert.NotEmpty(ConventionChecker.Operations(client));
        Assert.Contains(ConventionChecker.ResultTypes(client).Keys, t => t.Assembly == client.Assembly);
    }
}
