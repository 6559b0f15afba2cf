namespace CallCenterStats.Sdk.Netaxis;

/// <summary>What an update does to one field.</summary>
public enum FieldUpdateKind
{
    /// <summary>Leave the field as it is (the field is left out of the request).</summary>
    Unchanged = 0,

    /// <summary>Delete the field's value (APIO's empty string).</summary>
    Clear,

    /// <summary>Set the field to a new value.</summary>
    Set,
}

/// <summary>
/// The change to make to a reporting e-mail address: <see cref="Unchanged"/> (the default: the field is left out
/// of the PUT), <see cref="Clear"/> (sent as <c>""</c>, which APIO reads as "delete"), or <see cref="Set(string)"/>.
/// The three cases cannot be confused: an empty address is not a way to clear.
/// </summary>
public readonly record struct EmailAddressUpdate
{
    private EmailAddressUpdate(FieldUpdateKind kind, string? address)
    {
        Kind = kind;
        Address = address;
    }

    /// <summary>Leave the address as it is. Also the <see langword="default"/> value.</summary>
    public static EmailAddressUpdate Unchanged => default;

    /// <summary>Delete the address.</summary>
    public static EmailAddressUpdate Clear { get; } = new(FieldUpdateKind.Clear, null);

    /// <summary>What this update does.</summary>
    public FieldUpdateKind Kind { get; }

    /// <summary>The new address when <see cref="Kind"/> is <see cref="FieldUpdateKind.Set"/>; otherwise null.</summary>
    public string? Address { get; }

    /// <summary>Sets the address.</summary>
    /// <param name="address">The new address; not empty or blank (use <see cref="Clear"/> to delete).</param>
    /// <returns>The update.</returns>
    /// <exception cref="ArgumentException"><paramref name="address"/> is null, empty or blank, or holds a CR, an LF, a NUL or a lone surrogate.</exception>
    public static EmailAddressUpdate Set(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        Pipeline.ParameterValues.EnsureText(address, nameof(address));
        return new(FieldUpdateKind.Set, address);
    }

    /// <summary>Returns <c>Unchanged</c>, <c>Clear</c> or <c>Set(address)</c>.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => Kind switch
    {
        FieldUpdateKind.Clear => "Clear",
        FieldUpdateKind.Set => $"Set({Address})",
        _ => "Unchanged",
    };
}
