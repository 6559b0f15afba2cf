using System.Text;

namespace CallCenterStats.Sdk.TestSupport.Fuzzing;

/// <summary>
/// Deterministic mutations of answer bodies (seeded): truncations, byte flips, insertions (invalid UTF-8 among them),
/// deletions, values replaced by other types, nulls, huge numbers and strings, deep nesting, duplicate keys, repeated or
/// swapped chunks, and whole bodies replaced by HTML, empty text or bare JSON. The same seed gives the same mutations.
/// </summary>
public sealed class BodyMutator(int seed)
{
    private static readonly byte[][] Insertions =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x00], [0x0A], [0x0D],
        "\"\\ud800\""u8.ToArray(), "\\udc00"u8.ToArray(), "null"u8.ToArray(), ","u8.ToArray(), "]"u8.ToArray(), "}"u8.ToArray(),
        "{"u8.ToArray(), "["u8.ToArray(), "\""u8.ToArray(), ":"u8.ToArray(), "\t\"\r\n"u8.ToArray(), "\uFEFF"u8.ToArray(),
    ];

    private static readonly string[] Replacements =
    [
        "null", "true", "false", "\"\"", "\"text\"", "0", "-1", "1.5", "1e309", "-1e309", "99999999999999999999999999999",
        "-99999999999999999999999999999", "\"99999999999999999999999999999\"", "\"-1\"", "\"1.5\"", "{}", "[]", "[null]",
        "[[]]", "{\"a\":1}", "\"2024-13-45\"", "\"99:99:99\"", "\"9999999999:00:00\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"<html>\"", "1E400", "0.0000000000000000000000000001", "\"\\\\\"", "NaN", "\"NaN\"", "\"Infinity\"",
    ];

    private static readonly string[] WholeBodies =
    [
        "", " ", "{}", "[]", "null", "true", "0", "\"\"", "[null]", "{\"\":null}",
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
        "<html><body>Login required</body></html>", "Service Unavailable", "OK", "a,b,c\n1,2,3\n", "\uFEFF",
    ];

    private readonly Random _random = new(seed);

    /// <summary>Returns one mutation of <paramref name="body"/> (one to three operators) and a description of what was done.</summary>
    public (byte[] Body, string Description) Mutate(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var result = body;
        var description = new StringBuilder();
        var operators = 1 + _random.Next(3);
        for (var i = 0; i < operators; i++)
        {
            var (mutated, what) = Once(result);
            result = mutated;
            description.Append(i == 0 ? string.Empty : "; ").Append(what);
        }

        return (result, description.ToString());
    }

    private (byte[] Body, string What) Once(byte[] body)
    {
        var length = body.Length;
        switch (_random.Next(12))
        {
            case 0 when length > 0:
                var cut = _random.Next(length);
                return (body[..cut], $"truncated at {cut}");
            case 1 when length > 0:
                var copy = (byte[])body.Clone();
                var flips = 1 + _random.Next(4);
                for (var i = 0; i < flips; i++)
                {
                    copy[_random.Next(length)] ^= (byte)(1 << _random.Next(8));
                }

                return (copy, $"{flips} bit flips");
            case 2:
                var at = _random.Next(length + 1);
                var insertion = Insertions[_random.Next(Insertions.Length)];
                return ([.. body[..at], .. insertion, .. body[at..]], $"inserted {Convert.ToHexString(insertion)} at {at}");
            case 3 when length > 1:
                var from = _random.Next(length);
                var count = 1 + _random.Next(Math.Min(64, length - from));
                return ([.. body[..from], .. body[(from + count)..]], $"deleted {count} bytes at {from}");
            case 4:
            case 5:
                return ReplaceValue(body, Replacements[_random.Next(Replacements.Length)]);
            case 6:
                return ReplaceValue(body, _random.Next(2) == 0 ? new string('[', 2000) + new string(']', 2000) : "{\"x\":" + string.Concat(Enumerable.Repeat("{\"x\":", 500)) + "1" + new string('}', 501));
            case 7:
                return ReplaceValue(body, _random.Next(2) == 0 ? "\"" + new string('a', 1 << (10 + _random.Next(11))) + "\"" : new string('9', 1 << (6 + _random.Next(10))));
            case 8:
                return DuplicateKey(body);
            case 9 when length > 2:
                var start = _random.Next(length);
                var size = 1 + _random.Next(Math.Min(256, length - start));
                var times = 2 + _random.Next(6);
                var chunk = body[start..(start + size)];
                return ([.. body[..(start + size)], .. Enumerable.Repeat(chunk, times - 1).SelectMany(c => c), .. body[(start + size)..]], $"repeated {size} bytes at {start} x{times}");
            case 10:
                var whole = WholeBodies[_random.Next(WholeBodies.Length)];
                return (Encoding.UTF8.GetBytes(whole), $"body replaced by '{(whole.Length > 30 ? whole[..30] + "…" : whole)}'");
            default:
                return ReplaceValue(body, Replacements[_random.Next(Replacements.Length)]);
        }
    }

    /// <summary>Replaces one JSON scalar value (a number, a string, true/false/null after a colon or in an array) by <paramref name="replacement"/>.</summary>
    private (byte[] Body, string What) ReplaceValue(byte[] body, string replacement)
    {
        var text = Encoding.UTF8.GetString(body);
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if ((text[i] is ':' or '[' or ',') && i + 1 < text.Length)
            {
                starts.Add(i + 1);
            }
        }

        if (starts.Count == 0)
        {
            return (Encoding.UTF8.GetBytes(replacement), "body replaced by a value");
        }

        var start = starts[_random.Next(starts.Count)];
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = ScalarEnd(text, start);
        var replaced = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end));
        var shown = replacement.Length > 30 ? replacement[..30] + "…" : replacement;
        return (Encoding.UTF8.GetBytes(replaced), $"value at {start} replaced by {shown}");
    }

    private (byte[] Body, string What) DuplicateKey(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var keys = new List<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] == '"' && (i == 0 || text[i - 1] is '{' or ',' or ' ' or '\n' or '\t'))
            {
                keys.Add(i);
            }
        }

        if (keys.Count == 0)
        {
            return (body, "no key to duplicate");
        }

        var keyStart = keys[_random.Next(keys.Count)];
        var colon = text.IndexOf(':', keyStart);
        if (colon < 0)
        {
            return (body, "no key to duplicate");
        }

        var valueStart = colon + 1;
        while (valueStart < text.Length && char.IsWhiteSpace(text[valueStart]))
        {
            valueStart++;
        }

        var valueEnd = ScalarEnd(text, valueStart);
        var pair = text[keyStart..valueEnd];
        return (Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, valueEnd), ",", pair, text.AsSpan(valueEnd))), $"duplicated '{(pair.Length > 30 ? pair[..30] + "…" : pair)}'");
    }

    /// <summary>The end of the scalar (or whole object/array, bracket-matched roughly) starting at <paramref name="start"/>.</summary>
    private static int ScalarEnd(string text, int start)
    {
        if (start >= text.Length)
        {
            return start;
        }

        if (text[start] == '"')
        {
            var i = start + 1;
            while (i < text.Length && text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            return Math.Min(text.Length, i + 1);
        }

        if (text[start] is '{' or '[')
        {
            var depth = 0;
            var inString = false;
            for (var i = start; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c is '{' or '[')
                {
                    depth++;
                }
                else if (c is '}' or ']' && --depth == 0)
                {
                    return i + 1;
                }
            }

            return text.Length;
        }

        var end = start;
        while (end < text.Length && text[end] is not (',' or '}' or ']' or '\n' or '\r' or '\t' or ' '))
        {
            end++;
        }

        return end;
    }
}
