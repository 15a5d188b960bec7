//! From the CAP messages a poll gathered to the feed's items: status
//! filtering and `Update`/`Cancel` resolution.
//!
//! - `status`: `Actual` is kept; `Exercise` and `Test` only with the feed's
//!   `include_exercises`; `System` and `Draft` never. `Ack` and `Error`
//!   messages are not alerts. Dropped messages are not "rejected", and their
//!   references count for nothing (a test cancel never clears a real alert).
//! - `Update`: the update is its own alert (its own sender/identifier); what
//!   it references is replaced: dropped from this poll if present, and
//!   listed in `superseded` so the merge clears it if an earlier poll
//!   reported it.
//! - `Cancel`: what it references is cleared. A referenced alert in this
//!   same poll is kept, marked cleared; otherwise the cancel itself is
//!   shown as a cleared alert when it has an `<info>` to show, and only
//!   `superseded` carries it when it has none.
//! - The same id twice: the later one is rejected, whatever its `sent`
//!   (`Parsed::reject_duplicate_ids`, after this), so a second message
//!   cannot hide the first.
//! - Last, items below the feed's `min_severity` are dropped.

use std::collections::{HashMap, HashSet};

use super::{CapAlert, MsgType, Status};
use crate::domain::SourceState;
use crate::feeds::formats::ParseCtx;
use crate::feeds::{Parsed, Payload, Rejection};

/// Filters and resolves `alerts` (from one document, or from every
/// document an index linked to) into the feed's items.
pub fn assemble(alerts: Vec<CapAlert>, rejected: Vec<Rejection>, ctx: &ParseCtx) -> Parsed {
    let kept: Vec<CapAlert> = alerts
        .into_iter()
        .filter(|a| match a.status {
            Status::Actual => true,
            Status::Exercise | Status::Test => ctx.include_exercises,
            Status::System | Status::Draft => false,
        })
        .filter(|a| !matches!(a.msg_type, MsgType::Ack | MsgType::Error))
        .collect();

    let feed = &ctx.feed_id;
    let mut replaced = HashSet::new();
    // Cancelled id -> when it was cancelled.
    let mut cancelled = HashMap::new();
    let mut superseded = Vec::new();
    for a in &kept {
        if !matches!(a.msg_type, MsgType::Update | MsgType::Cancel) {
            continue;
        }
        for r in &a.references {
            let id = r.alert_id(feed);
            if id != a.alert.id {
                if a.msg_type == MsgType::Update {
                    replaced.insert(id.clone());
                } else {
                    cancelled.insert(id.clone(), a.alert.updated_at);
                }
                if !superseded.contains(&id) {
                    superseded.push(id);
                }
            }
        }
    }
    let present: HashSet<String> = kept.iter().map(|a| a.alert.id.clone()).collect();

    let mut items = Vec::with_capacity(kept.len());
    for a in kept {
        let id = &a.alert.id;
        if replaced.contains(id) {
            continue;
        }
        let mut alert = a.alert;
        if a.msg_type == MsgType::Cancel {
            let covered = a
                .references
                .iter()
                .any(|r| present.contains(&r.alert_id(feed)));
            if covered || !a.has_info {
                continue;
            }
        } else if let Some(&at) = cancelled.get(&alert.id) {
            alert.source_state = SourceState::Cleared;
            alert.updated_at = alert.updated_at.max(at);
        }
        items.push(alert);
    }
    items.retain(|a| a.severity >= ctx.min_severity);
    Parsed {
        payload: Payload::Alerts(items),
        rejected,
        superseded,
    }
}
