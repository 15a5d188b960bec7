//! Finding things through `App::update`: `/` filter expressions, `b`
//! grouping by station, and `Tab` completion on the `:` command line.

mod common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use watchkeeper::app::{App, Effect, Mode, Msg, Pane, View};
use watchkeeper::domain::event::EventKind;

fn ids(app: &App) -> Vec<String> {
    app.rows
        .alerts
        .iter()
        .map(|&i| {
            let id = &app.model.alerts.entries[i].alert.id;
            id.strip_prefix("incidents:").unwrap_or(id).to_string()
        })
        .collect()
}

fn stations(app: &App) -> Vec<String> {
    app.rows
        .stations
        .iter()
        .map(|&i| app.model.stations[i].id.clone())
        .collect()
}

fn filter(app: &mut App, text: &str) {
    app.update(key('/'));
    // The prompt opens with the current filter, to edit: clear it.
    while matches!(&app.mode, Mode::Prompt(p) if !p.input.is_empty()) {
        app.update(code(KeyCode::Backspace));
    }
    type_and_enter(app, text);
}

fn input(app: &App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.input.clone(),
        other => panic!("no prompt open: {other:?}"),
    }
}

fn tab(app: &mut App) {
    app.update(code(KeyCode::Tab));
}

#[test]
fn sev_critical_leaves_the_two_criticals() {
    let mut app = app();
    filter(&mut app, "sev:critical");
    assert_eq!(ids(&app), ["INC-2026-0412", "INC-2026-0409"]);
    assert_eq!(app.filter.text(), Some("sev:critical"));
    let s = screen(&app, 120, 36);
    assert!(s.contains("filter \"sev:critical\""), "{s}");
}

#[test]
fn terms_combine_with_and() {
    let mut app = app();
    filter(&mut app, "region:africa");
    assert_eq!(
        ids(&app),
        ["INC-2026-0409", "INC-2026-0398", "INC-2026-0395"]
    );
    // MGQ is the only African station at level 6 (>= 5).
    filter(&mut app, "region:africa level:>=5");
    assert_eq!(ids(&app), ["INC-2026-0409"]);
    assert_eq!(stations(&app), ["MGQ"]);
    filter(&mut app, "sev:>=high state:new armed");
    assert_eq!(
        ids(&app),
        ["INC-2026-0412", "INC-2026-0409", "INC-2026-0405"]
    );
    filter(&mut app, "station:pap,BEY");
    assert_eq!(ids(&app), ["INC-2026-0405", "INC-2026-0401"]);
    filter(&mut app, "cat:health");
    assert_eq!(ids(&app), ["INC-2026-0395"]);
    filter(&mut app, "level:<=2");
    assert_eq!(ids(&app), ["INC-2026-0388"]);
    assert_eq!(stations(&app), ["AMM", "GVA"]);
    // Free words match station names too.
    filter(&mut app, "nairobi");
    assert_eq!(ids(&app), ["INC-2026-0398"]);
    assert_eq!(stations(&app), ["NBO"]);
    filter(&mut app, "state:cleared");
    assert_eq!(ids(&app), ["INC-2026-0385"]);
}

#[test]
fn a_bad_term_says_why_and_keeps_the_previous_filter() {
    let mut app = app();
    filter(&mut app, "sev:critical");
    for bad in ["sev:severe", "level:>=x", "state:done", "foo:bar"] {
        filter(&mut app, bad);
        // The prompt stays open with the text and the reason in it.
        let Mode::Prompt(p) = &app.mode else {
            panic!("the filter prompt stays open on {bad}: {:?}", app.mode)
        };
        let error = p.error.clone().expect("the reason in the prompt");
        assert!(error.contains(&format!("\"{bad}\"")), "{error}");
        assert_eq!(app.filter.text(), Some("sev:critical"), "{bad}");
        assert_eq!(ids(&app).len(), 2, "{bad}");
        if bad == "foo:bar" {
            let s = screen(&app, 120, 36);
            assert!(s.contains("unknown filter key"), "{s}");
        }
        app.update(code(KeyCode::Esc));
    }
}

#[test]
fn an_empty_filter_or_esc_clears_it() {
    let mut app = app();
    let all = ids(&app).len();
    filter(&mut app, "kabul");
    assert_eq!(ids(&app), ["INC-2026-0412"]);
    filter(&mut app, "");
    assert_eq!(ids(&app).len(), all);
    filter(&mut app, "kabul");
    app.update(code(KeyCode::Esc));
    assert_eq!(app.filter.text(), None);
    assert_eq!(ids(&app).len(), all);
}

#[test]
fn state_snoozed_shows_the_snoozed_alerts_otherwise_hidden() {
    let mut app = app();
    let kbl = "incidents:INC-2026-0412".to_string();
    app.update(Msg::Journal(vec![event(
        1,
        "bob",
        1,
        EventKind::Snoozed {
            alert: kbl.clone(),
            until: now() + chrono::Duration::hours(1),
        },
        None,
    )]));
    assert!(!ids(&app).contains(&"INC-2026-0412".to_string()));
    filter(&mut app, "state:snoozed");
    assert_eq!(ids(&app), ["INC-2026-0412"]);
}

#[test]
fn b_groups_alerts_by_station_and_the_selection_follows_its_alert() {
    let mut app = app();
    app.update(key('2'));
    assert_eq!(app.view, View::Alerts);
    // Select the Beirut alert.
    while app.current_alert().unwrap().alert.id != "incidents:INC-2026-0401" {
        app.update(key('j'));
    }
    app.update(key('b'));
    assert!(app.filter.group);
    // Highest risk level first: MGQ (6), then each level's stations by id.
    assert_eq!(
        ids(&app),
        [
            "INC-2026-0409",
            "INC-2026-0385",
            "INC-2026-0412",
            "INC-2026-0405",
            "INC-2026-0401",
            "INC-2026-0395",
            "INC-2026-0391",
            "INC-2026-0380",
            "INC-2026-0398",
            "INC-2026-0388",
        ]
    );
    assert_eq!(
        app.current_alert().unwrap().alert.id,
        "incidents:INC-2026-0401"
    );
    assert_eq!(app.selection(Pane::Alerts), 4);
    // The cursor moves over alerts only; headers are not rows.
    app.update(key('j'));
    assert_eq!(
        app.current_alert().unwrap().alert.id,
        "incidents:INC-2026-0395"
    );
    let s = screen(&app, 120, 36);
    assert!(s.contains("by station"), "{s}");
    assert!(s.contains("MGQ Mogadishu"), "{s}");
    insta::assert_snapshot!("alerts_grouped_120x36", s);

    app.update(key('b'));
    assert!(!app.filter.group);
    assert_eq!(
        app.current_alert().unwrap().alert.id,
        "incidents:INC-2026-0395"
    );
    assert!(!screen(&app, 120, 36).contains("MGQ Mogadishu"));
}

#[test]
fn grouping_keeps_the_selected_row_and_its_header_in_view_when_small() {
    let mut app = app();
    app.update(key('2'));
    app.update(key('b'));
    app.update(Msg::Resize(60, 16));
    app.update(key('G'));
    let s = screen(&app, 60, 16);
    assert!(s.contains("Landslide"), "{s}");
    app.update(key('g'));
    let s = screen(&app, 60, 16);
    assert!(s.contains("MGQ Mogadishu"), "{s}");
    assert!(s.contains("Mortar"), "{s}");
}

#[test]
fn tab_completes_the_command_then_cycles() {
    let mut app = app();
    app.update(key(':'));
    // Every command, in help's order, then round again.
    for c in watchkeeper::app::commands::COMMANDS {
        tab(&mut app);
        assert_eq!(input(&app), c.name);
    }
    tab(&mut app);
    assert_eq!(input(&app), "ack");
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(input(&app), "q");
    let s = screen(&app, 120, 36);
    assert!(s.contains("Tab 12/12: q ack resolve"), "{s}");
}

#[test]
fn a_unique_command_goes_on_to_its_argument() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter_no(&mut app, "de");
    tab(&mut app);
    assert_eq!(input(&app), "desk ");
    tab(&mut app);
    assert_eq!(input(&app), "desk africa");
    tab(&mut app);
    assert_eq!(input(&app), "desk americas");
    let s = screen(&app, 120, 36);
    assert!(s.contains("americas"), "{s}");
    app.update(code(KeyCode::Enter));
    assert_eq!(app.filter.desk.as_deref(), Some("americas"));
    assert_eq!(stations(&app), ["PAP", "BOG"]);
}

#[test]
fn desk_offers_every_region_and_all() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter_no(&mut app, "desk ");
    let mut seen = Vec::new();
    for _ in 0..6 {
        tab(&mut app);
        seen.push(input(&app));
    }
    assert_eq!(
        seen,
        [
            "desk africa",
            "desk americas",
            "desk asia-pacific",
            "desk europe",
            "desk middle-east",
            "desk all"
        ]
    );
}

#[test]
fn ack_completes_visible_alert_ids_by_prefix() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter_no(&mut app, "ack INC-2026-04");
    tab(&mut app);
    assert_eq!(input(&app), "ack incidents:INC-2026-0412");
    tab(&mut app);
    assert_eq!(input(&app), "ack incidents:INC-2026-0409");
    // Typing ends the cycle; a unique prefix completes at once.
    app.update(code(KeyCode::Backspace));
    app.update(code(KeyCode::Backspace));
    app.update(key('1'));
    tab(&mut app);
    assert_eq!(input(&app), "ack incidents:INC-2026-0412");
    let effects = app.update(code(KeyCode::Enter));
    assert!(matches!(
        &effects[..],
        [Effect::Append { kind: EventKind::Acknowledged { alert }, .. }] if alert == "incidents:INC-2026-0412"
    ));
}

#[test]
fn theme_completes_builtin_names() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter_no(&mut app, "theme watch-");
    tab(&mut app);
    assert_eq!(input(&app), "theme watch-dark");
    tab(&mut app);
    assert_eq!(input(&app), "theme watch-light");
    let effects = app.update(code(KeyCode::Enter));
    assert_eq!(effects, [Effect::Theme("watch-light".into())]);
}

#[test]
fn nothing_to_complete_and_unknown_commands_say_so() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter_no(&mut app, "frob ");
    tab(&mut app);
    assert_eq!(input(&app), "frob ");
    assert!(screen(&app, 120, 36).contains("nothing to complete"));
    app.update(code(KeyCode::Enter));
    assert_eq!(input(&app), "frob ", "the command stays to mend");
    assert!(screen(&app, 120, 36).contains("unknown command"));
}

/// Types into the open prompt without pressing Enter.
fn type_and_enter_no(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(key(c));
    }
}

#[test]
fn grouped_alerts_in_ascii_mode_draw_only_ascii() {
    let mut s = settings("alice");
    s.ascii = true;
    let mut app = app_with(s, watchkeeper::theme::ColorDepth::None);
    app.update(key('2'));
    app.update(key('b'));
    app.update(key(':'));
    tab(&mut app);
    for (w, h) in [(60, 16), (80, 24), (120, 36)] {
        let screen = screen(&app, w, h);
        assert!(screen.is_ascii(), "{screen}");
    }
    app.update(code(KeyCode::Esc));
    let screen = screen(&app, 120, 36);
    assert!(screen.contains("> MGQ Mogadishu | level 6"), "{screen}");
}

#[test]
fn refining_a_filter_adds_a_term_instead_of_gluing_onto_the_last() {
    let mut app = app();
    app.update(key('/'));
    type_and_enter(&mut app, "sev:>=high");
    app.update(key('/'));
    type_and_enter(&mut app, "station:KBL");
    assert_eq!(app.filter.text(), Some("sev:>=high station:KBL"));
    let ids: Vec<&str> = app
        .rows
        .alerts
        .iter()
        .map(|&i| app.model.alerts.entries[i].alert.id.as_str())
        .collect();
    assert_eq!(ids, ["incidents:INC-2026-0412"]);
}
