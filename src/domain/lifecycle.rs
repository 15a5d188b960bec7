//! The alert lifecycle, written once: `fold` turns an alert's journal
//! events into its [`AlertLife`] (the state does this for every event it
//! reads), and `decide` says what an officer's [`Command`] records, or why
//! it is refused, from that life. Every entry point (the key, the `:`
//! command, the CLI) asks `decide`, so an action is checked one way
//! everywhere. The journal still enforces first-ack-wins inside its write
//! transaction, for the race between consoles that no memory can see.

use std::time::Duration;

use chrono::serde::ts_milliseconds_option;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::escalation::{EscalationPolicy, NoNextStep, next_step};
use super::event::{Event, EventKind};
use super::ids::AlertId;
use super::{AlertState, Severity, SourceAlert, SourceState};

/// One alert's lifecycle as its journal events leave it. The serde form is
/// part of a state checkpoint: short names, times in epoch milliseconds,
/// fields in this order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertLife {
    /// First sight by any console (the `raised` event).
    #[serde(rename = "r", default, with = "ts_milliseconds_option")]
    pub raised_at: Option<DateTime<Utc>>,
    #[serde(rename = "s", default)]
    pub state: Option<AlertState>,
    #[serde(rename = "ab", default)]
    pub acked_by: Option<String>,
    #[serde(rename = "aa", default, with = "ts_milliseconds_option")]
    pub acked_at: Option<DateTime<Utc>>,
    /// The source severity when the acknowledgement was applied: a later
    /// rise above it re-raises the alert.
    #[serde(rename = "as", default)]
    pub acked_severity: Option<Severity>,
    #[serde(rename = "rb", default)]
    pub resolved_by: Option<String>,
    #[serde(rename = "ra", default, with = "ts_milliseconds_option")]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(rename = "e", default)]
    pub escalation_level: u32,
    #[serde(rename = "et", default)]
    pub escalation_target: Option<String>,
    #[serde(rename = "z", default, with = "ts_milliseconds_option")]
    pub snoozed_until: Option<DateTime<Utc>>,
    /// Who took the alert (`owned`), until they give it up (`disowned`).
    #[serde(rename = "o", default)]
    pub owner: Option<String>,
    /// The latest officer's action on the alert (not a note): an undo is
    /// refused when someone else acted after the action it would undo.
    #[serde(rename = "t", default)]
    pub touched: Option<Touch>,
    /// How many acknowledgements have expired (`ack_expired`): the climb
    /// the escalation is on, 0 for the first. Paging keys carry it, so a
    /// climb after an expiry pages again.
    #[serde(rename = "c", default)]
    pub climb: u32,
    /// When the current climb started, if it is not the first (the last
    /// `ack_expired`): its steps count from here.
    #[serde(rename = "ca", default, with = "ts_milliseconds_option")]
    pub climb_from: Option<DateTime<Utc>>,
}

/// Who last acted on an alert, and in which event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touch {
    #[serde(rename = "q")]
    pub seq: i64,
    #[serde(rename = "b")]
    pub by: String,
    #[serde(rename = "a", with = "chrono::serde::ts_milliseconds")]
    pub at: DateTime<Utc>,
}

impl AlertLife {
    pub fn state(&self) -> AlertState {
        self.state.unwrap_or(AlertState::New)
    }
}

/// Folds one of the alert's events into its life. `severity_now` is the
/// alert's source severity as the event is applied (kept with an ack, so
/// that a later rise re-raises the alert). Events of other alerts, or of no
/// alert, change nothing.
pub fn fold(life: &mut AlertLife, event: &Event, severity_now: Option<Severity>) {
    let a = life;
    match &event.kind {
        kind if starts_epoch(kind) => {
            a.state = Some(AlertState::New);
            a.acked_by = None;
            a.acked_at = None;
            a.acked_severity = None;
            a.resolved_by = None;
            a.resolved_at = None;
        }
        EventKind::Raised { .. } => {
            a.raised_at = Some(a.raised_at.map_or(event.at, |t| t.min(event.at)));
        }
        EventKind::Acknowledged { .. } if a.state() == AlertState::New => {
            a.state = Some(AlertState::Acknowledged);
            a.acked_by = Some(event.officer.clone());
            a.acked_at = Some(event.at);
            a.acked_severity = severity_now;
        }
        EventKind::Resolved { .. } => {
            a.state = Some(AlertState::Resolved);
            a.resolved_by = Some(event.officer.clone());
            a.resolved_at = Some(event.at);
        }
        EventKind::Escalated { step, target, .. } if *step >= a.escalation_level => {
            a.escalation_level = *step;
            a.escalation_target = Some(target.clone());
        }
        EventKind::Snoozed { until, .. } => a.snoozed_until = Some(*until),
        EventKind::Unsnoozed { .. } => a.snoozed_until = None,
        EventKind::Owned { .. } => a.owner = Some(event.officer.clone()),
        EventKind::Disowned { .. } => a.owner = None,
        EventKind::AckExpired { .. } if a.state() == AlertState::Acknowledged => {
            a.state = Some(AlertState::New);
            a.acked_by = None;
            a.acked_at = None;
            a.acked_severity = None;
            a.escalation_level = 0;
            a.escalation_target = None;
            a.climb = a.climb.saturating_add(1);
            a.climb_from = Some(event.at);
        }
        _ => {}
    }
    if acts(&event.kind) {
        a.touched = Some(Touch {
            seq: event.seq,
            by: event.officer.clone(),
            at: event.at,
        });
    }
}

/// Whether the event is someone acting on the alert (what an undo must not
/// cross): every lifecycle change, not a note or a delivery.
fn acts(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Raised { reraise: true, .. }
            | EventKind::Acknowledged { .. }
            | EventKind::Escalated { .. }
            | EventKind::Resolved { .. }
            | EventKind::Reopened { .. }
            | EventKind::Snoozed { .. }
            | EventKind::Owned { .. }
            | EventKind::Disowned { .. }
            | EventKind::Unacknowledged { .. }
            | EventKind::Unsnoozed { .. }
    )
}

/// Whether `kind` starts a new epoch of the alert's life: a re-raise, a
/// reopen or an undone acknowledgement makes it new again, clearing its
/// acknowledgement and resolution (the journal allows one of each per epoch).
pub fn starts_epoch(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Raised { reraise: true, .. }
            | EventKind::Reopened { .. }
            | EventKind::Unacknowledged { .. }
    )
}

/// What an officer asks of an alert. Acknowledging needs a new alert;
/// resolving and snoozing one not yet resolved; escalating a next step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Command<'a> {
    Acknowledge,
    Resolve,
    /// To the next step of the policy for the alert's `severity`.
    Escalate {
        policies: &'a [EscalationPolicy],
        severity: Severity,
    },
    /// Quiet the alert for this long from `now`.
    Snooze(Duration),
    Note,
    /// Take the alert, as `officer` (the login). Taking one another officer
    /// owns is allowed: the console asks first, naming them
    /// ([`AlertLife::owned_by_other`]).
    Own {
        officer: &'a str,
    },
}

/// Why a command is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    AlreadyAcknowledged {
        by: Option<String>,
        at: Option<DateTime<Utc>>,
    },
    AlreadyResolved {
        by: Option<String>,
        at: Option<DateTime<Utc>>,
    },
    NoEscalation(NoNextStep),
    /// Taking an alert that is already the officer's own.
    AlreadyYours,
}

impl Refusal {
    /// What the officer is told, naming the alert; times as `HH:MM:SSZ`.
    pub fn message(&self, alert: &str) -> String {
        let who = |by: &Option<String>, at: &Option<DateTime<Utc>>| {
            format!(
                "{} at {}",
                by.as_deref().unwrap_or("?"),
                at.map(|t| t.format("%H:%M:%SZ").to_string())
                    .unwrap_or_default()
            )
        };
        match self {
            Refusal::AlreadyAcknowledged { by, at } => {
                format!("{alert} already acknowledged by {}", who(by, at))
            }
            Refusal::AlreadyResolved { by, at } => {
                format!("{alert} already resolved by {}", who(by, at))
            }
            Refusal::NoEscalation(why) => why.message(alert),
            Refusal::AlreadyYours => format!("{alert} is already yours"),
        }
    }
}

/// Whether the alert's life (`None`: the journal knows nothing of it yet)
/// allows `command` at all: nothing but a note once it is resolved
/// (escalating it would page people about something that is over), and one
/// acknowledgement per epoch. The journal asks the same inside its write
/// transaction, so the race between two consoles ends the same way.
pub fn check(life: Option<&AlertLife>, command: &Command<'_>) -> Result<(), Refusal> {
    let state = life.map_or(AlertState::New, AlertLife::state);
    match command {
        Command::Note => Ok(()),
        _ if state == AlertState::Resolved => Err(Refusal::AlreadyResolved {
            by: life.and_then(|l| l.resolved_by.clone()),
            at: life.and_then(|l| l.resolved_at),
        }),
        Command::Acknowledge if state == AlertState::Acknowledged => {
            Err(Refusal::AlreadyAcknowledged {
                by: life.and_then(|l| l.acked_by.clone()),
                at: life.and_then(|l| l.acked_at),
            })
        }
        _ => Ok(()),
    }
}

/// What `command` on the alert `alert`, whose life is `life` (`None`: the
/// journal knows nothing of it yet), records, or why it is refused.
pub fn decide(
    life: Option<&AlertLife>,
    alert: &AlertId,
    command: &Command<'_>,
    now: DateTime<Utc>,
) -> Result<EventKind, Refusal> {
    check(life, command)?;
    let alert = alert.as_str().to_string();
    match *command {
        Command::Acknowledge => Ok(EventKind::Acknowledged { alert }),
        Command::Resolve => Ok(EventKind::Resolved { alert }),
        Command::Escalate { policies, severity } => {
            let level = life.map_or(0, |l| l.escalation_level);
            let next = next_step(policies, severity, level).map_err(Refusal::NoEscalation)?;
            Ok(EventKind::Escalated {
                alert,
                step: next.step,
                target: next.target,
                manual: true,
            })
        }
        Command::Snooze(d) => Ok(EventKind::Snoozed {
            alert,
            until: now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1)),
        }),
        Command::Note => Ok(EventKind::Note { alert }),
        Command::Own { officer } if life.and_then(|l| l.owner.as_deref()) == Some(officer) => {
            Err(Refusal::AlreadyYours)
        }
        Command::Own { .. } => Ok(EventKind::Owned { alert }),
    }
}

impl AlertLife {
    /// The owner, when it is someone other than `officer`: taking the
    /// alert from them is asked first.
    pub fn owned_by_other(&self, officer: &str) -> Option<&str> {
        self.owner.as_deref().filter(|o| *o != officer)
    }
}

/// The `ack_expired` event due for an alert whose life is `life` and whose
/// policy's acknowledgement timeout is `timeout`: an acknowledgement older
/// than it at `now`, not resolved. `None` while nothing is due.
pub fn ack_expiry(
    life: &AlertLife,
    alert: &AlertId,
    timeout: Option<Duration>,
    now: DateTime<Utc>,
) -> Option<EventKind> {
    let timeout = chrono::Duration::from_std(timeout?).ok()?;
    if life.state() != AlertState::Acknowledged {
        return None;
    }
    let (by, at) = (life.acked_by.as_ref()?, life.acked_at?);
    (at + timeout <= now).then(|| EventKind::AckExpired {
        alert: alert.as_str().to_string(),
        acknowledged_by: by.clone(),
        acknowledged_at: at,
    })
}

/// A lifecycle event a console asks for on seeing its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemAsk {
    /// First sight by any console, of an alert at or above the threshold.
    Raise,
    /// The source raised severity above the one acknowledged.
    Reraise,
    /// The source reopened (updated, still open) a resolved alert.
    Reopen,
}

/// What the source's view of an alert calls for, given its life (`None`:
/// the journal knows nothing of it) and the severity from which first
/// sight is journaled (`None`: never).
pub fn system_ask(
    life: Option<&AlertLife>,
    source: &SourceAlert,
    raise_from: Option<Severity>,
) -> Option<SystemAsk> {
    let open = source.source_state == SourceState::Open;
    match life.map(AlertLife::state) {
        Some(AlertState::Acknowledged)
            if life
                .and_then(|l| l.acked_severity)
                .is_some_and(|s| source.severity > s) =>
        {
            Some(SystemAsk::Reraise)
        }
        Some(AlertState::Resolved)
            if open
                && life
                    .and_then(|l| l.resolved_at)
                    .is_some_and(|t| source.updated_at > t) =>
        {
            Some(SystemAsk::Reopen)
        }
        _ if open
            && life.and_then(|l| l.raised_at).is_none()
            && raise_from.is_some_and(|t| source.severity >= t) =>
        {
            Some(SystemAsk::Raise)
        }
        _ => None,
    }
}

mod undo;
pub use undo::{UNDO_WINDOW, UndoRefusal, undo, undo_window};

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
