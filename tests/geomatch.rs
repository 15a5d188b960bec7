//! Geo-matching CAP areas to duty stations through the real parser and
//! merge: distance 0 inside an area, the distance within `match_radius_km`
//! of its centre otherwise, unmatched when near none; updates and cancels
//! clear what they supersede.

mod common;

use common::{at, builtin, hazard_ctx};
use watchkeeper::config::{FeedConfig, FeedFormat, FeedKind};
use watchkeeper::domain::{Severity, StationRef};
use watchkeeper::feeds::formats::{self, native};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::state::Model;

const STATIONS: &str = r#"{"generated_at":"2026-01-01T00:00:00Z","stations":[
{"id":"AAA","name":"Inside","country":"US","region":"americas","lat":30.0,"lon":-92.5,"timezone":"UTC","security_level":2},
{"id":"BBB","name":"Near","country":"US","region":"americas","lat":30.6,"lon":-92.5,"timezone":"UTC","security_level":2},
{"id":"CCC","name":"Far","country":"IT","region":"europe","lat":40.0,"lon":10.0,"timezone":"UTC","security_level":2}]}"#;

fn now() -> chrono::DateTime<chrono::Utc> {
    at("2026-01-01T00:00:00Z")
}

fn model() -> Model {
    let cfg = builtin();
    let mut feeds: Vec<FeedConfig> = cfg
        .feeds
        .iter()
        .filter(|f| f.id == "stations")
        .cloned()
        .collect();
    let mut cap = cfg
        .feeds
        .iter()
        .find(|f| f.kind == FeedKind::Hazards)
        .unwrap()
        .clone();
    cap.id = "cap".into();
    cap.format = FeedFormat::Cap;
    cap.match_radius_km = 100.0;
    feeds.push(cap);
    let mut m = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        Some(Severity::High),
        &feeds,
        now(),
    );
    let mut ctx = hazard_ctx("stations", "en", now());
    ctx.kind = FeedKind::Stations;
    let parsed = native::parse(STATIONS.as_bytes(), &ctx).unwrap();
    m.apply_feed(update("stations", FeedOutcome::Data(parsed)));
    m
}

fn update(feed: &str, outcome: FeedOutcome) -> FeedUpdate {
    FeedUpdate {
        feed: feed.into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(5),
        outcome,
    }
}

fn poll(m: &mut Model, alerts: &[String]) {
    let doc = format!("<alerts>{}</alerts>", alerts.concat());
    let parsed = formats::parse(
        FeedFormat::Cap,
        doc.as_bytes(),
        &hazard_ctx("cap", "en", now()),
    )
    .unwrap();
    m.apply_feed(update("cap", FeedOutcome::Data(parsed)));
}

fn alert(id: &str, msg_type: &str, refs: &str, area: &str) -> String {
    format!(
        "<alert><identifier>{id}</identifier><sender>s</sender><sent>2025-12-31T23:00:00Z</sent>\
         <status>Actual</status><msgType>{msg_type}</msgType><references>{refs}</references>\
         <info><event>Storm</event><severity>Severe</severity><headline>{id}</headline>{area}</info></alert>"
    )
}

const SQUARE: &str = "<area><areaDesc>Parish</areaDesc>\
    <polygon>29.8,-92.7 29.8,-92.3 30.2,-92.3 30.2,-92.7 29.8,-92.7</polygon></area>";

fn stations(m: &Model, id: &str) -> Vec<StationRef> {
    m.alerts
        .get(id)
        .unwrap_or_else(|| panic!("no alert {id}"))
        .alert
        .stations
        .clone()
}

#[test]
fn inside_an_area_is_distance_zero_and_nearby_stations_follow() {
    let mut m = model();
    poll(
        &mut m,
        &[
            alert("P1", "Alert", "", SQUARE),
            alert(
                "C1",
                "Alert",
                "",
                "<area><areaDesc>Town</areaDesc><circle>40.01,10.0 5</circle></area>",
            ),
            alert(
                "FAR",
                "Alert",
                "",
                "<area><areaDesc>Sea</areaDesc><circle>-10,100 5</circle></area>",
            ),
            alert(
                "NONE",
                "Alert",
                "",
                "<area><areaDesc>Somewhere</areaDesc></area>",
            ),
        ],
    );
    let p1 = stations(&m, "cap:s/P1");
    assert_eq!(p1.len(), 2, "{p1:?}");
    assert_eq!(
        p1[0],
        StationRef {
            id: "AAA".into(),
            distance_km: Some(0.0)
        }
    );
    assert_eq!(p1[1].id, "BBB");
    let d = p1[1].distance_km.unwrap();
    assert!(
        (66.0..67.5).contains(&d),
        "BBB is ~66.7 km north of the centre: {d}"
    );
    assert!(m.alerts.get("cap:s/P1").unwrap().geo_matched);

    assert_eq!(
        stations(&m, "cap:s/C1"),
        [StationRef {
            id: "CCC".into(),
            distance_km: Some(0.0)
        }]
    );

    // Near no station, or with nothing to match: kept in the feed view, no alert.
    assert!(m.alerts.get("cap:s/FAR").is_none());
    assert!(m.alerts.get("cap:s/NONE").is_none());
    let feed = m.feed("cap").unwrap();
    let unmatched: Vec<&str> = feed.unmatched.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(unmatched, ["cap:s/FAR", "cap:s/NONE"]);
    assert_eq!(feed.items, 4);
}

#[test]
fn a_station_outside_the_radius_of_a_large_area_is_still_inside_it() {
    let mut m = model();
    // A big polygon whose centre is far from AAA, with AAA inside.
    let big = "<area><areaDesc>Gulf</areaDesc><polygon>25,-100 25,-80 31,-80 31,-100 25,-100</polygon></area>";
    poll(&mut m, &[alert("BIG", "Alert", "", big)]);
    let s = stations(&m, "cap:s/BIG");
    let ids: Vec<(&str, Option<f64>)> = s.iter().map(|r| (r.id.as_str(), r.distance_km)).collect();
    assert_eq!(ids, [("AAA", Some(0.0)), ("BBB", Some(0.0))]);
}

#[test]
fn updates_and_cancels_clear_what_they_supersede() {
    let mut m = model();
    poll(&mut m, &[alert("P1", "Alert", "", SQUARE)]);
    assert!(!m.alerts.get("cap:s/P1").unwrap().cleared());

    poll(
        &mut m,
        &[alert("U1", "Update", "s,P1,2025-12-31T23:00:00Z", SQUARE)],
    );
    assert!(
        m.alerts.get("cap:s/P1").unwrap().cleared(),
        "replaced by the update"
    );
    let u1 = m.alerts.get("cap:s/U1").unwrap();
    assert!(!u1.cleared());
    assert_eq!(u1.alert.stations[0].distance_km, Some(0.0));

    let cancel = "<alert><identifier>X1</identifier><sender>s</sender><sent>2026-01-01T00:00:00Z</sent>\
        <status>Actual</status><msgType>Cancel</msgType><references>s,U1,2025-12-31T23:00:00Z</references></alert>";
    poll(
        &mut m,
        &[cancel.to_string(), alert("P2", "Alert", "", SQUARE)],
    );
    let u1 = m.alerts.get("cap:s/U1").unwrap();
    assert!(u1.cleared(), "cancelled");
    assert_eq!(
        u1.alert.title, "Storm — U1",
        "a cancel without info keeps what the alert said"
    );
    assert!(m.alerts.get("cap:s/X1").is_none());
    assert!(!m.alerts.get("cap:s/P2").unwrap().cleared());
}

#[test]
fn the_store_clears_superseded_ids_from_any_poll_unless_carried() {
    use watchkeeper::domain::{SourceAlert, SourceState};
    use watchkeeper::state::AlertStore;
    let a = |id: &str| SourceAlert {
        id: id.into(),
        severity: Severity::High,
        category: "met".into(),
        title: id.into(),
        detail: String::new(),
        reported_at: now(),
        updated_at: now(),
        source: "x".into(),
        link: None,
        lat: None,
        lon: None,
        stations: Vec::new(),
        source_state: SourceState::Open,
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    };
    let mut store = AlertStore::default();
    store.merge_feed(
        "one",
        vec![(a("one:A"), false), (a("one:B"), false)],
        &[],
        now(),
    );
    let later = now() + chrono::Duration::minutes(5);
    let diff = store.merge_feed(
        "two",
        vec![(a("one:B"), false)],
        &["one:A".into(), "one:B".into()],
        later,
    );
    assert_eq!(store.get("one:A").unwrap().cleared_at, Some(later));
    assert!(
        store.get("one:B").unwrap().cleared_at.is_none(),
        "carried by this poll"
    );
    assert_eq!(diff.cleared, [0]);
}
