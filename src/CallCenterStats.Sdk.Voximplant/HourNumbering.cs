namespace CallCenterStats.Sdk.Voximplant;

/// <summary>
/// How to read the <c>hour</c> field of <c>hour</c> and <c>hour_of_day</c> aggregations. Voximplant's
/// documentation says hours run 1–24 while its own example looks 0–23, so the SDK does not guess: it
/// reads hours as <see cref="ZeroBased"/> unless told otherwise, and an hour outside the chosen numbering (24 when
/// zero-based, 0 when one-based) makes the answer invalid
/// (<see cref="CallCenterStats.Sdk.Errors.VendorErrorKind.InvalidResponse"/>) rather than a figure filed under the
/// wrong hour.
/// </summary>
public enum HourNumbering
{
    /// <summary>Hour <c>h</c> (0–23) is the UTC hour <c>h:00</c>–<c>h+1:00</c>; <c>9</c> means 09:00–10:00. The default.</summary>
    ZeroBased = 0,

    /// <summary>Hour <c>h</c> (1–24) is the UTC hour ending at <c>h:00</c>; <c>9</c> means 08:00–09:00 and <c>24</c> means 23:00–24:00.</summary>
    OneBased,
}
