//! Undo: an officer's own last action, within [`UNDO_WINDOW`], taken back
//! by a NEW event (`unacknowledged`, `reopened`, `unsnoozed`, `disowned`,
//! `unmuted`, `surge_stood_down`). Nothing is deleted: the record keeps the
//! action and its undoing.

use chrono::{DateTime, Duration, Utc};

use super::AlertLife;
use crate::domain::AlertState;
use crate::domain::event::{Event, EventKind};

/// How long after an action its officer may undo it.
pub const UNDO_WINDOW: Duration = Duration::seconds(30);

/// Why an undo is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoRefusal {
    /// The action was another officer's.
    NotYours { by: String },
    /// The action is older than [`UNDO_WINDOW`] (`age` seconds).
    TooLate { age: i64 },
    /// Someone else acted on the alert after the action.
    ActedSince { by: String, at: DateTime<Utc> },
    /// The alert is no longer as the action left it (e.g. re-raised).
    Changed { now: &'static str },
    /// This kind of action has no undo (`what` says why).
    NotUndoable { what: &'static str },
}

impl UndoRefusal {
    /// What the officer is told; `subject` names the alert or station.
    pub fn message(&self, subject: &str) -> String {
        match self {
            UndoRefusal::NotYours { by } => {
                format!("cannot undo on {subject}: that action was {by}'s, not yours")
            }
            UndoRefusal::TooLate { age } => format!(
                "cannot undo on {subject}: it was {age}s ago, undo works for {}s",
                UNDO_WINDOW.num_seconds()
            ),
            UndoRefusal::ActedSince { by, at } => format!(
                "cannot undo on {subject}: {by} acted on it since, at {}",
                at.format("%H:%M:%SZ")
            ),
            UndoRefusal::Changed { now } => {
                format!("cannot undo on {subject}: it is {now} now")
            }
            UndoRefusal::NotUndoable { what } => {
                format!("cannot undo on {subject}: {what}")
            }
        }
    }
}

/// Whether `done` is `officer`'s own and still within [`UNDO_WINDOW`] at `now`.
pub fn undo_window(done: &Event, officer: &str, now: DateTime<Utc>) -> Result<(), UndoRefusal> {
    if done.officer != officer {
        return Err(UndoRefusal::NotYours {
            by: done.officer.clone(),
        });
    }
    let age = now - done.at;
    if age > UNDO_WINDOW {
        return Err(UndoRefusal::TooLate {
            age: age.num_seconds(),
        });
    }
    Ok(())
}

/// The event that undoes `done` (an action of `officer` on an alert whose
/// life is now `life`), or why it cannot be undone at `now`.
pub fn undo(
    life: Option<&AlertLife>,
    done: &Event,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<EventKind, UndoRefusal> {
    undo_window(done, officer, now)?;
    if let Some(t) = life.and_then(|l| l.touched.as_ref())
        && t.seq > done.seq
        && t.by != officer
    {
        return Err(UndoRefusal::ActedSince {
            by: t.by.clone(),
            at: t.at,
        });
    }
    let state = life.map_or(AlertState::New, AlertLife::state);
    let changed = |state: AlertState| UndoRefusal::Changed {
        now: match state {
            AlertState::New => "new",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Resolved => "resolved",
        },
    };
    let alert = |a: &String| a.clone();
    match &done.kind {
        EventKind::Acknowledged { alert: a } => {
            let mine = life.and_then(|l| l.acked_by.as_deref()) == Some(officer);
            if state != AlertState::Acknowledged || !mine {
                return Err(changed(state));
            }
            Ok(EventKind::Unacknowledged { alert: alert(a) })
        }
        EventKind::Resolved { alert: a } if state == AlertState::Resolved => {
            Ok(EventKind::Reopened { alert: alert(a) })
        }
        EventKind::Snoozed { alert: a, .. } if life.is_some_and(|l| l.snoozed_until.is_some()) => {
            Ok(EventKind::Unsnoozed { alert: alert(a) })
        }
        EventKind::Owned { alert: a } if life.and_then(|l| l.owner.as_deref()) == Some(officer) => {
            Ok(EventKind::Disowned { alert: alert(a) })
        }
        EventKind::Resolved { .. } | EventKind::Snoozed { .. } | EventKind::Owned { .. } => {
            Err(changed(state))
        }
        EventKind::Escalated { .. } => Err(UndoRefusal::NotUndoable {
            what: "an escalation cannot be undone (the people paged have been told)",
        }),
        EventKind::Note { .. } => Err(UndoRefusal::NotUndoable {
            what: "a note stays in the record (add another to correct it)",
        }),
        _ => Err(UndoRefusal::NotUndoable {
            what: "that action has no undo",
        }),
    }
}
