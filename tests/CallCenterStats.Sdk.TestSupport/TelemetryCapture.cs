using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallCenterStats.Sdk.TestSupport;

/// <summary>
/// Captures the SDK's spans and measurements (source and meter <c>CallCenterStats.Sdk</c>) for one account name, so
/// tests running in parallel do not see each other's telemetry.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)> _measurements = new();

    public TelemetryCapture(string account)
    {
        Account = account;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CallCenterStatsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem(CallCenterStatsTelemetry.AccountTag), account))
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CallCenterStatsTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public string Account { get; }

    public IReadOnlyList<Activity> Spans => _spans.ToArray();

    public IReadOnlyList<(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)> Measurements => _measurements.ToArray();

    /// <summary>The sum of an instrument's measurements.</summary>
    public double Sum(string instrument) => Measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    /// <summary>Every tag value and span name, as text: what must never contain a secret.</summary>
    public string AllText => string.Join(
        '\n',
        Spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Prepend(s.DisplayName).Append(s.StatusDescription ?? string.Empty))
            .Concat(Measurements.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}"))));

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (Equals(copy.GetValueOrDefault(CallCenterStatsTelemetry.AccountTag), Account))
        {
            _measurements.Enqueue((instrument.Name, value, copy));
        }
    }
}
