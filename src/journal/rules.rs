//! The append rules, decided from the database inside the append's write
//! transaction.
//!
//! Per alert, the **epoch** is the seq of its latest re-raise
//! (`Raised{reraise:true}`) or `Reopened` event, else 0; events with a seq
//! above it are "in the current epoch". Each rule that limits how often
//! something may happen also yields a `unique_key`, stored in a column with a
//! unique index, so the guarantee holds in any SQL backend even if two
//! writers race past the checks.

use std::path::Path;

use chrono::SecondsFormat;
use rusqlite::{Connection, params};

use super::sqlite::query_events;
use super::{Event, EventKind, JournalError};

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
}

impl AlertState {
    fn load(conn: &Connection, path: &Path, alert: &str) -> Result<Self, JournalError> {
        let events = query_events(
            conn,
            path,
            "WHERE alert = ?1 \
             AND kind IN ('raised', 'acknowledged', 'resolved', 'reopened') \
             ORDER BY seq",
            params![alert],
        )?;
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
                _ => {}
            }
            state.latest = Some(event);
        }
        Ok(state)
    }

    /// The event to answer with when a re-raise or reopen does not apply.
    fn current_start(&self) -> Option<Event> {
        self.latest_start.clone().or_else(|| self.latest.clone())
    }
}

/// Looks up the event holding a unique key.
pub(super) fn find_by_key(
    conn: &Connection,
    path: &Path,
    key: &str,
) -> Result<Option<Event>, JournalError> {
    let mut found = query_events(conn, path, "WHERE unique_key = ?1", params![key])?;
    Ok(found.pop())
}

/// Conflict with the holder of `key` if there is one, else record with it.
fn unique(conn: &Connection, path: &Path, key: String) -> Result<Decision, JournalError> {
    Ok(match find_by_key(conn, path, &key)? {
        Some(existing) => Decision::Conflict(existing),
        None => Decision::Record(Some(key)),
    })
}

/// Applies the rules to `kind`. Must run inside the append's write
/// transaction so that nothing can change between the check and the insert.
pub(super) fn decide(
    conn: &Connection,
    path: &Path,
    kind: &EventKind,
) -> Result<Decision, JournalError> {
    match kind {
        EventKind::Raised {
            alert,
            reraise: false,
            ..
        } => unique(conn, path, format!("raised:{alert}")),
        EventKind::Raised {
            alert,
            reraise: true,
            ..
        } => {
            let state = AlertState::load(conn, path, alert)?;
            if let Some(resolve) = state.resolve {
                return Ok(Decision::Conflict(resolve));
            }
            match (&state.ack, state.current_start()) {
                (Some(ack), _) => unique(conn, path, format!("reraise:{alert}:{}", ack.seq)),
                (None, Some(start)) => Ok(Decision::Conflict(start)),
                // Nothing known about the alert: record it, harmlessly.
                (None, None) => unique(conn, path, format!("reraise:{alert}:0")),
            }
        }
        EventKind::Acknowledged { alert } => {
            let state = AlertState::load(conn, path, alert)?;
            if let Some(winner) = state.resolve.or(state.ack) {
                return Ok(Decision::Conflict(winner));
            }
            unique(conn, path, format!("ack:{alert}:{}", state.epoch))
        }
        EventKind::Resolved { alert } => {
            let state = AlertState::load(conn, path, alert)?;
            if let Some(resolve) = state.resolve {
                return Ok(Decision::Conflict(resolve));
            }
            unique(conn, path, format!("resolve:{alert}:{}", state.epoch))
        }
        EventKind::Reopened { alert } => {
            let state = AlertState::load(conn, path, alert)?;
            match (&state.resolve, state.current_start()) {
                (Some(resolve), _) => unique(conn, path, format!("reopen:{alert}:{}", resolve.seq)),
                (None, Some(start)) => Ok(Decision::Conflict(start)),
                (None, None) => unique(conn, path, format!("reopen:{alert}:0")),
            }
        }
        EventKind::Escalated {
            alert,
            step,
            manual,
            ..
        } => {
            let key = format!("esc:{alert}:{step}");
            if let Some(existing) = find_by_key(conn, path, &key)? {
                return Ok(Decision::Conflict(existing));
            }
            if !manual {
                let state = AlertState::load(conn, path, alert)?;
                if let Some(stopper) = state.ack.or(state.resolve) {
                    return Ok(Decision::Conflict(stopper));
                }
            }
            Ok(Decision::Record(Some(key)))
        }
        EventKind::Handover { shift, day } => unique(conn, path, format!("handover:{day}:{shift}")),
        EventKind::LevelChanged {
            station,
            to,
            reported_at,
            ..
        } => {
            let when = reported_at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
            unique(conn, path, format!("level:{station}:{to}:{when}"))
        }
        EventKind::DeliveryClaimed { .. } => match kind.delivery() {
            Some((delivery, attempt)) => unique(conn, path, delivery.claim_key(attempt)),
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
        | EventKind::FeedRecovered { .. } => Ok(Decision::Record(None)),
    }
}
