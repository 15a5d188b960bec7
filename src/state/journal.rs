//! What the journal says: each alert's console state, mutes, surge taskings,
//! the watch log and level history. Built by applying events in order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::Severity;
use crate::domain::event::{Event, EventKind};
use crate::domain::lifecycle::{self, AlertLife};

/// An alert's state from the journal: its lifecycle (folded by
/// [`lifecycle::fold`], read through `Deref`), and where its events are.
/// The serde form is a checkpoint's (`super::checkpoint`): the life's
/// fields, then `n`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertJournal {
    /// Nested, not flattened: postcard writes a struct's fields in order
    /// with no framing, so the bytes are those of the fields inline.
    pub life: AlertLife,
    /// How many of the journal's events concern this alert, including
    /// those older than the history held in memory.
    #[serde(rename = "n", default)]
    pub seen: u32,
    /// Indexes into `JournalState::events`, oldest first: the alert's
    /// events that are held in memory (the last `timeline.len()` of `seen`).
    #[serde(skip)]
    pub timeline: Vec<usize>,
}

impl std::ops::Deref for AlertJournal {
    type Target = AlertLife;

    fn deref(&self) -> &AlertLife {
        &self.life
    }
}

impl AlertJournal {
    /// Events of this alert older than the history held in memory.
    pub fn earlier(&self) -> usize {
        (self.seen as usize).saturating_sub(self.timeline.len())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mute {
    pub until: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tasking {
    pub station: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelChange {
    pub at: DateTime<Utc>,
    pub from: u8,
    pub to: u8,
}

#[derive(Debug, Default)]
pub struct JournalState {
    /// The events held in memory, in `seq` order: since `history_from`
    /// (and every one since the process started).
    pub events: Vec<Event>,
    /// Older events are folded into the state but not held (`None`: every
    /// event is held).
    pub history_from: Option<DateTime<Utc>>,
    /// The last event folded into the state.
    pub last_seq: i64,
    /// The newest checkpoint of this state known to be in the journal.
    pub checkpoint_seq: i64,
    pub alerts: HashMap<String, AlertJournal>,
    pub mutes: HashMap<String, Mute>,
    pub taskings: HashMap<String, Tasking>,
    pub levels: HashMap<String, Vec<LevelChange>>,
    /// Indexes of `watch_log` events.
    pub watch_log: Vec<usize>,
    /// Who has had a console open, from `heartbeat` events (which are
    /// folded here only, never kept in `events`).
    pub presence: super::presence::Presence,
}

impl JournalState {
    pub fn alert(&self, id: &str) -> Option<&AlertJournal> {
        self.alerts.get(id)
    }

    /// Applies one event and keeps it; events at or below `last_seq` are
    /// ignored, so a batch may safely overlap one already applied.
    /// `severity_now` gives the alert's current source severity (for
    /// re-raise detection).
    pub fn apply(&mut self, event: Event, severity_now: Option<Severity>) -> bool {
        if !self.fold(&event, severity_now) {
            return false;
        }
        self.keep(event);
        true
    }

    /// Applies one event without keeping it: history older than what the
    /// console shows.
    pub fn fold(&mut self, event: &Event, severity_now: Option<Severity>) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
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
            EventKind::Unmuted { station } => {
                self.mutes.remove(station);
            }
            EventKind::SurgeStoodDown { officer_id } => {
                self.taskings.remove(officer_id);
            }
            EventKind::Heartbeat {
                officer,
                desk,
                closing,
            } => {
                self.presence
                    .heartbeat(officer, &event.host, desk.as_deref(), *closing, event.at);
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
            _ => {}
        }
        if let Some(alert) = event.kind.alert() {
            let a = self.alert_entry(alert);
            a.seen = a.seen.saturating_add(1);
            lifecycle::fold(&mut a.life, event, severity_now);
        }
        true
    }

    /// Keeps an event already folded into the state (by `fold`, or by the
    /// checkpoint the state was read from), for the log, the report and
    /// the alert's timeline.
    pub fn keep(&mut self, event: Event) {
        // Folded into `presence`; a minute's heartbeat of every console
        // would drown the log and fill the memory.
        if matches!(event.kind, EventKind::Heartbeat { .. }) {
            return;
        }
        let idx = self.events.len();
        if matches!(event.kind, EventKind::WatchLog) {
            self.watch_log.push(idx);
        }
        if let Some(alert) = event.kind.alert() {
            self.alert_entry(alert).timeline.push(idx);
        }
        self.events.push(event);
    }

    fn alert_entry(&mut self, alert: &str) -> &mut AlertJournal {
        // Most events concern an alert already known: look it up before
        // allocating its id (a long history is read at start).
        if !self.alerts.contains_key(alert) {
            self.alerts
                .insert(alert.to_string(), AlertJournal::default());
        }
        self.alerts.get_mut(alert).expect("inserted above")
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
