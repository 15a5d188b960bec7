//! `u`: undo the officer's own last action (one event, or a whole bulk
//! action) within 30 seconds, by recording the events that take it back.
//! The lifecycle decides each (`lifecycle::undo`); nothing is deleted.

use super::outcome::Refused;
use super::{App, Effect, FlashKind, Mode, Refusal};
use crate::domain::event::{Event, EventKind};
use crate::domain::lifecycle::{self, UndoRefusal};

impl App {
    pub(crate) fn undo(&mut self, effects: &mut Vec<Effect>) {
        // A refused undo holds the keyboard: the keys typed after it
        // ("u a" to take back one alert and acknowledge another) must not
        // act while the first action still stands.
        if let Err(reason) = self.try_undo(effects) {
            self.mode = Mode::Refused(Refusal {
                reason,
                ignored: String::new(),
            });
            self.dirty = true;
        }
    }

    /// Whether `u` would take something back now: the officer's last
    /// action is within the window and can be undone (an escalation
    /// cannot).
    pub fn can_undo(&self) -> bool {
        self.last_action
            .as_ref()
            .is_some_and(|l| l.events.iter().any(|e| self.undo_one(e).is_ok()))
    }

    fn try_undo(&mut self, effects: &mut Vec<Effect>) -> Result<(), String> {
        self.can_record()?;
        let Some(last) = self.last_action.clone() else {
            return Err(format!(
                "nothing to undo: u takes back your own last action within {}s",
                lifecycle::UNDO_WINDOW.num_seconds()
            ));
        };
        let mut kinds = Vec::new();
        let mut refused = Vec::new();
        for done in &last.events {
            match self.undo_one(done) {
                Ok(kind) => kinds.push(kind),
                Err(why) => refused.push((done, why)),
            }
        }
        if kinds.is_empty() {
            // Too late is too late for the whole batch: say it once.
            let first = refused.first().map(|(_, w)| w.clone()).unwrap_or_default();
            if refused.len() > 1 && !first.contains(" ago, undo works") {
                return Err(format!("{first} (and {} more)", refused.len() - 1));
            }
            return Err(first);
        }
        self.last_action = None;
        let n = kinds.len();
        let refused = refused
            .into_iter()
            .map(|(e, message)| {
                let subject = e.kind.alert().or(e.kind.station()).unwrap_or("?");
                Refused::decided(subject, None, message)
            })
            .collect();
        let batch = self.start_batch("undone", refused, true);
        for kind in kinds {
            effects.push(self.request_in(kind, None, Some(batch)));
        }
        self.flash(FlashKind::Info, format!("undoing {n}…"));
        Ok(())
    }

    /// The event that takes `done` back, or why it cannot be.
    fn undo_one(&self, done: &Event) -> Result<EventKind, String> {
        let me = self.settings.officer.as_str();
        let now = self.now;
        match &done.kind {
            EventKind::Muted { station, until } => {
                lifecycle::undo_window(done, me, now).map_err(|r| r.message(station))?;
                let current = self.model.journal.mutes.get(station);
                match current {
                    Some(m) if m.by == me && m.until == *until && m.until > now => {
                        Ok(EventKind::Unmuted {
                            station: station.clone(),
                        })
                    }
                    Some(m) if m.until > now => Err(UndoRefusal::ActedSince {
                        by: m.by.clone(),
                        at: done.at,
                    }
                    .message(station)),
                    _ => Err(UndoRefusal::Changed { now: "not muted" }.message(station)),
                }
            }
            EventKind::SurgeTasked {
                officer_id,
                station,
            } => {
                lifecycle::undo_window(done, me, now).map_err(|r| r.message(officer_id))?;
                match self.model.journal.taskings.get(officer_id) {
                    Some(t) if t.station == *station && t.at == done.at => {
                        Ok(EventKind::SurgeStoodDown {
                            officer_id: officer_id.clone(),
                        })
                    }
                    _ => Err(UndoRefusal::Changed {
                        now: "tasked differently",
                    }
                    .message(officer_id)),
                }
            }
            kind => {
                let subject = kind.alert().unwrap_or("that action");
                let life = kind
                    .alert()
                    .and_then(|a| self.model.journal.alert(a))
                    .map(|j| &j.life);
                lifecycle::undo(life, done, me, now).map_err(|r| r.message(subject))
            }
        }
    }
}
