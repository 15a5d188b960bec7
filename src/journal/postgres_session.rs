//! The PostgreSQL journal's connection over its life: connecting (and
//! reconnecting) when asked, making sure the schema is there on each new
//! connection, and noticing a database that stopped answering.
//!
//! A handle may exist before its database answers (a console started while
//! the server is down, or a read-only handle before anyone created the
//! journal): every call tries again, and the schema is checked (created,
//! migrated or found) as soon as a connection is made.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

use super::postgres::PostgresJournal;
use super::postgres_conn::Live;
use super::postgres_rows::{Failure, block, run_within};
use super::postgres_schema::{self as schema, Schema};
use super::{JournalError, Location};

/// How long creating or migrating the schema may take.
const MIGRATE_TIMEOUT: Duration = Duration::from_secs(120);

/// With no answer from the database for this long, `changed()` asks it
/// something (a frozen server, or a network that silently stopped
/// forwarding, is noticed within this plus [`PING_TIMEOUT`]).
pub(super) const PING_EVERY: Duration = Duration::from_secs(1);

/// How long that question may wait for its answer.
pub(super) const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// A read-only handle on a database with no journal yet looks again this often.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

impl PostgresJournal {
    /// (Re)connects if there is no live connection, and checks the schema
    /// on a new one.
    pub(super) fn connect(&mut self) -> Result<&mut Live, JournalError> {
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
            self.schema_ok = false;
            self.last_answer = Instant::now();
            self.dirty = true;
            self.reconnects += 1;
        }
        if !self.schema_ok && self.should_look() {
            self.look_at_schema()?;
        }
        let unavailable = self.unavailable("connection lost");
        self.live.as_mut().ok_or(unavailable)
    }

    /// A read-write handle looks at once; a read-only one on a database
    /// with no journal yet, once a second.
    fn should_look(&self) -> bool {
        !self.uncreated || self.last_look.elapsed() >= LOOK_AGAIN
    }

    /// Creates or migrates the schema (read-write), or finds it (read-only).
    fn look_at_schema(&mut self) -> Result<(), JournalError> {
        self.last_look = Instant::now();
        let read_only = self.read_only;
        let found = self.with_live(|rt, loc, client| {
            if read_only {
                run_within(rt, loc, PING_TIMEOUT * 5, schema::inspect(client))
            } else {
                // Creating the tables fsyncs a good deal: more time than a step.
                run_within(rt, loc, MIGRATE_TIMEOUT, schema::migrate(client))
            }
        })?;
        let loc = self.location.clone();
        match found {
            Schema::Current | Schema::Migrated { .. } => {
                if self.uncreated {
                    // Another process created the journal: read it now.
                    self.dirty = true;
                }
                self.uncreated = false;
                self.schema_ok = true;
                Ok(())
            }
            Schema::Newer(found) => Err(JournalError::NewerSchema {
                location: loc,
                found,
                supported: schema::VERSION,
            }),
            // Read-only, before any console created the journal: no events
            // yet; looked for again until it is there.
            Schema::Older(0) => {
                self.uncreated = true;
                Ok(())
            }
            Schema::Older(_) => Err(JournalError::Open {
                location: loc,
                reason: "its journal has an older schema, which only a handle that may write \
                         migrates (open it once without --read-only)"
                    .into(),
            }),
        }
    }

    pub(super) fn unavailable(&self, reason: &str) -> JournalError {
        JournalError::Unavailable {
            location: self.location.clone(),
            reason: reason.to_string(),
        }
    }

    /// Runs `f` on the live connection as it is (no reconnect); drops the
    /// connection on an error that leaves it unusable.
    fn with_live<T>(
        &mut self,
        f: impl FnOnce(&Runtime, &Location, &mut tokio_postgres::Client) -> Result<T, Failure>,
    ) -> Result<T, JournalError> {
        let Some(live) = self.live.as_mut() else {
            return Err(self.unavailable("connection lost"));
        };
        match f(&self.rt, &self.location, &mut live.client) {
            Ok(v) => {
                self.last_answer = Instant::now();
                Ok(v)
            }
            Err(Failure { error, drop }) => {
                if drop {
                    self.live = None;
                }
                Err(error)
            }
        }
    }

    /// Runs `f` on a live connection, connecting first if need be.
    pub(super) fn with_client<T>(
        &mut self,
        f: impl FnOnce(&Runtime, &Location, &mut tokio_postgres::Client) -> Result<T, Failure>,
    ) -> Result<T, JournalError> {
        self.connect()?;
        self.with_live(f)
    }

    /// After [`PING_EVERY`] with no answer, one short question: a database
    /// that stopped answering is unreachable now, not at the next
    /// statement's timeout.
    pub(super) fn ping_if_quiet(&mut self) -> Result<(), JournalError> {
        if self.last_answer.elapsed() < PING_EVERY {
            return Ok(());
        }
        self.with_live(|rt, loc, client| run_within(rt, loc, PING_TIMEOUT, client.simple_query("")))
            .map(|_| ())
    }
}
