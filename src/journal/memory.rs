//! A journal held in this process: the same trait and the same rules as the
//! SQLite and PostgreSQL journals, for tests and demos. Handles made with
//! [`MemoryJournal::handle`] share one journal, as several connections
//! share a database; appends are serialised by one lock, like a database's
//! write lock.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use super::event::truncate_at;
use super::rules::{self, Decision, LIFECYCLE_KINDS, Lookup};
use super::{Actor, Appended, Event, EventId, EventKind, Journal, JournalError, Location, Record};

#[derive(Debug, Default)]
struct Store {
    records: Vec<Record>,
    /// (format, seq, state): the newest checkpoint per format.
    checkpoints: Vec<(u32, i64, Vec<u8>)>,
    /// Bumped by every commit.
    version: u64,
}

impl Lookup for &Store {
    fn lifecycle(&mut self, alert: &str) -> Result<Vec<Event>, JournalError> {
        Ok(self
            .records
            .iter()
            .map(|r| &r.event)
            .filter(|e| e.kind.alert() == Some(alert) && LIFECYCLE_KINDS.contains(&e.kind.name()))
            .cloned()
            .collect())
    }

    fn by_key(&mut self, key: &str) -> Result<Option<Event>, JournalError> {
        Ok(self
            .records
            .iter()
            .find(|r| r.unique_key.as_deref() == Some(key))
            .map(|r| r.event.clone()))
    }
}

/// A handle on an in-memory journal.
#[derive(Debug)]
pub struct MemoryJournal {
    store: Arc<Mutex<Store>>,
    location: Location,
    /// The store's version as of the last `changed()`.
    seen: u64,
}

impl MemoryJournal {
    /// A new, empty journal.
    pub fn new() -> Self {
        MemoryJournal {
            store: Arc::default(),
            location: Location::Memory,
            seen: 0,
        }
    }

    /// Another handle on the same journal (as another connection would be).
    pub fn handle(&self) -> Self {
        MemoryJournal {
            store: Arc::clone(&self.store),
            location: Location::Memory,
            seen: 0,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave a half-made record
        // (records are pushed whole), so the data stays good.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for MemoryJournal {
    fn default() -> Self {
        Self::new()
    }
}

impl Journal for MemoryJournal {
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
        let mut store = self.lock();
        if let Some(done) = store.records.iter().find(|r| r.id.as_ref() == Some(id)) {
            return Ok(Appended::Recorded(done.event.clone()));
        }
        let key = match rules::decide(&mut &*store, &kind)? {
            Decision::Conflict(winner) => return Ok(Appended::Conflict(winner)),
            Decision::Record(key) => key,
        };
        let seq = store.records.last().map_or(1, |r| r.event.seq + 1);
        let event = Event {
            seq,
            at: truncate_at(at),
            officer: actor.officer.clone(),
            host: actor.host.clone(),
            kind,
            note,
        };
        store.records.push(Record {
            id: Some(id.clone()),
            unique_key: key,
            event: event.clone(),
        });
        store.version += 1;
        Ok(Appended::Recorded(event))
    }

    fn read_since(&mut self, after: i64, limit: usize) -> Result<Vec<Event>, JournalError> {
        Ok(self
            .records_since(after, limit)?
            .into_iter()
            .map(|r| r.event)
            .collect())
    }

    fn records_since(&mut self, after: i64, limit: usize) -> Result<Vec<Record>, JournalError> {
        let store = self.lock();
        let from = store.records.partition_point(|r| r.event.seq <= after);
        Ok(store.records[from..].iter().take(limit).cloned().collect())
    }

    fn changed(&mut self) -> Result<bool, JournalError> {
        let version = self.lock().version;
        let changed = version != self.seen;
        self.seen = version;
        Ok(changed)
    }

    fn last_seq(&mut self) -> Result<i64, JournalError> {
        Ok(self.lock().records.last().map_or(0, |r| r.event.seq))
    }

    fn latest_checkpoint(&mut self, format: u32) -> Result<Option<(i64, Vec<u8>)>, JournalError> {
        Ok(self
            .lock()
            .checkpoints
            .iter()
            .find(|(f, _, _)| *f == format)
            .map(|(_, seq, state)| (*seq, state.clone())))
    }

    fn write_checkpoint(
        &mut self,
        seq: i64,
        format: u32,
        _at: DateTime<Utc>,
        state: &[u8],
    ) -> Result<(), JournalError> {
        let mut store = self.lock();
        let newer = store
            .checkpoints
            .iter()
            .any(|(f, s, _)| *f == format && *s >= seq);
        if !newer {
            store.checkpoints.retain(|(f, _, _)| *f != format);
            store.checkpoints.push((format, seq, state.to_vec()));
        }
        Ok(())
    }

    fn alert_events(&mut self, alert: &str, before: i64) -> Result<Vec<Event>, JournalError> {
        Ok(self
            .lock()
            .records
            .iter()
            .map(|r| &r.event)
            .filter(|e| e.seq < before && e.kind.alert() == Some(alert))
            .cloned()
            .collect())
    }

    fn first_seq_since(&mut self, at: DateTime<Utc>) -> Result<Option<i64>, JournalError> {
        Ok(self
            .lock()
            .records
            .iter()
            .filter(|r| r.event.at >= at)
            .map(|r| r.event.seq)
            .min())
    }

    fn import(&mut self, records: &[Record]) -> Result<(), JournalError> {
        let mut store = self.lock();
        if let Some(last) = store.records.last() {
            return Err(JournalError::NotEmpty {
                location: self.location.clone(),
                events: last.event.seq,
            });
        }
        store.records = records.to_vec();
        store.records.sort_by_key(|r| r.event.seq);
        store.version += 1;
        Ok(())
    }
}
