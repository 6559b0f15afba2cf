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

    [Theory]
    [InlineData(EnswitchRequestMethod.Post)]
    [InlineData(EnswitchRequestMethod.Get)]
    public async Task Destination_statistics_equal_the_simulated_calls(EnswitchRequestMethod method)
    {
        await using var emulator = await StartAsync();
        var options = emulator.CreateEnswitchOptions();
        options.RequestMethod = method;
        var client = EnswitchClient.Create(options);
        var agent = emulator.Center.Agents[2];
        var monday = emulator.Center.Dates.Start;
        var day = DateRange.SingleDay(monday).ToInstantRange(emulator.Center.Zone);

        var statistics = await client.GetDestinationStatisticsAsync(agent.Id, day, Ct);

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
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var queue = emulator.Center.Queues[0];

        var rows = await provider.GetRequiredService<EnswitchClient>().GetQueueStatisticsAsync(queue.Id, emulator.Center.Range, Ct);

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
        var options = emulator.CreateEnswitchOptions();
        options.Password = "wrong";

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            EnswitchClient.Create(options).GetQueueStatisticsAsync(100, emulator.Center.Range, Ct));

        Assert.Equal(VendorErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain("wrong", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_queue_is_not_found()
    {
        await using var emulator = await StartAsync();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            EnswitchClient.Create(emulator.CreateEnswitchOptions()).GetQueueStatisticsAsync(999, emulator.Center.Range, Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
        Assert.Equal("queue", ex.Errors.Single().Target);
    }

    [Fact]
    public async Task Unknown_destination_is_not_found()
    {
        await using var emulator = await StartAsync();

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            EnswitchClient.Create(emulator.CreateEnswitchOptions()).GetDestinationStatisticsAsync(42, emulator.Center.Range, Ct));

        Assert.Equal(VendorErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task Vendor_transient_error_is_retryable()
    {
        await using var emulator = await StartAsync();
        emulator.Faults = new FaultOptions { VendorTransientErrorRate = 1 };

        var ex = await Assert.ThrowsAsync<VendorApiException>(() =>
            EnswitchClient.Create(emulator.CreateEnswitchOptions()).GetQueueStatisticsAsync(100, emulator.Center.Range, Ct));

        Assert.True(ex.IsTransient);
        Assert.Equal(System.Net.HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task Range_before_the_simulation_has_no_calls()
    {
        await using var emulator = await StartAsync();
        var before = new InstantRange(emulator.Center.Range.Start - Duration.FromDays(30), emulator.Center.Range.Start);

        var statistics = await EnswitchClient.Create(emulator.CreateEnswitchOptions())
            .GetDestinationStatisticsAsync(emulator.Center.Agents[0].Id, before, Ct);

        Assert.Equal(0, statistics.Calls);
        Assert.Equal(Duration.Zero, statistics.TalkTime);
    }
}
