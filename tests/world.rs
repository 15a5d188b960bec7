//! Actions check the world (issue 12 item 6): an officer on leave or
//! unavailable cannot be tasked, a snooze has a maximum, every "until"
//! that is not today carries its date, snoozed alerts under
//! `state:snoozed` say when they return, and escalation notices name the
//! alert and its station.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{App, Effect, Mode, Msg};
use watchkeeper::domain::OfficerStatus;
use watchkeeper::journal::{Appended, EventKind};

fn confirm(app: &mut App, effect: &Effect, seq: i64) {
    let Effect::Append {
        request,
        kind,
        note,
        ..
    } = effect.clone()
    else {
        panic!("not an append: {effect:?}")
    };
    let ev = event(seq, "alice", 0, kind, note.as_deref());
    app.update(Msg::Appended {
        request,
        result: Ok(Appended::Recorded(ev.clone())),
        events: vec![ev],
    });
}

fn select_officer(app: &mut App, status: OfficerStatus) {
    app.update(key('4'));
    for _ in 0..app.rows.roster.len() {
        if app.current_officer().map(|o| o.status) == Some(status) {
            return;
        }
        app.update(key('j'));
    }
    panic!("no {status:?} officer on the roster");
}

#[test]
fn an_officer_on_leave_or_unavailable_is_not_tasked_and_type_ahead_does_nothing() {
    for (status, word) in [
        (OfficerStatus::Leave, "HERON-5 (Grace Mensah) is on leave"),
        (
            OfficerStatus::Unavailable,
            "ORCA-7 (Mei Lin Tan) is unavailable",
        ),
    ] {
        let mut app = app();
        select_officer(&mut app, status);
        app.update(key('t'));
        match &app.mode {
            Mode::Refused(r) => assert!(r.reason.contains(word), "{}", r.reason),
            other => panic!("{other:?}"),
        }
        // The station typed ahead for the prompt is not run as keys.
        let effects = type_and_enter(&mut app, "mgq");
        assert!(effects.is_empty(), "{effects:?}");
        assert!(screen(&app, 120, 36).contains("cannot be tasked"));
    }
}

#[test]
fn a_snooze_longer_than_the_maximum_is_refused_in_the_prompt() {
    let mut app = app();
    app.update(key('z'));
    assert!(type_and_enter(&mut app, "8d").is_empty());
    match &app.mode {
        Mode::Prompt(p) => {
            let e = p.error.as_deref().unwrap_or("");
            assert!(e.contains("at most 7d"), "{e}");
            assert!(e.contains("console.max_snooze"), "{e}");
            assert_eq!(p.input, "8d");
        }
        other => panic!("{other:?}"),
    }
    // A shorter one, typed over it, goes through.
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::Backspace));
    let effects = type_and_enter(&mut app, "2d");
    let Some(Effect::Append {
        kind: EventKind::Snoozed { until, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(*until, now() + chrono::Duration::days(2));
}

#[test]
fn a_snooze_to_another_day_says_the_date_and_state_snoozed_shows_until() {
    let mut app = app();
    let id = app.current_alert().unwrap().alert.id.clone();
    app.update(key('z'));
    let effects = type_and_enter(&mut app, "2d");
    confirm(&mut app, &effects[0], 1);
    let s = screen(&app, 160, 40);
    // now() is 2026-11-22 21:00Z: two days on is the 24th.
    assert!(
        s.contains(&format!("snoozed {id} until 2026-11-24 21:00Z")),
        "{s}"
    );
    // Hidden from the list, shown with its until under state:snoozed.
    assert!(
        app.rows
            .alerts
            .iter()
            .all(|&i| app.model.alerts.entries[i].alert.id != id)
    );
    app.update(key('/'));
    type_and_enter(&mut app, "state:snoozed");
    let s = screen(&app, 160, 40);
    assert!(s.contains("[snoozed until 2026-11-24 21:00Z]"), "{s}");
}

#[test]
fn a_snooze_ending_today_shows_only_the_time() {
    let mut app = app();
    let id = app.current_alert().unwrap().alert.id.clone();
    app.update(key('z'));
    let effects = type_and_enter(&mut app, "1h");
    confirm(&mut app, &effects[0], 1);
    let s = screen(&app, 160, 40);
    assert!(s.contains(&format!("snoozed {id} until 22:00Z")), "{s}");
}

#[test]
fn an_escalation_notice_names_the_alert_its_station_and_the_step() {
    let mut app = app();
    let esc = EventKind::Escalated {
        alert: "incidents:INC-2026-0412".into(),
        step: 2,
        target: "chief-regional-operations".into(),
        manual: false,
    };
    let effects = app.update(Msg::Journal(vec![event(3, "bob", 0, esc, None)]));
    let notice = effects
        .iter()
        .find_map(|e| match e {
            Effect::Notify(n) => Some(n.text()),
            _ => None,
        })
        .expect("a notice");
    assert_eq!(notice.0, "Escalated to step 2: chief-regional-operations");
    assert_eq!(
        notice.1,
        "incidents:INC-2026-0412 at KBL escalated automatically"
    );
}
