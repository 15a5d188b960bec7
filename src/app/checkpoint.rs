//! Checkpoints of the journal state, written while the officer pauses, so
//! the next console to start reads one row and the recent events instead
//! of the whole journal (`history::load`).

use chrono::Duration;

use super::{App, Effect};

/// Events folded since the last checkpoint before a new one is worth writing.
pub(crate) const CHECKPOINT_EVERY: i64 = 10_000;

/// How long the keyboard must have been quiet: writing one takes the UI
/// thread tens of milliseconds with 100k alerts, never under a key press.
const QUIET: Duration = Duration::seconds(5);

impl App {
    pub(crate) fn checkpoint_when_idle(&mut self, effects: &mut Vec<Effect>) {
        let journal = &self.model.journal;
        if self.settings.read_only
            || journal.last_seq - journal.checkpoint_seq < CHECKPOINT_EVERY
            || self.now - self.last_input < QUIET
        {
            return;
        }
        let seq = journal.last_seq;
        let state = journal.checkpoint(self.now);
        // Asked once: a failure is reported by the runtime, and the next
        // attempt waits for another `CHECKPOINT_EVERY` events.
        self.model.journal.checkpoint_seq = seq;
        effects.push(Effect::Checkpoint { seq, state });
    }
}
