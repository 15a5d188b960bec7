//! SQLite schema: recognising a journal, refusing foreign or newer files
//! without touching them, and migrating older ones forward.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use super::event::SCHEMA_VERSION;
use super::sqlite::sql_err;
use super::{JournalError, Location};

/// `PRAGMA application_id` marking a watchkeeper journal ("WTKP").
pub(super) const APPLICATION_ID: i64 = 0x5754_4B50;

/// Forward migrations: `MIGRATIONS[n]` takes a journal from version `n` to
/// `n + 1`. Only ever append to this list; never edit a shipped entry.
/// Statements stay portable SQL apart from SQLite's AUTOINCREMENT.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the events table.
    "CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        officer TEXT NOT NULL,
        host TEXT NOT NULL,
        alert TEXT NULL,
        station TEXT NULL,
        payload TEXT NOT NULL,
        note TEXT NULL,
        unique_key TEXT UNIQUE
    );
    CREATE INDEX events_alert ON events (alert);
    CREATE INDEX events_kind ON events (kind);
    CREATE INDEX events_at ON events (at);",
    // 1 -> 2: checkpoints, the folded state as of an event (derived data,
    // rebuilt from the events whenever it is missing or unreadable).
    "CREATE TABLE checkpoints (
        seq INTEGER PRIMARY KEY,
        version INTEGER NOT NULL,
        written_at TEXT NOT NULL,
        state BLOB NOT NULL
    );",
    // 2 -> 3: the appender's event id (idempotent retries; NULL for events
    // recorded before), and the database itself refusing any change to a
    // recorded event.
    "ALTER TABLE events ADD COLUMN id TEXT NULL;
    CREATE UNIQUE INDEX events_id ON events (id);
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'watchkeeper journal events are append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'watchkeeper journal events are append-only'); END;",
    // 3 -> 4: new event kinds that older builds cannot read, so they must
    // refuse the journal (owned, disowned, unacknowledged, unsnoozed,
    // unmuted, ack_expired, heartbeat); an index for an officer's own latest
    // events (undo), and one for the rules' lookup of an alert's lifecycle.
    "CREATE INDEX events_officer ON events (officer, seq);
    CREATE INDEX events_alert_kind ON events (alert, kind);",
];

const _: () = assert!(MIGRATIONS.len() as i64 == SCHEMA_VERSION);

/// What a database file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// An empty database: ours to create.
    Fresh,
    /// A watchkeeper journal at this (supported) schema version.
    Journal(i64),
}

/// Looks at the file without writing to it.
pub(super) fn inspect(conn: &Connection, path: &Path) -> Result<Found, JournalError> {
    // One statement, so one snapshot: another process may be creating the
    // journal at this very moment.
    let (app_id, version, objects): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT * FROM pragma_application_id), \
                    (SELECT * FROM pragma_user_version), \
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map_err(|e| sql_err(path, e))?;
    if app_id == APPLICATION_ID {
        if version > SCHEMA_VERSION {
            return Err(JournalError::NewerSchema {
                location: Location::file(path),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version >= 1 {
            return Ok(Found::Journal(version));
        }
    }
    if app_id == 0 && version == 0 && objects == 0 {
        return Ok(Found::Fresh);
    }
    Err(JournalError::NotAJournal {
        location: Location::file(path),
    })
}

/// Makes a fresh or older journal current. Takes the write lock only when
/// there is something to do, and re-checks under it (another process may
/// have created or migrated the journal meanwhile).
pub(super) fn migrate(
    conn: &mut Connection,
    path: &Path,
    found: Found,
) -> Result<(), JournalError> {
    if found == Found::Journal(SCHEMA_VERSION) {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| sql_err(path, e))?;
    let from = match inspect(&tx, path)? {
        Found::Fresh => 0,
        Found::Journal(version) => version,
    };
    if from == SCHEMA_VERSION {
        return Ok(()); // someone else got there first; the drop rolls back
    }
    let start = usize::try_from(from).unwrap_or(usize::MAX);
    for sql in MIGRATIONS.iter().skip(start) {
        tx.execute_batch(sql).map_err(|e| sql_err(path, e))?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(|e| sql_err(path, e))?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(|e| sql_err(path, e))?;
    tx.commit().map_err(|e| sql_err(path, e))
}

/// Puts the journal in WAL mode (persistent in the file) if it is not yet.
/// The switch needs the file to itself and SQLite does not wait for that, so
/// this retries until `timeout` (consoles starting together race here).
pub(super) fn ensure_wal(
    conn: &Connection,
    path: &Path,
    timeout: Duration,
) -> Result<(), JournalError> {
    let started = Instant::now();
    loop {
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .map_err(|e| sql_err(path, e))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(JournalError::Open {
                    location: Location::file(path),
                    reason: format!(
                        "SQLite could not switch it to WAL mode (it stays {mode:?}); \
                         keep the journal on a local file system"
                    ),
                });
            }
            Err(e) => match sql_err(path, e) {
                JournalError::Locked { .. } if started.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                err => return Err(err),
            },
        }
    }
}
