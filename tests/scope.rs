//! Counts and scope are honest (issue 12 item 2): the status bar counts the
//! whole watch (or desk) whatever the `/` filter; a filter that hides
//! alerts says so; unknown regions and out-of-scale levels are refused with
//! what is known; a console with no feeds, or on a desk no station has,
//! says why it shows nothing.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{App, Mode, Msg};
use watchkeeper::state::Model;
use watchkeeper::theme::{self, ColorDepth};

fn status_line(app: &Console) -> String {
    screen(app, 160, 40)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

fn filter(app: &mut App, text: &str) {
    app.update(key('/'));
    while matches!(&app.mode, Mode::Prompt(p) if !p.input.is_empty()) {
        app.update(code(KeyCode::Backspace));
    }
    type_and_enter(app, text);
}

fn prompt_error(app: &App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.error.clone().unwrap_or_default(),
        other => panic!("the prompt closed: {other:?}"),
    }
}

#[test]
fn status_bar_counts_the_whole_watch_under_a_filter() {
    let mut app = app();
    let before = status_line(&app);
    let all = app.rows.alerts.len();
    let unacked = app.rows.unacked.total();
    assert!(unacked > 2, "{before}");
    filter(&mut app, "sev:critical");
    assert_eq!(app.rows.alerts.len(), 2);
    assert_eq!(app.rows.unacked.total(), unacked);
    assert_eq!(status_line(&app), before);
    let s = screen(&app, 160, 40);
    assert!(s.contains(&format!("2 of {all} shown")), "{s}");
    // No filter: no "of".
    filter(&mut app, "");
    let s = screen(&app, 160, 40);
    assert!(s.contains(&format!("Alerts 1/{all} · ")), "{s}");
    assert!(!s.contains(&format!(" of {all} shown")), "{s}");
}

#[test]
fn a_filter_that_hides_everything_says_how_many_it_hides() {
    let mut app = app();
    let all = app.rows.alerts.len();
    filter(&mut app, "nosuchword");
    let s = screen(&app, 120, 36);
    assert!(
        s.contains(&format!("no alert matches the filter ({all} hidden")),
        "{s}"
    );
}

#[test]
fn desk_counts_are_the_desks() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter(&mut app, "desk africa");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    let africa = app.rows.unacked.total();
    filter(&mut app, "sev:critical");
    assert_eq!(app.rows.unacked.total(), africa);
    assert_eq!(app.filter.desk.as_deref(), Some("africa"));
}

#[test]
fn unknown_desk_refused_with_the_known_regions_and_kept() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter(&mut app, "desk afrika");
    let e = prompt_error(&app);
    assert!(
        e.contains("unknown region \"afrika\" (known: africa, americas, asia-pacific, europe, middle-east, or all)"),
        "{e}"
    );
    assert_eq!(app.filter.desk, None);
    let s = screen(&app, 160, 40);
    assert!(s.contains("unknown region"), "{s}");
    app.update(code(KeyCode::Esc));
    app.update(key(':'));
    type_and_enter(&mut app, "desk");
    assert!(prompt_error(&app).contains("needs a region: africa, americas"));
}

#[test]
fn unknown_region_in_a_filter_refused_and_the_old_filter_stays() {
    let mut app = app();
    filter(&mut app, "sev:critical");
    filter(&mut app, "region:afrika");
    let e = prompt_error(&app);
    assert!(e.contains("filter term \"region:afrika\""), "{e}");
    assert!(e.contains("known: africa, americas"), "{e}");
    assert_eq!(app.filter.text(), Some("sev:critical"));
}

#[test]
fn a_level_outside_the_scale_is_refused() {
    let mut app = app();
    filter(&mut app, "level:>=9");
    let e = prompt_error(&app);
    assert!(e.contains("level:>=9"), "{e}");
    assert!(e.contains("levels run 1 (Minimal) to 6 (Extreme)"), "{e}");
    assert_eq!(app.filter.query, None);
    app.update(code(KeyCode::Esc));
    filter(&mut app, "level:>=6");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
}

#[test]
fn a_desk_no_station_has_says_so_on_screen() {
    let theme = theme::load("watch-dark", ColorDepth::TrueColor).expect("theme");
    let mut app = Console {
        app: App::new(model(), settings("alice"), Some("afrika".into()), now()),
        theme,
    };
    app.update(Msg::Tick(now()));
    let s = screen(&app, 160, 40);
    assert!(s.contains("desk: unknown region \"afrika\""), "{s}");
    assert!(s.contains("known: africa"), "{s}");
}

#[test]
fn no_feeds_is_a_warning_on_screen() {
    let cfg = builtin();
    let model = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        None,
        &[],
        now(),
    );
    let theme = theme::load("watch-dark", ColorDepth::TrueColor).expect("theme");
    let mut app = Console {
        app: App::new(model, settings("alice"), None, now()),
        theme,
    };
    app.update(Msg::Tick(now()));
    let s = screen(&app, 160, 40);
    assert!(s.contains("no feeds configured"), "{s}");
}
