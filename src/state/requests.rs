//! System events a console asks the journal for (first sight, re-raise,
//! re-open, a station's level change), remembered until recorded so the
//! same request is not sent on every poll.

use chrono::{DateTime, Utc};

use super::{Changes, Model};
use crate::domain::event::EventKind;
use crate::domain::{AlertState, SourceState};

/// A level change this console has asked the journal to record and not yet
/// seen recorded, so the same request is not sent on every poll:
/// (station, new level, the feed's updated_at).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct LevelRequest(pub String, pub u8, pub DateTime<Utc>);

/// Which system event an alert calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AlertAsk {
    /// First sight by any console.
    Raise,
    /// The source raised severity above the acknowledged one.
    Reraise,
    /// The source reopened a resolved alert.
    Reopen,
}

/// An alert event asked for in the same way: (what, how many of the
/// alert's journal events there were when asked). Kept per alert, by its
/// index in the store.
pub(super) type AlertRequest = (AlertAsk, usize);

impl Model {
    /// Journal events this alert calls for: first sight, re-raise, re-open.
    pub(super) fn system_events_for(&mut self, i: usize, changes: &mut Changes) {
        let a = &self.alerts.entries[i].alert;
        let j = self.journal.alert(&a.id);
        let open = a.source_state == SourceState::Open;
        let tag = match j.map(|j| j.state()) {
            Some(AlertState::Acknowledged)
                if j.and_then(|j| j.acked_severity)
                    .is_some_and(|s| a.severity > s) =>
            {
                AlertAsk::Reraise
            }
            Some(AlertState::Resolved)
                if open
                    && j.and_then(|j| j.resolved_at)
                        .is_some_and(|t| a.updated_at > t) =>
            {
                AlertAsk::Reopen
            }
            _ if open
                && j.and_then(|j| j.raised_at).is_none()
                && self.raise_threshold.is_some_and(|t| a.severity >= t) =>
            {
                AlertAsk::Raise
            }
            _ => return,
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
            AlertAsk::Reopen => EventKind::Reopened {
                alert: a.id.clone(),
            },
            AlertAsk::Raise | AlertAsk::Reraise => EventKind::Raised {
                alert: a.id.clone(),
                severity: a.severity,
                reraise: tag == AlertAsk::Reraise,
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
}
