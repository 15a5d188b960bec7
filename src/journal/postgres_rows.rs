//! The PostgreSQL journal's round trips: one step at a time on the
//! handle's runtime, within a timeout; rows decoded into events; the rules'
//! lookups inside an append's transaction.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{GenericClient, Row};

use super::event::truncate_at;
use super::postgres_conn::pg_err;
use super::rules::Lookup;
use super::{Event, EventId, EventKind, JournalError, Location, Record};

/// How long one database round trip may take before the journal counts as
/// unreachable.
const OP_TIMEOUT: Duration = Duration::from_secs(10);

/// The columns `decode` reads, in order.
pub(super) const COLUMNS: &str = "seq, at, officer, host, payload, note, id, unique_key";

/// An error, and whether the connection must be dropped.
pub(super) struct Failure {
    pub error: JournalError,
    pub drop: bool,
}

impl Failure {
    pub fn keep(error: JournalError) -> Self {
        Failure { error, drop: false }
    }
}

/// Runs one database step on `rt`, within [`OP_TIMEOUT`].
pub(super) fn run<T>(
    rt: &Runtime,
    loc: &Location,
    fut: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, Failure> {
    run_within(rt, loc, OP_TIMEOUT, fut)
}

/// Runs one database step on `rt`, within `limit`.
pub(super) fn run_within<T>(
    rt: &Runtime,
    loc: &Location,
    limit: Duration,
    fut: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, Failure> {
    match rt.block_on(async { tokio::time::timeout(limit, fut).await }) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            let (error, drop) = pg_err(loc, &e);
            Err(Failure { error, drop })
        }
        Err(_) => Err(Failure {
            error: JournalError::Unavailable {
                location: loc.clone(),
                reason: format!("no answer within {}s", limit.as_secs()),
            },
            drop: true,
        }),
    }
}

/// [`run`], for callers that hold no connection to drop.
pub(super) fn block<T>(
    rt: &Runtime,
    loc: &Location,
    fut: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, JournalError> {
    run(rt, loc, fut).map_err(|f| f.error)
}

/// Decodes a row of [`COLUMNS`].
pub(super) fn decode(loc: &Location, row: &Row) -> Result<Record, JournalError> {
    let seq: i64 = row.try_get(0).map_err(|e| db_err(loc, &e))?;
    let corrupt = |reason: String| JournalError::Corrupt {
        location: loc.clone(),
        seq,
        reason,
    };
    let at: DateTime<Utc> = row.try_get(1).map_err(|e| corrupt(e.to_string()))?;
    let payload: serde_json::Value = row.try_get(4).map_err(|e| corrupt(e.to_string()))?;
    let kind: EventKind =
        serde_json::from_value(payload).map_err(|e| corrupt(format!("bad payload: {e}")))?;
    let id: Option<String> = row.try_get(6).map_err(|e| corrupt(e.to_string()))?;
    Ok(Record {
        id: id.as_deref().and_then(EventId::parse),
        unique_key: row.try_get(7).map_err(|e| corrupt(e.to_string()))?,
        event: Event {
            seq,
            at: truncate_at(at),
            officer: row.try_get(2).map_err(|e| corrupt(e.to_string()))?,
            host: row.try_get(3).map_err(|e| corrupt(e.to_string()))?,
            kind,
            note: row.try_get(5).map_err(|e| corrupt(e.to_string()))?,
        },
    })
}

/// A column that could not be read (a schema not as this build made it).
pub(super) fn column(loc: &Location, what: &str, e: &tokio_postgres::Error) -> Failure {
    Failure::keep(JournalError::Database {
        location: loc.clone(),
        detail: format!("cannot read {what}: {e}"),
    })
}

fn db_err(loc: &Location, e: &tokio_postgres::Error) -> JournalError {
    pg_err(loc, e).0
}

/// The rules' reads, inside the append's transaction.
pub(super) struct PgLookup<'a, C: GenericClient> {
    pub rt: &'a Runtime,
    pub loc: &'a Location,
    pub tx: &'a C,
}

impl<C: GenericClient + Sync> PgLookup<'_, C> {
    pub fn select(
        &self,
        tail: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Record>, Failure> {
        let sql = format!("SELECT {COLUMNS} FROM events {tail}");
        let rows = run(self.rt, self.loc, self.tx.query(&sql, params))?;
        rows.iter()
            .map(|r| decode(self.loc, r).map_err(Failure::keep))
            .collect()
    }
}

impl<C: GenericClient + Sync> Lookup for PgLookup<'_, C> {
    fn lifecycle(&mut self, alert: &str) -> Result<Vec<Event>, JournalError> {
        let found = self
            .select(
                "WHERE alert = $1 \
                 AND kind IN ('raised', 'acknowledged', 'resolved', 'reopened', 'unacknowledged', 'ack_expired') ORDER BY seq",
                &[&alert],
            )
            .map_err(|f| f.error)?;
        Ok(found.into_iter().map(|r| r.event).collect())
    }

    fn by_key(&mut self, key: &str) -> Result<Option<Event>, JournalError> {
        let found = self
            .select("WHERE unique_key = $1", &[&key])
            .map_err(|f| f.error)?;
        Ok(found.into_iter().next().map(|r| r.event))
    }
}
