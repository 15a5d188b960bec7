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
