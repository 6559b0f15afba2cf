using System.Collections.Concurrent;
using CallCenterStats.Sdk.TestSupport;
using Snapshooter.Xunit3;
using static CallCenterStats.Sdk.Netaxis.Tests.NetaxisTestHost;

namespace CallCenterStats.Sdk.Netaxis.Tests;

public sealed class PathEscapingTests
{
    private const string ReportingBody = """{"generateDailyReport": false, "collectionPeriodMinutes": 30}""";

    [Fact]
    public async Task Name_at_domain_is_sent_as_one_escaped_segment()
    {
        var (targets, host) = await StartRecordingAsync();
        await using (host)
        {
            await host.Client.GetStatisticsReportingAsync(new CallCenterId("foo", "foogroup", "APIOTestCCBasic@sip.netaxis.be"), Ct);
        }

        Assert.Equal(
            "/api/v1/tenants/foo/groups/foogroup/services/call_centers/APIOTestCCBasic%40sip.netaxis.be/instance_statistics_reporting/",
            targets.Single());
        Snapshot.Match(targets.Single());
    }

    [Theory]
    [InlineData("sales/support")]
    [InlineData("group/../../admin")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("back\\slash")]
    [InlineData("..\\admin")]
    public void Slash_or_backslash_in_any_part_is_rejected_not_escaped(string part)
    {
        // Escaping is not enough: some gateways decode %2F (or read '\\' as '/') before routing.
        var tenant = Assert.Throws<ArgumentException>("tenant", () => new CallCenterId(part, "g", "cc"));
        Assert.Throws<ArgumentException>("group", () => new CallCenterId("t", part, "cc"));
        Assert.Throws<ArgumentException>("callCenterName", () => new CallCenterId("t", "g", part));

        Assert.Contains("cannot contain '/' or '\\'", tenant.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserved_characters_in_every_part_are_escaped()
    {
        var (targets, host) = await StartRecordingAsync();
        await using (host)
        {
            await host.Client.GetStatisticsReportingAsync(new CallCenterId("ten ant", "g?x=1#frag", "cc%20;name"), Ct);
        }

        Assert.Equal(
            "/api/v1/tenants/ten%20ant/groups/g%3Fx%3D1%23frag/services/call_centers/cc%2520%3Bname/instance_statistics_reporting/",
            targets.Single());
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void Dot_segments_are_rejected(string segment)
    {
        Assert.Throws<ArgumentException>("tenant", () => new CallCenterId(segment, "g", "cc"));
        Assert.Throws<ArgumentException>("group", () => new CallCenterId("t", segment, "cc"));
        Assert.Throws<ArgumentException>("callCenterName", () => new CallCenterId("t", "g", segment));
    }

    [Fact]
    public void Names_made_of_dots_that_are_not_dot_segments_are_allowed()
    {
        var path = NetaxisPaths.CallCenter("/api/v1", new CallCenterId("...", ".hidden", "a.."), "statistics");

        Assert.Equal("api/v1/tenants/.../groups/.hidden/services/call_centers/a../statistics/", path);
    }

    [Fact]
    public void Paths_are_relative_so_an_endpoint_path_is_kept()
    {
        Assert.Equal(
            "api/v01/p2/tenants/t/groups/g/services/call_centers/c/instance_statistics_reporting/",
            NetaxisPaths.CallCenter("/api/v01/p2/", new CallCenterId("t", "g", "c"), "instance_statistics_reporting"));
    }

    private static async Task<(ConcurrentQueue<string> Targets, NetaxisTestHost Host)> StartRecordingAsync()
    {
        var targets = new ConcurrentQueue<string>();
        var host = await StartAsync((_, context) =>
        {
            targets.Enqueue(RawTarget(context));
            return context.RespondAsync(200, ReportingBody);
        });
        return (targets, host);
    }
}
