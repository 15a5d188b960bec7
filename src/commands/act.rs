//! `watchkeeper ack|escalate|resolve|own ID… [--note T]`: an officer's
//! action from a script, on one alert or several, under the same rules as
//! the console (first ack wins, per alert).

use std::io::Write;

use chrono::Utc;

use super::output::Out;

use crate::app::actions::conflict_message;
use crate::domain::Severity;
use crate::domain::event::{Appended, EventKind};
use crate::domain::ids::AlertId;
use crate::domain::lifecycle::{self, Command};
use crate::journal::Journal;
use crate::setup::{Failure, Setup};
use crate::state::JournalState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Ack,
    Escalate,
    Resolve,
    /// Take ownership; `take_over`: even from another officer.
    Own {
        take_over: bool,
    },
}

/// The action on each of `ids`, each decided and recorded on its own and
/// reported per id (what was recorded on stdout, what was refused on
/// stderr). Exits non-zero if any was not recorded.
pub fn run(setup: &Setup, act: Act, args: &crate::cli::ActArgs) -> Result<(), Failure> {
    let (ids, note) = (&args.ids, args.note.clone());
    if setup.read_only {
        return Err(Failure::new(2, "--read-only: no action can be taken"));
    }
    // Every id is checked before anything is recorded: a typo in one must
    // not leave the rest half done.
    for id in ids {
        check_id(setup, id)?;
    }
    // The journal alone decides (no feed is polled: a hanging feed must not
    // hold a script's action). Opening it for writing first also finishes
    // a journal whose creation was cut short, as every command does.
    let now = Utc::now();
    let mut j = open(setup)?;
    // Another writer holding the journal is waited for this long (`--wait`).
    j.set_append_deadline(args.wait);
    let keep_from = crate::runtime::keep_from(setup, now);
    let (state, _, _) = crate::history::load::<JournalState>(&mut *j, keep_from)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    if let [id] = ids.as_slice() {
        return one(setup, &mut *j, &state, act, id, note);
    }
    let mut failed = 0;
    let mut code = 0;
    for id in ids {
        if let Err(f) = one(setup, &mut *j, &state, act, id, note.clone()) {
            let _ = writeln!(std::io::stderr(), "watchkeeper: {}", f.message);
            failed += 1;
            code = code.max(f.code);
        }
    }
    if failed > 0 {
        return Err(Failure::new(
            code,
            format!("{failed} of {} not recorded (see above)", ids.len()),
        ));
    }
    Ok(())
}

/// An id must be `<feed id>:<source id>` of a configured feed.
fn check_id(setup: &Setup, id: &str) -> Result<(), Failure> {
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
    Ok(())
}

/// The action on one alert.
fn one(
    setup: &Setup,
    j: &mut dyn Journal,
    state: &JournalState,
    act: Act,
    id: &str,
    note: Option<String>,
) -> Result<(), Failure> {
    let now = Utc::now();
    let known = state.alert(id);
    if known.is_none() && act != Act::Escalate {
        warn(&format!(
            "{id} has no journal record yet (an alert is journaled when first seen at \
             high or critical, or when someone acts on it); recording against the id as \
             given (`watchkeeper snapshot` lists the current ids)"
        ));
    }
    let alert = AlertId::new(id).ok_or_else(|| Failure::new(2, "an empty alert id"))?;
    let officer = crate::identity::actor().officer;
    let command = match act {
        Act::Ack => Command::Acknowledge,
        Act::Resolve => Command::Resolve,
        Act::Own { take_over } => {
            if let Some(other) = known.and_then(|a| a.owned_by_other(&officer))
                && !take_over
            {
                return Err(Failure::new(
                    1,
                    format!(
                        "{id} is owned by {other}: nothing recorded (add --take-over to take it from them)"
                    ),
                ));
            }
            Command::Own { officer: &officer }
        }
        Act::Escalate => {
            let severity = last_severity(state, id).ok_or_else(|| {
                Failure::new(
                    1,
                    format!(
                        "cannot escalate {id}: the journal holds no severity for it (no console \
                         or daemon has raised it this watch), so its escalation policy is unknown"
                    ),
                )
            })?;
            Command::Escalate {
                policies: &setup.config.escalation,
                severity,
            }
        }
    };
    // Decided as the console decides it; the journal still has the last word.
    let life = known.map(|a| &a.life);
    let kind = lifecycle::decide(life, &alert, &command, now)
        .map_err(|r| Failure::new(1, r.message(id)))?;
    record_on(j, kind, note)
}

/// The severity the alert was last raised (or re-raised) at, from the
/// events held in memory.
fn last_severity(state: &JournalState, id: &str) -> Option<Severity> {
    let alert = state.alert(id)?;
    alert
        .timeline
        .iter()
        .rev()
        .filter_map(|&i| state.events.get(i))
        .find_map(|e| match &e.kind {
            EventKind::Raised { severity, .. } => Some(*severity),
            _ => None,
        })
}

fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "warning: {message}");
}

fn open(setup: &Setup) -> Result<Box<dyn Journal>, Failure> {
    crate::journal::open_checked(&setup.journal, &setup.journal_options())
        .map_err(|e| Failure::new(1, e.to_string()))
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
    record_on(&mut *open(setup)?, kind, note)
}

fn record_on(j: &mut dyn Journal, kind: EventKind, note: Option<String>) -> Result<(), Failure> {
    match j.append(&crate::identity::actor(), Utc::now(), kind.clone(), note) {
        Ok(Appended::Recorded(e)) => {
            let message = format!(
                "{} (as {}, journal #{})",
                crate::app::actions::done_message(&e),
                e.officer,
                e.seq
            );
            confirm(&message);
            Ok(())
        }
        Ok(Appended::Conflict(winner)) => Err(Failure::new(1, conflict_message(&kind, &winner))),
        Err(e) => Err(Failure::new(1, e.to_string())),
    }
}

/// Prints the confirmation of an action already in the journal. When it
/// cannot be printed (stdout closed, a full disk) the action still stands:
/// the confirmation goes to stderr and the exit status stays 0.
fn confirm(message: &str) {
    let mut out = Out::new();
    out.line(message);
    if let Err(e) = out.try_finish() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "watchkeeper: recorded: {message} (the confirmation could not be printed: {e})"
        );
    }
}
