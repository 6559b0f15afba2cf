namespace CallCenterStats.Sdk.Voximplant.Tests;

/// <summary>A client built with the protected constructor (as mocking frameworks do) fails clearly, not with a null reference.</summary>
public sealed class MockingTests
{
    [Fact]
    public async Task Method_that_is_not_overridden_throws_a_clear_invalid_operation_exception()
    {
        VoximplantClient client = new BareClient();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken));

        Assert.Contains("mocking", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overridden_method_serves_the_mock_result()
    {
        var expected = Harness.Parse("""{"result": []}""");
        VoximplantClient client = new FakeClient(expected);

        var result = await client.GetAcdOperatorStatusStatisticsAsync(Harness.Request, TestContext.Current.CancellationToken);

        Assert.Same(expected, result);
    }

    private sealed class BareClient : VoximplantClient
    {
    }

    private sealed class FakeClient(AcdOperatorStatusStatistics result) : VoximplantClient
    {
        public override Task<AcdOperatorStatusStatistics> GetAcdOperatorStatusStatisticsAsync(
            AcdOperatorStatusStatisticsRequest request,
            CancellationToken cancellationToken = default) => Task.FromResult(result);
    }
}
