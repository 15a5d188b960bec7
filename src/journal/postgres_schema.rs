//! The PostgreSQL journal's schema and its versioned migrations. The
//! database enforces that events are append-only: a trigger refuses every
//! UPDATE, DELETE and TRUNCATE of `events`, whoever the role (and an
//! operator may also grant the consoles' role only SELECT and INSERT).

use tokio_postgres::Client;

/// Forward migrations: `MIGRATIONS[n]` takes the database from version `n`
/// to `n + 1`. Only ever append; never edit a shipped entry.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: events, checkpoints, and append-only enforced by the database.
    "CREATE TABLE events (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        id text NULL UNIQUE,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        officer text NOT NULL,
        host text NOT NULL,
        alert text NULL,
        station text NULL,
        payload jsonb NOT NULL,
        note text NULL,
        unique_key text NULL UNIQUE,
        committed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_alert ON events (alert, seq);
    CREATE INDEX events_at ON events (at);
    CREATE TABLE checkpoints (
        seq bigint PRIMARY KEY,
        version integer NOT NULL,
        written_at timestamptz NOT NULL,
        state bytea NOT NULL
    );
    CREATE FUNCTION watchkeeper_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'watchkeeper journal events are append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION watchkeeper_events_append_only();
    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION watchkeeper_events_append_only();",
    // 1 -> 2: new event kinds (owned, disowned, unacknowledged, unsnoozed,
    // unmuted) that older builds cannot read, so they must refuse the
    // database; and an index for an officer's own latest events (undo).
    "CREATE INDEX events_officer ON events (officer, seq);",
];

/// The schema version this build reads and writes.
pub(super) const VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock keys ("WTKP" and 1, 2): appends, and migrations.
pub(super) const APPEND_LOCK: i64 = 0x5754_4B50_0000_0001;
const MIGRATE_LOCK: i64 = 0x5754_4B50_0000_0002;

/// Outcome of looking at the database.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Schema {
    Current,
    /// Created or migrated by this call.
    Migrated {
        from: i64,
    },
    Older(i64),
    Newer(i64),
}

async fn version(client: &Client) -> Result<Option<i64>, tokio_postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('watchkeeper_schema') IS NOT NULL", &[])
        .await?
        .try_get(0)?;
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_one(
            "SELECT COALESCE(MAX(version), 0)::bigint FROM watchkeeper_schema",
            &[],
        )
        .await?;
    Ok(Some(row.try_get(0)?))
}

/// Looks without writing (read-only opens).
pub(super) async fn inspect(client: &Client) -> Result<Schema, tokio_postgres::Error> {
    Ok(match version(client).await?.unwrap_or(0) {
        v if v == VERSION => Schema::Current,
        v if v > VERSION => Schema::Newer(v),
        v => Schema::Older(v),
    })
}

/// Creates or migrates the schema, under a lock so that consoles starting
/// together migrate once.
pub(super) async fn migrate(client: &mut Client) -> Result<Schema, tokio_postgres::Error> {
    if let Schema::Current | Schema::Newer(_) = inspect(client).await? {
        return inspect(client).await;
    }
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS watchkeeper_schema (
            version bigint PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .await?;
    let from: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0)::bigint FROM watchkeeper_schema",
            &[],
        )
        .await?
        .try_get(0)?;
    if from >= VERSION {
        tx.commit().await?;
        return inspect(client).await;
    }
    let start = usize::try_from(from).unwrap_or(usize::MAX);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(start) {
        tx.batch_execute(sql).await?;
        let version = i64::try_from(i + 1).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO watchkeeper_schema (version) VALUES ($1)",
            &[&version],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Schema::Migrated { from })
}
