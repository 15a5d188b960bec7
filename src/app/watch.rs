//! The watch cycle in the app: at each shift change, ask the journal for the
//! `handover` event of the shift that ended. The journal records it once per
//! (shift, day) whatever the number of consoles and daemons, and only the
//! process whose request was recorded writes the report.

use super::{App, Effect};
use crate::domain::event::EventKind;
use crate::domain::watch::ShiftInstance;

impl App {
    pub(crate) fn watch_tick(&mut self, effects: &mut Vec<Effect>) {
        let current = self.settings.watch.current(self.now);
        let Some(last) = self.shift.replace(current.clone()) else {
            return;
        };
        if last.name == current.name && last.day == current.day {
            return;
        }
        if self.settings.read_only {
            return;
        }
        let kind = EventKind::Handover {
            shift: last.name.clone(),
            day: last.day,
        };
        self.handover_for = Some(last);
        effects.push(self.request(kind, None, true));
    }

    /// The handover this app asked for was recorded: it writes the report.
    pub(crate) fn handover_recorded(&mut self, effects: &mut Vec<Effect>) {
        if let Some(shift) = self.handover_for.take() {
            effects.push(Effect::WriteReport(shift));
        }
    }

    /// The shift on now, as of the last tick.
    pub fn shift(&self) -> Option<&ShiftInstance> {
        self.shift.as_ref()
    }
}
