//! Checkpoints: the state folded from the events up to one `seq`, so that
//! opening a journal of a million events reads one row and the recent
//! events rather than every event since the first watch.
//!
//! A checkpoint is derived data: the events stay the record. Each one is
//! tagged with the format `version` of the state it holds; a reader ignores
//! other versions (and falls back to folding the events), and only the
//! newest checkpoint is kept. This file is the only place in the journal
//! that deletes anything, and it deletes only superseded checkpoints.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::event::format_at;
use super::sqlite::{SqliteJournal, sql_err};
use super::{Event, JournalError, SCHEMA_VERSION};

/// The first schema version with the checkpoints table.
const FIRST_VERSION: i64 = 2;

impl SqliteJournal {
    /// The newest checkpoint in `format`: its `seq` and the state's bytes.
    /// `None` when there is none (or the file predates checkpoints).
    pub fn latest_checkpoint(
        &mut self,
        format: u32,
    ) -> Result<Option<(i64, Vec<u8>)>, JournalError> {
        if self.version < FIRST_VERSION {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT seq, state FROM checkpoints WHERE version = ?1 \
                 ORDER BY seq DESC LIMIT 1",
                params![format],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| sql_err(&self.path, e))
    }

    /// Stores `state` (in `format`) as the fold of every event up to `seq`
    /// and drops the checkpoints it supersedes, in one transaction. A
    /// checkpoint another process already wrote at the same `seq` wins.
    pub fn write_checkpoint(
        &mut self,
        seq: i64,
        format: u32,
        at: DateTime<Utc>,
        state: &[u8],
    ) -> Result<(), JournalError> {
        if self.read_only {
            return Err(JournalError::ReadOnly {
                location: self.location.clone(),
            });
        }
        debug_assert_eq!(self.version, SCHEMA_VERSION);
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_err(&path, e))?;
        tx.execute(
            "INSERT INTO checkpoints (seq, version, written_at, state) \
             SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM checkpoints WHERE seq = ?1)",
            params![seq, format, format_at(at), state],
        )
        .map_err(|e| sql_err(&path, e))?;
        tx.execute(
            "DELETE FROM checkpoints WHERE seq < ?1 AND version = ?2",
            params![seq, format],
        )
        .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// The events of one alert before `before`, in order: an alert's history
    /// older than the events a console holds.
    pub fn alert_events(&mut self, alert: &str, before: i64) -> Result<Vec<Event>, JournalError> {
        super::sqlite::query_events(
            &self.conn,
            &self.path,
            "WHERE alert = ?1 AND seq < ?2 ORDER BY seq",
            params![alert, before],
        )
    }

    /// The first event recorded at or after `at`, as its `seq` (hosts'
    /// clocks may disagree a little: every event after it is read too).
    pub fn first_seq_since(&mut self, at: DateTime<Utc>) -> Result<Option<i64>, JournalError> {
        self.conn
            .query_row(
                "SELECT MIN(seq) FROM events WHERE at >= ?1",
                params![format_at(at)],
                |row| row.get(0),
            )
            .map_err(|e| sql_err(&self.path, e))
    }
}
