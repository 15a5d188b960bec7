//! System events a console asks the journal for (first sight, re-raise,
//! re-open, a station's level change), remembered until recorded so the
//! same request is not sent on every poll.

use chrono::{DateTime, Utc};

use super::{Changes, Model};
use crate::domain::event::EventKind;
use crate::domain::lifecycle::{self, SystemAsk};

/// A level change this console has asked the journal to record and not yet
/// seen recorded, so the same request is not sent on every poll:
/// (station, new level, the feed's updated_at).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct LevelRequest(pub String, pub u8, pub DateTime<Utc>);

/// An alert event asked for in the same way: (what, how many of the
/// alert's journal events there were when asked). Kept per alert, by its
/// index in the store.
pub(super) type AlertRequest = (SystemAsk, usize);

impl Model {
    /// Journal events this alert calls for: first sight, re-raise, re-open.
    pub(super) fn system_events_for(&mut self, i: usize, changes: &mut Changes) {
        let a = &self.alerts.entries[i].alert;
        let j = self.journal.alert(&a.id);
        let Some(tag) = lifecycle::system_ask(j.map(|j| &j.life), a, self.raise_threshold) else {
            return;
        };
        let stamp = j.map_or(0, |j| j.seen as usize);
        if self.requested_alerts.len() <= i {
            self.requested_alerts.resize_with(i + 1, Vec::new);
        }
        let asked = &mut self.requested_alerts[i];
        if asked.contains(&(tag, stamp)) {
            return; // asked already: no copy of the id for nothing
        }
        asked.push((tag, stamp));
        changes.system.push(match tag {
            SystemAsk::Reopen => EventKind::Reopened {
                alert: a.id.clone(),
            },
            SystemAsk::Raise | SystemAsk::Reraise => EventKind::Raised {
                alert: a.id.clone(),
                severity: a.severity,
                reraise: tag == SystemAsk::Reraise,
            },
        });
    }

    /// Forget a system request so it may be retried (after an error).
    pub fn forget_request(&mut self, kind: &EventKind) {
        if let EventKind::LevelChanged {
            station,
            to,
            reported_at,
            ..
        } = kind
        {
            self.requested
                .retain(|LevelRequest(s, t, at)| !(s == station && t == to && at == reported_at));
        }
        let alert = kind.alert().and_then(|id| self.alerts.position(id));
        if let Some(asked) = alert.and_then(|i| self.requested_alerts.get_mut(i)) {
            asked.clear();
        }
    }

    /// Asks again for the system events every alert calls for (first
    /// sight, re-raise, re-open) and that are not in flight: after the
    /// journal was unreachable (what was asked then was refused). With
    /// `forget`, what was asked before is forgotten too: after the journal
    /// was read anew (one that went backwards may lack what was recorded).
    pub fn ask_again(&mut self, forget: bool) -> Changes {
        let mut changes = Changes::default();
        if forget {
            self.requested_alerts.clear();
        }
        for i in 0..self.alerts.entries.len() {
            self.system_events_for(i, &mut changes);
        }
        changes
    }
}
