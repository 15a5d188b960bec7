//! The shared journal: one PostgreSQL database for consoles and daemons on
//! several hosts. The [`Journal`] trait is synchronous, so each handle runs
//! its client on a small runtime of its own (one worker thread), which also
//! keeps the connection listening for other writers' `NOTIFY`.
//!
//! Order: every append takes one transaction-scoped advisory lock, so
//! appends commit one at a time and `seq` (max + 1 under the lock) is
//! gap-free and in commit order: a reader that has seen `seq` n has seen
//! every event up to n. The rules' `unique_key` and the appender's id are
//! unique columns besides. A lost connection is an
//! [`JournalError::Unavailable`]; the next call reconnects (to whichever
//! host of a multi-host URL takes writes), and an append is retried once,
//! under the same id, so a commit whose answer was lost is recorded once.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;

use super::event::truncate_at;
use super::postgres_conn::{Connector, Live};
use super::postgres_rows::{COLUMNS, Failure, column, decode, run};
use super::{
    Actor, Appended, Event, EventId, EventKind, Journal, JournalError, Location, OpenOptions,
    Record,
};

/// `changed()` says yes this often even with no notification heard (a
/// notification lost with a connection is caught up by this).
const SAFETY_POLL: Duration = Duration::from_secs(5);

/// A handle on a PostgreSQL journal. One per thread.
pub struct PostgresJournal {
    pub(super) rt: Runtime,
    pub(super) connector: Connector,
    pub(super) location: Location,
    pub(super) read_only: bool,
    pub(super) live: Option<Live>,
    /// Our own recorded append, a reconnect, or the journal just created
    /// by another process: `changed()` says yes.
    pub(super) dirty: bool,
    last_poll: Instant,
    /// Opened read-only on a database with no journal yet: reads find
    /// nothing, and the schema is looked for again every second.
    pub(super) uncreated: bool,
    /// The schema was checked on the live connection.
    pub(super) schema_ok: bool,
    /// When the database last answered.
    pub(super) last_answer: Instant,
    /// When the schema was last looked for.
    pub(super) last_look: Instant,
    /// Connections made so far.
    pub(super) reconnects: u64,
}

impl PostgresJournal {
    /// Connects to `url`, creating or migrating the schema unless
    /// `read_only`. An unreachable database is an error.
    pub fn open(url: &str, options: &OpenOptions, read_only: bool) -> Result<Self, JournalError> {
        Self::open_with(url, options, read_only, false)
    }

    /// As [`PostgresJournal::open`], for a long-running process (a console,
    /// a daemon): a database that cannot be reached yet is not an error;
    /// every call tries again and the schema is seen to on the first
    /// connection (calls answer [`JournalError::Unavailable`] until then).
    pub fn open_waiting(
        url: &str,
        options: &OpenOptions,
        read_only: bool,
    ) -> Result<Self, JournalError> {
        Self::open_with(url, options, read_only, true)
    }

    fn open_with(
        url: &str,
        options: &OpenOptions,
        read_only: bool,
        wait: bool,
    ) -> Result<Self, JournalError> {
        let location = super::Target::Postgres(url.to_string()).location();
        let connector = Connector::new(url, options, &location)?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("journal-pg")
            .enable_all()
            .build()
            .map_err(|e| JournalError::Open {
                location: location.clone(),
                reason: format!("cannot start its runtime: {e}"),
            })?;
        let mut j = PostgresJournal {
            rt,
            connector,
            location,
            read_only,
            live: None,
            dirty: true,
            last_poll: Instant::now(),
            uncreated: false,
            schema_ok: false,
            last_answer: Instant::now(),
            last_look: Instant::now(),
            reconnects: 0,
        };
        match j.connect() {
            Ok(_) => Ok(j),
            Err(JournalError::Unavailable { .. }) if wait => Ok(j),
            Err(e) => Err(e),
        }
    }

    /// Connects if need be; false while a read-only handle waits for
    /// another process to create the journal.
    fn ready(&mut self) -> Result<bool, JournalError> {
        self.connect()?;
        Ok(!self.uncreated)
    }

    /// How many connections this handle has made (each one a reconnect
    /// after the first).
    pub fn connections(&self) -> u64 {
        self.reconnects
    }

    fn query_events(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Record>, JournalError> {
        if !self.ready()? {
            return Ok(Vec::new());
        }
        self.with_client(|rt, loc, client| {
            let rows = run(rt, loc, client.query(sql, params))?;
            rows.iter()
                .map(|r| decode(loc, r).map_err(Failure::keep))
                .collect()
        })
    }
}

impl Journal for PostgresJournal {
    fn location(&self) -> &Location {
        &self.location
    }

    fn append_with_id(
        &mut self,
        id: &EventId,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: EventKind,
        note: Option<String>,
    ) -> Result<Appended, JournalError> {
        if self.read_only {
            return Err(JournalError::ReadOnly {
                location: self.location.clone(),
            });
        }
        let at = truncate_at(at);
        match self.try_append(id, actor, at, &kind, &note) {
            // The connection was lost, perhaps with the commit's answer:
            // once more on a new connection, under the same id.
            Err(JournalError::Unavailable { .. }) => self.try_append(id, actor, at, &kind, &note),
            other => other,
        }
    }

    fn read_since(&mut self, after: i64, limit: usize) -> Result<Vec<Event>, JournalError> {
        Ok(self
            .records_since(after, limit)?
            .into_iter()
            .map(|r| r.event)
            .collect())
    }

    fn records_since(&mut self, after: i64, limit: usize) -> Result<Vec<Record>, JournalError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let sql = format!("SELECT {COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2");
        self.query_events(&sql, &[&after, &limit])
    }

    fn changed(&mut self) -> Result<bool, JournalError> {
        self.connect()?;
        // A database that stopped answering (frozen, or a network that
        // silently drops) is unreachable within seconds.
        self.ping_if_quiet()?;
        let Some(live) = self.live.as_ref() else {
            return Err(self.unavailable("connection lost"));
        };
        let notified = live.notified.swap(false, Ordering::SeqCst);
        let poll = self.last_poll.elapsed() >= SAFETY_POLL;
        if poll {
            self.last_poll = Instant::now();
        }
        let changed = notified || poll || self.dirty;
        self.dirty = false;
        Ok(changed)
    }

    fn last_seq(&mut self) -> Result<i64, JournalError> {
        if !self.ready()? {
            return Ok(0);
        }
        self.with_client(|rt, loc, client| {
            let row = run(
                rt,
                loc,
                client.query_one("SELECT COALESCE(MAX(seq), 0) FROM events", &[]),
            )?;
            row.try_get(0).map_err(|e| column(loc, "the last seq", &e))
        })
    }

    fn latest_checkpoint(&mut self, format: u32) -> Result<Option<(i64, Vec<u8>)>, JournalError> {
        if !self.ready()? {
            return Ok(None);
        }
        let format = i32::try_from(format).unwrap_or(i32::MAX);
        self.with_client(|rt, loc, client| {
            let row = run(
                rt,
                loc,
                client.query_opt(
                    "SELECT seq, state FROM checkpoints WHERE version = $1 \
                     ORDER BY seq DESC LIMIT 1",
                    &[&format],
                ),
            )?;
            row.map(|r| {
                let seq = r
                    .try_get(0)
                    .map_err(|e| column(loc, "a checkpoint's seq", &e))?;
                let state = r
                    .try_get(1)
                    .map_err(|e| column(loc, "a checkpoint's state", &e))?;
                Ok((seq, state))
            })
            .transpose()
        })
    }

    fn write_checkpoint(
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
        let format = i32::try_from(format).unwrap_or(i32::MAX);
        self.with_client(|rt, loc, client| {
            let tx = run(rt, loc, client.transaction())?;
            run(
                rt,
                loc,
                tx.execute(
                    "INSERT INTO checkpoints (seq, version, written_at, state) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING",
                    &[&seq, &format, &at, &state],
                ),
            )?;
            run(
                rt,
                loc,
                tx.execute(
                    "DELETE FROM checkpoints WHERE seq < $1 AND version = $2",
                    &[&seq, &format],
                ),
            )?;
            run(rt, loc, tx.commit())
        })
    }

    fn alert_events(&mut self, alert: &str, before: i64) -> Result<Vec<Event>, JournalError> {
        let sql =
            format!("SELECT {COLUMNS} FROM events WHERE alert = $1 AND seq < $2 ORDER BY seq");
        Ok(self
            .query_events(&sql, &[&alert, &before])?
            .into_iter()
            .map(|r| r.event)
            .collect())
    }

    fn first_seq_since(&mut self, at: DateTime<Utc>) -> Result<Option<i64>, JournalError> {
        if !self.ready()? {
            return Ok(None);
        }
        self.with_client(|rt, loc, client| {
            let row = run(
                rt,
                loc,
                client.query_one("SELECT MIN(seq) FROM events WHERE at >= $1", &[&at]),
            )?;
            row.try_get(0)
                .map_err(|e| column(loc, "the first seq since a time", &e))
        })
    }

    fn import(&mut self, records: &[Record]) -> Result<(), JournalError> {
        self.import_records(records)
    }
}
