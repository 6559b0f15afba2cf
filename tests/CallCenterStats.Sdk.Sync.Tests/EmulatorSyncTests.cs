using CallCenterStats.Sdk.Emulator;
using CallCenterStats.Sdk.Emulator.Faults;
using CallCenterStats.Sdk.Sync.Tests.Infrastructure;
using CallCenterStats.Sdk.Time;
using CallCenterStats.Sdk.Unified;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Sync.Tests;

/// <summary>
/// Every vendor, through the emulator with faults (retried by the clients), synced by hour in Europe/Warsaw over three
/// days that include the spring-forward: the table equals the source's own records row for row, its talk time and
/// calls equal the simulation's truth for every agent-day, and running the sync again changes nothing.
/// </summary>
public sealed class EmulatorSyncTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, StoreKind> VendorsAndStores()
    {
        var data = new TheoryData<string, StoreKind>();
        foreach (var vendor in EmulatorJobs.VendorIds)
        {
            data.Add(vendor, StoreKind.Sqlite);
            data.Add(vendor, StoreKind.Postgres);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VendorsAndStores))]
    public async Task A_multi_day_sync_through_faults_equals_the_source_and_the_truth_and_a_second_run_changes_nothing(string vendor, StoreKind kind)
    {
        await using var emulator = await ContactCenterEmulator.StartAsync(EmulatorJobs.Options(), Ct);
        await using var db = await TestDatabase.CreateAsync(kind, server);
        var job = EmulatorJobs.Job(vendor, emulator, db.Database);
        var center = emulator.Center;

        var result = await job.RunAsync(resume: false, checkpoint: null, Ct);
        var rows = await db.ReadRowsAsync();

        Assert.Equal(center.Range, result.Range);
        Assert.Equal(24 + 24 + 23, result.Periods);
        Assert.Equal(3, result.Chunks);

        // Row for row: what the source itself gives for the same query (pulled again, without faults).
        emulator.Faults = new FaultOptions();
        IReadOnlyList<AgentStatistics> records;
        await using (var services = job.CreateServices())
        {
            var source = services.GetServices<IAgentStatisticsSource>().Single();
            records = await source.GetAgentStatisticsAsync(
                new AgentStatisticsQuery { Range = center.Range, Bucket = job.Bucket, TimeZone = center.Zone, VendorFilters = job.VendorFilters },
                Ct).ToListAsync(Ct);
        }

        var lastHour = center.Range.End - Duration.FromHours(1);
        var expected = records
            .Select(r => StoredRow.From(r, provisional: r.Period.Start >= lastHour, pulledAt: job.Now))
            .OrderBy(r => r.PeriodStart).ThenBy(r => r.AgentId, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(expected, rows);
        Assert.Equal(rows.Count, result.RowsWritten);
        Assert.Equal(rows.Count(r => r.Provisional), result.ProvisionalRows);

        // Talk time and calls of every agent-day equal the simulation's (shifts never cross midnight, so whichever way
        // a vendor attributes a call to an hour, the day adds up).
        var totalTalk = Duration.Zero;
        foreach (var day in center.DatesCovering(center.Range))
        {
            var dayRange = DateRange.SingleDay(day).ToInstantRange(center.Zone);
            foreach (var agentRows in rows.Where(r => dayRange.Contains(r.PeriodStart)).GroupBy(r => r.AgentId))
            {
                var truth = center.GetTotals(EmulatorJobs.Agent(emulator, vendor, agentRows.Key), dayRange);
                var talk = agentRows.Aggregate(Duration.Zero, (sum, r) => sum + (r.Talk ?? Duration.Zero));
                Assert.True(truth.TalkTime == talk, $"{vendor} {agentRows.Key} {day}: talk {talk}, truth {truth.TalkTime}");
                if (agentRows.All(r => r.CallsHandled is not null))
                {
                    Assert.Equal(truth.AnsweredCalls, agentRows.Sum(r => r.CallsHandled!.Value));
                    Assert.Equal(truth.UnansweredCalls, agentRows.Sum(r => r.CallsUnanswered!.Value));
                }

                totalTalk += talk;
            }
        }

        Assert.True(totalTalk > Duration.FromHours(10), $"{vendor}: only {totalTalk} of talk in three days; the comparison would prove little");

        // Again, from the state (the last hour, provisional, is pulled again) and again from the start: nothing changes.
        emulator.Faults = EmulatorJobs.Faults;
        var resumed = await job.RunAsync(resume: true, checkpoint: null, Ct);
        Assert.Equal(new InstantRange(lastHour, center.Range.End), resumed.Range);
        Assert.Equal(rows, await db.ReadRowsAsync());
        await job.RunAsync(resume: false, checkpoint: null, Ct);
        Assert.Equal(rows, await db.ReadRowsAsync());
        var state = Assert.Single(await db.ReadStatesAsync());
        Assert.Equal((center.Range.Start, center.Range.End), (state.FirstPeriodStart, state.LastPeriodEnd));
    }
}
