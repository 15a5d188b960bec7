//! A coordinate that cannot be right for its own area (lon/lat swapped) is
//! flagged on its feed, naming the item, and is not plotted on the map as
//! if it were right.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::Msg;
use watchkeeper::domain::feed::{FeedOutcome, FeedUpdate, Parsed, Payload};
use watchkeeper::domain::{Implausible, SourceAlert};

fn poll(parsed: Parsed) -> Msg {
    Msg::Feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(5),
        outcome: FeedOutcome::Data(parsed),
    })
}

fn parse(path: &str) -> Parsed {
    watchkeeper::feeds::formats::cap::parse(&fixture(path), &hazard_ctx("hazards", "en", now()))
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn alerts(p: &Parsed) -> &[SourceAlert] {
    match &p.payload {
        Payload::Alerts(a) => a,
        other => panic!("not alerts: {other:?}"),
    }
}

/// OASIS's severe thunderstorm example (a real CAP file) with its polygon
/// written lon,lat: -120.14 cannot be a latitude. The item still loads
/// with its area's name, is flagged as swapped on the feed and in the
/// hazards list, and the map plots nothing for it.
#[test]
fn a_cap_polygon_written_lon_lat_is_flagged_and_not_plotted() {
    let parsed = parse("cap/oasis-cap12-A2-severe-thunderstorm-polygon-lonlat-swapped.xml");
    let a = &alerts(&parsed)[0];
    assert_eq!(
        a.implausible,
        Some(Implausible::LatitudeOutOfRange {
            lat: -120.14,
            lon: 38.47
        })
    );
    assert_eq!((a.lat, a.lon), (None, None));

    let mut app = app();
    app.update(poll(parsed));
    app.update(key('7'));
    let map = screen(&app, 120, 36);
    assert!(map.contains("0 hazards"), "{map}");

    app.update(key('6'));
    app.update(key('G'));
    let s = draw(&mut app, 200, 60);
    let row = s
        .lines()
        .find(|l| l.contains("hazards   hazards"))
        .unwrap_or_else(|| panic!("no hazards feed row:\n{s}"));
    assert!(
        row.contains("lon/lat swapped? KSTO@NWS.NOAA.GOV/KSTO1055887203"),
        "{row}"
    );
    let footer = s.lines().rev().nth(1).unwrap_or_default();
    assert!(
        footer.contains(
            "KSTO1055887203: point -120.14,38.47 has a latitude beyond ±90 (lon/lat swapped?)"
        ),
        "{footer}"
    );
    // At 120 columns the cell keeps the problem, then as much of the
    // item's id as fits.
    let s = draw(&mut app, 120, 36);
    assert!(s.contains("lon/lat swapped? KSTO@NWS.NOAA.GOV/"), "{s}");

    app.update(code(KeyCode::Tab));
    let s = draw(&mut app, 120, 36);
    let listed = s
        .lines()
        .find(|l| l.contains("TUOLUMNE"))
        .unwrap_or_else(|| panic!("not listed:\n{s}"));
    assert!(listed.contains("lon/lat swapped?"), "{listed}");
    let footer = s.lines().rev().nth(1).unwrap_or_default();
    assert!(footer.contains("(lon/lat swapped?)"), "{footer}");
}

/// The same file as published parses with its polygon and is not flagged.
#[test]
fn the_cap_polygon_as_published_is_not_flagged() {
    let parsed = parse("cap/oasis-cap12-A2-severe-thunderstorm-polygon.xml");
    let a = &alerts(&parsed)[0];
    assert_eq!(a.implausible, None);
    assert!(a.lat.is_some_and(|l| (38.0..39.0).contains(&l)), "{a:?}");
    let mut app = app();
    app.update(poll(parsed));
    assert!(app.model.feeds.iter().all(|f| f.implausible.is_empty()));
}

/// A source whose own point (here: Iceland's polygon's centre, written
/// swapped) lies outside its own area, where swapped it would be inside:
/// flagged as swapped, and the map does not plot it in the sea.
#[test]
fn a_point_outside_its_own_area_that_swapped_lies_inside_is_flagged() {
    let mut parsed = parse("cap/iceland-imo-wind-is-en-polygon.xml");
    let Payload::Alerts(items) = &mut parsed.payload else {
        panic!("not alerts");
    };
    let a = &mut items[0];
    let (lat, lon) = (a.lat.unwrap_or_default(), a.lon.unwrap_or_default());
    assert!(lat > 60.0, "{a:?}");
    (a.lat, a.lon) = (Some(lon), Some(lat));
    let id = a.source_id().to_string();
    let mut app = app();
    app.update(poll(parsed));
    let feed = app
        .model
        .feeds
        .iter()
        .find(|f| f.id == "hazards")
        .expect("hazards feed");
    assert_eq!(
        feed.implausible,
        vec![(id.clone(), Implausible::Swapped { lat: lon, lon: lat })]
    );
    let note = feed.implausible_summary().unwrap_or_default();
    assert!(
        note.starts_with(&format!("{id}: point {lon},{lat} lies outside its area")),
        "{note}"
    );
    assert!(note.ends_with("(lon/lat swapped?)"), "{note}");
    app.update(key('7'));
    let map = screen(&app, 120, 36);
    assert!(map.contains("0 hazards"), "{map}");
}
