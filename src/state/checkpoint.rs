//! A `JournalState` as a checkpoint: everything folded from the events
//! (each alert's state, mutes, taskings, recent level changes, who was
//! on watch), without the events themselves. See `journal::checkpoint` for where it is kept.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::journal::{AlertJournal, JournalState, LevelChange, Mute, Tasking};
use super::presence::Presence;

/// The format of the bytes below (postcard: compact, and quick to read
/// back; not self-describing, so every field is always written). Bump it
/// whenever the fold or these structs change: checkpoints of another format
/// are ignored (the events are folded instead) and replaced by the next
/// one written.
pub const FORMAT: u32 = 2;

/// Level changes older than this (before the checkpoint was written) are
/// left out; the last one of each station is always kept.
const LEVEL_HISTORY: Duration = Duration::hours(72);

#[derive(Serialize, Deserialize)]
struct Checkpoint {
    seq: i64,
    alerts: HashMap<String, AlertJournal>,
    mutes: HashMap<String, Mute>,
    taskings: HashMap<String, Tasking>,
    levels: HashMap<String, Vec<LevelChange>>,
    presence: Presence,
}

/// A borrowed view, so writing one clones nothing.
#[derive(Serialize)]
struct CheckpointRef<'a> {
    seq: i64,
    alerts: &'a HashMap<String, AlertJournal>,
    mutes: &'a HashMap<String, Mute>,
    taskings: &'a HashMap<String, Tasking>,
    levels: HashMap<&'a str, &'a [LevelChange]>,
    presence: &'a Presence,
}

impl JournalState {
    /// The state as of `last_seq`, as checkpoint bytes. Level changes
    /// older than 72 hours before `now` (bar each station's last) are
    /// left out: the trend looks back 72 hours from a later `now`.
    pub fn checkpoint(&self, now: DateTime<Utc>) -> Vec<u8> {
        let since = now - LEVEL_HISTORY;
        let levels = self
            .levels
            .iter()
            .map(|(station, changes)| {
                let recent = changes.partition_point(|c| c.at < since);
                let from = recent.min(changes.len().saturating_sub(1));
                (station.as_str(), &changes[from..])
            })
            .collect();
        let cp = CheckpointRef {
            seq: self.last_seq,
            alerts: &self.alerts,
            mutes: &self.mutes,
            taskings: &self.taskings,
            levels,
            presence: &self.presence,
        };
        // Maps of strings, numbers and enums: serialising cannot fail.
        postcard::to_stdvec(&cp).unwrap_or_default()
    }

    /// The state a checkpoint holds, with no events in memory yet. `seq`
    /// is the one the journal filed it under; a mismatch is an error.
    pub fn from_checkpoint(seq: i64, bytes: &[u8]) -> Result<JournalState, String> {
        let cp: Checkpoint = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
        if cp.seq != seq {
            return Err(format!("it holds the state as of #{}, not #{seq}", cp.seq));
        }
        Ok(JournalState {
            last_seq: cp.seq,
            checkpoint_seq: cp.seq,
            alerts: cp.alerts,
            mutes: cp.mutes,
            taskings: cp.taskings,
            levels: cp.levels,
            presence: cp.presence,
            ..JournalState::default()
        })
    }
}

impl crate::domain::replay::Replay for JournalState {
    const CHECKPOINT_FORMAT: u32 = FORMAT;

    fn from_checkpoint(seq: i64, bytes: &[u8]) -> Result<Self, String> {
        JournalState::from_checkpoint(seq, bytes)
    }

    fn last_seq(&self) -> i64 {
        self.last_seq
    }

    fn keep(&mut self, event: crate::domain::event::Event) {
        JournalState::keep(self, event);
    }

    /// At start no source severity is known yet: an ack read back keeps none.
    fn fold(&mut self, event: &crate::domain::event::Event) {
        JournalState::fold(self, event, None);
    }

    fn apply(&mut self, event: crate::domain::event::Event) {
        JournalState::apply(self, event, None);
    }

    fn held_from(&mut self, from: DateTime<Utc>) {
        self.history_from = Some(from);
    }
}
