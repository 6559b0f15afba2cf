using System.Globalization;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// Checks and joins list parameters before any I/O: a value that contains the list separator would be
/// read by the vendor as several values (parameter injection), so it is rejected with an
/// <see cref="ArgumentException"/> naming the parameter.
/// </summary>
public static class ParameterValues
{
    /// <summary>Joins <paramref name="values"/> with <paramref name="separator"/> after checking each of them.</summary>
    /// <param name="values">The values.</param>
    /// <param name="separator">The vendor's list separator (e.g. <c>;</c> or <c>,</c>).</param>
    /// <param name="paramName">The parameter the values came from, for the exception.</param>
    /// <returns>The joined list.</returns>
    /// <exception cref="ArgumentException">A value is null, empty, blank or contains <paramref name="separator"/>.</exception>
    public static string Join(IEnumerable<string> values, char separator, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        foreach (var value in list)
        {
            EnsureListItem(value, separator, paramName);
        }

        return string.Join(separator, list);
    }

    /// <summary>Joins integers with <paramref name="separator"/> in the invariant culture.</summary>
    /// <param name="values">The values.</param>
    /// <param name="separator">The vendor's list separator.</param>
    /// <returns>The joined list.</returns>
    public static string Join(IEnumerable<long> values, char separator)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(separator, values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Checks that every id of a list is positive (vendors number their users, queues and projects from 1).</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="paramName">The parameter the ids came from, for the exception.</param>
    /// <exception cref="ArgumentException">An id is zero or negative.</exception>
    public static void EnsurePositive(IEnumerable<long> ids, string paramName)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            if (id <= 0)
            {
                throw new ArgumentException($"Ids must be positive; {id.ToString(CultureInfo.InvariantCulture)} is not.", paramName);
            }
        }
    }

    /// <summary>
    /// Checks a text parameter before any I/O: a lone surrogate would be silently replaced by U+FFFD on the wire, and CR,
    /// LF or NUL could split a header or a line of the vendor's protocol.
    /// </summary>
    /// <param name="value">The value; null is accepted (an optional parameter left out).</param>
    /// <param name="paramName">The parameter the value came from, for the exception.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ArgumentException">The value holds a lone surrogate, a CR, an LF or a NUL.</exception>
    public static string? EnsureText(string? value, string paramName)
    {
        if (FindProblem(value) is { } problem)
        {
            throw new ArgumentException($"The value {problem}, which cannot be sent.", paramName);
        }

        return value;
    }

    /// <summary>Describes what makes <paramref name="value"/> unsendable, or null when it is fine (see <see cref="EnsureText"/>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>E.g. <c>contains a line feed (LF) at position 3</c>, or null.</returns>
    public static string? FindProblem(string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var problem = c switch
            {
                '\r' => "a carriage return (CR)",
                '\n' => "a line feed (LF)",
                '\0' => "a NUL character",
                _ when char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) => "a lone high surrogate",
                _ when char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])) => "a lone low surrogate",
                _ => null,
            };
            if (problem is not null)
            {
                return $"contains {problem} at position {i.ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }

    /// <summary>Checks one list item.</summary>
    /// <param name="value">The value.</param>
    /// <param name="separator">The vendor's list separator.</param>
    /// <param name="paramName">The parameter the value came from, for the exception.</param>
    /// <exception cref="ArgumentException">The value is null, empty, blank, contains <paramref name="separator"/>, or is not sendable text (see <see cref="EnsureText"/>).</exception>
    public static void EnsureListItem(string? value, char separator, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("List values cannot be null, empty or blank.", paramName);
        }

        EnsureText(value, paramName);

        if (value.Contains(separator, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The value '{value}' contains the list separator '{separator}', which the vendor would read as two values.",
                paramName);
        }
    }
}
