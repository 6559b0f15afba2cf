namespace CallCenterStats.Sdk.Errors;

/// <summary>One error as the vendor reported it.</summary>
/// <param name="Code">The vendor's error code as text (numeric codes are written in invariant culture), or null.</param>
/// <param name="Message">The vendor's message, with any known secret redacted.</param>
public sealed record VendorError(string? Code, string Message)
{
    /// <summary>The parameter or field the error is about, when the vendor says (e.g. Enswitch's <c>key</c>).</summary>
    public string? Target { get; init; }

    /// <summary>Further details the vendor gave, when any (e.g. Netaxis' <c>details</c>).</summary>
    public string? Details { get; init; }

    /// <summary>Returns <c>code: message</c>, with the target when known.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
    {
        var text = Code is null ? Message : $"{Code}: {Message}";
        return Target is null ? text : $"{text} ({Target})";
    }
}
