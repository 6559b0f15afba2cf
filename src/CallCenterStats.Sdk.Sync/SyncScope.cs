namespace CallCenterStats.Sdk.Sync;

/// <summary>The scope of a sync as canonical text: the same agents and filters in any order give the same text.</summary>
internal static class SyncScope
{
    public static string Describe(IReadOnlyList<string>? agents, IReadOnlyDictionary<string, string> filters)
    {
        var parts = new List<string>();
        if (agents is not null)
        {
            parts.Add("agents=" + string.Join(',', agents.Select(a => a.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
        }

        foreach (var (name, value) in filters.Where(f => !string.IsNullOrWhiteSpace(f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var values = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            parts.Add(name + "=" + string.Join(',', values));
        }

        return string.Join(';', parts);
    }
}
