//! The journal's reachability as the app sees it: `journal reconnecting`
//! while it cannot be reached (every action refused), and what was not
//! recorded meanwhile asked for again once it is back or read anew.

use super::{App, Effect, FlashKind};
use crate::state::JournalState;

impl App {
    /// The journal became unreachable (`Some(why)`) or reachable again.
    pub(crate) fn journal_reachable(&mut self, down: Option<String>, effects: &mut Vec<Effect>) {
        match &down {
            Some(why) => self.flash(FlashKind::Error, format!("journal reconnecting: {why}")),
            None => self.flash(FlashKind::Ok, "journal reconnected"),
        }
        let back = self.journal_down.is_some() && down.is_none();
        self.journal_down = down;
        self.dirty = true;
        if back {
            // First sight of an alert that came while the journal was down
            // was refused: asked for again now.
            self.ask_again(false, effects);
        }
    }

    /// The whole journal state, read anew by the journal thread.
    pub(crate) fn journal_loaded(
        &mut self,
        state: JournalState,
        notice: Option<String>,
        effects: &mut Vec<Effect>,
    ) {
        self.model.set_journal(state);
        match notice {
            Some(n) => self.flash(FlashKind::Error, n),
            None => self.flash(FlashKind::Ok, "journal read"),
        }
        self.dirty = true;
        self.ask_again(true, effects);
    }

    fn ask_again(&mut self, forget: bool, effects: &mut Vec<Effect>) {
        if self.settings.read_only {
            return;
        }
        for kind in self.model.ask_again(forget).system {
            effects.push(self.request(kind, None, true));
        }
    }
}
