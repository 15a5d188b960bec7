//! Answers a console's journal requests as the journal would, for key
//! tests that drive `App::update` without a journal thread.
#![allow(dead_code)]

use watchkeeper::app::{App, Effect, Msg};
use watchkeeper::domain::event::{Appended, Event, EventKind};

pub fn appends(effects: &[Effect]) -> Vec<(u64, EventKind, Option<String>)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Append {
                request,
                kind,
                note,
                system: false,
            } => Some((*request, kind.clone(), note.clone())),
            _ => None,
        })
        .collect()
}

/// Answers every officer append as the journal would: recorded under
/// `officer` at the app's clock, unless `winner` names an earlier event
/// that wins for that alert.
pub fn answer(
    app: &mut App,
    effects: &[Effect],
    seq: &mut i64,
    winner: impl Fn(&EventKind) -> Option<Event>,
) -> Vec<Event> {
    let mut recorded = Vec::new();
    for (request, kind, note) in appends(effects) {
        let result = match winner(&kind) {
            Some(w) => Appended::Conflict(w),
            None => {
                *seq += 1;
                let e = Event {
                    seq: *seq,
                    at: app.now,
                    officer: "alice".into(),
                    host: "ops-1".into(),
                    kind,
                    note,
                };
                recorded.push(e.clone());
                Appended::Recorded(e)
            }
        };
        let events = match &result {
            Appended::Recorded(e) => vec![e.clone()],
            Appended::Conflict(_) => Vec::new(),
        };
        app.update(Msg::Appended {
            request,
            result: Ok(result),
            events,
        });
    }
    recorded
}

pub fn all_recorded(app: &mut App, effects: &[Effect], seq: &mut i64) -> Vec<Event> {
    answer(app, effects, seq, |_| None)
}

/// How the journal answers one request in [`reply`].
pub enum Reply {
    Record,
    /// Another officer's earlier event wins.
    Conflict(Event),
    /// The journal could not write it ("journal is locked").
    Fail(&'static str),
}

/// Answers every officer append, each as `fate` says; returns the effects
/// the answers led to (a bulk action's result kept in the watch log).
pub fn reply(
    app: &mut App,
    effects: &[Effect],
    seq: &mut i64,
    fate: impl Fn(&EventKind) -> Reply,
) -> Vec<Effect> {
    let mut led_to = Vec::new();
    for (request, kind, note) in appends(effects) {
        let (result, events) = match fate(&kind) {
            Reply::Record => {
                *seq += 1;
                let e = Event {
                    seq: *seq,
                    at: app.now,
                    officer: "alice".into(),
                    host: "ops-1".into(),
                    kind,
                    note,
                };
                (Ok(Appended::Recorded(e.clone())), vec![e])
            }
            Reply::Conflict(w) => (Ok(Appended::Conflict(w)), Vec::new()),
            Reply::Fail(why) => (Err(why.to_string()), Vec::new()),
        };
        led_to.extend(app.update(Msg::Appended {
            request,
            result,
            events,
        }));
    }
    led_to
}
