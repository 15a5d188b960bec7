//! Type-ahead never acts. An officer on a laggy SSH link types a key and
//! the note meant for its prompt in one go; when the action is refused, the
//! note must not run as commands (`roads clear⏎` once resolved an alert
//! with the note "oads clear"). Every refusal path of every action, with
//! the keys typed ahead after it.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{App, Effect, Mode, Msg, Pane};
use watchkeeper::domain::AlertState;
use watchkeeper::domain::event::EventKind;

const TOP: &str = "incidents:INC-2026-0412";

/// Types `keys` as a laggy link delivers them (`\n` is Enter) and returns
/// every effect they caused.
fn type_ahead(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in keys.chars() {
        let msg = if c == '\n' {
            code(KeyCode::Enter)
        } else {
            key(c)
        };
        effects.extend(app.update(msg));
    }
    effects
}

fn appends(effects: &[Effect]) -> Vec<&EventKind> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Append { kind, .. } => Some(kind),
            _ => None,
        })
        .collect()
}

fn state(app: &App, id: &str) -> AlertState {
    app.model
        .journal
        .alert(id)
        .map_or(AlertState::New, |j| j.state())
}

/// Another console's event, as the journal tailer delivers it.
fn from_elsewhere(app: &mut App, seq: i64, kind: EventKind) {
    app.update(Msg::Journal(vec![event(seq, "bob", 1, kind, None)]));
}

/// The refusal holds the keyboard: nothing typed after it acted, the
/// reason is on screen, and Esc gives the keyboard back.
fn assert_held(app: &mut Console, effects: &[Effect], reason: &str) {
    assert!(
        appends(effects).is_empty(),
        "typed-ahead keys reached the journal: {:?}",
        appends(effects)
    );
    let Mode::Refused(r) = &app.mode else {
        panic!(
            "expected the refusal to hold the keyboard, mode is {:?}",
            app.mode
        )
    };
    assert!(r.reason.contains(reason), "{:?}", r.reason);
    let s = screen(app, 120, 36);
    assert!(s.contains(reason), "the reason is shown:\n{s}");
    assert!(s.contains("Esc"), "and how to go on:\n{s}");
    assert!(app.update(code(KeyCode::Esc)).is_empty());
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn shift_a_on_an_alert_another_console_acknowledged_ignores_the_note_typed_after_it() {
    let mut app = app();
    from_elsewhere(&mut app, 1, EventKind::Acknowledged { alert: TOP.into() });
    assert_eq!(top_id(&app), TOP, "the cursor stays on its alert");
    let effects = type_ahead(&mut app, "Aroads clear\n");
    assert_held(&mut app, &effects, "already acknowledged by bob");
    assert_eq!(state(&app, TOP), AlertState::Acknowledged, "not resolved");
    let s = screen(&app, 120, 36);
    assert!(!s.contains("Resolve, note"), "no prompt opened behind it");
}

#[test]
fn the_refusal_shows_the_keys_it_ignored() {
    let mut app = app();
    from_elsewhere(&mut app, 1, EventKind::Acknowledged { alert: TOP.into() });
    type_ahead(&mut app, "Aroads clear\n");
    let s = screen(&app, 120, 36);
    assert!(s.contains("ignored: roads clear⏎"), "{s}");
}

#[test]
fn r_on_a_resolved_alert_ignores_the_note_and_a_second_r() {
    let mut app = app();
    app.update(code(KeyCode::Enter)); // the alert's detail stays open once resolved
    from_elsewhere(&mut app, 1, EventKind::Resolved { alert: TOP.into() });
    let effects = type_ahead(&mut app, "rstaff safe\nr\n");
    assert_held(&mut app, &effects, "already resolved by bob");
}

#[test]
fn e_at_the_top_step_is_refused_before_the_note_is_asked() {
    let mut app = app();
    for (seq, step, to) in [
        (1, 1, "desk-officer"),
        (2, 2, "chief-regional-operations"),
        (3, 3, "duty-director"),
    ] {
        let kind = EventKind::Escalated {
            alert: TOP.into(),
            step,
            target: to.into(),
            manual: true,
        };
        from_elsewhere(&mut app, seq, kind);
    }
    let effects = type_ahead(&mut app, "eroads closed\n");
    assert_held(&mut app, &effects, "top escalation step");
    assert_eq!(state(&app, TOP), AlertState::New, "r did not resolve it");
}

#[test]
fn z_on_a_resolved_alert_is_refused_and_the_duration_typed_after_it_ignored() {
    let mut app = app();
    app.update(code(KeyCode::Enter));
    from_elsewhere(&mut app, 1, EventKind::Resolved { alert: TOP.into() });
    let effects = type_ahead(&mut app, "z1h\n");
    assert_held(&mut app, &effects, "already resolved");
}

#[test]
fn every_prompt_key_in_read_only_holds_what_is_typed_after_it() {
    let mut s = settings("alice");
    s.read_only = true;
    let mut app = app_with(s, watchkeeper::theme::ColorDepth::TrueColor);
    for first in ['A', 'e', 'r', 'n', 'z', 'L'] {
        let effects = type_ahead(&mut app, &format!("{first}all quiet ack\n"));
        assert_held(&mut app, &effects, "read-only");
    }
    // `m` and `t` too, from the panes they act in.
    app.update(key('3'));
    let effects = type_ahead(&mut app, "m2h drill\n");
    assert_held(&mut app, &effects, "read-only");
    app.update(key('4'));
    let effects = type_ahead(&mut app, "tKBL\n");
    assert_held(&mut app, &effects, "read-only");
}

#[test]
fn an_alert_key_with_no_alert_selected_holds_the_note() {
    let mut app = app();
    app.update(key('3')); // the stations view: no alert under the cursor
    assert_eq!(app.focus, Pane::Stations);
    for first in ['A', 'e', 'r', 'n', 'z'] {
        let effects = type_ahead(&mut app, &format!("{first}roads clear\n"));
        assert_held(&mut app, &effects, "no alert selected");
    }
}

#[test]
fn t_with_no_officer_selected_holds_the_station_typed_after_it() {
    let mut app = app();
    let effects = type_ahead(&mut app, "tKBL\n");
    assert_held(&mut app, &effects, "no surge officer selected");
}

#[test]
fn a_mute_without_a_reason_keeps_the_prompt_and_takes_the_reason_typed_next() {
    let mut app = app();
    app.update(key('3'));
    let station = app.current_station().map(|s| s.id.clone());
    let effects = type_ahead(&mut app, "m2h\n");
    assert!(appends(&effects).is_empty());
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode)
    };
    assert_eq!(p.input, "2h ", "the duration is kept, ready for the reason");
    assert!(screen(&app, 120, 36).contains("give a reason"));
    // The reason typed ahead lands in the prompt, not on the stations.
    let effects = type_ahead(&mut app, "planned drill\n");
    let kinds = appends(&effects);
    assert_eq!(kinds.len(), 1, "{kinds:?}");
    let EventKind::Muted { station: s, .. } = kinds[0] else {
        panic!("{kinds:?}")
    };
    assert_eq!(Some(s.clone()), station);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_bad_duration_keeps_the_prompt_open_with_the_text_and_the_reason() {
    let mut app = app();
    let effects = type_ahead(&mut app, "z2x\nroads\n");
    assert!(appends(&effects).is_empty(), "{effects:?}");
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode)
    };
    assert_eq!(
        p.input, "2xroads",
        "the text is kept and typing goes on in it"
    );
    assert_eq!(state(&app, TOP), AlertState::New);
    // Mending it works; Esc would have cancelled.
    for _ in 0.."2xroads".len() {
        app.update(code(KeyCode::Backspace));
    }
    let effects = type_ahead(&mut app, "15m\n");
    assert!(matches!(appends(&effects)[..], [EventKind::Snoozed { .. }]));
}

#[test]
fn the_prompts_error_is_shown_until_the_next_key() {
    let mut app = app();
    type_ahead(&mut app, "zsoon\n");
    assert!(screen(&app, 120, 36).contains("bad duration"));
    app.update(code(KeyCode::Backspace));
    assert!(!screen(&app, 120, 36).contains("bad duration"));
}

#[test]
fn an_ack_note_submitted_after_another_console_acknowledged_stays_in_the_prompt() {
    let mut app = app();
    type_ahead(&mut app, "Aroads");
    from_elsewhere(&mut app, 1, EventKind::Acknowledged { alert: TOP.into() });
    let effects = type_ahead(&mut app, " clear\n");
    assert!(appends(&effects).is_empty());
    assert!(screen(&app, 120, 36).contains("already acknowledged by bob"));
    // The `r` typed next goes into the prompt, not to Resolve.
    let effects = type_ahead(&mut app, "r");
    assert!(appends(&effects).is_empty());
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode)
    };
    assert_eq!(p.input, "roads clearr");
}

#[test]
fn a_task_to_an_unknown_station_keeps_the_prompt() {
    let mut app = app();
    app.update(key('4'));
    let effects = type_ahead(&mut app, "tXXX\nj");
    assert!(appends(&effects).is_empty());
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode)
    };
    assert_eq!(p.input, "XXXj");
}

#[test]
fn an_empty_note_keeps_the_prompt_open() {
    let mut app = app();
    let effects = type_ahead(&mut app, "n\nr");
    assert!(appends(&effects).is_empty());
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.input == "r"));
}

#[test]
fn colon_ack_on_an_acknowledged_alert_is_refused_like_a() {
    let mut app = app();
    from_elsewhere(&mut app, 1, EventKind::Acknowledged { alert: TOP.into() });
    let effects = type_ahead(&mut app, &format!(":ack {TOP}\n"));
    assert!(appends(&effects).is_empty());
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.error.is_some()));
    assert!(screen(&app, 120, 36).contains("already acknowledged by bob"));
}

#[test]
fn colon_ack_with_no_id_says_what_it_needs() {
    let mut app = app();
    type_ahead(&mut app, ":ack\n");
    assert!(screen(&app, 120, 36).contains(":ack needs an alert id"));
}

#[test]
fn a_bad_filter_term_keeps_the_prompt_and_the_previous_filter() {
    let mut app = app();
    let rows = app.rows.alerts.len();
    let effects = type_ahead(&mut app, "/sev:hgh\nr");
    assert!(appends(&effects).is_empty());
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.input == "sev:hghr"));
    assert_eq!(app.rows.alerts.len(), rows);
}

#[test]
fn an_action_that_can_succeed_still_opens_its_prompt_and_records_once() {
    let mut app = app();
    let effects = type_ahead(&mut app, "Aroads clear\n");
    let kinds = appends(&effects);
    assert_eq!(kinds, vec![&EventKind::Acknowledged { alert: TOP.into() }]);
    assert_eq!(app.mode, Mode::Normal);
}

fn top_id(app: &App) -> String {
    app.current_alert()
        .map(|e| e.alert.id.clone())
        .unwrap_or_default()
}
