//! `usgs-geojson`: every USGS sample parses; severity, title, lenient fields.

mod common;

use common::{at, fixture, fixture_names, hazard_ctx};
use watchkeeper::domain::{Severity, SourceAlert, SourceState};
use watchkeeper::feeds::formats::{ParseCtx, usgs};
use watchkeeper::feeds::sanitize::is_inert_line;
use watchkeeper::feeds::{Parsed, Payload};

fn ctx() -> ParseCtx {
    hazard_ctx("quakes", "en", at("2026-07-28T12:00:00Z"))
}

fn alerts(p: &Parsed) -> Vec<SourceAlert> {
    match &p.payload {
        Payload::Alerts(a) => a.clone(),
        other => panic!("not alerts: {other:?}"),
    }
}

fn parse(file: &str) -> Vec<SourceAlert> {
    let p = usgs::parse(&fixture(&format!("usgs/{file}")), &ctx())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(p.rejected.is_empty(), "{file}: {:?}", p.rejected);
    alerts(&p)
}

fn count(a: &[SourceAlert], s: Severity) -> usize {
    a.iter().filter(|x| x.severity == s).count()
}

#[test]
fn every_usgs_sample_parses() {
    // (file, features, medium, low)
    let expected = [
        ("usgs-2.5_day-2026-07-28.geojson", 58, 2, 17),
        ("usgs-4.5_day-2017-11-29.geojson", 5, 0, 5),
        ("usgs-all_hour-2017-12-03.geojson", 8, 0, 1),
        ("usgs-detail-us6000tga9.geojson", 1, 1, 0),
        ("usgs-significant_week-2017-12-11.geojson", 4, 0, 4),
    ];
    assert_eq!(fixture_names("usgs").len(), expected.len());
    for (file, n, medium, low) in expected {
        let a = parse(file);
        assert_eq!(a.len(), n, "{file}");
        assert_eq!(count(&a, Severity::Medium), medium, "{file}");
        assert_eq!(count(&a, Severity::Low), low, "{file}");
        for x in &a {
            assert_eq!(x.category, "earthquake", "{file}");
            assert!(x.lat.is_some() && x.lon.is_some() && x.stations.is_empty());
            assert!(
                x.link
                    .as_deref()
                    .is_some_and(|l| l.starts_with("https://earthquake.usgs.gov/"))
            );
            assert!(is_inert_line(&x.title));
            assert_eq!(x.source_state, SourceState::Open);
        }
    }
}

#[test]
fn coordinates_are_lon_lat_depth_and_times_are_epoch_millis() {
    let a = parse("usgs-detail-us6000tga9.geojson");
    let q = &a[0];
    assert_eq!(q.id, "quakes:us6000tga9");
    assert_eq!((q.lat, q.lon), (Some(35.3866), Some(99.5513)));
    assert_eq!(q.title, "M5.8 earthquake — 191 km NW of Oula Xiuma, China");
    assert_eq!(q.severity, Severity::Medium, "PAGER yellow");
    assert_eq!(q.reported_at.timestamp_millis(), 1785209645779);
    assert_eq!(q.updated_at.timestamp_millis(), 1785211151384);
    assert_eq!(
        q.detail,
        "Magnitude: 5.8 mww\nDepth: 10.0 km\nTsunami flag: no\nStatus: reviewed\nPAGER alert: yellow"
    );
}

#[test]
fn alert_level_wins_over_magnitude() {
    let a = parse("usgs-significant_week-2017-12-11.geojson");
    let micronesia = &a[0];
    assert_eq!(
        micronesia.title,
        "M6.4 earthquake — 50km WNW of Fais, Micronesia"
    );
    assert_eq!(micronesia.severity, Severity::Low, "green, though M6.4");
    assert!(micronesia.detail.contains("Tsunami flag: yes"));
    // Without an alert level, magnitude decides: 5.7 green → low; 4.5 → low; 2.5 → info.
    let day = parse("usgs-4.5_day-2017-11-29.geojson");
    assert_eq!(
        day[0].title,
        "M4.5 earthquake — 92km E of Watubuku, Indonesia"
    );
    assert_eq!(day[0].severity, Severity::Low);
    let hour = parse("usgs-all_hour-2017-12-03.geojson");
    assert_eq!(hour[0].severity, Severity::Info);
}

fn feature(id: &str, props: &str, coords: &str) -> String {
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{props},"geometry":{{"type":"Point","coordinates":{coords}}}}}"#
    )
}

#[test]
fn lenient_fields_and_per_item_rejection() {
    let doc = format!(
        r#"{{"type":"FeatureCollection","features":[{},{},{},{},{},{},{}]}}"#,
        feature(
            "a",
            r#"{"mag":null,"place":"Somewhere","time":1785209645779,"status":"REVIEWED"}"#,
            "[10,20,5]"
        ),
        feature(
            "b",
            r#"{"mag":"7.2","status":"Deleted","tsunami":1}"#,
            "[10,20]"
        ),
        feature("c", r#"{"mag":6.1,"alert":"RED","place":"X"}"#, "[10,20,1]"),
        feature(
            "d",
            r#"{"mag":6.1,"alert":"orange","type":"quarry blast"}"#,
            "[10,20,1]"
        ),
        feature("e", r#"{"mag":5}"#, "null"),
        feature("f", r#"{"mag":5}"#, "[200,20]"),
        r#"{"type":"Feature","properties":{"mag":5},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
    );
    let p = usgs::parse(doc.as_bytes(), &ctx()).unwrap();
    let a = alerts(&p);
    assert_eq!(a.len(), 4);
    assert_eq!(a[0].title, "Earthquake (magnitude unknown), Somewhere");
    assert_eq!(a[0].severity, Severity::Info);
    assert!(a[0].detail.contains("Magnitude: unknown") && a[0].detail.contains("Status: reviewed"));
    assert_eq!((a[0].lat, a[0].lon), (Some(20.0), Some(10.0)));
    assert_eq!(a[1].title, "M7.2 earthquake");
    assert_eq!(a[1].severity, Severity::High);
    assert_eq!(a[1].source_state, SourceState::Cleared, "deleted");
    assert_eq!(a[1].reported_at, ctx().now, "no time: now");
    assert_eq!(a[2].severity, Severity::Critical);
    assert_eq!(a[3].severity, Severity::High);
    assert_eq!(a[3].category, "quarry-blast");
    let reasons: Vec<(usize, Option<&str>, &str)> = p
        .rejected
        .iter()
        .map(|r| (r.index, r.id.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (4, Some("e"), "missing coordinates"),
            (5, Some("f"), "coordinates out of range (20, 200)"),
            (6, None, "missing id"),
        ]
    );
}

#[test]
fn whole_document_failures_name_what_is_wrong() {
    let err = |b: &[u8]| usgs::parse(b, &ctx()).unwrap_err().0;
    let good = fixture("usgs/usgs-4.5_day-2017-11-29.geojson");
    assert!(err(&good[..good.len() / 2]).contains("not a GeoJSON document"));
    let mut bad = good.clone();
    bad[100] = 0xC3;
    bad[101] = 0x28;
    assert!(err(&bad).contains("not UTF-8 at byte 100"), "{}", err(&bad));
    assert!(err(br#"{"type":"Point"}"#).contains("no \"features\" array"));
}

#[test]
fn min_severity_drops_small_quakes() {
    let mut c = ctx();
    c.min_severity = Severity::Low;
    let p = usgs::parse(&fixture("usgs/usgs-2.5_day-2026-07-28.geojson"), &c).unwrap();
    assert_eq!(p.payload.len(), 19, "2 medium + 17 low");
}
