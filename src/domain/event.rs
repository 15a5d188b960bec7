//! The journal's event vocabulary: who did what, when, to which alert or
//! station. Events are serialised with serde (the `payload` column holds the
//! JSON of an [`EventKind`]), so adding a kind is a schema change: bump
//! [`SCHEMA_VERSION`] so that older consoles refuse the newer journal instead
//! of failing on rows they cannot read.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::Value;

use crate::domain::paging::{ChannelKind, Delivery, Outcome, Purpose};
use crate::domain::severity::Severity;

/// The journal schema version this build reads and writes
/// (`PRAGMA user_version` in SQLite).
pub const SCHEMA_VERSION: i64 = 4;

/// Who did it: the OS login name (never user-editable) and the console host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub officer: String,
    pub host: String,
}

/// What happened. Serialised internally tagged: `{"kind":"raised",...}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// First sight of an alert (reraise=false), or a re-raise after an ack
    /// because the source raised severity (reraise=true).
    Raised {
        alert: String,
        severity: Severity,
        reraise: bool,
    },
    Acknowledged {
        alert: String,
    },
    Escalated {
        alert: String,
        step: u32,
        target: String,
        manual: bool,
    },
    Resolved {
        alert: String,
    },
    Reopened {
        alert: String,
    },
    Snoozed {
        alert: String,
        until: DateTime<Utc>,
    },
    Muted {
        station: String,
        until: DateTime<Utc>,
    },
    Note {
        alert: String,
    },
    WatchLog,
    Handover {
        shift: String,
        day: NaiveDate,
    },
    SurgeTasked {
        officer_id: String,
        station: String,
    },
    SurgeStoodDown {
        officer_id: String,
    },
    /// A station's risk level seen to change; `reported_at` is the time the
    /// feed gives for the change (dedupes consoles).
    LevelChanged {
        station: String,
        from: u8,
        to: u8,
        reported_at: DateTime<Utc>,
    },
    /// A feed went failing / came back (for handover reports).
    FeedFailed {
        feed: String,
        error: String,
    },
    FeedRecovered {
        feed: String,
    },
    /// A process took attempt `attempt` of a delivery (unique per attempt:
    /// one process sends it); its outcome follows as `Notified`.
    DeliveryClaimed {
        alert: String,
        step: u32,
        purpose: Purpose,
        contact: String,
        person: String,
        channel: ChannelKind,
        attempt: u32,
        /// The escalation climb paged (0: the first; see `AlertLife::climb`).
        #[serde(default, skip_serializing_if = "is_zero")]
        climb: u32,
    },
    /// How a claimed delivery attempt went.
    Notified {
        alert: String,
        step: u32,
        purpose: Purpose,
        contact: String,
        person: String,
        channel: ChannelKind,
        attempt: u32,
        outcome: Outcome,
        #[serde(default, skip_serializing_if = "is_zero")]
        climb: u32,
    },
    // storm: ack timeout/presence
    /// An acknowledgement left unresolved past its policy's `ack_timeout`:
    /// the alert returns to `new` and climbs its escalation again. One per
    /// acknowledgement (a journal rule), recorded by the system actor.
    AckExpired {
        alert: String,
        acknowledged_by: String,
        acknowledged_at: DateTime<Utc>,
    },
    /// A console is open on this journal: at most one a minute while it
    /// runs (`closing`: the last, as it closes). Recorded by the system
    /// actor of the console's host; `officer` is the OS login at it.
    /// Stored and exported as `login` (`officer` is the event's own actor
    /// in an export line); heartbeats written as `officer` before still read.
    Heartbeat {
        #[serde(rename = "login", alias = "officer")]
        officer: String,
        desk: Option<String>,
        closing: bool,
    },
    // storm: marks/ownership/undo
    /// An officer took the alert: it is theirs to see through ("owner").
    Owned {
        alert: String,
    },
    /// The owner gave the alert up (an undone `owned`).
    Disowned {
        alert: String,
    },
    /// An acknowledgement withdrawn by its officer (undo): the alert is new
    /// again and climbs as a new one does.
    Unacknowledged {
        alert: String,
    },
    /// A snooze withdrawn by its officer (undo): the alert is shown again.
    Unsnoozed {
        alert: String,
    },
    /// A station's mute withdrawn by its officer (undo).
    Unmuted {
        station: String,
    },
}

impl EventKind {
    /// The delivery and attempt a `delivery_claimed` or `notified` event is about.
    pub fn delivery(&self) -> Option<(Delivery, u32)> {
        match self {
            EventKind::DeliveryClaimed {
                alert,
                step,
                purpose,
                contact,
                person,
                channel,
                attempt,
                climb,
            }
            | EventKind::Notified {
                alert,
                step,
                purpose,
                contact,
                person,
                channel,
                attempt,
                climb,
                ..
            } => Some((
                Delivery {
                    alert: alert.clone(),
                    step: *step,
                    purpose: *purpose,
                    contact: contact.clone(),
                    person: person.clone(),
                    channel: *channel,
                    climb: *climb,
                },
                *attempt,
            )),
            _ => None,
        }
    }

    /// The snake_case name, as stored in the `kind` column and in JSON.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Raised { .. } => "raised",
            EventKind::Acknowledged { .. } => "acknowledged",
            EventKind::Escalated { .. } => "escalated",
            EventKind::Resolved { .. } => "resolved",
            EventKind::Reopened { .. } => "reopened",
            EventKind::Snoozed { .. } => "snoozed",
            EventKind::Muted { .. } => "muted",
            EventKind::Note { .. } => "note",
            EventKind::WatchLog => "watch_log",
            EventKind::Handover { .. } => "handover",
            EventKind::SurgeTasked { .. } => "surge_tasked",
            EventKind::SurgeStoodDown { .. } => "surge_stood_down",
            EventKind::LevelChanged { .. } => "level_changed",
            EventKind::FeedFailed { .. } => "feed_failed",
            EventKind::FeedRecovered { .. } => "feed_recovered",
            EventKind::DeliveryClaimed { .. } => "delivery_claimed",
            EventKind::Notified { .. } => "notified",
            EventKind::Owned { .. } => "owned",
            EventKind::Disowned { .. } => "disowned",
            EventKind::Unacknowledged { .. } => "unacknowledged",
            EventKind::Unsnoozed { .. } => "unsnoozed",
            EventKind::Unmuted { .. } => "unmuted",
            EventKind::AckExpired { .. } => "ack_expired",
            EventKind::Heartbeat { .. } => "heartbeat",
        }
    }

    /// The event in words, as the officer reads it in the log and the
    /// timelines ("stood down", not `surge_stood_down`).
    pub fn label(&self) -> &'static str {
        match self {
            EventKind::WatchLog => "watch log",
            EventKind::SurgeTasked { .. } => "tasked",
            EventKind::SurgeStoodDown { .. } => "stood down",
            EventKind::LevelChanged { .. } => "level changed",
            EventKind::FeedFailed { .. } => "feed failed",
            EventKind::FeedRecovered { .. } => "feed recovered",
            EventKind::DeliveryClaimed { .. } => "paging claimed",
            EventKind::AckExpired { .. } => "ack expired",
            other => other.name(),
        }
    }

    /// The alert id this event concerns, if any.
    pub fn alert(&self) -> Option<&str> {
        match self {
            EventKind::Raised { alert, .. }
            | EventKind::Acknowledged { alert }
            | EventKind::Escalated { alert, .. }
            | EventKind::Resolved { alert }
            | EventKind::Reopened { alert }
            | EventKind::Snoozed { alert, .. }
            | EventKind::Note { alert }
            | EventKind::DeliveryClaimed { alert, .. }
            | EventKind::Notified { alert, .. }
            | EventKind::Owned { alert }
            | EventKind::Disowned { alert }
            | EventKind::Unacknowledged { alert }
            | EventKind::Unsnoozed { alert }
            | EventKind::AckExpired { alert, .. } => Some(alert),
            _ => None,
        }
    }

    /// The duty station id this event concerns, if any.
    pub fn station(&self) -> Option<&str> {
        match self {
            EventKind::Muted { station, .. }
            | EventKind::Unmuted { station }
            | EventKind::SurgeTasked { station, .. }
            | EventKind::LevelChanged { station, .. } => Some(station),
            _ => None,
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One recorded journal event. `seq` is the journal's own ascending
/// sequence number (1, 2, ...; never reused); `at` has millisecond precision.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub officer: String,
    pub host: String,
    pub kind: EventKind,
    pub note: Option<String>,
}

impl Event {
    /// One JSON object for `journal export` (JSON Lines), no trailing newline:
    /// `{"seq","at","officer","host","kind",...kind fields...,"note"}` with
    /// `at` in RFC 3339 UTC with milliseconds and a `Z`.
    pub fn to_json_line(&self) -> String {
        // Serialising the enum directly keeps the tag first and the fields in
        // declaration order; it cannot fail for these types, but fall back to
        // the bare tag rather than panic.
        let kind = serde_json::to_string(&self.kind)
            .unwrap_or_else(|_| format!("{{\"kind\":{}}}", Value::from(self.kind.name())));
        let fields = kind
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or("");
        let note = match &self.note {
            Some(text) => Value::from(text.as_str()),
            None => Value::Null,
        };
        format!(
            "{{\"seq\":{},\"at\":{},\"officer\":{},\"host\":{},{},\"note\":{}}}",
            self.seq,
            Value::from(format_at(self.at)),
            Value::from(self.officer.as_str()),
            Value::from(self.host.as_str()),
            fields,
            note,
        )
    }
}

/// Outcome of an append.
#[derive(Debug, Clone, PartialEq)]
pub enum Appended {
    /// The event as recorded (with its `seq`, and `at` at millisecond
    /// precision); it is on disk.
    Recorded(Event),
    /// Refused by a rule: the existing event that wins (e.g. the earlier ack).
    Conflict(Event),
}

/// The stored and exported form of an event time: RFC 3339 UTC with
/// milliseconds and `Z`, so that text order is time order.
pub(crate) fn format_at(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `at` truncated to the millisecond precision the journal keeps.
pub(crate) fn truncate_at(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at)
}
