//! The journal: the append-only shared record of every officer and system
//! action. Many consoles and daemons append to one journal at once; the
//! rules that keep it consistent (first ack wins, one escalation per alert
//! and step, ...) are enforced here, inside one write transaction per
//! append, never from a caller's memory.
//!
//! The backend sits behind [`Journal`]: [`SqliteJournal`] (the embedded
//! default) now, PostgreSQL later. The uniqueness rules are also carried by
//! a `unique_key` column with a unique index, so any SQL backend gets the
//! same guarantee.

mod checkpoint;
pub mod faults;
mod rules;
mod schema;
pub mod sqlite;

#[cfg(test)]
mod file_tests;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

/// The event vocabulary lives in the domain; re-exported so the journal's
/// own files (and `journal::Event` callers) keep their paths.
pub use crate::domain::event;
pub use event::*;
pub use sqlite::SqliteJournal;

/// Everything that can go wrong with a journal. Every message names the
/// journal's path and says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot open journal {}: {reason}", .path.display())]
    Open { path: PathBuf, reason: String },

    #[error(
        "journal {} is locked by another process and stayed locked past the wait; \
         try again, and if it persists look for a stuck watchkeeper process using it",
        .path.display()
    )]
    Locked { path: PathBuf },

    #[error(
        "{} is not a watchkeeper journal (not a SQLite database, or one holding other data); \
         point --journal or [journal] path at a journal, or at a new file to create one",
        .path.display()
    )]
    NotAJournal { path: PathBuf },

    #[error(
        "journal {} has schema version {found}, newer than the {supported} this watchkeeper \
         supports; upgrade watchkeeper (the journal was left untouched)",
        .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error(
        "journal {} is read-only here, so nothing can be recorded; check the write \
         permissions of the file and its directory, or run with --read-only",
        .path.display()
    )]
    ReadOnly { path: PathBuf },

    #[error(
        "journal {}: cannot {action}: {source}; check that the directory exists and is \
         writable by you, or choose another path with --journal or [journal] path",
        .path.display()
    )]
    Io {
        path: PathBuf,
        /// What was being attempted, e.g. "create the file".
        action: String,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "journal {}: {source}; check the disk and the file (nothing was recorded by this step)",
        .path.display()
    )]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error(
        "journal {}: event #{seq} cannot be read ({reason}); it may have been written by a \
         newer watchkeeper, so upgrade",
        .path.display()
    )]
    Corrupt {
        path: PathBuf,
        seq: i64,
        reason: String,
    },

    #[error(
        "journal {} is a directory, not a file; point --journal or [journal] path at a file \
         in it, e.g. {}",
        .path.display(), .path.join("journal.db").display()
    )]
    IsADirectory { path: PathBuf },

    #[error(
        "journal {} is damaged ({detail}) and is refused for writing, so nothing more is \
         recorded where it may not be read back. Recover: `watchkeeper --journal {} journal \
         export > saved.jsonl` saves every event that can still be read; then point --journal \
         or [journal] path at a new file (`watchkeeper journal copy NEW` will do both in one \
         step) and keep the damaged file for inspection",
        .path.display(), .path.display()
    )]
    Damaged { path: PathBuf, detail: String },

    #[error(
        "journal {}: its write-ahead log {} was deleted while the journal was open; what is \
         recorded from now on would be lost. Stop every console and daemon using it, then \
         start again (events already checkpointed into the journal are kept)",
        .path.display(), .wal.display()
    )]
    WalDeleted { path: PathBuf, wal: PathBuf },
}

/// The one interface every journal backend implements.
pub trait Journal: Send {
    /// Append under the journal's rules, atomically; the event is durable
    /// (fsynced) when this returns `Recorded`.
    fn append(
        &mut self,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError>;

    /// Events with `seq > after`, ascending, at most `limit`.
    fn read_since(&mut self, after: i64, limit: usize) -> Result<Vec<Event>, JournalError>;

    /// Cheap: true if another connection may have committed since the last
    /// call (or since open), and also after this handle's own `Recorded`
    /// appends. A false positive costs one empty `read_since`.
    fn changed(&mut self) -> Result<bool, JournalError>;

    /// The highest `seq` recorded, or 0 for an empty journal.
    fn last_seq(&mut self) -> Result<i64, JournalError>;
}
