//! A state built by folding journal events in order: what reading a
//! journal's history fills (`history::load`), without the journal knowing
//! the state's type.

use chrono::{DateTime, Utc};

use super::event::Event;

/// Something folded from journal events that can start from a checkpoint
/// of itself.
pub trait Replay: Default + Send + Sized {
    /// The format of the checkpoints `from_checkpoint` reads; checkpoints of
    /// another format are passed over.
    const CHECKPOINT_FORMAT: u32;

    /// The state a checkpoint filed under `seq` holds, with no events held.
    fn from_checkpoint(seq: i64, bytes: &[u8]) -> Result<Self, String>;

    /// The last event folded in.
    fn last_seq(&self) -> i64;

    /// Holds an event already folded in (by the checkpoint).
    fn keep(&mut self, event: Event);

    /// Folds an event in without holding it (older than what is shown).
    fn fold(&mut self, event: &Event);

    /// Folds an event in and holds it.
    fn apply(&mut self, event: Event);

    /// Events before `from` were folded but not held.
    fn held_from(&mut self, from: DateTime<Utc>);
}
