//! `gdacs-geojson`: the GDACS API event lists parse; an event looks as it
//! does from `gdacs-rss`; hostile and broken features are made inert or
//! rejected with their reason while the rest load.

mod common;

use std::collections::BTreeMap;

use common::{at, fixture, hazard_ctx};
use watchkeeper::config::FeedFormat;
use watchkeeper::domain::{Severity, SourceAlert, SourceState};
use watchkeeper::feeds::formats::{self, ParseCtx, gdacs, gdacs_geojson};
use watchkeeper::feeds::sanitize::{is_inert_line, is_inert_text};
use watchkeeper::feeds::{Parsed, Payload};

fn ctx() -> ParseCtx {
    hazard_ctx("gdacs", "en", at("2026-07-28T12:00:00Z"))
}

fn alerts(p: &Parsed) -> Vec<SourceAlert> {
    match &p.payload {
        Payload::Alerts(a) => a.clone(),
        other => panic!("not alerts: {other:?}"),
    }
}

fn parse(file: &str) -> Vec<SourceAlert> {
    let p = formats::parse(
        FeedFormat::GdacsGeojson,
        &fixture(&format!("gdacs/{file}")),
        &ctx(),
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(p.rejected.is_empty(), "{file}: {:?}", p.rejected);
    alerts(&p)
}

fn tally<K: Ord>(a: &[SourceAlert], key: impl Fn(&SourceAlert) -> K) -> BTreeMap<K, usize> {
    let mut m = BTreeMap::new();
    for x in a {
        *m.entry(key(x)).or_insert(0) += 1;
    }
    m
}

#[test]
fn the_earthquake_event_list_parses_every_feature() {
    let a = parse("gdacs-api-eventlist-EQ-2026-07-28.geojson");
    assert_eq!(a.len(), 100);
    let sev = tally(&a, |x| x.severity);
    assert_eq!(
        sev,
        BTreeMap::from([(Severity::Low, 98), (Severity::High, 2)])
    );
    let cleared = a
        .iter()
        .filter(|x| x.source_state == SourceState::Cleared)
        .count();
    assert_eq!(cleared, 35, "iscurrent \"false\"");
    assert!(a.iter().all(|x| x.category == "earthquake"
        && x.lat.is_some()
        && x.updated_at >= x.reported_at
        && is_inert_line(&x.title)
        && is_inert_text(&x.detail)));

    let first = &a[0];
    assert_eq!(first.id, "gdacs:EQ1554511-1721183");
    assert_eq!(first.severity, Severity::High);
    assert_eq!(first.category, "earthquake");
    assert_eq!(first.title, "Earthquake in China");
    assert_eq!((first.lat, first.lon), (Some(35.3866), Some(99.5513)));
    assert_eq!(first.reported_at, at("2026-07-28T03:34:05Z"));
    assert_eq!(first.updated_at, at("2026-07-28T03:57:53Z"), "datemodified");
    assert_eq!(first.source_state, SourceState::Open);
    assert_eq!(first.source, "gdacs");
    assert_eq!(
        first.link.as_deref(),
        Some("https://www.gdacs.org/report.aspx?eventid=1554511&episodeid=1721183&eventtype=EQ")
    );
    assert_eq!(
        first.detail,
        "Orange M 5.8 Earthquake in China at: 28 Jul 2026 03:34:05.\n\n\
         Alert level: Orange\nSeverity: Magnitude 5.8M, Depth:10km\n\
         Country: China\nAlert score: 2"
    );
}

#[test]
fn cyclone_and_wildfire_lists_parse_with_their_levels() {
    let tc = parse("gdacs-api-eventlist-TC-2026-07-28.geojson");
    assert_eq!(tc.len(), 100);
    assert_eq!(
        tally(&tc, |x| x.severity),
        BTreeMap::from([
            (Severity::Low, 81),
            (Severity::High, 9),
            (Severity::Critical, 10)
        ])
    );
    assert!(tc.iter().all(|x| x.category == "tropical-cyclone"));
    let bavi = tc
        .iter()
        .find(|x| x.id == "gdacs:TC1001279-44")
        .expect("BAVI-26 in the list");
    assert_eq!(bavi.title, "Tropical Cyclone BAVI-26");
    assert_eq!(bavi.severity, Severity::Critical);
    assert_eq!(bavi.source_state, SourceState::Cleared);
    assert_eq!((bavi.lat, bavi.lon), (Some(28.7), Some(120.4)));
    assert_eq!(bavi.reported_at, at("2026-07-01T00:00:00Z"));
    assert!(
        bavi.detail
            .contains("Severity: Tropical Storm (maximum wind speed of 287 km/h)")
    );

    let wf = parse("gdacs-api-eventlist-WF-2026-07-28.geojson");
    assert_eq!(wf.len(), 100);
    assert!(wf.iter().all(|x| x.category == "wildfire"));
    assert_eq!(wf[0].id, "gdacs:WF1029861-1");
    assert_eq!(
        wf[0].title,
        "Forest fires in The Democratic Republic of Congo"
    );
    assert_eq!((wf[0].lat, wf[0].lon), (Some(-5.3491), Some(18.6619)));
}

#[test]
fn one_event_looks_the_same_from_rss_and_from_the_api() {
    let rss = r#"<rss xmlns:gdacs="http://www.gdacs.org" xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#"><channel><item>
        <title>Tropical Cyclone BAVI-26</title>
        <gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:eventtype>TC</gdacs:eventtype>
        <gdacs:eventid>1001279</gdacs:eventid><gdacs:episodeid>44</gdacs:episodeid>
        <gdacs:iscurrent>false</gdacs:iscurrent><gdacs:fromdate>Wed, 01 Jul 2026 00:00:00 GMT</gdacs:fromdate>
        <geo:Point><geo:lat>28.7</geo:lat><geo:long>120.4</geo:long></geo:Point>
        </item></channel></rss>"#;
    let from_rss = &alerts(&gdacs::parse(rss.as_bytes(), &ctx()).unwrap())[0];
    let from_api = parse("gdacs-api-eventlist-TC-2026-07-28.geojson")
        .into_iter()
        .find(|x| x.id == from_rss.id)
        .expect("the RSS item's id is in the API list");
    let look = |a: &SourceAlert| {
        (
            a.id.clone(),
            a.severity,
            a.category.clone(),
            a.title.clone(),
            a.source_state,
            a.lat,
            a.lon,
            a.reported_at,
        )
    };
    assert_eq!(look(&from_api), look(from_rss));
}

fn feature(props: &str, geometry: &str) -> String {
    format!(r#"{{"type":"Feature","geometry":{geometry},"properties":{props}}}"#)
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

const POINT: &str = r#"{"type":"Point","coordinates":[10.5,-20.25]}"#;

#[test]
fn an_escape_in_a_feature_comes_out_inert() {
    let doc = collection(&[feature(
        r#"{"eventtype":"FL","eventid":7,"episodeid":2,"alertlevel":"Red",
            "name":"Flood\u001b]52;c;aGk=\u0007 in \u001b[31mX\u009b2J",
            "htmldescription":"line one\u001b[2J\r\nline two\u202e",
            "country":"C\u001b[1mD","url":{"report":"https://x.example/\u001b[0m"}}"#,
        POINT,
    )]);
    let p = formats::parse(FeedFormat::GdacsGeojson, doc.as_bytes(), &ctx()).unwrap();
    let a = &alerts(&p)[0];
    assert_eq!(a.id, "gdacs:FL7-2");
    assert_eq!(a.severity, Severity::Critical);
    assert!(is_inert_line(&a.title), "{:?}", a.title);
    assert!(a.title.starts_with("Flood") && a.title.contains(" in "));
    assert!(is_inert_text(&a.detail), "{:?}", a.detail);
    assert!(a.detail.contains("line one") && a.detail.contains("line two"));
    let link = a.link.as_deref().unwrap();
    assert!(is_inert_line(link), "{link:?}");
    for s in [&a.title, &a.detail, &link.to_string()] {
        assert!(!s.contains('\u{1b}') && !s.contains('\u{9b}') && !s.contains('\u{202e}'));
    }
}

#[test]
fn bad_features_are_rejected_with_their_id_and_the_rest_load() {
    let props = |ev: &str| {
        format!(r#"{{"eventtype":"WF","eventid":{ev},"episodeid":1,"alertlevel":"Green"}}"#)
    };
    let doc = collection(&[
        feature(&props("1"), POINT),
        feature(r#"{"eventtype":"WF","alertlevel":"Orange"}"#, POINT),
        feature(&props("3"), "null"),
        feature(
            &props("4"),
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#,
        ),
        r#"{"type":"Feature","bbox":[170,-10,-170,10],"geometry":{"type":"Polygon","coordinates":[]},"properties":{"eventtype":"DR","eventid":5,"episodeid":9,"alertlevel":"Orange"}}"#.to_string(),
        feature(&props("6"), r#"{"type":"Point","coordinates":[200,20]}"#),
        feature(&props("7"), r#"{"type":"Point","coordinates":["x"]}"#),
        "42".to_string(),
        feature(
            r#"{"eventtype":"TC","eventid":8,"episodeid":1,"alertlevel":"Purple","iscurrent":false,
                "fromdate":"2026-07-20T10:00:00","todate":"2026-07-10T00:00:00"}"#,
            POINT,
        ),
    ]);
    let p = formats::parse(FeedFormat::GdacsGeojson, doc.as_bytes(), &ctx()).unwrap();
    let a = alerts(&p);
    let got: Vec<(&str, Severity, &str)> = a
        .iter()
        .map(|x| (x.id.as_str(), x.severity, x.category.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("gdacs:WF1-1", Severity::Low, "wildfire"),
            ("gdacs:DR5-9", Severity::High, "drought"),
            ("gdacs:TC8-1", Severity::Info, "tropical-cyclone"),
        ]
    );
    assert_eq!(a[0].title, "GDACS wildfire", "no name: the category");
    assert_eq!(a[0].reported_at, ctx().now, "no dates: now");
    assert_eq!(
        (a[1].lat, a[1].lon),
        (Some(0.0), Some(180.0)),
        "bbox centre"
    );
    assert_eq!(a[2].source_state, SourceState::Cleared, "iscurrent false");
    assert_eq!(a[2].reported_at, at("2026-07-20T10:00:00Z"));
    assert_eq!(a[2].updated_at, a[2].reported_at, "never before reported");
    let reasons: Vec<(usize, Option<&str>, &str)> = p
        .rejected
        .iter()
        .map(|r| (r.index, r.id.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (1, None, "missing id (eventtype, eventid and episodeid)"),
            (
                2,
                Some("WF3-1"),
                "missing coordinates (no geometry and no usable bbox)"
            ),
            (
                3,
                Some("WF4-1"),
                "missing coordinates (Polygon geometry and no usable bbox)"
            ),
            (5, Some("WF6-1"), "coordinates out of range (20, 200)"),
            (
                6,
                Some("WF7-1"),
                "missing coordinates (Point without [lon, lat])"
            ),
            (7, None, "bad feature: not a JSON object"),
        ]
    );
}

#[test]
fn whole_document_failures_name_what_is_wrong() {
    let err = |b: &[u8]| gdacs_geojson::parse(b, &ctx()).unwrap_err().0;
    let good = fixture("gdacs/gdacs-api-eventlist-EQ-2026-07-28.geojson");
    let cut = err(&good[..good.len() / 2]);
    assert!(cut.contains("not a GeoJSON document"), "{cut}");
    assert!(err(b"<rss/>").contains("not a GeoJSON document"));
    let mut bad = good.clone();
    bad[100] = 0xC3;
    bad[101] = 0x28;
    assert!(err(&bad).contains("not UTF-8 at byte 100"), "{}", err(&bad));
    assert_eq!(
        err(br#"{"type":"Point","coordinates":[1,2]}"#),
        "not a GeoJSON FeatureCollection: \"type\" is \"Point\""
    );
    assert_eq!(
        err(br#"{"events":[]}"#),
        "not a GeoJSON FeatureCollection: no \"features\" array"
    );
    assert!(err(br#"{"type":"Feature","properties":{}}"#).contains("a single GeoJSON Feature"));
}

#[test]
fn min_severity_drops_green_events() {
    let mut c = ctx();
    c.min_severity = Severity::High;
    let p = gdacs_geojson::parse(
        &fixture("gdacs/gdacs-api-eventlist-TC-2026-07-28.geojson"),
        &c,
    )
    .unwrap();
    assert_eq!(p.payload.len(), 19, "10 red + 9 orange");
}
