//! Under an alert storm, through `App::update`: marks and bulk actions
//! behind one confirmation, ownership, and undo within 30 seconds.

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

const KBL: &str = "incidents:INC-2026-0412";

#[test]
fn space_marks_and_a_acknowledges_every_marked_alert_after_one_confirmation() {
    let mut app = app();
    let ids = mark_top(&mut app, 3);
    assert_eq!(app.marks.len(), 3);
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("3 marked"),
        "the pane title counts the marks:\n{s}"
    );
    assert_eq!(s.matches('■').count(), 3, "each marked row shows it:\n{s}");

    let effects = app.update(key('a'));
    assert!(
        appends(&effects).is_empty(),
        "nothing before the confirmation"
    );
    let Mode::Confirm(c) = &app.mode else {
        panic!("expected a confirmation, mode is {:?}", app.mode)
    };
    assert_eq!(c.question, "Acknowledge 3 alerts (2 CRIT, 1 HIGH)?");
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("Acknowledge 3 alerts (2 CRIT, 1 HIGH)? y/Enter · n/Esc"),
        "{s}"
    );

    let effects = app.update(key('y'));
    let asked = appends(&effects);
    assert_eq!(asked.len(), 3, "one journal event per alert");
    for ((_, kind, _), id) in asked.iter().zip(&ids) {
        assert!(
            ids.iter().any(|i| Some(i.as_str()) == kind.alert()),
            "{kind:?}"
        );
        assert!(
            matches!(kind, EventKind::Acknowledged { .. }),
            "{id}: {kind:?}"
        );
    }
    assert!(app.marks.is_empty(), "the marks go once acted on");

    // Another officer had taken the third one first: the journal says so.
    let third = ids[2].clone();
    let mut seq = 100;
    let bob = event(
        50,
        "bob",
        0,
        EventKind::Acknowledged {
            alert: third.clone(),
        },
        None,
    );
    answer(&mut app, &effects, &mut seq, |k| {
        (k.alert() == Some(third.as_str())).then(|| bob.clone())
    });
    let text = flash(&app);
    assert_eq!(
        text,
        format!("2 acknowledged; 1 already acknowledged by bob: {third} — all in the log (5)"),
        "counts by reason, naming the one another officer took; no ✓, not all were done"
    );
    assert_eq!(app.flash.as_ref().map(|f| f.kind), Some(FlashKind::Info));
    assert_eq!(state(&app, &ids[0]), AlertState::Acknowledged);
    assert_eq!(state(&app, &ids[1]), AlertState::Acknowledged);
}

#[test]
fn marks_survive_a_re_sort_and_a_filter_change() {
    let mut app = app();
    let ids = mark_top(&mut app, 2);
    app.update(key('s'));
    app.update(key('/'));
    type_and_enter(&mut app, "sev:critical,high");
    app.update(key('s'));
    let marked: Vec<String> = app.marks.iter().cloned().collect();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(marked, want);
    let s = screen(&app, 120, 36);
    assert!(s.contains("2 marked"), "{s}");
    assert_eq!(s.matches('■').count(), 2, "{s}");
    // Space on a marked alert unmarks it.
    select(&mut app, &ids[0]);
    app.update(key(' '));
    assert_eq!(app.marks.len(), 1);
}

#[test]
fn the_confirmation_answers_only_to_y_enter_n_esc_and_refuses_type_ahead() {
    let mut app = app();
    mark_top(&mut app, 2);
    app.update(key('a'));
    let mut effects = Vec::new();
    for c in "roads clear\n".chars() {
        let msg = if c == '\n' {
            code(KeyCode::Enter)
        } else {
            key(c)
        };
        effects.extend(app.update(msg));
    }
    assert!(
        appends(&effects).is_empty(),
        "type-ahead acted: {effects:?}"
    );
    let Mode::Refused(r) = &app.mode else {
        panic!("expected the refusal to hold the keyboard: {:?}", app.mode)
    };
    assert!(r.reason.contains("not confirmed"), "{}", r.reason);
    assert_eq!(r.ignored, "roads clear⏎");
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.marks.len(), 2, "nothing done: the marks stay");

    // n and Esc cancel, recording nothing.
    for cancel in [key('n'), code(KeyCode::Esc)] {
        app.update(key('a'));
        assert!(matches!(app.mode, Mode::Confirm(_)));
        assert!(appends(&app.update(cancel)).is_empty());
        assert_eq!(app.mode, Mode::Normal);
    }
    // Enter confirms.
    app.update(key('a'));
    assert_eq!(appends(&app.update(code(KeyCode::Enter))).len(), 2);
}

#[test]
fn bulk_resolve_asks_the_note_once_then_confirms() {
    let mut app = app();
    mark_top(&mut app, 3);
    app.update(key('r'));
    let Mode::Prompt(p) = &app.mode else {
        panic!("expected the note prompt: {:?}", app.mode)
    };
    assert!(p.target.id().is_none());
    assert!(screen(&app, 120, 36).contains("3 marked alerts"));
    let effects = type_and_enter(&mut app, "storm over");
    assert!(appends(&effects).is_empty());
    assert!(matches!(&app.mode, Mode::Confirm(c) if c.question.starts_with("Resolve 3 alerts")));
    let asked = appends(&app.update(key('y')));
    assert_eq!(asked.len(), 3);
    for (_, kind, note) in asked {
        assert!(matches!(kind, EventKind::Resolved { .. }));
        assert_eq!(note.as_deref(), Some("storm over"));
    }
}

#[test]
fn o_takes_the_alert_and_asks_first_when_another_officer_owns_it() {
    let mut app = app();
    let top = ids_in_rows(&app)[0].clone();
    let effects = app.update(key('o'));
    let asked = appends(&effects);
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].1, EventKind::Owned { alert: top.clone() });
    let mut seq = 10;
    all_recorded(&mut app, &effects, &mut seq);
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("[alice] Armed clash"),
        "narrow: before the title\n{s}"
    );
    app.update(key('2'));
    let s = screen(&app, 120, 36);
    assert!(s.contains("OWNER") && s.contains("alice"), "{s}");
    // Taking it again is refused: it is already yours.
    app.update(key('o'));
    assert!(flash(&app).contains("already yours"), "{}", flash(&app));

    // The next one is bob's: `o` asks, naming him.
    let second = ids_in_rows(&app)[1].clone();
    app.update(Msg::Journal(vec![event(
        20,
        "bob",
        0,
        EventKind::Owned {
            alert: second.clone(),
        },
        None,
    )]));
    select(&mut app, &second);
    let effects = app.update(key('o'));
    assert!(appends(&effects).is_empty());
    let Mode::Confirm(c) = &app.mode else {
        panic!("expected a question: {:?}", app.mode)
    };
    assert!(c.question.contains("owned by bob"), "{}", c.question);
    let asked = appends(&app.update(key('y')));
    assert_eq!(asked[0].1, EventKind::Owned { alert: second });
}

#[test]
fn owner_me_and_owner_none_filter_the_list() {
    let mut app = app();
    let all = ids_in_rows(&app);
    let mut seq = 0;
    let effects = app.update(key('o'));
    all_recorded(&mut app, &effects, &mut seq);
    app.update(Msg::Journal(vec![event(
        50,
        "bob",
        0,
        EventKind::Owned {
            alert: all[1].clone(),
        },
        None,
    )]));
    app.update(key('/'));
    type_and_enter(&mut app, "owner:me");
    assert_eq!(ids_in_rows(&app), vec![all[0].clone()]);
    app.update(key('/'));
    for _ in 0..20 {
        app.update(code(KeyCode::Backspace));
    }
    type_and_enter(&mut app, "owner:bob");
    assert_eq!(ids_in_rows(&app), vec![all[1].clone()]);
    app.update(key('/'));
    for _ in 0..20 {
        app.update(code(KeyCode::Backspace));
    }
    type_and_enter(&mut app, "owner:none");
    assert_eq!(ids_in_rows(&app).len(), all.len() - 2);
}

#[test]
fn u_undoes_an_acknowledgement_within_30_seconds_as_a_new_event() {
    let mut app = app();
    let mut seq = 0;
    let effects = app.update(key('a'));
    all_recorded(&mut app, &effects, &mut seq);
    assert_eq!(state(&app, KBL), AlertState::Acknowledged);
    assert!(
        screen(&app, 120, 36).contains("u undo"),
        "the hint offers it"
    );

    app.update(Msg::Tick(now() + Duration::seconds(29)));
    let effects = app.update(key('u'));
    let asked = appends(&effects);
    assert_eq!(
        asked.iter().map(|a| a.1.clone()).collect::<Vec<_>>(),
        vec![EventKind::Unacknowledged { alert: KBL.into() }]
    );
    all_recorded(&mut app, &effects, &mut seq);
    assert_eq!(state(&app, KBL), AlertState::New);
    // Both are in the record.
    let kinds: Vec<&str> = app
        .model
        .journal
        .events
        .iter()
        .map(|e| e.kind.name())
        .collect();
    assert_eq!(kinds, vec!["acknowledged", "unacknowledged"]);
    // Nothing more to undo.
    app.update(key('u'));
    assert!(
        refusal(&app).contains("nothing to undo"),
        "{}",
        refusal(&app)
    );
}

#[test]
fn u_is_refused_after_30_seconds_saying_why() {
    let mut app = app();
    let mut seq = 0;
    let effects = app.update(key('a'));
    all_recorded(&mut app, &effects, &mut seq);
    app.update(Msg::Tick(now() + Duration::seconds(31)));
    let effects = app.update(key('u'));
    assert!(appends(&effects).is_empty());
    let text = refusal(&app);
    assert!(
        text.contains("31s ago") && text.contains("undo works for 30s"),
        "{text}"
    );
}

#[test]
fn u_is_refused_when_someone_else_acted_since() {
    let mut app = app();
    let mut seq = 0;
    let effects = app.update(key('a'));
    all_recorded(&mut app, &effects, &mut seq);
    app.update(Msg::Journal(vec![event(
        50,
        "bob",
        0,
        EventKind::Escalated {
            alert: KBL.into(),
            step: 1,
            target: "duty-manager".into(),
            manual: true,
        },
        None,
    )]));
    let effects = app.update(key('u'));
    assert!(appends(&effects).is_empty());
    assert!(
        refusal(&app).contains("bob acted on it since"),
        "{}",
        refusal(&app)
    );
}

#[test]
fn a_bulk_action_undoes_as_one_batch() {
    let mut app = app();
    let ids = mark_top(&mut app, 3);
    app.update(key('z'));
    type_and_enter(&mut app, "1h");
    let effects = app.update(key('y'));
    let mut seq = 0;
    all_recorded(&mut app, &effects, &mut seq);
    assert!(flash(&app).starts_with("✓ 3 snoozed"), "{}", flash(&app));
    let effects = app.update(key('u'));
    let mut undone: Vec<EventKind> = appends(&effects).into_iter().map(|a| a.1).collect();
    undone.sort_by(|a, b| a.alert().cmp(&b.alert()));
    let mut want: Vec<EventKind> = ids
        .iter()
        .map(|id| EventKind::Unsnoozed { alert: id.clone() })
        .collect();
    want.sort_by(|a, b| a.alert().cmp(&b.alert()));
    assert_eq!(undone, want);
    all_recorded(&mut app, &effects, &mut seq);
    assert!(flash(&app).starts_with("✓ 3 undone"), "{}", flash(&app));
    assert_eq!(ids_in_rows(&app).len(), ids_in_rows(&app).len());
    for id in &ids {
        assert!(ids_in_rows(&app).contains(id), "{id} is shown again");
    }
}

#[test]
fn u_reopens_a_resolve_and_unmutes_a_mute() {
    let mut app = app();
    let mut seq = 0;
    app.update(key('r'));
    let effects = type_and_enter(&mut app, "false alarm");
    all_recorded(&mut app, &effects, &mut seq);
    assert_eq!(state(&app, KBL), AlertState::Resolved);
    let effects = app.update(key('u'));
    assert_eq!(
        appends(&effects)[0].1,
        EventKind::Reopened { alert: KBL.into() }
    );
    all_recorded(&mut app, &effects, &mut seq);
    assert_eq!(state(&app, KBL), AlertState::New);

    app.update(key('m'));
    let effects = type_and_enter(&mut app, "2h drill");
    all_recorded(&mut app, &effects, &mut seq);
    assert!(app.model.journal.active_mute("KBL", app.now).is_some());
    let effects = app.update(key('u'));
    assert_eq!(
        appends(&effects)[0].1,
        EventKind::Unmuted {
            station: "KBL".into()
        }
    );
    all_recorded(&mut app, &effects, &mut seq);
    assert!(app.model.journal.active_mute("KBL", app.now).is_none());
}
