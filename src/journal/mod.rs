//! The journal: the append-only shared record of every officer and system
//! action. Many consoles and daemons append to one journal at once; the
//! rules that keep it consistent (first ack wins, one escalation per alert
//! and step, ...) are enforced here, inside one write transaction per
//! append, never from a caller's memory.
//!
//! The backend sits behind [`Journal`], opened with [`open`] from a
//! [`Target`]: a file (SQLite, the embedded default), a `postgres://` URL
//! (one journal shared by several hosts) or memory (tests). The rules live
//! in `rules.rs`, shared by every backend; each backend also stores the
//! rules' `unique_key` and the appender's [`EventId`] under unique
//! constraints, so the database itself holds the guarantee.

mod checkpoint;
mod copy;
pub mod faults;
mod location;
mod memory;
mod postgres;
mod postgres_conn;
mod postgres_rows;
mod postgres_schema;
mod postgres_session;
mod postgres_write;
mod rules;
mod schema;
pub mod sqlite;
mod sqlite_append;
mod sqlite_rows;

#[cfg(test)]
mod file_tests;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

/// The event vocabulary lives in the domain; re-exported so the journal's
/// own files (and `journal::Event` callers) keep their paths.
pub use crate::domain::event;
pub use copy::{Copied, copy};
pub use event::*;
pub use location::{Location, OpenOptions, Target, is_postgres_url};
pub use memory::MemoryJournal;
pub use postgres::PostgresJournal;
pub use sqlite::SqliteJournal;

/// Everything that can go wrong with a journal. Every message names the
/// journal's location (a file path, or a URL without its password) and
/// says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot open journal {location}: {reason}")]
    Open { location: Location, reason: String },

    #[error(
        "journal {location} is locked by another process and stayed locked past the wait; \
         try again, and if it persists look for a stuck watchkeeper process using it"
    )]
    Locked { location: Location },

    #[error(
        "{location} is not a watchkeeper journal (not a SQLite database, or one holding other \
         data); point --journal or [journal] path at a journal, or at a new file to create one"
    )]
    NotAJournal { location: Location },

    #[error(
        "journal {location} has schema version {found}, newer than the {supported} this \
         watchkeeper supports; upgrade watchkeeper (the journal was left untouched)"
    )]
    NewerSchema {
        location: Location,
        found: i64,
        supported: i64,
    },

    #[error(
        "journal {location} is read-only here, so nothing can be recorded; check the write \
         permissions of the file and its directory (or the database role), or run with \
         --read-only"
    )]
    ReadOnly { location: Location },

    #[error(
        "journal {location}: cannot {action}: {source}; check that the directory exists and is \
         writable by you, or choose another path with --journal or [journal] path"
    )]
    Io {
        location: Location,
        /// What was being attempted, e.g. "create the file".
        action: String,
        #[source]
        source: std::io::Error,
    },

    /// The journal cannot be reached right now (database down, network
    /// lost, failover under way). Nothing was recorded by this step; the
    /// next call tries to reconnect.
    #[error(
        "journal {location} is unreachable ({reason}); nothing was recorded, \
         watchkeeper keeps reconnecting"
    )]
    Unavailable { location: Location, reason: String },

    #[error(
        "journal {location}: {detail}; check the disk or the database \
         (nothing was recorded by this step)"
    )]
    Database { location: Location, detail: String },

    #[error(
        "journal {location}: event #{seq} cannot be read ({reason}); it may have been written \
         by a newer watchkeeper, so upgrade"
    )]
    Corrupt {
        location: Location,
        seq: i64,
        reason: String,
    },

    #[error(
        "journal {location} is a directory, not a file; point --journal or [journal] path at a \
         file in it, e.g. {location}/journal.db"
    )]
    IsADirectory { location: Location },

    #[error(
        "journal {location} is damaged ({detail}) and is refused for writing, so nothing more \
         is recorded where it may not be read back. Recover: `watchkeeper --journal {location} \
         journal export > saved.jsonl` saves every event that can still be read; `watchkeeper \
         --journal {location} journal copy --to NEW` copies what can be read into a new journal; \
         then point --journal or [journal] path at the new one and keep the damaged file for \
         inspection"
    )]
    Damaged { location: Location, detail: String },

    #[error(
        "journal {location}: its write-ahead log {} was deleted while the journal was open; \
         what is recorded from now on would be lost. Stop every console and daemon using it, \
         then start again (events already checkpointed into the journal are kept)",
        .wal.display()
    )]
    WalDeleted { location: Location, wal: PathBuf },

    /// `journal copy` into a journal that already holds events.
    #[error("journal {location} already holds {events} events; copy only into an empty journal")]
    NotEmpty { location: Location, events: i64 },
}

impl JournalError {
    /// True when the journal could not be reached (retry later).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, JournalError::Unavailable { .. })
    }
}

/// The appender's own id for an event (32 hex digits, random), so that a
/// retry after a commit whose outcome was lost is recorded once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(String);

impl EventId {
    /// A fresh random id.
    pub fn new() -> Self {
        let bits: u128 = rand::random();
        EventId(format!("{bits:032x}"))
    }

    /// An id as stored; `None` unless it is 1 to 64 ASCII letters, digits or `-`.
    pub fn parse(s: &str) -> Option<Self> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        ok.then(|| EventId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for EventId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An event with what the journal stores beside it: its id (absent for
/// events recorded before ids existed) and the rules' unique key. What
/// `journal copy` moves from one journal to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: Option<EventId>,
    pub unique_key: Option<String>,
    pub event: Event,
}

/// The one interface every journal backend implements.
pub trait Journal: Send {
    /// Where this journal is (for messages).
    fn location(&self) -> &Location;

    /// Append under the journal's rules, atomically; the event is durable
    /// when this returns `Recorded`. If an event with `id` is already
    /// recorded, answers `Recorded` with it and records nothing.
    fn append_with_id(
        &mut self,
        id: &EventId,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError>;

    /// How long one [`Journal::append_with_id`] keeps trying while other
    /// writers hold the journal's lock before it answers
    /// [`JournalError::Locked`] (SQLite; default
    /// [`sqlite::APPEND_DEADLINE`]). A caller with more to do meanwhile (a
    /// console's journal thread) sets it short and tries again itself with
    /// the same id. Other backends ignore it.
    fn set_append_deadline(&mut self, _deadline: std::time::Duration) {}

    /// [`Journal::append_with_id`] with a fresh id.
    fn append(
        &mut self,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError> {
        self.append_with_id(&EventId::new(), actor, at, kind, note)
    }

    /// Events with `seq > after`, ascending, at most `limit`.
    fn read_since(&mut self, after: i64, limit: usize) -> Result<Vec<Event>, JournalError>;

    /// Like `read_since`, with each event's id and unique key.
    fn records_since(&mut self, after: i64, limit: usize) -> Result<Vec<Record>, JournalError>;

    /// Cheap: true if another connection may have committed since the last
    /// call (or since open), and also after this handle's own `Recorded`
    /// appends. A false positive costs one empty `read_since`.
    fn changed(&mut self) -> Result<bool, JournalError>;

    /// The highest `seq` recorded, or 0 for an empty journal.
    fn last_seq(&mut self) -> Result<i64, JournalError>;

    /// The newest checkpoint in `format`: its `seq` and the state's bytes.
    fn latest_checkpoint(&mut self, format: u32) -> Result<Option<(i64, Vec<u8>)>, JournalError>;

    /// Stores `state` as the fold of every event up to `seq`, dropping the
    /// checkpoints it supersedes. One already written at `seq` wins.
    fn write_checkpoint(
        &mut self,
        seq: i64,
        format: u32,
        at: DateTime<Utc>,
        state: &[u8],
    ) -> Result<(), JournalError>;

    /// The events of one alert before `before`, in order.
    fn alert_events(&mut self, alert: &str, before: i64) -> Result<Vec<Event>, JournalError>;

    /// The first event recorded at or after `at`, as its `seq`.
    fn first_seq_since(&mut self, at: DateTime<Utc>) -> Result<Option<i64>, JournalError>;

    /// Writes `records` verbatim (same seq, id, key, time, actor), in one
    /// transaction, into a journal that must hold no event yet.
    fn import(&mut self, records: &[Record]) -> Result<(), JournalError>;

    /// A full check that what is written can be read back (SQLite's
    /// `PRAGMA quick_check`); a damaged journal is refused for writing.
    /// Slow on a large file: run once, off the drawing path.
    fn check_integrity(&mut self) -> Result<(), JournalError> {
        Ok(())
    }

    /// A cheap check, made every few seconds by a long-running process, that
    /// what it records still reaches the others (SQLite: the write-ahead log
    /// was not deleted under it).
    fn check_wal(&mut self) -> Result<(), JournalError> {
        Ok(())
    }
}

/// Opens the journal at `target` for reading and writing (created if it
/// does not exist: a file and its directories, or the tables in an empty
/// PostgreSQL database).
pub fn open(target: &Target, options: &OpenOptions) -> Result<Box<dyn Journal>, JournalError> {
    match target {
        Target::File(path) => Ok(Box::new(SqliteJournal::open(path, options.mode)?)),
        Target::Postgres(url) => Ok(Box::new(PostgresJournal::open(url, options, false)?)),
        Target::Memory => Ok(Box::new(MemoryJournal::new())),
    }
}

/// As [`open`], then [`Journal::check_integrity`]: for a command about to
/// record (a damaged journal is refused for writing, with the way out).
pub fn open_checked(
    target: &Target,
    options: &OpenOptions,
) -> Result<Box<dyn Journal>, JournalError> {
    let mut j = open(target, options)?;
    j.check_integrity()?;
    Ok(j)
}

/// Opens the journal at `target` for reading only; never creates anything.
pub fn open_read_only(
    target: &Target,
    options: &OpenOptions,
) -> Result<Box<dyn Journal>, JournalError> {
    match target {
        Target::File(path) => Ok(Box::new(SqliteJournal::open_read_only(path)?)),
        Target::Postgres(url) => Ok(Box::new(PostgresJournal::open(url, options, true)?)),
        Target::Memory => Ok(Box::new(MemoryJournal::new())),
    }
}

/// As [`open`] (or [`open_read_only`] when `read_only`), for a console or a
/// daemon, which must come up while the database cannot be reached: a
/// PostgreSQL journal that does not answer yet is returned all the same,
/// its calls answer [`JournalError::Unavailable`] until it does, and the
/// schema is seen to on the first connection (a read-only handle opened
/// before any process created the journal finds it once one has).
pub fn open_waiting(
    target: &Target,
    options: &OpenOptions,
    read_only: bool,
) -> Result<Box<dyn Journal>, JournalError> {
    match target {
        Target::Postgres(url) => Ok(Box::new(PostgresJournal::open_waiting(
            url, options, read_only,
        )?)),
        _ if read_only => open_read_only(target, options),
        _ => open(target, options),
    }
}

/// True for a journal file created but not yet written (its creator has not
/// written the schema yet, or was killed first): a journal with no events.
pub fn not_yet_written(target: &Target) -> bool {
    match target {
        Target::File(path) => faults::not_yet_made(path),
        Target::Postgres(_) | Target::Memory => false,
    }
}
