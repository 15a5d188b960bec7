//! A journal that cannot be reached (the PostgreSQL primary down, a
//! failover under way): the console keeps showing its state, says
//! `journal reconnecting` in the status bar for as long as it lasts, and
//! refuses every action with a clear message (nothing is shown as done that
//! is not committed); once it is back, actions work again.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{Effect, Mode, Msg};
use watchkeeper::domain::event::EventKind;
use watchkeeper::domain::severity::Severity;
use watchkeeper::state::JournalState;

fn appends(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Append { .. }))
        .count()
}

fn status_bar(app: &Console) -> String {
    screen(app, 160, 40)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_status_bar_says_reconnecting_while_the_journal_is_down() {
    let mut app = app();
    assert!(!status_bar(&app).contains("journal reconnecting"));
    app.update(Msg::JournalReachable(Some("no answer within 10s".into())));
    // Long after the message line has faded, the status bar still says so.
    app.update(Msg::Tick(now() + chrono::Duration::minutes(5)));
    let bar = status_bar(&app);
    assert!(bar.contains("journal reconnecting"), "{bar}");
    assert!(bar.contains("handover"), "the rest of the bar stays: {bar}");
    app.update(Msg::JournalReachable(None));
    assert!(!status_bar(&app).contains("journal reconnecting"));
}

#[test]
fn every_action_is_refused_while_the_journal_is_down_and_works_once_it_is_back() {
    let mut app = app();
    app.update(Msg::JournalReachable(Some("connection refused".into())));
    assert_eq!(appends(&app.update(key('a'))), 0, "no ack sent");
    assert!(screen(&app, 120, 36).contains("nothing can be recorded until it is back"));
    // A note typed ahead after a refused prompt key is held, not run.
    let mut effects = app.update(key('A'));
    for c in "roads clear".chars() {
        effects.extend(app.update(key(c)));
    }
    effects.extend(app.update(code(KeyCode::Enter)));
    assert_eq!(appends(&effects), 0);
    assert!(matches!(app.mode, Mode::Refused(_)));
    app.update(code(KeyCode::Esc));
    app.update(Msg::JournalReachable(None));
    assert!(screen(&app, 120, 36).contains("journal reconnected"));
    assert_eq!(
        appends(&app.update(key('a'))),
        1,
        "the ack goes to the journal"
    );
}

#[test]
fn a_prompt_submitted_after_the_journal_went_down_stays_open_with_its_text() {
    let mut app = app();
    app.update(key('A'));
    for c in "roads clear".chars() {
        app.update(key(c));
    }
    app.update(Msg::JournalReachable(Some("connection refused".into())));
    assert_eq!(appends(&app.update(code(KeyCode::Enter))), 0);
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode)
    };
    assert_eq!(p.input, "roads clear");
    assert!(screen(&app, 120, 36).contains("journal reconnecting"));
    app.update(Msg::JournalReachable(None));
    assert_eq!(appends(&app.update(code(KeyCode::Enter))), 1);
}

/// The alerts whose first sight the console asks the journal to record.
fn first_sights(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Append {
                kind: EventKind::Raised { alert, .. },
                system: true,
                ..
            } => Some(alert.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_journal_read_once_it_answers_replaces_the_state_and_first_sights_are_asked_again() {
    let loaded = |state: JournalState| {
        // Started with the journal down: an empty state, actions refused.
        let mut app = app();
        app.update(Msg::JournalReachable(Some("connection refused".into())));
        let effects = app.update(Msg::JournalLoaded {
            state: Box::new(state),
            notice: None,
        });
        (app, first_sights(&effects))
    };
    let (_, asked) = loaded(JournalState::default());
    assert!(
        !asked.is_empty(),
        "the first sights refused are asked again"
    );
    // A journal that recorded the first one already (another console).
    let mut state = JournalState::default();
    let raised = EventKind::Raised {
        alert: asked[0].clone(),
        severity: Severity::Critical,
        reraise: false,
    };
    state.apply(event(1, "watchkeeper", 3, raised, None), None);
    let (mut app, again) = loaded(state);
    assert!(
        !again.contains(&asked[0]),
        "{} is recorded already",
        asked[0]
    );
    assert_eq!(again.len(), asked.len() - 1);
    assert_eq!(app.model.journal.last_seq, 1);
    app.update(Msg::JournalReachable(None));
    assert!(screen(&app, 120, 36).contains("journal reconnected"));
    assert_eq!(appends(&app.update(key('a'))), 1, "actions work");
}

#[test]
fn a_journal_that_went_backwards_is_said_to_the_officer() {
    let mut app = app();
    let effects = app.update(Msg::JournalLoaded {
        state: Box::default(),
        notice: Some("journal went back from #7 to #0; state reloaded".into()),
    });
    assert!(
        screen(&app, 120, 36).contains("journal went back from #7 to #0; state reloaded"),
        "{}",
        screen(&app, 120, 36)
    );
    // What it had recorded is gone: first sight is recorded again.
    assert!(!first_sights(&effects).is_empty());
}
