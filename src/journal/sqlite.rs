//! The embedded journal: one SQLite file in WAL mode, shared by every
//! console and daemon on the host. Each append is one `BEGIN IMMEDIATE`
//! transaction, committed with `synchronous=FULL` (fsynced) before it
//! returns.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::ErrorKind;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Params, TransactionBehavior, params};

use super::event::{format_at, truncate_at};
use super::faults;
use super::rules::{self, Decision};
use super::schema::{self, Found};
use super::{Actor, Appended, Event, EventKind, Journal, JournalError};

/// How long a writer waits for another process's write lock before
/// reporting [`JournalError::Locked`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SELECT_EVENTS: &str = "SELECT seq, at, officer, host, payload, note FROM events";

/// A SQLite journal handle. One per thread: it is `Send`, not `Sync`.
/// Several handles (in one process or many) may share a file.
pub struct SqliteJournal {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    pub(super) read_only: bool,
    /// `PRAGMA data_version` as of the last `changed()` (or open).
    data_version: i64,
    /// Set by a recorded append, so `changed()` also reports our own events.
    appended: bool,
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
                path: path.to_path_buf(),
            });
        }
        let found = schema::inspect(&conn, path)?; // refuses foreign/newer files untouched
        schema::ensure_wal(&conn, path, timeout)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| sql_err(path, e))?;
        schema::migrate(&mut conn, path, found)?;
        Self::finish(conn, path, false)
    }

    /// Read-only open for snapshot/export; `Err(Open)` naming the path if the
    /// file does not exist (it is never created).
    pub fn open_read_only(path: &Path) -> Result<Self, JournalError> {
        faults::refuse_directory(path)?;
        if !path.exists() {
            return Err(JournalError::Open {
                path: path.to_path_buf(),
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
                    path: path.to_path_buf(),
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
            read_only,
            data_version,
            appended: false,
            version: super::SCHEMA_VERSION,
        })
    }

    /// The journal file this handle is open on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes how long this handle waits for another's lock before
    /// reporting [`JournalError::Locked`] (default [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), JournalError> {
        self.conn
            .busy_timeout(timeout)
            .map_err(|e| sql_err(&self.path, e))
    }

    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Journal for SqliteJournal {
    fn append(
        &mut self,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError> {
        let path = &self.path;
        if self.read_only {
            return Err(JournalError::ReadOnly { path: path.clone() });
        }
        let at = truncate_at(at);
        let payload = serde_json::to_string(&kind).map_err(|e| JournalError::Sqlite {
            path: path.clone(),
            source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
        })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_err(path, e))?;
        let key = match rules::decide(&tx, path, &kind)? {
            Decision::Conflict(winner) => return Ok(Appended::Conflict(winner)),
            Decision::Record(key) => key,
        };
        let inserted = tx.execute(
            "INSERT INTO events \
             (at, kind, officer, host, alert, station, payload, note, unique_key) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                format_at(at),
                kind.name(),
                actor.officer,
                actor.host,
                kind.alert(),
                kind.station(),
                payload,
                note,
                key,
            ],
        );
        if let Err(e) = inserted {
            // A writer that raced past the checks (not possible under
            // SQLite's single writer, but possible elsewhere): the row
            // holding the key wins.
            if is_unique_violation(&e)
                && let Some(key) = &key
                && let Some(winner) = rules::find_by_key(&tx, path, key)?
            {
                return Ok(Appended::Conflict(winner));
            }
            return Err(sql_err(path, e));
        }
        let seq = tx.last_insert_rowid();
        tx.commit().map_err(|e| sql_err(path, e))?;
        self.appended = true;
        Ok(Appended::Recorded(Event {
            seq,
            at,
            officer: actor.officer.clone(),
            host: actor.host.clone(),
            kind,
            note,
        }))
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
}

/// Runs `SELECT <event columns> FROM events <tail>` and decodes the rows.
///
/// Reading the whole history at start-up goes through here (a million rows
/// is an ordinary journal after months of watches), so the text columns are
/// borrowed from SQLite rather than copied, and the journal's own time
/// format is parsed without the general RFC 3339 parser.
pub(super) fn query_events<P: Params>(
    conn: &Connection,
    path: &Path,
    tail: &str,
    params: P,
) -> Result<Vec<Event>, JournalError> {
    let sql = format!("{SELECT_EVENTS} {tail}");
    let mut stmt = conn.prepare_cached(&sql).map_err(|e| sql_err(path, e))?;
    let mut rows = stmt.query(params).map_err(|e| sql_err(path, e))?;
    let mut events = Vec::new();
    while let Some(row) = rows.next().map_err(|e| sql_err(path, e))? {
        let text = |i: usize| -> Result<&str, JournalError> {
            row.get_ref(i)
                .and_then(|v| v.as_str().map_err(Into::into))
                .map_err(|e| sql_err(path, e))
        };
        let seq: i64 = row.get(0).map_err(|e| sql_err(path, e))?;
        let corrupt = |reason: String| JournalError::Corrupt {
            path: path.to_path_buf(),
            seq,
            reason,
        };
        let at = text(1)?;
        let at = parse_stored_at(at)
            .or_else(|| {
                DateTime::parse_from_rfc3339(at)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            })
            .ok_or_else(|| corrupt(format!("bad time {at:?}")))?;
        let kind: EventKind =
            serde_json::from_str(text(4)?).map_err(|e| corrupt(format!("bad payload: {e}")))?;
        let note: Option<String> = row.get(5).map_err(|e| sql_err(path, e))?;
        events.push(Event {
            seq,
            at,
            officer: text(2)?.to_owned(),
            host: text(3)?.to_owned(),
            kind,
            note,
        });
    }
    Ok(events)
}

/// The stored form `format_at` writes, `2026-11-22T21:00:00.000Z`, parsed
/// directly; `None` for anything else (the caller falls back to RFC 3339).
fn parse_stored_at(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_milli_opt(
        num(11, 13)?,
        num(14, 16)?,
        num(17, 19)?,
        num(20, 23)?,
    )?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
#[test]
fn stored_times_parse_like_rfc3339() {
    for s in [
        "2026-11-22T21:00:00.000Z",
        "1999-12-31T23:59:59.999Z",
        "2024-02-29T00:00:00.001Z",
    ] {
        let want = DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(parse_stored_at(s), Some(want), "{s}");
        assert_eq!(format_at(want), s);
    }
    for s in [
        "2026-11-22T21:00:00Z",
        "2026-11-22T21:00:00.000+01:00",
        "2026-02-30T21:00:00.000Z",
        "2026-11-22T25:00:00.000Z",
        "2026-11-22T21:00:0x.000Z",
        "",
    ] {
        assert_eq!(parse_stored_at(s), None, "{s}");
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
    let path = path.to_path_buf();
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => JournalError::Locked { path },
        Some(ErrorCode::NotADatabase) => JournalError::NotAJournal { path },
        Some(ErrorCode::DatabaseCorrupt) => JournalError::Damaged {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly) => JournalError::ReadOnly { path },
        Some(ErrorCode::CannotOpen) => JournalError::Open {
            path,
            reason: format!("{e}; check that it is a file and that its directory is writable"),
        },
        _ => JournalError::Sqlite { path, source: e },
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
            path,
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
