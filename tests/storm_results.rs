//! Under an alert storm, what the officer is told and what the keys typed
//! after a refusal do, through `App::update` and the screen: a refused undo
//! or bulk action holds the keyboard, a bulk snooze takes a note, a bulk
//! result is counted by reason and kept in the log, and the bottom lines
//! say what the keys act on.

#[path = "common/answers.rs"]
mod answers;
mod common;
#[path = "common/storm.rs"]
mod storm;

use answers::*;
use chrono::Duration;
use common::*;
use ratatui::crossterm::event::KeyCode;
use storm::*;
use watchkeeper::app::{FlashKind, Mode, Msg};
use watchkeeper::domain::AlertState;
use watchkeeper::domain::event::EventKind;

#[test]
fn a_refused_undo_holds_the_keyboard_so_the_a_typed_after_it_acknowledges_nothing() {
    let mut app = app();
    let wrong = ids_in_rows(&app)[0].clone();
    let mut seq = 0;
    let effects = app.update(key('a'));
    all_recorded(&mut app, &effects, &mut seq);
    assert_eq!(state(&app, &wrong), AlertState::Acknowledged);
    let right = app
        .current_alert()
        .map(|e| e.alert.id.clone())
        .unwrap_or_default();
    assert_ne!(right, wrong);

    // 33 s later: "u a" sent together.
    app.update(Msg::Tick(now() + Duration::seconds(33)));
    let mut effects = app.update(key('u'));
    effects.extend(app.update(key('a')));
    assert!(
        appends(&effects).is_empty(),
        "type-ahead acted: {effects:?}"
    );
    let Mode::Refused(r) = &app.mode else {
        panic!("the refused undo holds the keyboard: {:?}", app.mode)
    };
    assert!(r.reason.contains("33s ago"), "{}", r.reason);
    assert_eq!(r.ignored, "a");
    let s = screen(&app, 120, 36);
    assert!(s.contains("keys typed since, ignored: a"), "{s}");
    assert_eq!(state(&app, &wrong), AlertState::Acknowledged);
    assert_eq!(state(&app, &right), AlertState::New, "the a did nothing");

    // Esc, and the keyboard is the officer's again.
    app.update(code(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(appends(&app.update(key('a'))).len(), 1);
}

#[test]
fn a_bulk_action_refused_for_every_marked_alert_holds_the_keyboard() {
    let mut app = app();
    let ids = mark_top(&mut app, 2);
    app.update(key('a'));
    let effects = app.update(key('y'));
    let mut seq = 0;
    all_recorded(&mut app, &effects, &mut seq);
    // Marked again: both are acknowledged already.
    select(&mut app, &ids[0]);
    app.update(key(' '));
    app.update(key(' '));
    assert_eq!(app.marks.len(), 2);
    let mut effects = app.update(key('a'));
    effects.extend(app.update(key('r')));
    effects.extend(type_and_enter(&mut app, "storm"));
    assert!(
        appends(&effects).is_empty(),
        "type-ahead acted: {effects:?}"
    );
    let Mode::Refused(r) = &app.mode else {
        panic!("the refusal holds the keyboard: {:?}", app.mode)
    };
    assert!(
        r.reason.starts_with("none of the 2 marked alerts can be:"),
        "{}",
        r.reason
    );
    assert_eq!(r.ignored, "rstorm⏎", "no resolve prompt opened");
    app.update(code(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.marks.len(), 2, "nothing done: the marks stay");
}

#[test]
fn a_bulk_snooze_takes_a_note_and_the_question_names_the_duration() {
    let mut app = app();
    let ids = mark_top(&mut app, 3);
    app.update(key('z'));
    // A bad duration is still refused, naming what was typed.
    type_and_enter(&mut app, "soon storm snooze");
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode)
    };
    assert!(
        p.error.as_deref().is_some_and(|e| e.contains("\"soon\"")),
        "{:?}",
        p.error
    );
    app.update(code(KeyCode::Esc));
    app.update(key('z'));
    type_and_enter(&mut app, "15m storm snooze");
    let Mode::Confirm(c) = &app.mode else {
        panic!("expected the confirmation: {:?}", app.mode)
    };
    assert_eq!(c.question, "Snooze 3 alerts (2 CRIT, 1 HIGH) for 15m?");
    let asked = appends(&app.update(key('y')));
    assert_eq!(asked.len(), 3);
    for (_, kind, note) in &asked {
        let EventKind::Snoozed { alert, until } = kind else {
            panic!("only snoozes: {kind:?}");
        };
        assert!(ids.contains(alert), "{alert}");
        assert_eq!(*until, now() + Duration::minutes(15));
        assert_eq!(note.as_deref(), Some("storm snooze"));
    }
}

#[test]
fn the_batch_result_counts_by_reason_names_the_failed_first_and_is_kept_in_the_log() {
    let mut app = app();
    let ids = mark_top(&mut app, 3);
    app.update(key('a'));
    let effects = app.update(key('y'));
    let (failed, taken) = (ids[0].clone(), ids[1].clone());
    let bob = event(
        50,
        "bob",
        0,
        EventKind::Acknowledged {
            alert: taken.clone(),
        },
        None,
    );
    let mut seq = 100;
    let led_to = reply(&mut app, &effects, &mut seq, |k| match k.alert() {
        Some(a) if a == failed => Reply::Fail("journal is locked"),
        Some(a) if a == taken => Reply::Conflict(bob.clone()),
        _ => Reply::Record,
    });
    // The failed one is named; the one bob took would not fit at 120.
    let want = format!(
        "✗ 1 FAILED (journal error): {failed}; 1 acknowledged; \
         1 already acknowledged by bob — all in the log (5)"
    );
    assert_eq!(flash(&app), want);
    assert!(want.chars().count() <= 120);
    assert_eq!(app.flash.as_ref().map(|f| f.kind), Some(FlashKind::Error));
    let s = screen(&app, 120, 36);
    assert!(s.contains(&want), "the whole summary fits at 120:\n{s}");

    // Still there after the 8 s of a passing message.
    app.update(Msg::Tick(now() + Duration::seconds(12)));
    assert_eq!(flash(&app), want);

    // The whole result, as one watch-log entry (not one per alert).
    let entries = appends(&led_to);
    assert_eq!(entries.len(), 1, "{led_to:?}");
    let (_, kind, note) = &entries[0];
    assert_eq!(*kind, EventKind::WatchLog);
    let note = note.clone().unwrap_or_default();
    assert_eq!(
        note,
        format!(
            "bulk result: 1 FAILED (journal error): {failed}: journal: journal is locked — \
             not recorded; 1 already acknowledged by bob: {taken}; 1 acknowledged: {}",
            ids[2]
        ),
        "what needs a look first, every alert by reason"
    );
    assert!(reply(&mut app, &led_to, &mut seq, |_| Reply::Record).is_empty());
    app.update(Msg::Tick(now() + Duration::seconds(40)));
    assert!(app.flash.is_none(), "the message has gone");
    app.update(key('5'));
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("watch log") && s.contains("bulk result: 1 FAILED"),
        "rereadable in the log view:\n{s}"
    );
}

#[test]
fn nothing_done_is_never_a_tick_and_all_done_is() {
    let mut app = app();
    mark_top(&mut app, 2);
    app.update(key('a'));
    let effects = app.update(key('y'));
    let mut seq = 0;
    let led_to = reply(&mut app, &effects, &mut seq, |_| {
        Reply::Fail("journal is locked")
    });
    let text = flash(&app);
    assert!(
        text.starts_with("✗ 2 FAILED (journal error): ") && text.contains("; 0 acknowledged"),
        "{text}"
    );
    // The journal is still locked: the log entry fails too, and says so.
    reply(&mut app, &led_to, &mut seq, |_| {
        Reply::Fail("journal is locked")
    });
    let text = flash(&app);
    assert!(
        text.starts_with("✗ 2 FAILED (journal error): ")
            && text.ends_with("; 0 acknowledged; NOT kept in the log: journal: journal is locked"),
        "{text}"
    );

    mark_top(&mut app, 2);
    app.update(key('a'));
    let effects = app.update(key('y'));
    reply(&mut app, &effects, &mut seq, |_| Reply::Record);
    assert!(flash(&app).starts_with("✓ 2 acknowledged — in the journal at "));
    assert_eq!(app.flash.as_ref().map(|f| f.kind), Some(FlashKind::Ok));
}

#[test]
fn with_marks_the_bottom_lines_say_what_the_keys_act_on() {
    let mut app = app();
    mark_top(&mut app, 3);
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("3 marked (2 CRIT, 1 HIGH): a e r z o act on them; Esc clears"),
        "{s}"
    );
    assert!(s.contains("Esc clear marks"), "{s}");
    assert!(!s.contains("Esc back"), "{s}");
    app.update(code(KeyCode::Esc));
    let s = screen(&app, 120, 36);
    assert!(!s.contains("marked ("), "{s}");
}

#[test]
fn marks_hidden_by_the_filter_are_named_in_the_question() {
    let mut app = app();
    mark_top(&mut app, 3);
    app.update(key('/'));
    type_and_enter(&mut app, "sev:critical");
    app.update(key('a'));
    let Mode::Confirm(c) = &app.mode else {
        panic!("expected the confirmation: {:?}", app.mode)
    };
    assert_eq!(
        c.question,
        "Acknowledge 3 alerts (2 CRIT, 1 HIGH), 1 not shown by the filter?"
    );
}

#[test]
fn u_is_offered_only_while_the_last_action_can_be_undone() {
    let mut app = app();
    let mut seq = 0;
    let effects = app.update(key('a'));
    all_recorded(&mut app, &effects, &mut seq);
    assert!(screen(&app, 120, 36).contains("u undo"));
    app.update(key('g'));
    app.update(key('e'));
    let effects = type_and_enter(&mut app, "");
    assert_eq!(appends(&effects).len(), 1, "{:?}", app.mode);
    all_recorded(&mut app, &effects, &mut seq);
    let s = screen(&app, 120, 36);
    assert!(
        !s.contains("u undo"),
        "an escalation cannot be undone:\n{s}"
    );
}

#[test]
fn a_single_o_asked_first_says_the_alert_is_yours() {
    let mut app = app();
    let top = ids_in_rows(&app)[0].clone();
    app.update(Msg::Journal(vec![event(
        20,
        "bob",
        0,
        EventKind::Owned { alert: top.clone() },
        None,
    )]));
    select(&mut app, &top);
    app.update(key('o'));
    let effects = app.update(key('y'));
    let mut seq = 30;
    all_recorded(&mut app, &effects, &mut seq);
    let text = flash(&app);
    assert!(
        text.starts_with(&format!("✓ {top} is yours — in the journal at ")),
        "{text}"
    );
}
