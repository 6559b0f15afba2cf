using CallCenterStats.Sdk.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenterStats.Sdk.Voximplant.Tests;

public sealed class CancellationTests
{
    [Fact]
    public async Task A_call_in_flight_stops_when_its_token_is_cancelled()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (_, context) =>
        {
            received.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client went away, as it should.
            }
        });
        await using var provider = Harness.Provider(server.BaseAddress);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var call = provider.GetRequiredService<VoximplantClient>().GetAcdOperatorStatusStatisticsAsync(Harness.Request, cancellation.Token);
        await received.Task.WaitAsync(TestContext.Current.CancellationToken);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
