//! `watchkeeper ack|escalate|resolve ID [--note T]`: an officer's action from
//! a script, under the same rules as the console (first ack wins).

use chrono::Utc;

use crate::app::actions::conflict_message;
use crate::domain::event::{Appended, EventKind};
use crate::domain::ids::AlertId;
use crate::domain::lifecycle::{self, Command};
use crate::journal::{Journal, SqliteJournal};
use crate::setup::{Failure, Setup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Ack,
    Escalate,
    Resolve,
}

pub fn run(setup: &Setup, act: Act, id: &str, note: Option<String>) -> Result<(), Failure> {
    if setup.read_only {
        return Err(Failure::new(2, "--read-only: no action can be taken"));
    }
    let Some((feed, _)) = id.split_once(':') else {
        return Err(Failure::new(
            2,
            format!(
                "{id:?} is not an alert id (expected <feed id>:<source id>, e.g. incidents:INC-2026-0412)"
            ),
        ));
    };
    if !setup.config.feeds.iter().any(|f| f.id == feed) {
        let ids: Vec<&str> = setup.config.feeds.iter().map(|f| f.id.as_str()).collect();
        return Err(Failure::new(
            2,
            format!(
                "{id:?}: no feed {feed:?} in the config (feeds: {})",
                ids.join(", ")
            ),
        ));
    }
    let now = Utc::now();
    let model = super::snapshot::build(setup, now)?;
    let feed_failed = model.feed(feed).and_then(|f| f.error.clone());
    let entry = model.alerts.get(id);
    if entry.is_none() && feed_failed.is_none() {
        return Err(Failure::new(
            1,
            format!("no alert {id} in feed {feed} (see `watchkeeper snapshot`)"),
        ));
    }
    if let Some(err) = &feed_failed {
        eprintln!("warning: feed {feed} failed ({err}); recording against the id as given");
    }
    let alert = AlertId::new(id).ok_or_else(|| Failure::new(2, "an empty alert id"))?;
    let command = match act {
        Act::Ack => Command::Acknowledge,
        Act::Resolve => Command::Resolve,
        Act::Escalate => {
            let e = entry.ok_or_else(|| {
                Failure::new(
                    1,
                    format!("cannot escalate {id}: its feed failed, so its severity is unknown"),
                )
            })?;
            Command::Escalate {
                policies: &setup.config.escalation,
                severity: e.alert.severity,
            }
        }
    };
    // Checked as the console checks it; the journal still has the last word.
    let life = model.journal.alert(id).map(|j| &j.life);
    let kind = lifecycle::decide(life, &alert, &command, now)
        .map_err(|r| Failure::new(1, r.message(id)))?;
    record(setup, kind, note)
}

/// `watchkeeper log TEXT`: a watch-log entry under the OS login name.
pub fn log(setup: &Setup, text: &str) -> Result<(), Failure> {
    if setup.read_only {
        return Err(Failure::new(2, "--read-only: no action can be taken"));
    }
    let text = crate::feeds::sanitize::inert_line(text);
    if text.is_empty() {
        return Err(Failure::new(
            2,
            "an empty watch-log entry: nothing recorded",
        ));
    }
    record(setup, EventKind::WatchLog, Some(text))
}

/// Appends under the OS login name and prints what was recorded; a refusal
/// (e.g. an earlier ack) exits 1 saying who came first.
fn record(setup: &Setup, kind: EventKind, note: Option<String>) -> Result<(), Failure> {
    let mut j = SqliteJournal::open(&setup.journal_path, setup.config.journal.mode)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    match j.append(&crate::identity::actor(), Utc::now(), kind.clone(), note) {
        Ok(Appended::Recorded(e)) => {
            println!(
                "{} (as {}, journal #{})",
                crate::app::actions::done_message(&e),
                e.officer,
                e.seq
            );
            Ok(())
        }
        Ok(Appended::Conflict(winner)) => Err(Failure::new(1, conflict_message(&kind, &winner))),
        Err(e) => Err(Failure::new(1, e.to_string())),
    }
}
