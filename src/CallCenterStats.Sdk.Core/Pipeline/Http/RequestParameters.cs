using System.Globalization;
using System.Text;

namespace CallCenterStats.Sdk.Pipeline;

/// <summary>
/// An ordered list of request parameters (name and value) that becomes a query string or an
/// <c>application/x-www-form-urlencoded</c> body. Values are formatted with the invariant culture; absent
/// (null) values are left out, as vendors expect unset parameters to be missing rather than empty.
/// </summary>
public sealed class RequestParameters
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    /// <summary>The parameters in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    /// <summary>Adds a parameter when <paramref name="value"/> is not null.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This instance.</returns>
    public RequestParameters Add(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (value is not null)
        {
            _items.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds an integer parameter when <paramref name="value"/> has a value (invariant culture).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This instance.</returns>
    public RequestParameters Add(string name, long? value) =>
        Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a boolean parameter as <c>true</c>/<c>false</c> when <paramref name="value"/> has a value.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This instance.</returns>
    public RequestParameters Add(string name, bool? value) =>
        Add(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds one parameter per value, all with the same name (e.g. <c>agent_logins[]=a&amp;agent_logins[]=b</c>).</summary>
    /// <param name="name">The parameter name, including any <c>[]</c> suffix the vendor wants.</param>
    /// <param name="values">The values; null adds nothing.</param>
    /// <returns>This instance.</returns>
    public RequestParameters AddRepeated(string name, IEnumerable<string>? values)
    {
        if (values is not null)
        {
            foreach (var value in values)
            {
                Add(name, value);
            }
        }

        return this;
    }

    /// <summary>
    /// Returns the parameters as a query string without the leading <c>?</c>. Escaping follows RFC 3986 but leaves
    /// <c>,</c> <c>:</c> <c>@</c> and <c>/</c> as they are (legal in a query, and how vendors document lists such as
    /// <c>dimensions=project,user</c> and dates such as <c>09:00:00</c>); <c>&amp;</c>, <c>=</c>, <c>+</c>, <c>;</c> and
    /// everything else that could change the meaning of the query are escaped.
    /// </summary>
    /// <returns>The encoded query; empty when there are no parameters.</returns>
    public string ToQueryString()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in _items)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(EscapeQueryComponent(name)).Append('=').Append(EscapeQueryComponent(value));
        }

        return text.ToString();
    }

    /// <summary>Returns the parameters as an <c>application/x-www-form-urlencoded</c> body.</summary>
    /// <returns>The content; it can be sent more than once.</returns>
    public FormUrlEncodedContent ToFormContent() => new(_items);

    /// <summary>Appends the parameters to <paramref name="path"/> as a query string.</summary>
    /// <param name="path">A relative path without a query.</param>
    /// <returns>The path with <c>?query</c> appended when there are parameters.</returns>
    public string AppendTo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var query = ToQueryString();
        return query.Length == 0 ? path : path + "?" + query;
    }

    internal static string EscapeQueryComponent(string value) =>
        Uri.EscapeDataString(value)
            .Replace("%2C", ",", StringComparison.Ordinal)
            .Replace("%3A", ":", StringComparison.Ordinal)
            .Replace("%40", "@", StringComparison.Ordinal)
            .Replace("%2F", "/", StringComparison.Ordinal);
}
