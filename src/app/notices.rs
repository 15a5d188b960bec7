//! What the officer should hear about: a new critical or high alert (not on
//! a feed's first poll, which is history, not news) and every escalation as
//! it is recorded. A muted station's alerts stay quiet.

use super::{App, Effect};
use crate::domain::event::Event;
use crate::notify::Notice;

impl App {
    pub(crate) fn notify_new_alerts(
        &mut self,
        new_alerts: &[usize],
        first_poll: bool,
        effects: &mut Vec<Effect>,
    ) {
        if first_poll {
            return;
        }
        for &i in new_alerts {
            let Some(e) = self.model.alerts.entries.get(i) else {
                continue;
            };
            if self.model.status(e, self.now).muted {
                continue;
            }
            let n = Notice::new_alert(&e.alert);
            if n.notifiable() {
                effects.push(Effect::Notify(n));
            }
        }
    }

    pub(crate) fn notify_escalations(&mut self, events: &[Event], effects: &mut Vec<Effect>) {
        for ev in events {
            let Some(n) = Notice::from_event(&ev.kind) else {
                continue;
            };
            let muted = ev
                .kind
                .alert()
                .and_then(|id| self.model.alerts.get(id))
                .is_some_and(|e| self.model.status(e, self.now).muted);
            if !muted && n.notifiable() {
                effects.push(Effect::Notify(n));
            }
        }
    }
}
