//! Automatic escalation: on each tick, every unacknowledged alert whose
//! policy step has fallen due asks the journal to record it, and every
//! acknowledgement older than its policy's `ack_timeout` asks to expire.
//! Each console and daemon asks; the journal's uniqueness of (alert, climb,
//! step) and of one expiry per acknowledgement, and its "an ack stops the
//! climb" rule, make each happen exactly once.

use std::time::Duration;

use super::{App, Effect};
use crate::domain::AlertState;
use crate::domain::escalation::{ack_timeout, due_steps, raised_at};
use crate::domain::event::EventKind;
use crate::domain::ids::AlertId;
use crate::domain::lifecycle::ack_expiry;

impl App {
    pub(crate) fn auto_escalate(&mut self, effects: &mut Vec<Effect>) {
        if self.settings.read_only || self.settings.policies.is_empty() {
            return;
        }
        let now = self.now;
        let mut asks = Vec::new();
        for e in &self.model.alerts.entries {
            let a = &e.alert;
            // Only severities a policy names climb by themselves.
            let Some(policy) = self
                .settings
                .policies
                .iter()
                .find(|p| p.severity == a.severity)
            else {
                continue;
            };
            let st = self.model.status(e, now);
            if st.state != AlertState::New || st.cleared || st.retired || st.snoozed || st.muted {
                continue;
            }
            // Until some console has journaled first sight, consoles could
            // disagree on when it was raised: wait for the `raised` event.
            let Some(j) = st.journal else { continue };
            let Some(first_seen) = j.raised_at else {
                continue;
            };
            let afters: Vec<Duration> = policy.steps.iter().map(|s| s.after).collect();
            // A climb after an expired acknowledgement counts from the expiry.
            let raised = j
                .climb_from
                .unwrap_or_else(|| raised_at(a.reported_at, first_seen));
            for step in due_steps(&afters, raised, now, j.escalation_level) {
                if self.escalations_asked.insert((a.id.clone(), j.climb, step)) {
                    let target = policy.steps[step as usize - 1].to.clone();
                    asks.push(EventKind::Escalated {
                        alert: a.id.clone(),
                        step,
                        target,
                        manual: false,
                    });
                }
            }
        }
        for kind in asks {
            effects.push(self.request(kind, None, true));
        }
    }

    /// Every acknowledgement held past its policy's `ack_timeout` (alerts
    /// the source cleared or retired excepted: they are over) asks to
    /// expire, once per acknowledgement from this app.
    pub(crate) fn expire_acks(&mut self, effects: &mut Vec<Effect>) {
        if self.settings.read_only || self.settings.policies.is_empty() {
            return;
        }
        let now = self.now;
        let mut asks = Vec::new();
        for e in &self.model.alerts.entries {
            let a = &e.alert;
            let timeout = ack_timeout(&self.settings.policies, a.severity);
            if timeout.is_none() {
                continue;
            }
            let st = self.model.status(e, now);
            if st.cleared || st.retired {
                continue;
            }
            let Some(j) = st.journal else { continue };
            let Some(id) = AlertId::new(a.id.as_str()) else {
                continue;
            };
            if let Some(
                kind @ EventKind::AckExpired {
                    acknowledged_at, ..
                },
            ) = ack_expiry(j, &id, timeout, now)
                && self.expiries_asked.insert((a.id.clone(), acknowledged_at))
            {
                asks.push(kind);
            }
        }
        for kind in asks {
            effects.push(self.request(kind, None, true));
        }
    }

    /// A failed automatic escalation or expiry may be asked again on the
    /// next tick.
    pub(crate) fn forget_escalation(&mut self, kind: &EventKind) {
        match kind {
            EventKind::Escalated {
                alert,
                step,
                manual: false,
                ..
            } => {
                let climb = self.model.journal.alert(alert).map_or(0, |j| j.climb);
                self.escalations_asked
                    .remove(&(alert.clone(), climb, *step));
            }
            // Not recorded: the next tick says it again.
            EventKind::Heartbeat { closing: false, .. } => self.last_heartbeat = None,
            EventKind::AckExpired {
                alert,
                acknowledged_at,
                ..
            } => {
                self.expiries_asked
                    .remove(&(alert.clone(), *acknowledged_at));
            }
            _ => {}
        }
    }
}
