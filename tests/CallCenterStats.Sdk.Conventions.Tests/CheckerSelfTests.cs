using CallCenterStats.Sdk.Conventions.Tests.Fixtures.Good;

namespace CallCenterStats.Sdk.Conventions.Tests;

/// <summary>
/// The checker itself: each rule passes the conforming miniature package ("Good") and fails a package built to break it,
/// naming the offending member. Without these, a rule that can never fail would look like a package that never does.
/// </summary>
public sealed class CheckerSelfTests
{
    private static VendorSurface Good => VendorSurface.Fixture("Good", typeof(GoodClient));

    private static VendorSurface Bad<TMarker>(string vendor) => VendorSurface.Fixture(vendor, typeof(TMarker));

    private static void AssertReports(IReadOnlyList<string> violations, params string[] expected)
    {
        Assert.NotEmpty(violations);
        foreach (var text in expected)
        {
            Assert.True(
                violations.Any(v => v.Contains(text, StringComparison.Ordinal)),
                $"No violation mentions '{text}'. Violations:\n  " + string.Join("\n  ", violations));
        }
    }

    [Fact]
    public void The_conforming_package_passes_every_rule()
    {
        var client = ConventionChecker.Client(Good);

        Assert.Empty(ConventionChecker.ClientType(Good));
        Assert.Empty(ConventionChecker.ClientConstruction(Good));
        Assert.Empty(ConventionChecker.OperationSignatures(client));
        Assert.Empty(ConventionChecker.OperationShapes(client));
        Assert.Empty(ConventionChecker.Requests(client));
        Assert.Empty(ConventionChecker.Options(Good));
        Assert.Empty(ConventionChecker.Extensions(Good));
        Assert.Empty(ConventionChecker.ImmutableResults(client));
        Assert.Empty(ConventionChecker.IdsAgree(client));
        Assert.Equal(["GetReportAsync", "GetRowsAsync", "GetRowsPageAsync", "GetSettingsAsync"], ConventionChecker.Operations(client).Select(o => o.Name));
    }

    [Fact]
    public void A_second_client_a_sealed_client_and_a_client_of_other_options_are_reported()
    {
        var violations = ConventionChecker.ClientType(Bad<Fixtures.Twin.TwinOptions>("Twin"));

        AssertReports(violations, "Fixtures.Twin.TwinReportsClient: a public client type other than TwinClient", "TwinClient: derives from VendorClient<OtherOptions>", "TwinClient: is sealed");
    }

    [Fact]
    public void A_package_without_a_client_is_reported()
    {
        AssertReports(ConventionChecker.ClientType(Bad<Fixtures.Zoned.ZonedOptions>("Zoned")), "no public client type");
    }

    [Fact]
    public void A_public_constructor_and_a_Create_without_services_are_reported()
    {
        var violations = ConventionChecker.ClientConstruction(Bad<Fixtures.Unmockable.UnmockableClient>("Unmockable"));

        AssertReports(violations, "UnmockableClient..ctor(): expected a protected parameterless constructor for mocking, found public", "UnmockableClient.Create: expected public static UnmockableClient Create(UnmockableOptions options, VendorClientServices? services = null), found Create(UnmockableOptions options)");
    }

    [Fact]
    public void A_Create_with_required_services_returning_the_base_class_is_reported()
    {
        var violations = ConventionChecker.ClientConstruction(Bad<Fixtures.Strict.StrictClient>("Strict"));

        AssertReports(violations, "StrictClient.Create: returns VendorClient, expected StrictClient", "StrictClient.Create(services): expected 'VendorClientServices? services = null'");
    }

    [Fact]
    public void Operations_not_virtual_without_Async_or_without_the_cancellation_token_last_are_reported()
    {
        var client = ConventionChecker.Client(Bad<Fixtures.Sloppy.SloppyClient>("Sloppy"));

        var violations = ConventionChecker.OperationSignatures(client);

        AssertReports(
            violations,
            "SloppyClient.GetCountAsync: not virtual",
            "SloppyClient.FetchCount: does not end in Async",
            "SloppyClient.GetTotalAsync: the last parameter is 'token' without a default",
            "SloppyClient.GetSumAsync: the last parameter is not a CancellationToken");
    }

    [Fact]
    public void A_stream_not_named_Get_and_pages_named_or_typed_otherwise_are_reported()
    {
        var client = ConventionChecker.Client(Bad<Fixtures.Misnamed.MisnamedClient>("Misnamed"));

        var violations = ConventionChecker.OperationShapes(client);

        AssertReports(
            violations,
            "MisnamedClient.StreamRowsAsync: returns a stream (IAsyncEnumerable<MisnamedRow>)",
            "MisnamedClient.GetRowsPageAsync: a single page is Get{Rows}PageAsync returning Task<{Rows}Page>; found Task<IReadOnlyList<MisnamedRow>>",
            "MisnamedClient.FetchRowsAsync: a single page is Get{Rows}PageAsync returning Task<{Rows}Page>; found Task<RowsPage>");
    }

    [Fact]
    public void Positional_time_spans_loose_parameters_and_requests_that_are_not_sealed_records_with_a_required_Range_are_reported()
    {
        var client = ConventionChecker.Client(Bad<Fixtures.Positional.PositionalClient>("Positional"));

        var violations = ConventionChecker.Requests(client);

        AssertReports(
            violations,
            "PositionalClient.GetStatisticsAsync: an operation with a time span takes one …Request record as its first parameter; found (Instant since, Instant until)",
            "PositionalClient.GetReportAsync: parameters besides the request (queue)",
            "LooseRequest: a request is a sealed record",
            "LooseRequest.Range: has a public setter",
            "LooseRequest.Range: not required",
            "PeriodRequest.Range: missing",
            "PositionalClient.GetSettingsAsync: 3 inputs without a request record");
    }

    [Fact]
    public void Options_not_sealed_with_a_zone_that_is_not_a_string_are_reported()
    {
        var violations = ConventionChecker.Options(Bad<Fixtures.Zoned.ZonedOptions>("Zoned"));

        AssertReports(violations, "ZonedOptions: not sealed", "ZonedOptions.TimeZone: is DateTimeZone");
    }

    [Fact]
    public void A_zone_defaulting_to_anything_but_UTC_is_reported()
    {
        AssertReports(ConventionChecker.Options(Bad<Fixtures.Warsaw.WarsawOptions>("Warsaw")), "WarsawOptions.TimeZone: defaults to 'Europe/Warsaw', expected \"UTC\"");
    }

    [Fact]
    public void Options_without_a_public_parameterless_constructor_or_missing_are_reported()
    {
        AssertReports(ConventionChecker.Options(Bad<Fixtures.Unbindable.UnbindableOptions>("Unbindable")), "UnbindableOptions..ctor(): no public parameterless constructor");
        AssertReports(ConventionChecker.Options(Bad<Fixtures.Unbindable.UnbindableOptions>("Elsewhere")), "ElsewhereOptions: missing");
    }

    [Fact]
    public void Registration_overloads_with_other_names_returns_or_methods_are_reported()
    {
        var violations = ConventionChecker.Extensions(Bad<Fixtures.Registry.RegistryOptions>("Registry"));

        AssertReports(
            violations,
            "RegistryServiceCollectionExtensions.AddRegistryClient(IServiceCollection services, Action<RegistryOptions> config): not one of the four overloads",
            "RegistryServiceCollectionExtensions.AddRegistryClient(IServiceCollection services, IConfiguration configuration): returns IServiceCollection, expected IHttpClientBuilder",
            "RegistryServiceCollectionExtensions.AddRegistryClients(IServiceCollection services, IEnumerable<String> names): a public method other than the four AddRegistryClient overloads",
            "RegistryServiceCollectionExtensions.AddRegistryClient(IServiceCollection services, String name, IConfiguration configuration): missing",
            "RegistryServiceCollectionExtensions.AddRegistryClient(IServiceCollection services, Action<RegistryOptions> configure): missing");
        AssertReports(ConventionChecker.Extensions(Bad<Fixtures.Zoned.ZonedOptions>("Zoned")), "ZonedServiceCollectionExtensions: missing");
    }

    [Fact]
    public void Setters_fields_lists_arrays_and_mutable_collections_inside_read_only_ones_are_reported()
    {
        var client = ConventionChecker.Client(Bad<Fixtures.Mutable.MutableClient>("Mutable"));

        var violations = ConventionChecker.ImmutableResults(client);

        AssertReports(
            violations,
            "MutableReport.Name: has a public setter",
            "MutableReport.Rows: exposes List<MutableRow>",
            "MutableReport.Counts: exposes Int64[]",
            "MutableReport.Nested: exposes List<Int64>",
            "MutableReport.Total: a public writable field",
            "MutableRow.Calls: has a public setter");
    }

    [Fact]
    public void Ids_typed_differently_in_the_request_and_the_result_are_reported_and_agreeing_ones_are_not()
    {
        var client = ConventionChecker.Client(Bad<Fixtures.Ids.IdsClient>("Ids"));

        var violations = ConventionChecker.IdsAgree(client);

        AssertReports(
            violations,
            "IdsRequest.UserIds (Int64) and IdsRow.UserId (String)",
            "IdsRequest.AgentLogins (String) and IdsAgent.Login (via Agent) (Int64)");
        Assert.DoesNotContain(violations, v => v.Contains("Projects", StringComparison.Ordinal));
    }
}
