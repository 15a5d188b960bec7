//! Key handling through `App::update`: what an officer presses, what the
//! journal is asked to record, and what the screen says afterwards.

mod common;
#[path = "keys/watch.rs"]
mod watch;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{DetailTarget, Effect, Msg, Pane, View};
use watchkeeper::domain::AlertState;
use watchkeeper::domain::event::{Appended, EventKind};

/// Confirms an append the way the journal thread does: the outcome plus the
/// new events.
fn confirm(app: &mut watchkeeper::app::App, effect: &Effect, seq: i64, officer: &str) -> EventKind {
    let (request, kind, note) = append(effect);
    let ev = event(seq, officer, 0, kind.clone(), note.as_deref());
    app.update(Msg::Appended {
        request,
        result: Ok(Appended::Recorded(ev.clone())),
        events: vec![ev],
    });
    kind.clone()
}

/// An append effect's request, kind and note; the test fails naming the
/// effect if it is something else.
fn append(effect: &Effect) -> (u64, &EventKind, &Option<String>) {
    match effect {
        Effect::Append {
            request,
            kind,
            note,
            ..
        } => (*request, kind, note),
        other => panic!("expected an append to the journal, got {other:?}"),
    }
}

fn top_alert(app: &watchkeeper::app::App) -> String {
    app.current_alert().unwrap().alert.id.clone()
}

#[test]
fn the_cursor_starts_on_the_most_urgent_new_alert() {
    let app = app();
    // Two criticals; the newer one first.
    assert_eq!(top_alert(&app), "incidents:INC-2026-0412");
}

#[test]
fn a_acknowledges_only_once_the_journal_confirms() {
    let mut app = app();
    let effects = app.update(key('a'));
    assert_eq!(effects.len(), 1);
    let (_, kind, note) = append(&effects[0]);
    assert_eq!(
        kind,
        &EventKind::Acknowledged {
            alert: "incidents:INC-2026-0412".into()
        }
    );
    assert_eq!(note, &None);
    // Not on screen as acknowledged until the journal says so.
    let j = app.model.journal.alert("incidents:INC-2026-0412");
    assert!(j.is_none_or(|j| j.state() == AlertState::New));
    assert!(screen(&app, 120, 36).contains("acknowledging incidents:INC-2026-0412"));

    confirm(&mut app, &effects[0], 1, "alice");
    let j = app.model.journal.alert("incidents:INC-2026-0412").unwrap();
    assert_eq!(j.state(), AlertState::Acknowledged);
    assert_eq!(j.acked_by.as_deref(), Some("alice"));
    let s = screen(&app, 120, 36);
    assert!(s.contains("✓ acknowledged incidents:INC-2026-0412"), "{s}");
}

#[test]
fn after_an_ack_the_next_alert_moves_under_the_cursor() {
    let mut app = app();
    let first = top_alert(&app);
    let effects = app.update(key('a'));
    confirm(&mut app, &effects[0], 1, "alice");
    let next = top_alert(&app);
    assert_ne!(next, first);
    assert_eq!(
        next, "incidents:INC-2026-0409",
        "the other critical is now on the top row"
    );
    assert_eq!(app.selection(Pane::Alerts), 0);
}

#[test]
fn the_cursor_follows_its_alert_when_others_arrive() {
    let mut app = app();
    app.update(key('j'));
    let chosen = top_alert(&app);
    // Another console acknowledges the top alert, which sinks below the new ones.
    app.update(Msg::Journal(vec![event(
        1,
        "bob",
        0,
        EventKind::Acknowledged {
            alert: "incidents:INC-2026-0412".into(),
        },
        None,
    )]));
    assert_eq!(
        top_alert(&app),
        chosen,
        "the alert under the cursor must not change by itself"
    );
}

#[test]
fn the_second_officer_is_told_who_acknowledged_first() {
    let mut app = app();
    let effects = app.update(key('a'));
    let (request, _, _) = append(&effects[0]);
    let winner = event(
        7,
        "bob",
        1,
        EventKind::Acknowledged {
            alert: "incidents:INC-2026-0412".into(),
        },
        None,
    );
    app.update(Msg::Appended {
        request,
        result: Ok(Appended::Conflict(winner.clone())),
        events: vec![winner],
    });
    let s = screen(&app, 120, 36);
    assert!(
        s.contains("already acknowledged by bob at 20:59:00Z"),
        "{s}"
    );
    // The cursor stayed on that alert; pressing a again does not ask the journal.
    assert_eq!(top_alert(&app), "incidents:INC-2026-0412");
    let again = app.update(key('a'));
    assert!(again.is_empty());
}

#[test]
fn shift_a_acknowledges_with_a_note() {
    let mut app = app();
    assert!(app.update(key('A')).is_empty());
    let effects = type_and_enter(&mut app, "called the FSO");
    let (_, kind, note) = append(&effects[0]);
    assert!(matches!(kind, EventKind::Acknowledged { .. }));
    assert_eq!(note.as_deref(), Some("called the FSO"));
}

#[test]
fn esc_cancels_a_prompt_without_recording() {
    let mut app = app();
    app.update(key('A'));
    app.update(key('x'));
    let effects = app.update(code(KeyCode::Esc));
    assert!(effects.is_empty());
    assert_eq!(app.mode, watchkeeper::app::Mode::Normal);
}

#[test]
fn e_escalates_a_critical_to_the_first_step_of_its_policy() {
    let mut app = app();
    app.update(key('e'));
    let effects = type_and_enter(&mut app, "no answer from station");
    let (_, kind, note) = append(&effects[0]);
    assert_eq!(
        kind,
        &EventKind::Escalated {
            alert: "incidents:INC-2026-0412".into(),
            step: 1,
            target: "desk-officer".into(),
            manual: true
        }
    );
    assert_eq!(note.as_deref(), Some("no answer from station"));
    confirm(&mut app, &effects[0], 1, "alice");
    app.update(key('g'));
    app.update(key('e'));
    let effects = type_and_enter(&mut app, "");
    let (_, kind, _) = append(&effects[0]);
    assert!(
        matches!(kind, EventKind::Escalated { step: 2, target, .. } if target == "chief-regional-operations")
    );
}

#[test]
fn z_snoozes_and_the_alert_returns_when_the_time_passes() {
    let mut app = app();
    let id = top_alert(&app);
    app.update(key('z'));
    let effects = type_and_enter(&mut app, "15m");
    let (_, kind, _) = append(&effects[0]);
    assert_eq!(
        kind,
        &EventKind::Snoozed {
            alert: id.clone(),
            until: now() + chrono::Duration::minutes(15)
        }
    );
    confirm(&mut app, &effects[0], 1, "alice");
    let visible = |app: &watchkeeper::app::App| {
        app.rows
            .alerts
            .iter()
            .any(|&i| app.model.alerts.entries[i].alert.id == id)
    };
    assert!(!visible(&app), "snoozed alerts leave the default view");
    app.update(Msg::Tick(now() + chrono::Duration::minutes(16)));
    assert!(visible(&app), "and come back when the snooze ends");
}

#[test]
fn a_bad_snooze_duration_is_refused_with_the_reason() {
    let mut app = app();
    app.update(key('z'));
    let effects = type_and_enter(&mut app, "soon");
    assert!(effects.is_empty());
    assert!(screen(&app, 120, 36).contains("bad duration"));
}

#[test]
fn r_resolves_and_the_alert_leaves_the_list() {
    let mut app = app();
    let id = top_alert(&app);
    app.update(key('r'));
    let effects = type_and_enter(&mut app, "all staff accounted for");
    confirm(&mut app, &effects[0], 1, "alice");
    assert!(
        app.rows
            .alerts
            .iter()
            .all(|&i| app.model.alerts.entries[i].alert.id != id)
    );
}

#[test]
fn read_only_refuses_every_action() {
    let mut s = settings("alice");
    s.read_only = true;
    let mut app = app_with(s, watchkeeper::theme::ColorDepth::TrueColor);
    for c in ['a', 'A', 'e', 'r', 'z', 'n'] {
        assert!(app.update(key(c)).is_empty());
        assert!(
            !matches!(app.mode, watchkeeper::app::Mode::Prompt(_)),
            "{c} must not open a prompt"
        );
        assert!(screen(&app, 120, 36).contains("read-only"), "{c}");
        app.update(code(KeyCode::Esc));
    }
}

#[test]
fn number_keys_switch_views_and_tab_moves_between_panes() {
    let mut app = app();
    for (c, v) in [
        ('2', View::Alerts),
        ('3', View::Stations),
        ('4', View::Roster),
        ('5', View::Log),
        ('6', View::Feeds),
        ('1', View::Overview),
    ] {
        app.update(key(c));
        assert_eq!(app.view, v);
    }
    assert_eq!(app.focus, Pane::Alerts);
    app.update(code(KeyCode::Tab));
    assert_eq!(app.focus, Pane::Roster);
    app.update(code(KeyCode::BackTab));
    app.update(code(KeyCode::BackTab));
    assert_eq!(app.focus, Pane::Stations);
}

#[test]
fn enter_opens_detail_and_esc_goes_back() {
    let mut app = app();
    app.update(code(KeyCode::Enter));
    assert_eq!(
        app.detail,
        Some(DetailTarget::Alert("incidents:INC-2026-0412".into()))
    );
    app.update(code(KeyCode::Esc));
    assert_eq!(app.detail, None);
    app.update(code(KeyCode::BackTab));
    app.update(code(KeyCode::Enter));
    assert_eq!(
        app.detail,
        Some(DetailTarget::Station("MGQ".into())),
        "level 6 first"
    );
}

#[test]
fn moving_stays_inside_the_list() {
    let mut app = app();
    app.update(key('k'));
    assert_eq!(app.selection(Pane::Alerts), 0);
    app.update(key('G'));
    assert_eq!(app.selection(Pane::Alerts), app.rows.alerts.len() - 1);
    app.update(key('j'));
    assert_eq!(app.selection(Pane::Alerts), app.rows.alerts.len() - 1);
    app.update(key('g'));
    assert_eq!(app.selection(Pane::Alerts), 0);
}

#[test]
fn q_quits() {
    let mut app = app();
    assert_eq!(app.update(key('q')), vec![Effect::Quit]);
}

#[test]
fn t_tasks_a_surge_officer_and_the_roster_shows_it_until_the_feed_agrees() {
    let mut app = app();
    app.update(key('4'));
    let officer = app.current_officer().unwrap().id.clone();
    app.update(key('t'));
    let effects = type_and_enter(&mut app, "mgq");
    let (_, kind, _) = append(&effects[0]);
    assert_eq!(
        kind,
        &EventKind::SurgeTasked {
            officer_id: officer.clone(),
            station: "MGQ".into()
        }
    );
    confirm(&mut app, &effects[0], 1, "alice");
    let s = screen(&app, 120, 36);
    assert!(
        s.lines().any(|l| l.contains("tasked") && l.contains("MGQ")),
        "{s}"
    );
    // T stands the officer down.
    while app.current_officer().unwrap().id != officer {
        app.update(key('j'));
    }
    let effects = app.update(key('T'));
    let (_, kind, _) = append(&effects[0]);
    assert_eq!(
        kind,
        &EventKind::SurgeStoodDown {
            officer_id: officer
        }
    );
}

#[test]
fn a_task_to_an_unknown_station_is_refused() {
    let mut app = app();
    app.update(key('4'));
    app.update(key('t'));
    assert!(type_and_enter(&mut app, "XXX").is_empty());
    assert!(screen(&app, 120, 36).contains("no duty station \"XXX\""));
}

#[test]
fn l_adds_a_watch_log_entry() {
    let mut app = app();
    app.update(key('L'));
    let effects = type_and_enter(&mut app, "Radio check with Juba: all stations");
    let (_, kind, note) = append(&effects[0]);
    assert_eq!(kind, &EventKind::WatchLog);
    assert_eq!(note.as_deref(), Some("Radio check with Juba: all stations"));
}

#[test]
fn m_mutes_a_station_for_a_time_with_a_reason() {
    let mut app = app();
    app.update(key('3'));
    app.update(key('m'));
    let effects = type_and_enter(&mut app, "2h planned evacuation drill");
    let (_, kind, note) = append(&effects[0]);
    assert_eq!(
        kind,
        &EventKind::Muted {
            station: "MGQ".into(),
            until: now() + chrono::Duration::hours(2)
        }
    );
    assert_eq!(note.as_deref(), Some("planned evacuation drill"));
    app.update(key('m'));
    assert!(
        type_and_enter(&mut app, "2h").is_empty(),
        "a reason is required"
    );
}
