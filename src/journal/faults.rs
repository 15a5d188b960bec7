//! Journal faults said, not absorbed: a directory given as the journal, a
//! journal failing SQLite's integrity check (refused for writing, with the
//! way to recover), a deleted write-ahead log, and a journal left half-made
//! (by a full disk or a kill) that every command treats alike.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::schema::{self, Found};
use super::sqlite::{is_empty_file, sql_err};
use super::{JournalError, SqliteJournal};

pub(super) fn refuse_directory(path: &Path) -> Result<(), JournalError> {
    if path.is_dir() {
        return Err(JournalError::IsADirectory {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// `PRAGMA quick_check`: a journal failing it is refused for writing (what
/// is written there may not be read back), with the way to recover.
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<(), JournalError> {
    let mut stmt = conn
        .prepare("PRAGMA quick_check(3)")
        .map_err(|e| sql_err(path, e))?;
    let lines: Vec<String> = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| sql_err(path, e))?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok(());
    }
    Err(JournalError::Damaged {
        path: path.to_path_buf(),
        detail: format!(
            "SQLite's integrity check says: {}",
            crate::feeds::sanitize::inert_line(&lines.join("; "))
        ),
    })
}

/// The write-ahead log beside a journal (`PATH-wal`).
pub fn wal_path(path: &Path) -> PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

impl SqliteJournal {
    /// Opens read-write (as [`SqliteJournal::open`]) and runs SQLite's
    /// quick integrity check: a damaged journal is refused for writing.
    /// The check reads the whole file (about half a second for a million
    /// events), so a console runs it on its journal thread after the first
    /// frame instead ([`SqliteJournal::check_integrity`]).
    pub fn open_checked(path: &Path, mode: Option<u32>) -> Result<Self, JournalError> {
        let j = SqliteJournal::open(path, mode)?;
        j.check_integrity()?;
        Ok(j)
    }

    /// `PRAGMA quick_check`; `Err(Damaged)` with the way to recover.
    pub fn check_integrity(&self) -> Result<(), JournalError> {
        quick_check(&self.conn, &self.path)
    }

    /// Checks that the write-ahead log this handle writes through is still
    /// there: deleted while open (`rm journal.db-wal`), what this handle
    /// records would reach no other process and be lost when it closes.
    pub fn check_wal(&self) -> Result<(), JournalError> {
        if self.read_only {
            return Ok(());
        }
        let wal = wal_path(&self.path);
        match fs::metadata(&wal) {
            Err(e) if e.kind() == ErrorKind::NotFound => Err(JournalError::WalDeleted {
                path: self.path.clone(),
                wal,
            }),
            _ => Ok(()),
        }
    }
}

/// True if `path` holds no journal yet but may become one: an empty file,
/// or a SQLite database with nothing in it (a creator killed, or stopped by
/// a full disk, before it wrote the schema). Readers treat it as a journal
/// with no events; the next read-write open (any command that records)
/// finishes it.
pub fn not_yet_made(path: &Path) -> bool {
    if is_empty_file(path) {
        return true;
    }
    if !path.is_file() {
        return false;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return false;
    };
    matches!(schema::inspect(&conn, path), Ok(Found::Fresh))
}
