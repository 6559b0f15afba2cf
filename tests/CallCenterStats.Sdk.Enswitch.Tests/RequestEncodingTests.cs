using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.TestSupport;
using NodaTime;
using Snapshooter.Xunit3;

namespace CallCenterStats.Sdk.Enswitch.Tests;

public sealed class RequestEncodingTests
{
    [Fact]
    public async Task Destination_statistics_are_requested_with_a_form_post()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        using var client = Enswitch.Client(server);
        await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Snapshot.Match(Project(server.Requests.Single()));
    }

    [Fact]
    public async Task Queue_statistics_are_requested_with_the_queue_id_instead_of_a_destination()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_queue.json");

        using var client = Enswitch.Client(server);
        await client.GetQueueStatisticsAsync(new() { Queue = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Snapshot.Match(Project(server.Requests.Single()));
    }

    [Fact]
    public async Task Post_keeps_the_credentials_out_of_the_url()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        using var client = Enswitch.Client(server);
        await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);

        var request = server.Requests.Single();
        Assert.Equal(string.Empty, request.QueryString);
        Assert.DoesNotContain("auth_", request.Path, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("auth_password", Enswitch.Password), request.Form);
        Assert.Contains(new KeyValuePair<string, string>("auth_username", Enswitch.Username), request.Form);
    }

    [Fact]
    public async Task Get_mode_sends_every_parameter_in_the_query_string()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        using var client = Enswitch.Client(server, EnswitchRequestMethod.Get);
        await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Snapshot.Match(Project(server.Requests.Single()));
    }

    [Fact]
    public async Task Get_mode_escapes_the_password_in_the_query_string()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");

        using var client = Enswitch.Client(server, EnswitchRequestMethod.Get);
        await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);

        var request = server.Requests.Single();
        Assert.Contains("auth_password=s3cr%26t%20pa%24%24%3Bw%3Drd%2B&", request.QueryString, StringComparison.Ordinal);
        Assert.Equal(Enswitch.Password, request.Query.Single(p => p.Key == "auth_password").Value);
        Assert.Equal(string.Empty, request.Body);
    }

    [Fact]
    public async Task Range_is_sent_as_unix_seconds_with_sub_seconds_truncated()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");
        var range = new InstantRange(
            Instant.FromUtc(2024, 3, 11, 0, 0) + Duration.FromMilliseconds(999),
            Instant.FromUtc(2024, 3, 12, 0, 0) + Duration.FromMilliseconds(500));

        using var client = Enswitch.Client(server);
        await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = range }, Enswitch.Ct);

        var form = server.Requests.Single().Form;
        Assert.Equal("1710115200", form.Single(p => p.Key == "start").Value);
        Assert.Equal("1710201600", form.Single(p => p.Key == "end").Value);
    }

    [Fact]
    public async Task Endpoint_path_prefix_of_the_deployment_is_kept()
    {
        await using var server = await Enswitch.ServeFixture("enswitch_destination.json");
        var options = Enswitch.Options(new Uri(server.BaseAddress, "pbx/enswitch"));

        using var client = EnswitchClient.Create(options);
        await client.GetDestinationStatisticsAsync(new() { Destination = 123, Range = Enswitch.Range }, Enswitch.Ct);

        Assert.Equal("/pbx/enswitch/api/json/queues/destinations/statistics/get/", server.Requests.Single().Path);
    }

    /// <summary>The request as recorded, the password (the credential) replaced by a placeholder in every form it was sent in.</summary>
    private static object Project(RecordedRequest request) => new
    {
        request.Method,
        request.Path,
        QueryString = HidePassword(request.QueryString),
        Query = request.Query.Select(p => $"{p.Key}={(p.Key == "auth_password" ? "{password}" : p.Value)}").ToArray(),
        ContentType = request.Headers.TryGetValue("Content-Type", out var type) ? type : null,
        Body = HidePassword(request.Body),
        Form = request.Form.Select(p => $"{p.Key}={(p.Key == "auth_password" ? "{password}" : p.Value)}").ToArray(),
    };

    private static string HidePassword(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "auth_password=[^&]*", "auth_password={password}");
}
