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
use super::postgres_conn::{CHANNEL, Connector, Live};
use super::postgres_rows::{COLUMNS, Failure, PgLookup, block, decode, run, run_within};
use super::postgres_schema::{self as schema, APPEND_LOCK, Schema};
use super::rules::{self, Decision};
use super::{
    Actor, Appended, Event, EventId, EventKind, Journal, JournalError, Location, OpenOptions,
    Record,
};

/// How long creating or migrating the schema may take.
const MIGRATE_TIMEOUT: Duration = Duration::from_secs(120);

/// `changed()` says yes this often even with no notification heard (a
/// notification lost with a connection is caught up by this).
const SAFETY_POLL: Duration = Duration::from_secs(5);

/// A handle on a PostgreSQL journal. One per thread.
pub struct PostgresJournal {
    rt: Runtime,
    connector: Connector,
    location: Location,
    read_only: bool,
    live: Option<Live>,
    /// Our own recorded append, or a reconnect: `changed()` says yes.
    dirty: bool,
    last_poll: Instant,
    /// Opened read-only on a database with no journal yet: reads find nothing.
    uncreated: bool,
}

impl PostgresJournal {
    /// Connects to `url`, creating or migrating the schema unless
    /// `read_only`.
    pub fn open(url: &str, options: &OpenOptions, read_only: bool) -> Result<Self, JournalError> {
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
        };
        j.connect()?;
        let loc = j.location.clone();
        let Some(live) = j.live.as_mut() else {
            return Err(JournalError::Unavailable {
                location: loc,
                reason: "connection lost".into(),
            });
        };
        let found = if read_only {
            block(&j.rt, &loc, schema::inspect(&live.client))?
        } else {
            // Creating the tables fsyncs a good deal: more time than a step.
            run_within(
                &j.rt,
                &loc,
                MIGRATE_TIMEOUT,
                schema::migrate(&mut live.client),
            )
            .map_err(|f| f.error)?
        };
        match found {
            Schema::Current | Schema::Migrated { .. } => Ok(j),
            Schema::Newer(found) => Err(JournalError::NewerSchema {
                location: loc,
                found,
                supported: schema::VERSION,
            }),
            // Read-only, before any console created the journal: no events.
            Schema::Older(0) => {
                j.uncreated = true;
                Ok(j)
            }
            Schema::Older(_) => Err(JournalError::Open {
                location: loc,
                reason: "the database holds no watchkeeper journal yet (open it once \
                         without --read-only to create one)"
                    .into(),
            }),
        }
    }

    /// (Re)connects if there is no live connection.
    fn connect(&mut self) -> Result<&mut Live, JournalError> {
        if self
            .live
            .as_ref()
            .is_some_and(|l| l.closed.load(Ordering::SeqCst))
        {
            self.live = None;
        }
        if self.live.is_none() {
            let live = block(&self.rt, &self.location, self.connector.connect())?;
            self.live = Some(live);
            self.dirty = true;
        }
        let unavailable = self.unavailable("connection lost");
        self.live.as_mut().ok_or(unavailable)
    }

    fn unavailable(&self, reason: &str) -> JournalError {
        JournalError::Unavailable {
            location: self.location.clone(),
            reason: reason.to_string(),
        }
    }

    /// Runs `f` on a live connection; drops the connection on an error
    /// that leaves it unusable.
    fn with_client<T>(
        &mut self,
        f: impl FnOnce(&Runtime, &Location, &mut tokio_postgres::Client) -> Result<T, Failure>,
    ) -> Result<T, JournalError> {
        self.connect()?;
        let Some(live) = self.live.as_mut() else {
            return Err(self.unavailable("connection lost"));
        };
        match f(&self.rt, &self.location, &mut live.client) {
            Ok(v) => Ok(v),
            Err(Failure { error, drop }) => {
                if drop {
                    self.live = None;
                }
                Err(error)
            }
        }
    }

    fn query_events(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Record>, JournalError> {
        if self.uncreated {
            return Ok(Vec::new());
        }
        self.with_client(|rt, loc, client| {
            let rows = run(rt, loc, client.query(sql, params))?;
            rows.iter()
                .map(|r| decode(loc, r).map_err(Failure::keep))
                .collect()
        })
    }

    fn try_append(
        &mut self,
        id: &EventId,
        actor: &Actor,
        at: DateTime<Utc>,
        kind: &EventKind,
        note: &Option<String>,
    ) -> Result<Appended, JournalError> {
        let payload = serde_json::to_value(kind).map_err(|e| JournalError::Database {
            location: self.location.clone(),
            detail: format!("cannot encode the event: {e}"),
        })?;
        let appended = self.with_client(|rt, loc, client| {
            let tx = run(rt, loc, client.transaction())?;
            run(
                rt,
                loc,
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&APPEND_LOCK]),
            )?;
            let mut lookup = PgLookup { rt, loc, tx: &tx };
            let found = lookup.select("WHERE id = $1", &[&id.as_str()])?;
            if let Some(done) = found.into_iter().next() {
                return Ok(Appended::Recorded(done.event));
            }
            let key = match rules::decide(&mut lookup, kind).map_err(Failure::keep)? {
                Decision::Conflict(winner) => return Ok(Appended::Conflict(winner)),
                Decision::Record(key) => key,
            };
            let seq: i64 = run(
                rt,
                loc,
                tx.query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", &[]),
            )?
            .get(0);
            run(
                rt,
                loc,
                tx.execute(
                    "INSERT INTO events \
                     (seq, id, at, kind, officer, host, alert, station, payload, note, unique_key) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    &[
                        &seq,
                        &id.as_str(),
                        &at,
                        &kind.name(),
                        &actor.officer,
                        &actor.host,
                        &kind.alert(),
                        &kind.station(),
                        &payload,
                        note,
                        &key,
                    ],
                ),
            )?;
            run(
                rt,
                loc,
                tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &seq.to_string()]),
            )?;
            run(rt, loc, tx.commit())?;
            Ok(Appended::Recorded(Event {
                seq,
                at,
                officer: actor.officer.clone(),
                host: actor.host.clone(),
                kind: kind.clone(),
                note: note.clone(),
            }))
        })?;
        if let Appended::Recorded(_) = appended {
            self.dirty = true;
        }
        Ok(appended)
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
        let live = self.connect()?;
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
        if self.uncreated {
            return Ok(0);
        }
        self.with_client(|rt, loc, client| {
            let row = run(
                rt,
                loc,
                client.query_one("SELECT COALESCE(MAX(seq), 0) FROM events", &[]),
            )?;
            Ok(row.get(0))
        })
    }

    fn latest_checkpoint(&mut self, format: u32) -> Result<Option<(i64, Vec<u8>)>, JournalError> {
        if self.uncreated {
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
            Ok(row.map(|r| (r.get(0), r.get(1))))
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
        if self.uncreated {
            return Ok(None);
        }
        self.with_client(|rt, loc, client| {
            let row = run(
                rt,
                loc,
                client.query_one("SELECT MIN(seq) FROM events WHERE at >= $1", &[&at]),
            )?;
            Ok(row.get(0))
        })
    }

    fn import(&mut self, records: &[Record]) -> Result<(), JournalError> {
        if self.read_only {
            return Err(JournalError::ReadOnly {
                location: self.location.clone(),
            });
        }
        let mut payloads = Vec::with_capacity(records.len());
        for r in records {
            payloads.push(serde_json::to_value(&r.event.kind).map_err(|e| {
                JournalError::Database {
                    location: self.location.clone(),
                    detail: format!("cannot encode event #{}: {e}", r.event.seq),
                }
            })?);
        }
        self.with_client(|rt, loc, client| {
            let tx = run(rt, loc, client.transaction())?;
            run(
                rt,
                loc,
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&APPEND_LOCK]),
            )?;
            let events: i64 =
                run(rt, loc, tx.query_one("SELECT count(*) FROM events", &[]))?.get(0);
            if events > 0 {
                return Err(Failure::keep(JournalError::NotEmpty {
                    location: loc.clone(),
                    events,
                }));
            }
            let insert = run(
                rt,
                loc,
                tx.prepare(
                    "INSERT INTO events \
                     (seq, id, at, kind, officer, host, alert, station, payload, note, unique_key) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                ),
            )?;
            for (r, payload) in records.iter().zip(&payloads) {
                let e = &r.event;
                run(
                    rt,
                    loc,
                    tx.execute(
                        &insert,
                        &[
                            &e.seq,
                            &r.id.as_ref().map(EventId::as_str),
                            &e.at,
                            &e.kind.name(),
                            &e.officer,
                            &e.host,
                            &e.kind.alert(),
                            &e.kind.station(),
                            payload,
                            &e.note,
                            &r.unique_key,
                        ],
                    ),
                )?;
            }
            let last = records.last().map_or(0, |r| r.event.seq);
            run(
                rt,
                loc,
                tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &last.to_string()]),
            )?;
            run(rt, loc, tx.commit())
        })?;
        self.dirty = true;
        Ok(())
    }
}
