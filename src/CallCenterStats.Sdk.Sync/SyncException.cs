namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// A sync could not read or write its database, or the data it was given cannot be stored as it is. The message says
/// what went wrong and where, in one or two sentences, and never contains a password (the database is described by
/// its host, port, database and user, or by its file path).
/// </summary>
/// <remarks>
/// Rows and state committed before the failure stay committed (each chunk is one transaction): running the same sync
/// again continues from there. Vendor and network failures are not wrapped: they surface as the vendor client's own
/// <see cref="Errors.VendorApiException"/>, and invalid requests as <see cref="ArgumentException"/>, thrown before any
/// I/O.
/// </remarks>
public sealed class SyncException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SyncException()
        : this(SyncErrorKind.DatabaseUnavailable, "The sync failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public SyncException(string message)
        : this(SyncErrorKind.DatabaseUnavailable, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SyncException(string message, Exception? innerException)
        : this(SyncErrorKind.DatabaseUnavailable, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">What went wrong; must not contain a secret.</param>
    /// <param name="innerException">The cause, already stripped of secrets.</param>
    public SyncException(SyncErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What kind of failure it is.</summary>
    public SyncErrorKind Kind { get; }
}

/// <summary>The kinds of <see cref="SyncException"/>.</summary>
public enum SyncErrorKind
{
    /// <summary>The database cannot be reached or opened (no server at the address, refused login, no such folder, a timeout).</summary>
    DatabaseUnavailable = 0,

    /// <summary>The database was reached but cannot be written (a read-only file or folder, no permission to create or change the tables).</summary>
    DatabaseNotWritable,

    /// <summary>The database's schema was written by a newer version of this package; this one refuses to touch it.</summary>
    SchemaTooNew,

    /// <summary>The database holds something this package did not write where its tables should be (a table of the same name with other columns).</summary>
    SchemaMismatch,

    /// <summary>
    /// The vendor account, bucket and zone were synced with another scope (other agents or vendor filters); syncing a
    /// different scope under the same account would delete the other scope's rows. Use another account name.
    /// </summary>
    ScopeChanged,

    /// <summary>The source returned records the store cannot take as they are (out of period order, another vendor, bucket or zone, periods not on bucket boundaries).</summary>
    InvalidSourceData,
}
