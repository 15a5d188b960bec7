//! Presence: a console says it is open with a `heartbeat` event at most
//! once a minute (and once more as it closes), so every other console can
//! show who else is on watch.

use chrono::Duration;

use super::{App, Effect};
use crate::domain::event::EventKind;

/// How often an open console says so.
pub const HEARTBEAT_EVERY: Duration = Duration::seconds(60);

impl App {
    fn heartbeat_kind(&self, closing: bool) -> EventKind {
        EventKind::Heartbeat {
            officer: self.settings.officer.clone(),
            desk: self.filter.desk.clone(),
            closing,
        }
    }

    /// On each tick: a heartbeat if the last is a minute old.
    pub(crate) fn heartbeat_tick(&mut self, effects: &mut Vec<Effect>) {
        if !self.settings.presence || self.settings.read_only {
            return;
        }
        if self
            .last_heartbeat
            .is_some_and(|t| self.now - t < HEARTBEAT_EVERY)
        {
            return;
        }
        self.last_heartbeat = Some(self.now);
        let kind = self.heartbeat_kind(false);
        effects.push(self.request(kind, None, true));
    }

    /// Before the console quits: one last heartbeat saying it closed.
    pub(crate) fn heartbeat_on_quit(&mut self, effects: &mut Vec<Effect>) {
        if !self.settings.presence || self.settings.read_only || self.closing_request.is_some() {
            return;
        }
        let Some(quit) = effects.iter().position(|e| *e == Effect::Quit) else {
            return;
        };
        let kind = self.heartbeat_kind(true);
        let append = self.request(kind, None, true);
        if let Effect::Append { request, .. } = &append {
            self.closing_request = Some(*request);
        }
        effects.insert(quit, append);
    }

    /// The closing heartbeat's request, once asked (the runtime waits a
    /// moment for it to be recorded before the process ends).
    pub fn closing_request(&self) -> Option<u64> {
        self.closing_request
    }
}
