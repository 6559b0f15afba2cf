using System.Globalization;
using System.Text.Json;
using CallCenterStats.Sdk.TestSupport;
using CallCenterStats.Sdk.Time;
using NodaTime;
using Snapshooter.Xunit3;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class RequestEncodingTests
{
    private const string ReportingBody = """{"generateDailyReport": false, "collectionPeriodMinutes": 30, "statisticsSource": "Call Center"}""";

    private static readonly InstantRange January = new(Instant.FromUtc(2020, 12, 31, 23, 0), Instant.FromUtc(2021, 2, 28, 23, 0));

    [Fact]
    public async Task Reading_the_reporting_settings_is_a_GET_with_the_bearer_token()
    {
        await using var host = await StartAsync(200, ReportingBody);

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        var request = host.Server.Requests.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/tenants/foo/groups/foogroup/services/call_centers/APIOTestCCBasic@sip.netaxis.be/instance_statistics_reporting/", request.Path);
        Assert.Equal("Bearer " + StaticToken, request.Authorization);
        Assert.Empty(request.Body);
        Snapshot.Match(Project(request));
    }

    [Fact]
    public async Task Updating_the_reporting_settings_is_a_PUT_with_every_field_set()
    {
        await using var host = await StartAsync(200, ReportingBody);
        var callCenter = new CallCenterId("foo", "foogroup", "APIOTestCCPremium@sip.netaxis.be");

        await host.Client.SetStatisticsReportingAsync(
            callCenter,
            new StatisticsReportingUpdate
            {
                GenerateDailyReport = false,
                CollectionPeriod = Duration.FromMinutes(30),
                ReportingEmailAddress1 = EmailAddressUpdate.Set("apio_test_1@netaxis.be"),
                ReportingEmailAddress2 = EmailAddressUpdate.Set("apio_test_2@netaxis.be"),
            },
            Ct);

        var request = host.Server.Requests.Single();
        Assert.Equal("PUT", request.Method);
        Assert.Equal(
            """{"generateDailyReport":false,"collectionPeriodMinutes":30,"reportingEmailAddress1":"apio_test_1@netaxis.be","reportingEmailAddress2":"apio_test_2@netaxis.be"}""",
            request.Body);
        Snapshot.Match(Project(request));
    }

    [Fact]
    public async Task Email_updates_have_three_distinct_encodings_absent_empty_and_value()
    {
        await using var host = await StartAsync(200, ReportingBody);

        await host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { ReportingEmailAddress1 = EmailAddressUpdate.Unchanged }, Ct);
        await host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { ReportingEmailAddress1 = EmailAddressUpdate.Clear }, Ct);
        await host.Client.SetStatisticsReportingAsync(CallCenter, new StatisticsReportingUpdate { ReportingEmailAddress1 = EmailAddressUpdate.Set("ops+cc@example.com") }, Ct);

        var bodies = host.Server.Requests.Select(r => r.Body).ToArray();
        Assert.Equal("{}", bodies[0]);
        Assert.Equal("""{"reportingEmailAddress1":""}""", bodies[1]);
        Assert.Equal("""{"reportingEmailAddress1":"ops+cc@example.com"}""", bodies[2]);
        Snapshot.Match(new { Unchanged = bodies[0], Clear = bodies[1], Set = bodies[2] });
    }

    [Fact]
    public async Task Unset_update_fields_are_left_out_of_the_body()
    {
        await using var host = await StartAsync(200, ReportingBody);

        await host.Client.SetStatisticsReportingAsync(
            CallCenter,
            new StatisticsReportingUpdate { GenerateDailyReport = true, ReportingEmailAddress2 = EmailAddressUpdate.Clear },
            Ct);

        using var body = JsonDocument.Parse(host.Server.Requests.Single().Body);
        Assert.Equal(["generateDailyReport", "reportingEmailAddress2"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(body.RootElement.GetProperty("generateDailyReport").GetBoolean());
        Assert.Equal(string.Empty, body.RootElement.GetProperty("reportingEmailAddress2").GetString());
    }

    [Fact]
    public async Task Statistics_are_a_GET_with_a_JSON_range_body_in_UTC_by_default()
    {
        await using var host = await StartAsync(200, TestFiles.Fixture("netaxis_statistics.json"));

        await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        var request = host.Server.Requests.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/tenants/foo/groups/foogroup/services/call_centers/APIOTestCCBasic@sip.netaxis.be/statistics/", request.Path);
        Assert.Equal("""{"statisticsRange":{"start":"2020-12-31T23:00:00+00:00","end":"2021-02-28T23:00:00+00:00"}}""", request.Body);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Snapshot.Match(Project(request));
    }

    [Fact]
    public async Task Statistics_range_is_written_with_the_offset_of_the_configured_time_zone()
    {
        await using var host = await StartAsync(200, TestFiles.Fixture("netaxis_statistics.json"), o => o.TimeZone = "Europe/Brussels");

        await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        // The spec's own example: midnight in Brussels, +01:00 in winter.
        Assert.Equal(
            """{"statisticsRange":{"start":"2021-01-01T00:00:00+01:00","end":"2021-03-01T00:00:00+01:00"}}""",
            host.Server.Requests.Single().Body);
    }

    [Fact]
    public async Task Statistics_range_can_use_a_fixed_offset()
    {
        await using var host = await StartAsync(200, TestFiles.Fixture("netaxis_statistics.json"), o => o.TimeZone = "UTC+05:30");

        await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

        Assert.Contains("\"start\":\"2021-01-01T04:30:00+05:30\"", host.Server.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_range_may_end_now()
    {
        await using var host = await StartAsync(200, TestFiles.Fixture("netaxis_statistics.json"));

        await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = new InstantRange(Now - Duration.FromDays(1), Now) }, Ct);

        Assert.Contains("\"end\":\"2024-03-11T12:00:00+00:00\"", host.Server.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_prefix_option_moves_the_routes_for_proxied_deployments()
    {
        await using var host = await StartAsync(200, ReportingBody, o => o.PathPrefix = "/api/v01/p3");

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.Equal(
            "/api/v01/p3/tenants/foo/groups/foogroup/services/call_centers/APIOTestCCBasic@sip.netaxis.be/instance_statistics_reporting/",
            host.Server.Requests.Single().Path);
    }

    [Fact]
    public async Task Endpoint_path_is_kept_in_front_of_the_prefix()
    {
        RecordedRequest? seen = null;
        await using var host = await StartAsync(
            (request, context) =>
            {
                seen = request;
                return context.RespondAsync(200, ReportingBody);
            },
            o =>
            {
                o.Endpoint = new Uri(o.Endpoint!, "gateway");
                o.PathPrefix = "api/v01/p1/";
            });

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.StartsWith("/gateway/api/v01/p1/tenants/foo/", seen!.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_prefix_puts_the_routes_at_the_endpoint()
    {
        await using var host = await StartAsync(200, ReportingBody, o => o.PathPrefix = "");

        await host.Client.GetStatisticsReportingAsync(CallCenter, Ct);

        Assert.StartsWith("/tenants/foo/groups/", host.Server.Requests.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_encoding_does_not_depend_on_the_current_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            await using var host = await StartAsync(200, TestFiles.Fixture("netaxis_statistics.json"));

            await host.Client.GetStatisticsAsync(new() { CallCenter = CallCenter, Range = January }, Ct);

            Assert.Equal("""{"statisticsRange":{"start":"2020-12-31T23:00:00+00:00","end":"2021-02-28T23:00:00+00:00"}}""", host.Server.Requests.Single().Body);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    internal static object Project(RecordedRequest request) => new
    {
        request.Method,
        request.Path,
        ContentType = request.Headers.TryGetValue("Content-Type", out var type) ? type : null,
        Accept = request.Headers.TryGetValue("Accept", out var accept) ? accept : null,
        // The scheme only: the token is asserted where it matters, never written into a snapshot.
        AuthorizationScheme = request.Authorization?.Split(' ', 2)[0],
        request.Body,
    };
}
