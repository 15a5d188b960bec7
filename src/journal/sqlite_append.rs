//! Writing to the SQLite journal: an append (one `BEGIN IMMEDIATE`
//! transaction, fsynced at commit) and `journal copy`'s import.
//!
//! SQLite has one writer at a time and its lock is not fair: a process
//! waiting for it polls, and another that commits and begins again at once
//! can keep it for as long as it has appends to make (two consoles
//! acknowledging a storm's alerts at once). A wait for the lock that runs
//! out is therefore tried again, with the same event id, until the append
//! is recorded or [`APPEND_DEADLINE`] has passed since it was asked for:
//! an acknowledgement is never dropped because another console was busy.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};

use super::event::{format_at, truncate_at};
use super::rules::{self, Decision, Lookup};
use super::sqlite::{SqliteJournal, is_unique_violation, query_events, sql_err};
use super::sqlite_rows::SqlLookup;
use super::{Actor, Appended, Event, EventId, EventKind, JournalError, Record};

/// How long an append keeps trying while other writers hold the journal's
/// lock, from when it was asked for, before it reports
/// [`JournalError::Locked`]: far past any one wait for the lock
/// ([`super::sqlite::BUSY_TIMEOUT`]), long enough for other consoles to
/// record a storm's worth of acknowledgements first.
pub const APPEND_DEADLINE: Duration = Duration::from_secs(120);

/// The pause between two tries, should SQLite answer "busy" without
/// waiting (it does when waiting could not help, e.g. a stale snapshot).
const BETWEEN_TRIES: Duration = Duration::from_millis(2);

impl SqliteJournal {
    /// [`crate::journal::Journal::append_with_id`]: tries until recorded (or
    /// refused by a rule), or until the lock stayed taken past the append
    /// deadline.
    ///
    /// Trying again is safe even when a try's outcome is unknown (a commit
    /// that failed after the row was written, a lock lost mid-way): each
    /// try is one transaction that first looks the event id up and answers
    /// with the event already recorded under it, and the `id` column is
    /// unique (`events_id`), so the database itself refuses a second row
    /// with the same id. A try that failed to commit is rolled back whole
    /// when its transaction is dropped.
    pub(super) fn append_waiting(
        &mut self,
        id: &EventId,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError> {
        let started = Instant::now();
        let result = loop {
            // Each try waits for the lock as long as the handle's busy
            // timeout allows, but never past the deadline.
            let left = self.append_deadline.saturating_sub(started.elapsed());
            let wait = self.busy_timeout.min(left).max(Duration::from_millis(1));
            self.conn
                .busy_timeout(wait)
                .map_err(|e| sql_err(&self.path, e))?;
            match self.append_once(id, actor, at, kind.clone(), note.clone()) {
                Err(JournalError::Locked { .. }) if started.elapsed() < self.append_deadline => {
                    std::thread::sleep(BETWEEN_TRIES);
                }
                other => break other,
            }
        };
        self.conn
            .busy_timeout(self.busy_timeout)
            .map_err(|e| sql_err(&self.path, e))?;
        result
    }

    /// One try: one `BEGIN IMMEDIATE` transaction.
    fn append_once(
        &mut self,
        id: &EventId,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError> {
        let path = &self.path;
        if self.read_only {
            return Err(JournalError::ReadOnly {
                location: self.location.clone(),
            });
        }
        let at = truncate_at(at);
        let payload = serde_json::to_string(&kind).map_err(|e| JournalError::Database {
            location: self.location.clone(),
            detail: format!("cannot encode the event: {e}"),
        })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_err(path, e))?;
        // A retry of an append that was recorded: answer with it.
        if let Some(done) = query_events(&tx, path, "WHERE id = ?1", params![id.as_str()])?.pop() {
            return Ok(Appended::Recorded(done));
        }
        let mut lookup = SqlLookup { conn: &tx, path };
        let key = match rules::decide(&mut lookup, &kind)? {
            Decision::Conflict(winner) => return Ok(Appended::Conflict(winner)),
            Decision::Record(key) => key,
        };
        let inserted = tx.execute(
            "INSERT INTO events \
             (at, kind, officer, host, alert, station, payload, note, unique_key, id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
                id.as_str(),
            ],
        );
        if let Err(e) = inserted {
            // A writer that raced past the checks (not possible under
            // SQLite's single writer, but possible elsewhere): the row
            // holding the key wins.
            if is_unique_violation(&e)
                && let Some(key) = &key
                && let Some(winner) = (SqlLookup { conn: &tx, path }).by_key(key)?
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

    /// [`crate::journal::Journal::import`].
    pub(super) fn import_records(&mut self, records: &[Record]) -> Result<(), JournalError> {
        if self.read_only {
            return Err(JournalError::ReadOnly {
                location: self.location.clone(),
            });
        }
        let path = &self.path;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_err(path, e))?;
        let events: i64 = tx
            .query_row("SELECT count(*) FROM events", [], |row| row.get(0))
            .map_err(|e| sql_err(path, e))?;
        if events > 0 {
            return Err(JournalError::NotEmpty {
                location: self.location.clone(),
                events,
            });
        }
        for r in records {
            let e = &r.event;
            let payload = serde_json::to_string(&e.kind).map_err(|err| JournalError::Database {
                location: self.location.clone(),
                detail: format!("cannot encode event #{}: {err}", e.seq),
            })?;
            tx.execute(
                "INSERT INTO events \
                 (seq, at, kind, officer, host, alert, station, payload, note, unique_key, id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    e.seq,
                    format_at(e.at),
                    e.kind.name(),
                    e.officer,
                    e.host,
                    e.kind.alert(),
                    e.kind.station(),
                    payload,
                    e.note,
                    r.unique_key,
                    r.id.as_ref().map(EventId::as_str),
                ],
            )
            .map_err(|err| sql_err(path, err))?;
        }
        tx.commit().map_err(|e| sql_err(path, e))?;
        self.appended = true;
        Ok(())
    }
}
