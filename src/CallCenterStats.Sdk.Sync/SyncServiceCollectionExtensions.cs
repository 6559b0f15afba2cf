using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCenterStats.Sdk.Sync;

/// <summary>Registers the sync engine for an app or a worker that syncs on a schedule.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="StatisticsStore"/> opened from <paramref name="database"/> (see
    /// <see cref="StatisticsStore.Open"/>) and an <see cref="AgentStatisticsSync"/> over it, both singletons; the clock is
    /// the container's <see cref="IClock"/> when there is one, else the system clock.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="database">A SQLite file path or connection string, or a PostgreSQL connection string or URL.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="database"/> is malformed (checked now, without I/O).</exception>
    public static IServiceCollection AddAgentStatisticsSync(this IServiceCollection services, string database)
    {
        ArgumentNullException.ThrowIfNull(services);
        StatisticsStore.Open(database).Dispose();
        services.TryAddSingleton(_ => StatisticsStore.Open(database));
        services.TryAddSingleton(sp => new AgentStatisticsSync(
            sp.GetRequiredService<StatisticsStore>(),
            sp.GetService<IClock>() ?? SystemClock.Instance,
            sp.GetService<ILogger<AgentStatisticsSync>>()));
        return services;
    }
}
