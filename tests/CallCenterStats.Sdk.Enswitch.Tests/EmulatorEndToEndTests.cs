using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Emulator.Simulation;
using CallCenterStats.Sdk.Errors;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Enswitch.Tests;

/// <summary>The real client against the contact-center emulator over HTTP; figures checked against the simulation.</summary>
public sealed class EmulatorEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ContactCenterEmulator> StartAsync() =>
        ContactCenterEmulator.StartAsync(new EmulatorOptions { Agents = 6, Days = 3 }, Ct);

    /// <summary>The emulator's options, with the default number of retries but millisecond waits between them.</summary>
    private static EnswitchOptions Options(ContactCenterEmulator emulator)
    {
        var options = emulator.CreateEnswitchOptions();
        Enswitch.FastRetries(options);
        return options;
    }

    [Theory]
    [InlineData(EnswitchRequestMethod.Post)]
    [InlineData(EnswitchRequestMethod.Get)]
    public async Task Destination_statistics_equal_the_simulated_calls(EnswitchRequestMethod method)
    {
        await using var emulator = await StartAsync();
        var options = Options(emulator);
        options.RequestMethod = method;
        using var client = EnswitchClient.Create(options);
        var agent = emulator.Center.Agents[2];
        var monday = emulator.Center.Dates.Start;
        var day = DateRange.SingleDay(monday).ToInstantRange(emulator.Center.Zone);

        var statistics = await client.GetDestinationStatisticsAsync(new() { Destination = agent.Id, Range = day }, Ct);

        var truth = emulator.Center.GetTotals(agent, day);
        Assert.Equal(truth.AnsweredCalls + truth.UnansweredCalls, statistics.Calls);
        Assert.Equal(truth.TalkTime, statistics.TalkTime);
        Assert.Equal(truth.TimeIn(AgentState.OnCall), statistics.TalkTime);
        Assert.Equal(truth.AnsweredCalls, statistics.Fields["answered"]);
        Assert.Equal(truth.UnansweredCalls, statistics.Fields["missed"]);
    }

    [Fact]
    public async Task Queue_statistics_list_every_agent_of_the_queue_through_di()
    {
        await using var emulator = await StartAsync();
        var services = new ServiceCollection();
        services.AddEnswitchClient(o =>
        {
            var ready = emulator.CreateEnswitchOptions();
            o.Endpoint = ready.Endpoint;
            o.Username = ready.Username;
            o.Password = ready.Password;
            Enswitch.FastRetries(o);
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var queue = emulator.Center.Queues[0];

        var rows = await provider.GetRequiredService<EnswitchClient>().GetQueueStatisticsAsync(new() { Queue = queue.Id, Range = emulator.Center.Range }, Ct);

        var agents = emulator.Center.Agents.Where(a => a.Queue == queue).ToList();
        Assert.Equal(agents.Select(a => a.DestinationNumber), rows.Select(r => r.DestinationNumber));
        Assert.All(rows, r => Assert.Equal("phone", r.DestinationType));
        Assert.Equal(
            agents.Select(a => emulator.Center.GetTotals(a, emulator.Center.Range).TalkTime),
            rows.Select(r => r.TalkTime));
    }

    [Fact]
    public async Task Wrong_password_is_an_authentication_error()
    {
        await using var emulator = await StartAsync();
        var options = Options(emulator);
        options.Password = "wrong";

        using var client = EnswitchClient.Create(options);
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetQueueStatisticsAsync(new() { Queue = 100, Range = emulator.Center.Range }, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain("wrong", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_queue_is_not_found()
    {
        await using var emulator = await StartAsync();

        using var client = EnswitchClient.Create(Options(emulator));
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetQueueStatisticsAsync(new() { Queue = 999, Range = emulator.Center.Range }, Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Equal("queue", ex.Errors.Single().Target);
    }

    [Fact]
    public async Task Unknown_destination_is_not_found()
    {
        await using var emulator = await StartAsync();

        using var client = EnswitchClient.Create(Options(emulator));
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetDestinationStatisticsAsync(new() { Destination = 42, Range = emulator.Center.Range }, Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task Vendor_transient_error_is_retryable()
    {
        await using var emulator = await StartAsync();
        emulator.Faults = new FaultOptions { VendorTransientErrorRate = 1 };

        using var client = EnswitchClient.Create(Options(emulator));
        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            client.GetQueueStatisticsAsync(new() { Queue = 100, Range = emulator.Center.Range }, Ct));

        Assert.True(ex.IsTransient);
        Assert.Equal(System.Net.HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task Range_before_the_simulation_has_no_calls()
    {
        await using var emulator = await StartAsync();
        var before = new InstantRange(emulator.Center.Range.Start - Duration.FromDays(30), emulator.Center.Range.Start);

        using var client = EnswitchClient.Create(Options(emulator));
        var statistics = await client.GetDestinationStatisticsAsync(new() { Destination = emulator.Center.Agents[0].Id, Range = before }, Ct);

        Assert.Equal(0, statistics.Calls);
        Assert.Equal(Duration.Zero, statistics.TalkTime);
    }
}
