//! Automatic escalation: on each tick, every unacknowledged alert whose
//! policy step has fallen due asks the journal to record it. Each console
//! and daemon asks; the journal's uniqueness of (alert, step) and its
//! "an ack stops the climb" rule make it happen exactly once.

use std::time::Duration;

use super::{App, Effect};
use crate::domain::AlertState;
use crate::domain::escalation::{due_steps, raised_at};
use crate::domain::event::EventKind;

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
            let raised = raised_at(a.reported_at, first_seen);
            for step in due_steps(&afters, raised, now, j.escalation_level) {
                if self.escalations_asked.insert((a.id.clone(), step)) {
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

    /// A failed automatic escalation may be asked again on the next tick.
    pub(crate) fn forget_escalation(&mut self, kind: &EventKind) {
        if let EventKind::Escalated {
            alert,
            step,
            manual: false,
            ..
        } = kind
        {
            self.escalations_asked.remove(&(alert.clone(), *step));
        }
    }
}
