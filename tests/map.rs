//! View 7, the world map: snapshots with fixed data and clock, the level
//! colour of a station's cell, the selection shared with the stations pane,
//! and ASCII mode.

mod common;

use common::*;
use ratatui::layout::Rect;
use watchkeeper::app::{Msg, Pane, View};
use watchkeeper::config::FeedKind;
use watchkeeper::theme::ColorDepth;
use watchkeeper::ui::panes::map;

/// Two hazards: one near Manila (matched to MNL), one in the open Pacific
/// (near no station: kept aside as unmatched).
const HAZARDS: &str = r#"{"incidents":[
{"id":"HZ-1","lat":14.9,"lon":121.4,"severity":"high","category":"flood","title":"Typhoon flooding north of Manila","reported_at":"2026-11-22T19:00:00Z","updated_at":"2026-11-22T19:00:00Z","status":"open"},
{"id":"HZ-2","lat":-12.0,"lon":-140.0,"severity":"medium","category":"earthquake","title":"M6.1 earthquake, South Pacific","reported_at":"2026-11-22T18:30:00Z","updated_at":"2026-11-22T18:30:00Z","status":"open"}
]}"#;

fn with_hazards(mut app: Console) -> Console {
    app.update(Msg::Feed(update("hazards", FeedKind::Hazards, HAZARDS)));
    app
}

/// Where the map pane at `area` marks a station.
fn station_cell(c: &Console, area: Rect, id: &str) -> Option<(u16, u16)> {
    let screen = watchkeeper::ui::Screen {
        app: &c.app,
        theme: &c.theme,
    };
    map::station_cell(&screen, area, id)
}

fn map_app() -> Console {
    let mut app = with_hazards(app());
    app.update(key('7'));
    app
}

/// The map pane's area at `w`×`h`: below the status bar and tabs, above
/// the detail and hint lines.
fn pane(w: u16, h: u16) -> Rect {
    Rect::new(0, 2, w, h - 4)
}

#[test]
fn map_snapshots() {
    let app = map_app();
    assert_eq!(app.view, View::Map);
    for (w, h) in [(80, 24), (120, 36), (200, 60)] {
        insta::assert_snapshot!(format!("map_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn the_tab_bar_names_the_map() {
    let s = screen(&map_app(), 120, 36);
    assert!(s.contains("[7 Map]"), "{s}");
}

#[test]
fn hazards_are_plotted_matched_and_unmatched() {
    let app = map_app();
    assert!(
        app.model
            .feeds
            .iter()
            .any(|f| f.unmatched.iter().any(|a| a.id.ends_with("HZ-2"))),
        "the Pacific hazard is near no station"
    );
    let s = screen(&app, 120, 36);
    assert!(s.contains("2 hazards"), "{s}");
    assert!(s.contains('×'), "{s}");
}

#[test]
fn a_level_6_station_carries_the_level_6_colour() {
    let app = map_app();
    for (w, h) in [(60, 16), (80, 24), (120, 36), (200, 60)] {
        let buf = buffer(&app, w, h);
        let (x, y) = station_cell(&app, pane(w, h), "MGQ").expect("Mogadishu is on the map");
        let cell = &buf[(x, y)];
        assert_eq!(cell.symbol(), "6", "at {w}x{h}");
        assert_eq!(cell.fg, app.theme.level(6).fg.unwrap(), "at {w}x{h}");
    }
}

#[test]
fn the_map_and_the_stations_pane_share_the_selection() {
    let mut app = map_app();
    assert_eq!(app.focus, Pane::Stations);
    app.update(key('j'));
    app.update(key('j'));
    let on_map = app.current_station().unwrap().clone();
    assert_eq!(app.selection(Pane::Stations), 2);
    let s = screen(&app, 120, 36);
    assert!(
        s.contains(&format!("{} {}", on_map.id, on_map.name)),
        "the map labels the selected station\n{s}"
    );
    app.update(key('3'));
    assert_eq!(app.selection(Pane::Stations), 2);
    assert_eq!(app.current_station().unwrap().id, on_map.id);
    let s = screen(&app, 120, 36);
    let row = s
        .lines()
        .find(|l| l.contains('▶'))
        .expect("a selected row in the stations view");
    assert!(row.contains(&on_map.id), "{row}");
    // And back: moving in view 3 moves the map's station.
    app.update(key('k'));
    app.update(key('7'));
    let back = app.current_station().unwrap();
    let s = screen(&app, 80, 24);
    assert!(s.contains(&back.id), "{s}");
}

#[test]
fn ascii_map_is_only_ascii() {
    let mut s = settings("alice");
    s.ascii = true;
    let mut app = with_hazards(app_with(s, ColorDepth::None));
    app.update(key('7'));
    for (w, h) in [(60, 16), (80, 24), (120, 36), (200, 60)] {
        let text = screen(&app, w, h);
        let bad: String = text.chars().filter(|c| !c.is_ascii()).collect();
        assert!(bad.is_empty(), "{w}x{h} has non-ASCII: {bad:?}\n{text}");
        assert!(
            text.contains("[7 Map]") || text.contains("[7 Map"),
            "{text}"
        );
    }
    insta::assert_snapshot!("map_ascii_80x24", screen(&app, 80, 24));
}

#[test]
fn every_size_draws_without_panic() {
    let mut app = map_app();
    for (w, h) in [
        (60, 16),
        (61, 17),
        (79, 23),
        (80, 24),
        (100, 30),
        (109, 28),
        (120, 36),
        (200, 60),
        (250, 70),
        (40, 10),
        (1, 1),
    ] {
        screen(&app, w, h);
        for _ in 0..20 {
            app.update(key('j'));
        }
        screen(&app, w, h);
        app.update(key('g'));
    }
}

#[test]
fn the_selection_hides_no_other_station() {
    let mut app = map_app();
    let ids: Vec<String> = app.model.stations.iter().map(|s| s.id.clone()).collect();
    for id in &ids {
        while app.current_station().unwrap().id != *id {
            app.update(key('j'));
        }
        for (w, h) in [(60, 16), (80, 24), (120, 36)] {
            let buf = buffer(&app, w, h);
            for other in &ids {
                let (x, y) = station_cell(&app, pane(w, h), other).unwrap();
                let sym = buf[(x, y)].symbol();
                assert!(
                    sym.len() == 1 && sym.as_bytes()[0].is_ascii_digit(),
                    "{other} hidden by the selection of {id} at {w}x{h}: {sym:?}\n{}",
                    screen(&app, w, h)
                );
            }
        }
        app.update(key('g'));
    }
}
