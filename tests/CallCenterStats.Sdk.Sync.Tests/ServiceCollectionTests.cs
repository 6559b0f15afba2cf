using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CallCenterStats.Sdk.Sync.Tests;

/// <summary>An app or worker registers the engine in one line and gets it with the container's clock.</summary>
public sealed class ServiceCollectionTests(PostgresServer server)
{
    [Fact]
    public async Task AddAgentStatisticsSync_registers_one_store_and_an_engine_on_the_containers_clock()
    {
        await using var db = await TestDatabase.CreateAsync(StoreKind.Sqlite, server);
        var clock = new FakeClock(Instant.FromUtc(2024, 3, 12, 0, 30));
        var services = new ServiceCollection().AddSingleton<IClock>(clock).AddAgentStatisticsSync(db.Database);

        await using (var provider = services.BuildServiceProvider())
        {
            var sync = provider.GetRequiredService<AgentStatisticsSync>();
            Assert.Same(provider.GetRequiredService<StatisticsStore>(), sync.Store);
            Assert.Equal("SQLite " + db.Database, sync.Store.Description);
            await sync.SyncAsync(new FakeSource(), new SyncRequest { Bucket = TimeBucket.Day, From = Instant.FromUtc(2024, 3, 11, 0, 0) }, cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.All(await db.ReadRowsAsync(), r => Assert.Equal(clock.GetCurrentInstant(), r.PulledAt));
    }

    [Fact]
    public void A_malformed_database_is_refused_when_registering() =>
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddAgentStatisticsSync("Host=db;Nonsense=1"));
}
