using System.Runtime.CompilerServices;
using System.Text.Json;
using CallCenterStats.Sdk.Aggregation;
using CallCenterStats.Sdk.Enswitch;
using CallCenterStats.Sdk.Netaxis;
using CallCenterStats.Sdk.Thulium;
using CallCenterStats.Sdk.Unified;
using CallCenterStats.Sdk.VccLive;
using CallCenterStats.Sdk.Voximplant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CallCenterStats.Sdk.Sync.TestHost;

/// <summary>
/// One sync run as the kill tests describe it in a JSON file: the vendor and its client options (section
/// <c>Client</c>, bound like an app's configuration), the database, the request, and a fixed "now".
/// </summary>
public sealed record SyncJob
{
    public required string Vendor { get; init; }

    public required string Database { get; init; }

    public TimeBucket Bucket { get; init; } = TimeBucket.Hour;

    public required string TimeZone { get; init; }

    public required Instant From { get; init; }

    public Instant? To { get; init; }

    public required Instant Now { get; init; }

    public Duration? Lookback { get; init; }

    public IReadOnlyList<string>? Agents { get; init; }

    public IReadOnlyDictionary<string, string> VendorFilters { get; init; } = new Dictionary<string, string>();

    /// <summary>The client options as configuration keys (e.g. <c>Endpoint</c>, <c>Retry:MaxRetries</c>).</summary>
    public IReadOnlyDictionary<string, string?> Client { get; init; } = new Dictionary<string, string?>();

    public static IReadOnlyList<VendorDescriptor> Vendors { get; } =
    [
        VoximplantDescriptor.Instance, VccLiveDescriptor.Instance, NetaxisDescriptor.Instance, EnswitchDescriptor.Instance, ThuliumDescriptor.Instance,
    ];

    public SyncRequest Request(bool resume) => new()
    {
        Bucket = Bucket,
        TimeZone = DateTimeZoneProviders.Tzdb[TimeZone],
        From = resume ? null : From,
        To = To,
        Lookback = Lookback,
        Agents = Agents,
        VendorFilters = VendorFilters,
    };

    /// <summary>Builds the vendor's client and unified source from <see cref="Client"/>, through the vendor's own registration.</summary>
    public ServiceProvider CreateServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Client).Build();
        var services = new ServiceCollection();
        var descriptor = Vendors.Single(v => v.Id == Vendor);
        descriptor.AddClient(services, Options.DefaultName, configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Runs the job: with <paramref name="resume"/>, <see cref="From"/> is used only when the database has no state yet
    /// (a scheduled worker's first run), otherwise the run continues from the state. <paramref name="checkpoint"/> is
    /// called at each record the source yields (<c>record</c>) and at each step of each chunk's transaction.
    /// </summary>
    public async Task<SyncResult> RunAsync(bool resume, Action<string>? checkpoint, CancellationToken cancellationToken = default)
    {
        await using var services = CreateServices();
        var source = services.GetServices<IAgentStatisticsSource>().Single();
        await using var store = StatisticsStore.Open(Database);
        store.Checkpoint = checkpoint;
        var request = Request(resume: false);
        if (resume && await store.GetStateAsync(source.Vendor, source.Account, Bucket, request.TimeZone, cancellationToken) is not null)
        {
            request = request with { From = null };
        }

        var sync = new AgentStatisticsSync(store, new FixedClock(Now));
        return await sync.SyncAsync(new CheckpointSource(source, checkpoint), request, cancellationToken: cancellationToken);
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString(nameof(Vendor), Vendor);
            json.WriteString(nameof(Database), Database);
            json.WriteString(nameof(Bucket), Bucket.ToString());
            json.WriteString(nameof(TimeZone), TimeZone);
            json.WriteString(nameof(From), InstantPattern.ExtendedIso.Format(From));
            if (To is { } to)
            {
                json.WriteString(nameof(To), InstantPattern.ExtendedIso.Format(to));
            }

            json.WriteString(nameof(Now), InstantPattern.ExtendedIso.Format(Now));
            if (Lookback is { } lookback)
            {
                json.WriteNumber("LookbackSeconds", (long)lookback.TotalSeconds);
            }

            if (Agents is not null)
            {
                json.WriteStartArray(nameof(Agents));
                foreach (var agent in Agents)
                {
                    json.WriteStringValue(agent);
                }

                json.WriteEndArray();
            }

            json.WriteStartObject(nameof(VendorFilters));
            foreach (var (name, value) in VendorFilters)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartObject(nameof(Client));
            foreach (var (name, value) in Client)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static SyncJob FromJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        string? Optional(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new SyncJob
        {
            Vendor = root.GetProperty(nameof(Vendor)).GetString()!,
            Database = root.GetProperty(nameof(Database)).GetString()!,
            Bucket = Enum.Parse<TimeBucket>(root.GetProperty(nameof(Bucket)).GetString()!),
            TimeZone = root.GetProperty(nameof(TimeZone)).GetString()!,
            From = InstantPattern.ExtendedIso.Parse(root.GetProperty(nameof(From)).GetString()!).Value,
            To = Optional(nameof(To)) is { } to ? InstantPattern.ExtendedIso.Parse(to).Value : null,
            Now = InstantPattern.ExtendedIso.Parse(root.GetProperty(nameof(Now)).GetString()!).Value,
            Lookback = root.TryGetProperty("LookbackSeconds", out var lookback) ? Duration.FromSeconds(lookback.GetInt64()) : null,
            Agents = root.TryGetProperty(nameof(Agents), out var agents) ? agents.EnumerateArray().Select(a => a.GetString()!).ToArray() : null,
            VendorFilters = root.GetProperty(nameof(VendorFilters)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            Client = root.GetProperty(nameof(Client)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()),
        };
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}

/// <summary>A source that reports a <c>record</c> checkpoint before handing on each record of the source it wraps.</summary>
public sealed class CheckpointSource(IAgentStatisticsSource inner, Action<string>? checkpoint) : IAgentStatisticsSource
{
    public string Vendor => inner.Vendor;

    public string Account => inner.Account;

    public IReadOnlyList<PlannedRequest> Plan(AgentStatisticsQuery query) => inner.Plan(query);

    public IAsyncEnumerable<AgentStatistics> GetAgentStatisticsAsync(AgentStatisticsQuery query, CancellationToken cancellationToken = default) =>
        Wrap(inner.GetAgentStatisticsAsync(query, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<AgentStatistics> Wrap(IAsyncEnumerable<AgentStatistics> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            checkpoint?.Invoke("record");
            yield return record;
        }
    }
}
