//! `gdacs-rss`: every GDACS RSS sample parses; levels, types, points.

mod common;

use std::collections::BTreeMap;

use common::{at, fixture, fixture_names, hazard_ctx};
use watchkeeper::domain::{Severity, SourceAlert, SourceState};
use watchkeeper::feeds::formats::{ParseCtx, gdacs};
use watchkeeper::feeds::{Parsed, Payload};

fn ctx() -> ParseCtx {
    hazard_ctx("gdacs", "en", at("2019-12-30T02:00:00Z"))
}

fn alerts(p: &Parsed) -> Vec<SourceAlert> {
    match &p.payload {
        Payload::Alerts(a) => a.clone(),
        other => panic!("not alerts: {other:?}"),
    }
}

fn parse(file: &str) -> Vec<SourceAlert> {
    let p = gdacs::parse(&fixture(&format!("gdacs/{file}")), &ctx())
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

/// (file, items, high (Orange), low (Green), cleared, categories)
type Expected = (
    &'static str,
    usize,
    usize,
    usize,
    usize,
    &'static [(&'static str, usize)],
);

#[test]
fn every_gdacs_sample_parses() {
    let expected: [Expected; 2] = [
        (
            "gdacs-rss-2019-12-30.xml",
            16,
            8,
            8,
            9,
            &[("drought", 11), ("earthquake", 2), ("tropical-cyclone", 3)],
        ),
        (
            "gdacs-rss-7d-2019-12-30-trimmed.xml",
            12,
            3,
            9,
            5,
            &[
                ("drought", 4),
                ("earthquake", 5),
                ("tropical-cyclone", 2),
                ("volcano", 1),
            ],
        ),
    ];
    let rss = fixture_names("gdacs")
        .into_iter()
        .filter(|n| n.ends_with(".xml"))
        .count();
    assert_eq!(rss, expected.len());
    for (file, n, high, low, cleared, cats) in expected {
        let a = parse(file);
        assert_eq!(a.len(), n, "{file}");
        let sev = tally(&a, |x| x.severity);
        assert_eq!(sev.get(&Severity::High), Some(&high), "{file}");
        assert_eq!(sev.get(&Severity::Low), Some(&low), "{file}");
        assert_eq!(
            a.iter()
                .filter(|x| x.source_state == SourceState::Cleared)
                .count(),
            cleared
        );
        let got = tally(&a, |x| x.category.clone());
        let want: BTreeMap<String, usize> = cats.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(got, want, "{file}");
        assert!(
            a.iter()
                .all(|x| x.lat.is_some() && x.link.is_some() && x.id.starts_with("gdacs:"))
        );
    }
}

#[test]
fn an_item_maps_id_point_times_and_detail() {
    let a = parse("gdacs-rss-7d-2019-12-30-trimmed.xml");
    let vo = a.iter().find(|x| x.category == "volcano").unwrap();
    assert_eq!(vo.id, "gdacs:VO284096-1");
    assert_eq!(
        vo.title,
        "Volcanic eruption is on going for Nishinoshima in Japan"
    );
    assert_eq!((vo.lat, vo.lon), (Some(27.247), Some(140.874)));
    assert_eq!(vo.severity, Severity::Low);
    assert_eq!(vo.source_state, SourceState::Cleared, "iscurrent false");
    assert_eq!(vo.reported_at, at("2019-12-24T00:00:00Z"));
    assert_eq!(
        vo.link.as_deref(),
        Some("http://www.gdacs.org/report.aspx?eventtype=VO&eventid=284096")
    );

    let first = &parse("gdacs-rss-2019-12-30.xml")[0];
    assert_eq!(first.id, "gdacs:TC1000643-1");
    assert_eq!((first.lat, first.lon), (Some(-19.4), Some(59.8)));
    assert!(
        first
            .detail
            .starts_with("From 29/12/2019 to 29/12/2019, a Tropical Storm")
    );
    assert!(first.detail.contains(
        "\n\nAlert level: Green\nSeverity: Tropical Storm (maximum wind speed of 93 km/h)"
    ));
    assert!(first.detail.contains("Country: Mauritius"));
}

#[test]
fn levels_points_and_ids_fall_back_and_bad_items_are_rejected() {
    let item = |inner: &str| format!("<item>{inner}</item>");
    let doc = format!(
        r#"<rss xmlns:gdacs="http://www.gdacs.org" xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#" xmlns:georss="http://www.georss.org/georss"><channel>{}{}{}{}{}</channel></rss>"#,
        item(
            "<title>Red flood</title><gdacs:alertlevel>RED</gdacs:alertlevel><gdacs:eventtype>FL</gdacs:eventtype><gdacs:eventid>7</gdacs:eventid><gdacs:episodeid>2</gdacs:episodeid><georss:point>10.5 -20.25</georss:point>"
        ),
        item(
            "<title>Fire</title><gdacs:alertlevel>Purple</gdacs:alertlevel><gdacs:eventtype>WF</gdacs:eventtype><guid>WF9</guid><geo:lat>1</geo:lat><geo:long>2</geo:long>"
        ),
        item("<title>Nowhere</title><gdacs:alertlevel>Red</gdacs:alertlevel><guid>X1</guid>"),
        item("<title>No id</title><georss:point>1 2</georss:point>"),
        item("<title>Far</title><guid>X2</guid><georss:point>100 2</georss:point>"),
    );
    let p = gdacs::parse(doc.as_bytes(), &ctx()).unwrap();
    let a = alerts(&p);
    assert_eq!(a.len(), 2);
    assert_eq!(
        (a[0].id.as_str(), a[0].severity, a[0].category.as_str()),
        ("gdacs:FL7-2", Severity::Critical, "flood")
    );
    assert_eq!((a[0].lat, a[0].lon), (Some(10.5), Some(-20.25)));
    assert_eq!(
        (a[1].id.as_str(), a[1].severity, a[1].category.as_str()),
        ("gdacs:WF9", Severity::Info, "wildfire")
    );
    assert_eq!(a[1].reported_at, ctx().now, "no dates: now");
    let reasons: Vec<(usize, &str)> = p
        .rejected
        .iter()
        .map(|r| (r.index, r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (2, "missing coordinates"),
            (3, "missing id (gdacs:eventid or guid)"),
            (4, "missing coordinates")
        ]
    );
}

#[test]
fn whole_document_failures_name_what_is_wrong() {
    let err = |b: &[u8]| gdacs::parse(b, &ctx()).unwrap_err().0;
    let good = fixture("gdacs/gdacs-rss-2019-12-30.xml");
    assert!(
        err(&good[..good.len() - 40]).contains("truncated"),
        "{}",
        err(&good[..good.len() - 40])
    );
    assert!(err(b"<feed/>").contains("not an RSS document"));
    assert!(err(b"<rss/>").contains("no <channel>"));
}
