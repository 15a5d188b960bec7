//! The embedded journal: one SQLite file in WAL mode, shared by every
//! console and daemon on the host. Each append is one `BEGIN IMMEDIATE`
//! transaction, committed with `synchronous=FULL` (fsynced) before it
//! returns; a wait for another writer's lock is tried again up to
//! [`APPEND_DEADLINE`] (see `sqlite_append.rs`).

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::ErrorKind;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, params};

use super::faults;
use super::schema::{self, Found};
pub use super::sqlite_append::APPEND_DEADLINE;
use super::sqlite_rows::decode_rows;
pub(super) use super::sqlite_rows::query_events;
use super::{Actor, Appended, Event, EventId, EventKind, Journal, JournalError, Location, Record};

/// How long one try waits for another process's write lock (an append
/// then tries again, up to [`APPEND_DEADLINE`]; an open or a checkpoint
/// reports [`JournalError::Locked`]).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A SQLite journal handle. One per thread: it is `Send`, not `Sync`.
/// Several handles (in one process or many) may share a file.
pub struct SqliteJournal {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    pub(super) location: Location,
    pub(super) read_only: bool,
    /// `PRAGMA data_version` as of the last `changed()` (or open).
    data_version: i64,
    /// Set by a recorded append, so `changed()` also reports our own events.
    pub(super) appended: bool,
    /// How long one try waits for another writer's lock.
    pub(super) busy_timeout: Duration,
    /// How long an append keeps trying (default [`APPEND_DEADLINE`]).
    pub(super) append_deadline: Duration,
    /// The schema version of the file (older ones are read, not migrated,
    /// when opened read-only).
    pub(super) version: i64,
}

impl SqliteJournal {
    /// Opens or creates (parent dirs too; `mode` e.g. 0o660 applied to a
    /// newly created file, regardless of the umask), WAL, synchronous=FULL,
    /// busy_timeout [`BUSY_TIMEOUT`], migrates forward.
    pub fn open(path: &Path, mode: Option<u32>) -> Result<Self, JournalError> {
        Self::open_with_timeout(path, mode, BUSY_TIMEOUT)
    }

    pub(crate) fn open_with_timeout(
        path: &Path,
        mode: Option<u32>,
        timeout: Duration,
    ) -> Result<Self, JournalError> {
        faults::refuse_directory(path)?;
        create_file(path, mode)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| sql_err(path, e))?;
        conn.busy_timeout(timeout).map_err(|e| sql_err(path, e))?;
        // SQLite silently falls back to read-only when it cannot write.
        if conn.is_readonly("main").map_err(|e| sql_err(path, e))? {
            return Err(JournalError::ReadOnly {
                location: Location::file(path),
            });
        }
        let found = schema::inspect(&conn, path)?; // refuses foreign/newer files untouched
        schema::ensure_wal(&conn, path, timeout)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| sql_err(path, e))?;
        schema::migrate(&mut conn, path, found)?;
        let mut j = Self::finish(conn, path, false)?;
        j.busy_timeout = timeout;
        Ok(j)
    }

    /// Read-only open for snapshot/export; `Err(Open)` naming the path if the
    /// file does not exist (it is never created).
    pub fn open_read_only(path: &Path) -> Result<Self, JournalError> {
        faults::refuse_directory(path)?;
        if !path.exists() {
            return Err(JournalError::Open {
                location: Location::file(path),
                reason: "no such file (a journal is created by the first console or \
                         action run without --read-only)"
                    .to_string(),
            });
        }
        match Self::open_read_only_as(path, false) {
            // A WAL journal is read through its `-shm` index, which SQLite
            // cannot create on a read-only disk or in a directory we may not
            // write. With no WAL content the file itself holds every event:
            // read it as immutable then (on such a disk nothing can change
            // it; elsewhere it is a snapshot as of this open). With WAL
            // content left over, reading the file alone would miss events:
            // the error stands.
            Err(e @ JournalError::Open { .. }) => {
                let mut wal = path.as_os_str().to_owned();
                wal.push("-wal");
                match fs::metadata(PathBuf::from(wal)) {
                    Err(m) if m.kind() == ErrorKind::NotFound => {
                        Self::open_read_only_as(path, true)
                    }
                    Ok(m) if m.len() == 0 => Self::open_read_only_as(path, true),
                    _ => Err(e),
                }
            }
            other => other,
        }
    }

    fn open_read_only_as(path: &Path, immutable: bool) -> Result<Self, JournalError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(|e| sql_err(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sql_err(path, e))?;
        // Version 1 differs from 2 only by the checkpoints table, which a
        // reader can do without: it folds the events instead.
        let version = match schema::inspect(&conn, path)? {
            Found::Journal(version) => version,
            Found::Fresh => {
                return Err(JournalError::NotAJournal {
                    location: Location::file(path),
                });
            }
        };
        let mut j = Self::finish(conn, path, true)?;
        j.version = version;
        Ok(j)
    }

    fn finish(conn: Connection, path: &Path, read_only: bool) -> Result<Self, JournalError> {
        let data_version = data_version(&conn, path)?;
        Ok(SqliteJournal {
            conn,
            path: path.to_path_buf(),
            location: Location::file(path),
            read_only,
            data_version,
            appended: false,
            busy_timeout: BUSY_TIMEOUT,
            append_deadline: APPEND_DEADLINE,
            version: super::SCHEMA_VERSION,
        })
    }

    /// The journal file this handle is open on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes how long one try of this handle waits for another's lock
    /// (default [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), JournalError> {
        self.conn
            .busy_timeout(timeout)
            .map_err(|e| sql_err(&self.path, e))?;
        self.busy_timeout = timeout;
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Journal for SqliteJournal {
    fn location(&self) -> &Location {
        &self.location
    }

    fn check_integrity(&mut self) -> Result<(), JournalError> {
        faults::integrity(self)
    }

    fn check_wal(&mut self) -> Result<(), JournalError> {
        faults::wal_present(self)
    }

    fn append_with_id(
        &mut self,
        id: &EventId,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError> {
        self.append_waiting(id, actor, at, kind, note)
    }

    fn set_append_deadline(&mut self, deadline: Duration) {
        self.append_deadline = deadline;
    }

    fn read_since(&mut self, after: i64, limit: usize) -> Result<Vec<Event>, JournalError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        query_events(
            &self.conn,
            &self.path,
            "WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            params![after, limit],
        )
    }

    fn records_since(&mut self, after: i64, limit: usize) -> Result<Vec<Record>, JournalError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Journals from before event ids (read-only opens) have no id column.
        let id = if self.version >= 3 { "id" } else { "NULL" };
        let sql = format!(
            "SELECT seq, at, officer, host, payload, note, {id}, unique_key FROM events \
             WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        );
        decode_rows(
            &self.conn,
            &self.path,
            &sql,
            params![after, limit],
            |event, row| {
                let id: Option<String> = row.get(6).map_err(|e| sql_err(&self.path, e))?;
                Ok(Record {
                    id: id.as_deref().and_then(EventId::parse),
                    unique_key: row.get(7).map_err(|e| sql_err(&self.path, e))?,
                    event,
                })
            },
        )
    }

    fn changed(&mut self) -> Result<bool, JournalError> {
        let version = data_version(&self.conn, &self.path)?;
        let changed = version != self.data_version || self.appended;
        self.data_version = version;
        self.appended = false;
        Ok(changed)
    }

    fn last_seq(&mut self) -> Result<i64, JournalError> {
        self.conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |row| {
                row.get(0)
            })
            .map_err(|e| sql_err(&self.path, e))
    }

    fn latest_checkpoint(&mut self, format: u32) -> Result<Option<(i64, Vec<u8>)>, JournalError> {
        SqliteJournal::latest_checkpoint(self, format)
    }

    fn write_checkpoint(
        &mut self,
        seq: i64,
        format: u32,
        at: DateTime<Utc>,
        state: &[u8],
    ) -> Result<(), JournalError> {
        SqliteJournal::write_checkpoint(self, seq, format, at, state)
    }

    fn alert_events(&mut self, alert: &str, before: i64) -> Result<Vec<Event>, JournalError> {
        SqliteJournal::alert_events(self, alert, before)
    }

    fn first_seq_since(&mut self, at: DateTime<Utc>) -> Result<Option<i64>, JournalError> {
        SqliteJournal::first_seq_since(self, at)
    }

    fn import(&mut self, records: &[Record]) -> Result<(), JournalError> {
        self.import_records(records)
    }
}

fn data_version(conn: &Connection, path: &Path) -> Result<i64, JournalError> {
    conn.pragma_query_value(None, "data_version", |row| row.get(0))
        .map_err(|e| sql_err(path, e))
}

pub(super) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == ErrorCode::ConstraintViolation
            && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Maps a SQLite error to the journal error that says what to do.
pub(super) fn sql_err(path: &Path, e: rusqlite::Error) -> JournalError {
    let location = Location::file(path);
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            JournalError::Locked { location }
        }
        Some(ErrorCode::NotADatabase) => JournalError::NotAJournal { location },
        Some(ErrorCode::DatabaseCorrupt) => JournalError::Damaged {
            location,
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly) => JournalError::ReadOnly { location },
        Some(ErrorCode::CannotOpen) => JournalError::Open {
            location,
            reason: format!("{e}; check that it is a file and that its directory is writable"),
        },
        _ => JournalError::Database {
            location,
            detail: e.to_string(),
        },
    }
}

/// True if `path` is an empty file: a journal whose creator has not yet
/// written its schema, or was killed before it could. Readers treat it as
/// a journal with no events (the next read-write open initialises it).
pub fn is_empty_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0)
}

/// `path` for a `file:` URI: every byte but unreserved ones and `/`
/// percent-encoded (so `?`, `#` and `%` in a path stay part of it).
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Creates the journal file (and its parent directories) if missing, with
/// exactly `mode` when given. An existing file is left as it is.
fn create_file(path: &Path, mode: Option<u32>) -> Result<(), JournalError> {
    let io_err = |action: String| {
        let path = path.to_path_buf();
        move |source| JournalError::Io {
            location: Location::File(path),
            action,
            source,
        }
    };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        let action = format!("create its directory {}", parent.display());
        fs::create_dir_all(parent).map_err(io_err(action))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    if let Some(mode) = mode {
        options.mode(mode & 0o7777);
    }
    match options.open(path) {
        Ok(file) => {
            if let Some(mode) = mode {
                // The umask may have narrowed it (0o660 -> 0o640).
                file.set_permissions(Permissions::from_mode(mode & 0o7777))
                    .map_err(io_err(format!("set its mode to {mode:o}")))?;
            }
            // Make the new directory entry durable; not every file system
            // can sync a directory, and SQLite syncs the file itself.
            if let Some(dir) = parent.and_then(|p| File::open(p).ok()) {
                let _ = dir.sync_all();
            }
            Ok(())
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_err("create the file".to_string())(e)),
    }
}
