namespace CallCenterStats.Sdk.Sync;

/// <summary>
/// The schema, one forward migration per version and database. A version, once released, never changes: a new
/// version adds a migration (and bumps <see cref="StatisticsStore.SchemaVersion"/>).
/// </summary>
/// <remarks>
/// The primary key is (vendor, account, agent_id, bucket, time_zone, period_start), declared with the period before the
/// agent so that a chunk (one key's periods in a range) is one range of the key's index: the delete of a chunk and the
/// search for provisional periods read only that range.
/// </remarks>
internal static class SchemaStatements
{
    public static IReadOnlyList<string> Sqlite(int version) => version switch
    {
        1 =>
        [
            """
            CREATE TABLE agent_statistics (
                vendor TEXT NOT NULL,
                account TEXT NOT NULL,
                agent_id TEXT NOT NULL,
                agent_name TEXT,
                bucket TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                period_start TEXT NOT NULL,
                period_end TEXT NOT NULL,
                calls_handled INTEGER,
                calls_unanswered INTEGER,
                talk_seconds NUMERIC,
                available_seconds NUMERIC,
                on_call_seconds NUMERIC,
                after_call_work_seconds NUMERIC,
                paused_seconds NUMERIC,
                offline_seconds NUMERIC,
                dnd_seconds NUMERIC,
                vendor_metrics TEXT NOT NULL DEFAULT '{}',
                provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
                pulled_at TEXT NOT NULL,
                PRIMARY KEY (vendor, account, bucket, time_zone, period_start, agent_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX agent_statistics_provisional ON agent_statistics (vendor, account, bucket, time_zone, period_start) WHERE provisional = 1",
            """
            CREATE TABLE sync_state (
                vendor TEXT NOT NULL,
                account TEXT NOT NULL,
                bucket TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                scope TEXT NOT NULL,
                first_period_start TEXT NOT NULL,
                last_period_end TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (vendor, account, bucket, time_zone)
            )
            """,
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "No such schema version."),
    };

    public static IReadOnlyList<string> Postgres(int version) => version switch
    {
        1 =>
        [
            """
            CREATE TABLE agent_statistics (
                vendor text NOT NULL,
                account text NOT NULL,
                agent_id text NOT NULL,
                agent_name text,
                bucket text NOT NULL,
                time_zone text NOT NULL,
                period_start timestamptz NOT NULL,
                period_end timestamptz NOT NULL,
                calls_handled bigint,
                calls_unanswered bigint,
                talk_seconds numeric,
                available_seconds numeric,
                on_call_seconds numeric,
                after_call_work_seconds numeric,
                paused_seconds numeric,
                offline_seconds numeric,
                dnd_seconds numeric,
                vendor_metrics jsonb NOT NULL DEFAULT '{}',
                provisional boolean NOT NULL,
                pulled_at timestamptz NOT NULL,
                PRIMARY KEY (vendor, account, bucket, time_zone, period_start, agent_id)
            )
            """,
            "CREATE INDEX agent_statistics_provisional ON agent_statistics (vendor, account, bucket, time_zone, period_start) WHERE provisional",
            """
            CREATE TABLE sync_state (
                vendor text NOT NULL,
                account text NOT NULL,
                bucket text NOT NULL,
                time_zone text NOT NULL,
                scope text NOT NULL,
                first_period_start timestamptz NOT NULL,
                last_period_end timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (vendor, account, bucket, time_zone)
            )
            """,
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "No such schema version."),
    };

    public static SyncException TooNew(string database, long version) =>
        new(
            SyncErrorKind.SchemaTooNew,
            $"{database} has schema version {version}, written by a newer CallCenterStats.Sdk.Sync; this version knows up to {StatisticsStore.SchemaVersion} " +
            "and does not touch a newer schema. Update the package (or the ccstats tool).");
}
