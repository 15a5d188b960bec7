//! The append rules, the same for every backend: a pure decision over an
//! alert's lifecycle events, plus lookups by unique key, both answered by
//! the backend from inside the append's write transaction ([`Lookup`]).
//!
//! Per alert, the **epoch** is the seq of its latest re-raise
//! (`Raised{reraise:true}`), `Reopened` or `AckExpired` event, else 0;
//! events with a seq above it are "in the current epoch". The **climb** is
//! how many acknowledgements expired: each climb escalates afresh. Each rule that limits how often
//! something may happen also yields a `unique_key`, stored in a column with a
//! unique index, so the guarantee holds in any backend even if two writers
//! race past the checks.

use chrono::SecondsFormat;

use super::{Event, EventKind, JournalError};

/// The kinds `Lookup::lifecycle` must return, as stored in `kind`.
pub(super) const LIFECYCLE_KINDS: [&str; 5] = [
    "raised",
    "acknowledged",
    "resolved",
    "reopened",
    "ack_expired",
];

/// What the rules need to read, answered inside the append's transaction.
pub(super) trait Lookup {
    /// The alert's `raised`, `acknowledged`, `resolved`, `reopened` and
    /// `ack_expired` events, in seq order.
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

/// An alert's lifecycle events, reduced to what the rules need.
#[derive(Debug, Default)]
struct AlertState {
    /// Seq of the latest re-raise or reopen, else 0.
    epoch: i64,
    /// The acknowledgement in the current epoch (there is at most one).
    ack: Option<Event>,
    /// The resolve in the current epoch (there is at most one).
    resolve: Option<Event>,
    /// The latest `Raised` (either sort) or `Reopened` event.
    latest_start: Option<Event>,
    /// The latest lifecycle event of any sort.
    latest: Option<Event>,
    /// How many acknowledgements expired (`ack_expired` events that
    /// applied): automatic escalation climbs the steps again for each.
    climb: u32,
}

impl AlertState {
    fn fold(events: Vec<Event>) -> Self {
        let mut state = AlertState::default();
        for event in events {
            match &event.kind {
                EventKind::Raised { reraise: true, .. } | EventKind::Reopened { .. } => {
                    state.epoch = event.seq;
                    state.ack = None;
                    state.resolve = None;
                    state.latest_start = Some(event.clone());
                }
                EventKind::Raised { .. } => state.latest_start = Some(event.clone()),
                EventKind::Acknowledged { .. } if state.ack.is_none() => {
                    state.ack = Some(event.clone());
                }
                EventKind::Resolved { .. } if state.resolve.is_none() => {
                    state.resolve = Some(event.clone());
                }
                EventKind::AckExpired { .. } if state.ack.is_some() && state.resolve.is_none() => {
                    state.epoch = event.seq;
                    state.ack = None;
                    state.climb += 1;
                    state.latest_start = Some(event.clone());
                }
                _ => {}
            }
            state.latest = Some(event);
        }
        state
    }

    fn load(db: &mut dyn Lookup, alert: &str) -> Result<Self, JournalError> {
        Ok(Self::fold(db.lifecycle(alert)?))
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
            let state = AlertState::load(db, alert)?;
            if let Some(resolve) = state.resolve {
                return Ok(Decision::Conflict(resolve));
            }
            match (&state.ack, state.current_start()) {
                (Some(ack), _) => unique(db, format!("reraise:{alert}:{}", ack.seq)),
                (None, Some(start)) => Ok(Decision::Conflict(start)),
                // Nothing known about the alert: record it, harmlessly.
                (None, None) => unique(db, format!("reraise:{alert}:0")),
            }
        }
        EventKind::Acknowledged { alert } => {
            let state = AlertState::load(db, alert)?;
            if let Some(winner) = state.resolve.or(state.ack) {
                return Ok(Decision::Conflict(winner));
            }
            unique(db, format!("ack:{alert}:{}", state.epoch))
        }
        EventKind::Resolved { alert } => {
            let state = AlertState::load(db, alert)?;
            if let Some(resolve) = state.resolve {
                return Ok(Decision::Conflict(resolve));
            }
            unique(db, format!("resolve:{alert}:{}", state.epoch))
        }
        EventKind::Reopened { alert } => {
            let state = AlertState::load(db, alert)?;
            match (&state.resolve, state.current_start()) {
                (Some(resolve), _) => unique(db, format!("reopen:{alert}:{}", resolve.seq)),
                (None, Some(start)) => Ok(Decision::Conflict(start)),
                (None, None) => unique(db, format!("reopen:{alert}:0")),
            }
        }
        EventKind::Escalated {
            alert,
            step,
            manual,
            ..
        } => {
            let state = AlertState::load(db, alert)?;
            // Each climb after an expired acknowledgement takes its steps again.
            let key = match state.climb {
                0 => format!("esc:{alert}:{step}"),
                climb => format!("esc:{alert}:{step}:climb{climb}"),
            };
            if let Some(existing) = db.by_key(&key)? {
                return Ok(Decision::Conflict(existing));
            }
            if !manual && let Some(stopper) = state.ack.or(state.resolve) {
                return Ok(Decision::Conflict(stopper));
            }
            Ok(Decision::Record(Some(key)))
        }
        EventKind::AckExpired {
            alert,
            acknowledged_by,
            acknowledged_at,
        } => {
            let state = AlertState::load(db, alert)?;
            if let Some(resolve) = state.resolve {
                return Ok(Decision::Conflict(resolve));
            }
            let start = state.current_start();
            match (state.ack, start) {
                // Only the acknowledgement the asker saw expires: a newer
                // one (after an expiry this asker has not read) holds.
                (Some(ack), _)
                    if ack.officer == *acknowledged_by
                        && ack.at.timestamp_millis() == acknowledged_at.timestamp_millis() =>
                {
                    unique(db, format!("ack_expired:{alert}:{}", ack.seq))
                }
                (Some(ack), _) => Ok(Decision::Conflict(ack)),
                // Already expired (or never acknowledged): the latest start wins.
                (None, Some(start)) => Ok(Decision::Conflict(start)),
                (None, None) => unique(db, format!("ack_expired:{alert}:0")),
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
        | EventKind::Heartbeat { .. } => Ok(Decision::Record(None)),
    }
}
