//! What the journal says: each alert's console state, mutes, surge taskings,
//! the watch log and level history. Built by applying events in order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::{AlertState, Severity};
use crate::journal::{Event, EventKind};

/// An alert's state from the journal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertJournal {
    /// First sight by any console (the `raised` event).
    pub raised_at: Option<DateTime<Utc>>,
    pub state: Option<AlertState>,
    pub acked_by: Option<String>,
    pub acked_at: Option<DateTime<Utc>>,
    /// The source severity when the acknowledgement was applied: a later
    /// rise above it re-raises the alert.
    pub acked_severity: Option<Severity>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub escalation_level: u32,
    pub escalation_target: Option<String>,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// Indexes into `JournalState::events`, oldest first.
    pub timeline: Vec<usize>,
}

impl AlertJournal {
    pub fn state(&self) -> AlertState {
        self.state.unwrap_or(AlertState::New)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mute {
    pub until: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tasking {
    pub station: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LevelChange {
    pub at: DateTime<Utc>,
    pub from: u8,
    pub to: u8,
}

#[derive(Debug, Default)]
pub struct JournalState {
    pub events: Vec<Event>,
    pub last_seq: i64,
    pub alerts: HashMap<String, AlertJournal>,
    pub mutes: HashMap<String, Mute>,
    pub taskings: HashMap<String, Tasking>,
    pub levels: HashMap<String, Vec<LevelChange>>,
    /// Indexes of `watch_log` events.
    pub watch_log: Vec<usize>,
}

impl JournalState {
    pub fn alert(&self, id: &str) -> Option<&AlertJournal> {
        self.alerts.get(id)
    }

    /// Applies one event; events at or below `last_seq` are ignored, so a
    /// batch may safely overlap one already applied. `severity_now` gives the
    /// alert's current source severity (for re-raise detection).
    pub fn apply(&mut self, event: Event, severity_now: Option<Severity>) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
        let idx = self.events.len();
        match &event.kind {
            EventKind::Muted { station, until } => {
                self.mutes.insert(
                    station.clone(),
                    Mute {
                        until: *until,
                        by: event.officer.clone(),
                        reason: event.note.clone().unwrap_or_default(),
                    },
                );
            }
            EventKind::SurgeTasked {
                officer_id,
                station,
            } => {
                self.taskings.insert(
                    officer_id.clone(),
                    Tasking {
                        station: station.clone(),
                        by: event.officer.clone(),
                        at: event.at,
                    },
                );
            }
            EventKind::SurgeStoodDown { officer_id } => {
                self.taskings.remove(officer_id);
            }
            EventKind::LevelChanged {
                station, from, to, ..
            } => {
                self.levels
                    .entry(station.clone())
                    .or_default()
                    .push(LevelChange {
                        at: event.at,
                        from: *from,
                        to: *to,
                    });
            }
            EventKind::WatchLog => self.watch_log.push(idx),
            _ => {}
        }
        if let Some(alert) = event.kind.alert() {
            // Most events concern an alert already known: look it up before
            // allocating its id (a million-event history is read at start).
            if !self.alerts.contains_key(alert) {
                self.alerts
                    .insert(alert.to_string(), AlertJournal::default());
            }
            let a = self.alerts.get_mut(alert).expect("inserted above");
            a.timeline.push(idx);
            apply_to_alert(a, &event, severity_now);
        }
        self.events.push(event);
        true
    }

    /// The latest level the journal recorded for a station.
    pub fn last_level(&self, station: &str) -> Option<u8> {
        self.levels
            .get(station)
            .and_then(|v| v.last())
            .map(|c| c.to)
    }

    /// ▲/▼ over the 72 hours before `now`, comparing `current` with the
    /// level before the earliest change in that window.
    pub fn trend(
        &self,
        station: &str,
        current: u8,
        now: DateTime<Utc>,
    ) -> crate::domain::station::Trend {
        use crate::domain::station::Trend;
        let since = now - chrono::Duration::hours(72);
        let Some(first) = self
            .levels
            .get(station)
            .and_then(|v| v.iter().find(|c| c.at >= since))
        else {
            return Trend::None;
        };
        match current.cmp(&first.from) {
            std::cmp::Ordering::Greater => Trend::Raised,
            std::cmp::Ordering::Less => Trend::Lowered,
            std::cmp::Ordering::Equal => Trend::None,
        }
    }

    pub fn active_mute(&self, station: &str, now: DateTime<Utc>) -> Option<&Mute> {
        self.mutes.get(station).filter(|m| m.until > now)
    }
}

fn apply_to_alert(a: &mut AlertJournal, e: &Event, severity_now: Option<Severity>) {
    match &e.kind {
        EventKind::Raised { reraise: false, .. } => {
            a.raised_at = Some(a.raised_at.map_or(e.at, |t| t.min(e.at)));
        }
        EventKind::Raised { reraise: true, .. } | EventKind::Reopened { .. } => {
            a.state = Some(AlertState::New);
            a.acked_by = None;
            a.acked_at = None;
            a.acked_severity = None;
            a.resolved_by = None;
            a.resolved_at = None;
        }
        EventKind::Acknowledged { .. } if a.state() == AlertState::New => {
            a.state = Some(AlertState::Acknowledged);
            a.acked_by = Some(e.officer.clone());
            a.acked_at = Some(e.at);
            a.acked_severity = severity_now;
        }
        EventKind::Resolved { .. } => {
            a.state = Some(AlertState::Resolved);
            a.resolved_by = Some(e.officer.clone());
            a.resolved_at = Some(e.at);
        }
        EventKind::Escalated { step, target, .. } if *step >= a.escalation_level => {
            a.escalation_level = *step;
            a.escalation_target = Some(target.clone());
        }
        EventKind::Snoozed { until, .. } => a.snoozed_until = Some(*until),
        _ => {}
    }
}
