using System.Collections;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace CallCenterStats.Sdk.VccLive;

/// <summary>
/// The KPIs of a row, in order, shared by every row that lists the same KPIs: a tab/CSV answer has one layout (its
/// header), a JSON answer usually one per distinct <c>data</c> list. Rows then hold only their values.
/// </summary>
internal sealed class KpiLayout
{
    private const int LinearSearchLimit = 8;

    private readonly UserBasedKpi[] _kpis;
    private readonly Dictionary<UserBasedKpi, int>? _index;

    /// <param name="kpis">Distinct KPIs, in the row's order; the layout keeps the array (do not change it).</param>
    public KpiLayout(UserBasedKpi[] kpis)
    {
        _kpis = kpis;
        Keys = Array.AsReadOnly(kpis);
        if (kpis.Length > LinearSearchLimit)
        {
            _index = new Dictionary<UserBasedKpi, int>(kpis.Length);
            for (var i = 0; i < kpis.Length; i++)
            {
                _index.Add(kpis[i], i);
            }
        }
    }

    public static KpiLayout Empty { get; } = new([]);

    public int Count => _kpis.Length;

    public ReadOnlyCollection<UserBasedKpi> Keys { get; }

    public UserBasedKpi this[int index] => _kpis[index];

    public int IndexOf(UserBasedKpi kpi)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(kpi, out var found) ? found : -1;
        }

        for (var i = 0; i < _kpis.Length; i++)
        {
            if (_kpis[i] == kpi)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// <see cref="UserBasedStatisticsRow.Values"/>: a read-only dictionary over a shared <see cref="KpiLayout"/> and the
/// row's own values (one array per row instead of a hash table per row). Enumerates in the vendor's order.
/// </summary>
internal sealed class KpiValues(KpiLayout layout, UserBasedKpiValue[] values) : IReadOnlyDictionary<UserBasedKpi, UserBasedKpiValue>
{
    public static KpiValues Empty { get; } = new(KpiLayout.Empty, []);

    public int Count => values.Length;

    public IEnumerable<UserBasedKpi> Keys => layout.Keys;

    public IEnumerable<UserBasedKpiValue> Values => Array.AsReadOnly(values);

    public UserBasedKpiValue this[UserBasedKpi key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The row has no value of the KPI '{key}'.");

    public bool ContainsKey(UserBasedKpi key) => layout.IndexOf(key) >= 0;

    public bool TryGetValue(UserBasedKpi key, [MaybeNullWhen(false)] out UserBasedKpiValue value)
    {
        var index = layout.IndexOf(key);
        value = index >= 0 ? values[index] : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<UserBasedKpi, UserBasedKpiValue>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
        {
            yield return new KeyValuePair<UserBasedKpi, UserBasedKpiValue>(layout[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
