//! Writing to the PostgreSQL journal: appends under the rules, one at a
//! time (the advisory lock), and `journal copy`'s import.

use chrono::{DateTime, Utc};

use super::postgres::PostgresJournal;
use super::postgres_conn::CHANNEL;
use super::postgres_rows::{Failure, PgLookup, column, run};
use super::postgres_schema::APPEND_LOCK;
use super::rules::{self, Decision};
use super::{Actor, Appended, Event, EventId, EventKind, JournalError, Record};

impl PostgresJournal {
    pub(super) fn try_append(
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
            .try_get(0)
            .map_err(|e| column(loc, "the next seq", &e))?;
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

    pub(super) fn import_records(&mut self, records: &[Record]) -> Result<(), JournalError> {
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
            let events: i64 = run(rt, loc, tx.query_one("SELECT count(*) FROM events", &[]))?
                .try_get(0)
                .map_err(|e| column(loc, "the number of events", &e))?;
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
