//! What the officer should hear about: a new critical or high alert (not on
//! a feed's first poll, which is history, not news) and every escalation as
//! it is recorded, and every acknowledgement that expired unresolved. A
//! muted station's alerts stay quiet.

use super::{App, Effect, Flash, FlashKind};
use crate::domain::event::{Event, EventKind};
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

    /// An escalation to one of this officer's contact groups: a banner that
    /// stays a minute (the notification above rings the bell).
    fn banner_if_mine(&mut self, ev: &Event) {
        if let EventKind::Escalated {
            alert,
            step,
            target,
            ..
        } = &ev.kind
            && self.settings.my_groups.iter().any(|g| g == target)
        {
            let title = self
                .model
                .alerts
                .get(alert)
                .map(|e| format!(" {}", e.alert.title))
                .unwrap_or_default();
            self.flash = Some(Flash {
                kind: FlashKind::Error,
                text: format!("PAGED: you ({target}) for step {step}: {alert}{title}"),
                until: self.now + chrono::Duration::seconds(60),
            });
            self.dirty = true;
        }
    }

    pub(crate) fn notify_escalations(&mut self, events: &[Event], effects: &mut Vec<Effect>) {
        for ev in events {
            let alert = ev
                .kind
                .alert()
                .and_then(|id| self.model.alerts.get(id))
                .map(|e| &e.alert);
            let Some(n) = Notice::from_event_for(&ev.kind, ev.at, alert) else {
                continue;
            };
            let muted = ev
                .kind
                .alert()
                .and_then(|id| self.model.alerts.get(id))
                .is_some_and(|e| self.model.status(e, self.now).muted);
            if !muted && matches!(n, Notice::AckExpired { .. }) {
                // Seen on every console, not only by whoever is notified.
                let (_, body) = n.text();
                self.flash(FlashKind::Error, body);
            }
            if !muted && n.notifiable() {
                effects.push(Effect::Notify(n));
            }
            self.banner_if_mine(ev);
        }
    }
}
