//! The append rules, the same for every backend: the alert lifecycle of
//! [`crate::domain::lifecycle`] (its `fold` and `check`, the very ones every
//! console and the CLI ask before appending) over the alert's recorded
//! events, plus lookups by unique key, both answered by the backend from
//! inside the append's write transaction ([`Lookup`]).
//!
//! Per alert, the **epoch** is the seq of its latest re-raise
//! (`Raised{reraise:true}`), `Reopened` or (applied) `AckExpired` event,
//! else 0; events with a seq above it are "in the current epoch". The
//! life's **climb** counts the expired acknowledgements: each climb takes
//! the escalation steps afresh. Each rule that limits how often
//! something may happen also yields a `unique_key`, stored in a column with a
//! unique index, so the guarantee holds in any backend even if two writers
//! race past the checks.

use chrono::SecondsFormat;

use super::{Event, EventKind, JournalError};
use crate::domain::AlertState;
use crate::domain::lifecycle::{self, AlertLife, Command, Refusal};

/// The kinds `Lookup::lifecycle` must return, as stored in `kind`.
pub(super) const LIFECYCLE_KINDS: [&str; 6] = [
    "raised",
    "acknowledged",
    "resolved",
    "reopened",
    "unacknowledged",
    "ack_expired",
];

/// What the rules need to read, answered inside the append's transaction.
pub(super) trait Lookup {
    /// The alert's `raised`, `acknowledged`, `resolved`, `reopened`,
    /// `unacknowledged` and `ack_expired` events, in seq order.
    fn lifecycle(&mut self, alert: &str) -> Result<Vec<Event>, JournalError>;
    /// The event holding `key`, if any.
    fn by_key(&mut self, key: &str) -> Result<Option<Event>, JournalError>;
}

/// What the rules say about a proposed event.
#[derive(Debug)]
pub(super) enum Decision {
    /// Record it, with this `unique_key` (None: not unique).
    Record(Option<String>),
    /// Refused: this existing event wins.
    Conflict(Event),
}

/// An alert's life as [`lifecycle::fold`] leaves it, plus the journal's
/// own bookkeeping: which recorded event made each part of it (a refused
/// append is answered with that winner) and the current epoch's seq.
#[derive(Debug, Default)]
struct Trail {
    life: AlertLife,
    /// Seq of the latest event that started an epoch, else 0.
    epoch: i64,
    /// The event that acknowledged the alert in the current epoch.
    ack: Option<Event>,
    /// The event that resolved the alert in the current epoch.
    resolve: Option<Event>,
    /// The latest `Raised` (either sort), `Reopened` or applied
    /// `AckExpired` event.
    latest_start: Option<Event>,
    /// The latest lifecycle event of any sort.
    latest: Option<Event>,
}

impl Trail {
    fn fold(events: Vec<Event>) -> Self {
        let mut trail = Trail::default();
        for event in events {
            let before = trail.life.state;
            lifecycle::fold(&mut trail.life, &event, None);
            let after = trail.life.state;
            // An expiry that applied ends the acknowledgement's epoch.
            let expired = matches!(event.kind, EventKind::AckExpired { .. })
                && before == Some(AlertState::Acknowledged)
                && after == Some(AlertState::New);
            if lifecycle::starts_epoch(&event.kind) || expired {
                trail.epoch = event.seq;
                trail.ack = None;
                trail.resolve = None;
            } else if before != after && after == Some(AlertState::Acknowledged) {
                trail.ack = Some(event.clone());
            } else if before != after && after == Some(AlertState::Resolved) {
                trail.resolve = Some(event.clone());
            }
            if expired
                || matches!(
                    event.kind,
                    EventKind::Raised { .. } | EventKind::Reopened { .. }
                )
            {
                trail.latest_start = Some(event.clone());
            }
            trail.latest = Some(event);
        }
        trail
    }

    fn load(db: &mut dyn Lookup, alert: &str) -> Result<Self, JournalError> {
        Ok(Self::fold(db.lifecycle(alert)?))
    }

    fn state(&self) -> AlertState {
        self.life.state()
    }

    /// Whether `command` may be recorded; if not, the event that wins.
    fn check(&self, command: &Command<'_>) -> Option<Event> {
        match lifecycle::check(Some(&self.life), command) {
            Ok(()) => None,
            Err(Refusal::AlreadyResolved { .. }) => self.resolve.clone().or(self.current_start()),
            Err(_) => self.ack.clone().or(self.current_start()),
        }
    }

    /// The event to answer with when a re-raise or reopen does not apply.
    fn current_start(&self) -> Option<Event> {
        self.latest_start.clone().or_else(|| self.latest.clone())
    }
}

/// Conflict with the holder of `key` if there is one, else record with it.
fn unique(db: &mut dyn Lookup, key: String) -> Result<Decision, JournalError> {
    Ok(match db.by_key(&key)? {
        Some(existing) => Decision::Conflict(existing),
        None => Decision::Record(Some(key)),
    })
}

/// Applies the rules to `kind`. Must run inside the append's write
/// transaction so that nothing can change between the check and the insert.
pub(super) fn decide(db: &mut dyn Lookup, kind: &EventKind) -> Result<Decision, JournalError> {
    match kind {
        EventKind::Raised {
            alert,
            reraise: false,
            ..
        } => unique(db, format!("raised:{alert}")),
        EventKind::Raised {
            alert,
            reraise: true,
            ..
        } => {
            // Only an acknowledged alert is re-raised (its source rose above
            // the severity acknowledged).
            let trail = Trail::load(db, alert)?;
            match (trail.state(), &trail.ack, &trail.resolve) {
                (AlertState::Acknowledged, Some(ack), _) => {
                    unique(db, format!("reraise:{alert}:{}", ack.seq))
                }
                (AlertState::Resolved, _, Some(resolve)) => Ok(Decision::Conflict(resolve.clone())),
                _ => match trail.current_start() {
                    Some(start) => Ok(Decision::Conflict(start)),
                    // Nothing known about the alert: record it, harmlessly.
                    None => unique(db, format!("reraise:{alert}:0")),
                },
            }
        }
        EventKind::Acknowledged { alert } => {
            let trail = Trail::load(db, alert)?;
            match trail.check(&Command::Acknowledge) {
                Some(winner) => Ok(Decision::Conflict(winner)),
                None => unique(db, format!("ack:{alert}:{}", trail.epoch)),
            }
        }
        EventKind::Resolved { alert } => {
            let trail = Trail::load(db, alert)?;
            match trail.check(&Command::Resolve) {
                Some(winner) => Ok(Decision::Conflict(winner)),
                None => unique(db, format!("resolve:{alert}:{}", trail.epoch)),
            }
        }
        EventKind::Reopened { alert } => {
            // Only a resolved alert is reopened.
            let trail = Trail::load(db, alert)?;
            match (trail.state(), &trail.resolve, trail.current_start()) {
                (AlertState::Resolved, Some(resolve), _) => {
                    unique(db, format!("reopen:{alert}:{}", resolve.seq))
                }
                (_, _, Some(start)) => Ok(Decision::Conflict(start)),
                (_, _, None) => unique(db, format!("reopen:{alert}:0")),
            }
        }
        EventKind::Unacknowledged { alert } => {
            // Only an acknowledged alert is unacknowledged (an undo), once
            // per acknowledgement: a second undo, or one after a resolve,
            // loses to what is there now.
            let trail = Trail::load(db, alert)?;
            match (trail.state(), &trail.ack, &trail.resolve) {
                (AlertState::Acknowledged, Some(ack), _) => {
                    unique(db, format!("unack:{alert}:{}", ack.seq))
                }
                (AlertState::Resolved, _, Some(resolve)) => Ok(Decision::Conflict(resolve.clone())),
                _ => match trail.latest.clone() {
                    Some(latest) => Ok(Decision::Conflict(latest)),
                    None => Ok(Decision::Record(None)),
                },
            }
        }
        EventKind::Escalated {
            alert,
            step,
            manual,
            ..
        } => {
            let trail = Trail::load(db, alert)?;
            // Each climb after an expired acknowledgement takes its steps
            // again; the first climb's keys are those written before.
            let key = match trail.life.climb {
                0 => format!("esc:{alert}:{step}"),
                climb => format!("esc:{alert}:{step}:climb{climb}"),
            };
            if let Some(existing) = db.by_key(&key)? {
                return Ok(Decision::Conflict(existing));
            }
            // Nobody escalates a resolved alert; the automatic climb also
            // stops at an acknowledgement.
            let stopper = match (trail.state(), manual) {
                (AlertState::Resolved, _) => trail.resolve.clone(),
                (AlertState::Acknowledged, false) => trail.ack.clone(),
                _ => None,
            };
            if let Some(stopper) = stopper {
                return Ok(Decision::Conflict(stopper));
            }
            Ok(Decision::Record(Some(key)))
        }
        EventKind::AckExpired {
            alert,
            acknowledged_by,
            acknowledged_at,
        } => {
            // Only the acknowledgement the asker saw expires, once: a newer
            // one (after an expiry the asker has not read yet) holds.
            let trail = Trail::load(db, alert)?;
            let named = trail.life.acked_by.as_deref() == Some(acknowledged_by.as_str())
                && trail.life.acked_at.map(|t| t.timestamp_millis())
                    == Some(acknowledged_at.timestamp_millis());
            match (trail.state(), &trail.ack, &trail.resolve) {
                (AlertState::Acknowledged, Some(ack), _) if named => {
                    unique(db, format!("ack_expired:{alert}:{}", ack.seq))
                }
                (AlertState::Acknowledged, Some(ack), _) => Ok(Decision::Conflict(ack.clone())),
                (AlertState::Resolved, _, Some(resolve)) => Ok(Decision::Conflict(resolve.clone())),
                // Already expired (or never acknowledged): the latest start wins.
                _ => match trail.current_start() {
                    Some(start) => Ok(Decision::Conflict(start)),
                    None => unique(db, format!("ack_expired:{alert}:0")),
                },
            }
        }
        EventKind::Handover { shift, day } => unique(db, format!("handover:{day}:{shift}")),
        EventKind::LevelChanged {
            station,
            to,
            reported_at,
            ..
        } => {
            let when = reported_at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
            unique(db, format!("level:{station}:{to}:{when}"))
        }
        EventKind::DeliveryClaimed { .. } => match kind.delivery() {
            Some((delivery, attempt)) => unique(db, delivery.claim_key(attempt)),
            None => Ok(Decision::Record(None)),
        },
        EventKind::Snoozed { .. }
        | EventKind::Notified { .. }
        | EventKind::Muted { .. }
        | EventKind::Note { .. }
        | EventKind::WatchLog
        | EventKind::SurgeTasked { .. }
        | EventKind::SurgeStoodDown { .. }
        | EventKind::FeedFailed { .. }
        | EventKind::FeedRecovered { .. }
        | EventKind::Owned { .. }
        | EventKind::Disowned { .. }
        | EventKind::Unsnoozed { .. }
        | EventKind::Unmuted { .. }
        | EventKind::Heartbeat { .. } => Ok(Decision::Record(None)),
    }
}
