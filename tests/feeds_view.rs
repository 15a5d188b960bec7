//! The feeds view: a failing feed that is also stale says both, and the
//! word "stale" is never cut, at every size. Hazards near no duty station
//! are listed with what, where and the source's area, and `snapshot
//! --json` carries them too.

#[path = "common/bin.rs"]
mod bin;
mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;
use watchkeeper::app::Msg;
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};

#[test]
fn a_failing_stale_feed_shows_the_whole_word_stale_at_every_size() {
    let mut app = app();
    let later = now() + chrono::Duration::minutes(10);
    app.update(Msg::Feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: later,
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Failed("connection refused".into()),
    }));
    app.update(Msg::Tick(later));
    app.update(key('6'));
    for (w, h) in [(60, 16), (80, 24), (120, 36), (200, 60)] {
        let s = screen(&app, w, h);
        let row = s
            .lines()
            .find(|l| l.starts_with("│") && l.contains("hazard"))
            .unwrap_or_else(|| panic!("no hazards row at {w}x{h}:\n{s}"));
        assert!(row.contains("stale"), "{w}x{h}: {row}");
    }
}

/// SMHI's warnings (a real published file) name their county only in the
/// headline and give no shape: each is near no station, listed with what
/// happened, where, and the area as SMHI names it.
#[test]
fn hazards_near_no_station_say_what_and_where_with_the_sources_area() {
    let mut app = app();
    let ctx = hazard_ctx("hazards", "en", now());
    let parsed = watchkeeper::feeds::formats::cap::parse(
        &fixture("cap/sweden-smhi-alerts-collection.xml"),
        &ctx,
    )
    .unwrap();
    app.update(Msg::Feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Data(parsed),
    }));
    app.update(key('6'));
    let s = screen(&app, 120, 36);
    let row = s
        .lines()
        .find(|l| l.contains("Värmlands län"))
        .unwrap_or_else(|| panic!("no Värmland row:\n{s}"));
    assert!(row.contains("heavy snow SMHI-B — Värmlands län"), "{row}");
    assert!(row.contains("area 031"), "{row}");
    assert!(!s.contains("no area given"), "{s}");
}

fn with_smhi() -> Console {
    let mut app = app();
    let ctx = hazard_ctx("hazards", "en", now());
    let parsed = watchkeeper::feeds::formats::cap::parse(
        &fixture("cap/sweden-smhi-alerts-collection.xml"),
        &ctx,
    )
    .unwrap();
    app.update(Msg::Feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Data(parsed),
    }));
    app.update(key('6'));
    app
}

/// SMHI's 17 warnings do not fit at 80x24: Tab moves the cursor from the
/// feeds into the hazards, it walks to the last one with the window
/// following, the box says where it is, and the line below names the
/// selected hazard with its area. Tab again goes back to the feeds.
#[test]
fn the_hazards_near_no_station_scroll_and_select_by_keyboard() {
    let mut app = with_smhi();
    let s = draw(&mut app, 80, 24);
    assert!(
        s.contains("Hazards near no duty station 1/17 · Tab to select"),
        "{s}"
    );
    assert!(s.contains("▶ stations"), "the feeds have the cursor:\n{s}");
    app.update(code(KeyCode::Tab));
    let s = draw(&mut app, 80, 24);
    assert!(!s.contains("▶ stations"), "the feeds lost the cursor:\n{s}");
    let first = s
        .lines()
        .find(|l| l.starts_with("│▶"))
        .unwrap_or_else(|| panic!("no selected hazard:\n{s}"))
        .to_string();
    for _ in 0..20 {
        app.update(key('j'));
    }
    let s = draw(&mut app, 80, 24);
    assert!(s.contains("Hazards near no duty station 17/17"), "{s}");
    let last = s
        .lines()
        .find(|l| l.starts_with("│▶"))
        .unwrap_or_else(|| panic!("the selected hazard scrolled out of view:\n{s}"));
    assert_ne!(last, first, "{s}");
    assert!(
        !s.contains(&first),
        "the window moved on past the first:\n{s}"
    );
    let hazard = app.app.current_hazard().expect("a hazard selected").clone();
    let footer = s.lines().rev().nth(1).unwrap_or_default();
    let head: String = hazard.title.chars().take(20).collect();
    assert!(footer.contains(&head), "{footer}");
    assert!(footer.contains("area "), "{footer}");
    assert!(last.contains(&head), "{last}");
    app.update(code(KeyCode::Tab));
    let s = draw(&mut app, 80, 24);
    assert!(s.contains("▶ stations"), "Tab went back to the feeds:\n{s}");
    assert!(
        s.contains("Hazards near no duty station 17/17 · Tab to select"),
        "{s}"
    );
}

/// A poll that leaves fewer hazards keeps the cursor on the last one, not
/// past the end of the list.
#[test]
fn a_shorter_hazards_list_keeps_the_cursor_on_its_last() {
    let mut app = with_smhi();
    app.update(code(KeyCode::Tab));
    app.update(key('G'));
    let ctx = hazard_ctx("hazards", "en", now());
    let parsed = watchkeeper::feeds::formats::cap::parse(
        &fixture("cap/oasis-cap12-A2-severe-thunderstorm-polygon-lonlat-swapped.xml"),
        &ctx,
    )
    .unwrap();
    app.update(Msg::Feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Data(parsed),
    }));
    let s = draw(&mut app, 120, 36);
    assert!(s.contains("Hazards near no duty station 1/1"), "{s}");
    assert!(s.contains("│▶▲ HIGH SEVERE THUNDERSTORM WARNING"), "{s}");
    let footer = s.lines().rev().nth(1).unwrap_or_default();
    assert!(footer.contains("SEVERE THUNDERSTORM WARNING"), "{footer}");
}

#[test]
fn the_hazards_list_at_80x24_with_the_last_selected() {
    let mut app = with_smhi();
    app.update(code(KeyCode::Tab));
    app.update(key('G'));
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

/// `snapshot --json` lists the hazards near no duty station, each with its
/// source, title, severity, area or point and time (SMHI's real file).
#[test]
fn snapshot_json_lists_the_hazards_near_no_station() {
    let home = bin::Home::new();
    let smhi = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cap/sweden-smhi-alerts-collection.xml");
    let cfg = home.write(
        "smhi.toml",
        &format!(
            "[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"demo:stations\"\n\n\
             [[feeds]]\nid = \"smhi\"\nkind = \"hazards\"\nformat = \"cap\"\nurl = \"file://{}\"\n",
            smhi.display()
        ),
    );
    let (code, out, err) = home.run(&["--config", cfg.to_str().unwrap(), "snapshot", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let list = v["unmatched_hazards"]
        .as_array()
        .expect("unmatched_hazards");
    assert_eq!(list.len(), 17, "{list:?}");
    let varmland = list
        .iter()
        .find(|h| h["title"] == "heavy snow SMHI-B — Värmlands län")
        .unwrap_or_else(|| panic!("{list:?}"));
    assert_eq!(varmland["source"], "smhi");
    assert_eq!(varmland["severity"], "medium");
    assert_eq!(varmland["area"], "031");
    assert!(varmland["lat"].is_null() && varmland["lon"].is_null());
    assert_eq!(varmland["reported_at"], "2019-03-12T13:51:46Z");
    assert!(varmland["id"].as_str().unwrap().starts_with("smhi:"));
}
