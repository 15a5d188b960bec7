//! Prompts edit like a shell (issue 12 item 9): the cursor moves with
//! Left/Right/Home/End, Ctrl-U and Ctrl-W delete, Up/Down recall what was
//! entered at `/` and `:`, Esc in `/` clears the filter, and matching
//! ignores accents.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use watchkeeper::app::{App, Mode, Msg};

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn input(app: &App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.input.clone(),
        other => panic!("no prompt: {other:?}"),
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(key(c));
    }
}

#[test]
fn the_cursor_moves_and_text_goes_in_where_it_is() {
    let mut app = app();
    app.update(key('/'));
    typed(&mut app, "sev:critcal");
    for _ in 0..3 {
        app.update(code(KeyCode::Left));
    }
    app.update(key('i'));
    assert_eq!(input(&app), "sev:critical");
    app.update(code(KeyCode::Home));
    typed(&mut app, "kabul ");
    app.update(code(KeyCode::End));
    typed(&mut app, " x");
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::Backspace));
    assert_eq!(input(&app), "kabul sev:critical");
    // The cursor is drawn where it is.
    app.update(code(KeyCode::Left));
    let s = screen(&app, 120, 36);
    assert!(s.contains("kabul sev:critica▏l"), "{s}");
    app.update(code(KeyCode::Enter));
    assert_eq!(app.filter.text(), Some("kabul sev:critical"));
}

#[test]
fn ctrl_w_deletes_a_word_and_ctrl_u_the_line_before_the_cursor() {
    let mut app = app();
    app.update(key(':'));
    typed(&mut app, "snooze incidents:INC-1 2h");
    app.update(ctrl('w'));
    assert_eq!(input(&app), "snooze incidents:INC-1 ");
    app.update(ctrl('w'));
    assert_eq!(input(&app), "snooze ");
    typed(&mut app, "x y");
    app.update(code(KeyCode::Left));
    app.update(ctrl('u'));
    assert_eq!(input(&app), "y");
}

#[test]
fn up_and_down_recall_what_was_entered() {
    let mut app = app();
    for f in ["sev:critical", "region:africa"] {
        app.update(key('/'));
        while !input(&app).is_empty() {
            app.update(code(KeyCode::Backspace));
        }
        typed(&mut app, f);
        app.update(code(KeyCode::Enter));
    }
    app.update(key('/'));
    app.update(ctrl('u'));
    app.update(code(KeyCode::Up));
    assert_eq!(input(&app), "region:africa");
    app.update(code(KeyCode::Up));
    assert_eq!(input(&app), "sev:critical");
    app.update(code(KeyCode::Down));
    assert_eq!(input(&app), "region:africa");
    app.update(code(KeyCode::Down));
    assert_eq!(input(&app), "");
    // `:` has its own history: nothing from `/`.
    app.update(code(KeyCode::Esc));
    app.update(key(':'));
    app.update(code(KeyCode::Up));
    assert_eq!(input(&app), "");
}

#[test]
fn esc_in_the_filter_prompt_clears_the_filter() {
    let mut app = app();
    let all = app.rows.alerts.len();
    app.update(key('/'));
    typed(&mut app, "sev:critical");
    app.update(code(KeyCode::Enter));
    assert_eq!(app.rows.alerts.len(), 2);
    app.update(key('/'));
    app.update(code(KeyCode::Esc));
    assert_eq!(app.filter.text(), None);
    assert_eq!(app.rows.alerts.len(), all);
}

#[test]
fn a_refusal_in_the_prompt_clears_on_the_next_key() {
    let mut app = app();
    app.update(key('/'));
    typed(&mut app, "sev:hgh");
    app.update(code(KeyCode::Enter));
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.error.is_some()));
    app.update(code(KeyCode::Left));
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.error.is_none()));
}

#[test]
fn matching_ignores_accents() {
    let mut app = app();
    app.update(key('/'));
    typed(&mut app, "bogota");
    app.update(code(KeyCode::Enter));
    let ids: Vec<&str> = app
        .rows
        .alerts
        .iter()
        .map(|&i| app.model.alerts.entries[i].alert.id.as_str())
        .collect();
    assert!(!ids.is_empty(), "bogota finds Bogotá");
    assert_eq!(app.rows.stations.len(), 1);
}

#[test]
fn an_unknown_theme_is_refused_with_the_themes() {
    let mut app = app();
    app.update(key(':'));
    typed(&mut app, "theme nope");
    let effects = app.update(code(KeyCode::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let e = p.error.as_deref().unwrap_or("");
    assert!(
        e.contains(
            "no theme \"nope\" (themes: watch-dark, watch-light, high-contrast, colorblind-safe)"
        ),
        "{e}"
    );
}
