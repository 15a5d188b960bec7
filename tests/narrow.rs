//! Narrow terminals keep the vital fields (issue 12 item 5): at 80 columns
//! the status bar keeps the officer, the shift and the time to handover,
//! the roster its names and the feeds view a failing feed's reason; at 60
//! columns fields are dropped whole, never cut mid-word.

mod common;

use common::*;
use watchkeeper::app::Msg;
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};

const REFUSED: &str = "cannot connect to 127.0.0.1:8787: tcp connect error: Connection refused";

/// The demo fixtures with the incidents feed unreachable, as `http.rs`
/// words it.
fn with_a_failing_feed() -> Console {
    let mut app = app();
    app.update(Msg::Feed(FeedUpdate {
        feed: "incidents".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Failed(REFUSED.into()),
    }));
    app
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[test]
fn at_80_columns_the_status_bar_keeps_officer_shift_and_handover() {
    let app = app();
    let bar = first_line(&screen(&app, 80, 24)).to_string();
    for field in ["alice", "handover ", "Bravo", "new "] {
        assert!(bar.contains(field), "{field:?} dropped at 80: {bar}");
    }
    let app = with_a_failing_feed();
    let bar = first_line(&screen(&app, 80, 24)).to_string();
    for field in ["alice", "handover ", "feeds 3/4"] {
        assert!(bar.contains(field), "{field:?} dropped at 80: {bar}");
    }
    // With room, the status bar says why.
    let bar = first_line(&screen(&app, 120, 36)).to_string();
    assert!(
        bar.contains("incidents: cannot connect to 127.0.0.1:8787"),
        "{bar}"
    );
}

#[test]
fn the_feeds_view_keeps_the_connect_error_at_60_and_80_columns() {
    let mut app = with_a_failing_feed();
    app.update(key('6'));
    for (w, h) in [(60, 16), (80, 24), (120, 36)] {
        let s = screen(&app, w, h);
        let row = s
            .lines()
            .find(|l| l.contains("incidents") && l.contains("failing"))
            .unwrap_or_else(|| panic!("no incidents row at {w}x{h}:\n{s}"));
        assert!(
            row.contains("cannot connect to 127.0.0.1:"),
            "{w}x{h}: {row}"
        );
    }
    insta::assert_snapshot!("feeds_failing_60x16", screen(&app, 60, 16));
    insta::assert_snapshot!("feeds_failing_80x24", screen(&app, 80, 24));
}

#[test]
fn the_roster_keeps_names_at_60_and_80_columns() {
    let mut app = app();
    app.update(key('4'));
    for (w, h) in [(60, 16), (80, 24)] {
        let s = screen(&app, w, h);
        for name in ["Amina Diallo", "Ingrid Solberg"] {
            assert!(s.contains(name), "{name} not shown at {w}x{h}:\n{s}");
        }
    }
    insta::assert_snapshot!("roster_60x16", screen(&app, 60, 16));
    insta::assert_snapshot!("roster_80x24", screen(&app, 80, 24));
}

#[test]
fn at_60_columns_no_tab_or_status_field_is_cut_mid_word() {
    let mut app = with_a_failing_feed();
    for k in ['1', '2', '3', '4', '5', '6', '7'] {
        app.update(key(k));
        let s = screen(&app, 60, 16);
        let mut lines = s.lines();
        let (bar, tabs) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
        let titles = [
            "Overview", "Alerts", "Stations", "Roster", "Log", "Feeds", "Map",
        ];
        for word in tabs
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            assert!(titles.contains(&word), "tab title cut to {word:?}: {tabs}");
        }
        // The bar is whole fields: each field between separators is one
        // the wide bar also has.
        let wide = first_line(&screen(&app, 200, 60)).to_string();
        for field in bar.split('│').map(str::trim).filter(|f| !f.is_empty()) {
            assert!(
                wide.contains(field),
                "{field:?} is not a whole field: {bar}"
            );
        }
        insta::assert_snapshot!(
            format!("status_and_tabs_60_view{k}"),
            format!("{bar}\n{tabs}")
        );
    }
}
