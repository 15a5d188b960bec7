//! `journal copy`: moving a watch's journal to another backend (typically
//! a SQLite file into a new PostgreSQL database), event for event.

use super::{Journal, JournalError, Record};

/// How many events `copy` reads per batch.
const BATCH: usize = 10_000;

/// What a copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    pub events: usize,
    pub last_seq: i64,
}

/// Copies every event of `from` into `to`, which must be empty: same seq,
/// id, time, actor, kind, note and unique key, in one transaction. The
/// checkpoints are not copied (derived data: the first console to open the
/// target folds the events and writes one).
pub fn copy(from: &mut dyn Journal, to: &mut dyn Journal) -> Result<Copied, JournalError> {
    let events = to.last_seq()?;
    if events > 0 {
        return Err(JournalError::NotEmpty {
            location: to.location().clone(),
            events,
        });
    }
    let mut all: Vec<Record> = Vec::new();
    loop {
        let after = all.last().map_or(0, |r| r.event.seq);
        let batch = from.records_since(after, BATCH)?;
        if batch.is_empty() {
            break;
        }
        all.extend(batch);
    }
    to.import(&all)?;
    Ok(Copied {
        events: all.len(),
        last_seq: all.last().map_or(0, |r| r.event.seq),
    })
}
