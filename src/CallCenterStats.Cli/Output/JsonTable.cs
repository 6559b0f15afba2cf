using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CallCenterStats.Cli.Output;

/// <summary>
/// Rows of a typed result as a table: each row serialized with the tool's JSON context and flattened (nested objects
/// become dotted columns, e.g. <c>statuses.READY.sum</c>; lists stay JSON text), columns in order of first appearance.
/// </summary>
internal static class JsonTable
{
    public static void Write(IAnsiConsole console, IEnumerable<JsonElement> rows)
    {
        var flattened = rows.Select(row =>
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(row, string.Empty, cells);
            return cells;
        }).ToArray();
        if (flattened.Length == 0)
        {
            console.WriteLine("No rows.");
            return;
        }

        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in flattened.SelectMany(r => r.Keys))
        {
            // A column that is null in every row says nothing; the JSON format keeps it.
            if (known.Add(key) && flattened.Any(r => r.TryGetValue(key, out var v) && v != Formats.Unknown))
            {
                columns.Add(key);
            }
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)) { NoWrap = true });
        }

        foreach (var row in flattened)
        {
            table.AddRow(columns.Select(c => (IRenderable)new Text(row.TryGetValue(c, out var v) ? v : string.Empty)).ToArray());
        }

        console.Write(table);
    }

    private static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> cells)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : prefix + "." + property.Name, cells);
                }

                break;
            case JsonValueKind.Array:
                if (element.GetArrayLength() > 0)
                {
                    cells[prefix] = Compact(element);
                }

                break;
            case JsonValueKind.String:
                cells[prefix] = element.GetString()!;
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                cells[prefix] = Formats.Unknown;
                break;
            default:
                cells[prefix] = element.GetRawText();
                break;
        }
    }
}
