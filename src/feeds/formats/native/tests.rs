//! The one pass and the item-by-item reading agree; a bad item is rejected
//! on its own, by position and reason, whichever way the document was read.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::{parse, parse_with};
use crate::config::{FeedFormat, FeedKind};
use crate::domain::{Severity, SourceState};
use crate::feeds::formats::{self, ParseCtx};
use crate::feeds::sanitize::{is_inert_line, is_inert_text};
use crate::feeds::{Parsed, Payload, Rejection};

fn ctx(kind: FeedKind) -> ParseCtx {
    ParseCtx {
        feed_id: "inc".to_string(),
        kind,
        levels: 6,
        min_severity: Severity::Info,
        now: Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap(),
        include_exercises: false,
        language: "en".to_string(),
    }
}

/// Parses both ways, checks they agree, and returns the result.
fn both(doc: &str, kind: FeedKind) -> Result<Parsed, String> {
    let one = parse(doc.as_bytes(), &ctx(kind)).map_err(|e| e.0);
    let each = parse_with(doc.as_bytes(), &ctx(kind), false).map_err(|e| e.0);
    assert_eq!(one, each, "one pass and item by item differ on {doc}");
    one
}

fn alerts(p: &Parsed) -> &[crate::domain::SourceAlert] {
    match &p.payload {
        Payload::Alerts(a) => a,
        other => panic!("not alerts: {other:?}"),
    }
}

const GOOD: &str = r#"{"id":"A","station":"KBL","severity":"high","title":"Clash","detail":"Line one.\nLine two.","reported_at":"2026-11-22T20:00:00Z","status":"Open"}"#;

#[test]
fn fixtures_read_the_same_both_ways() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/native/");
    for (file, kind) in [
        ("stations.json", FeedKind::Stations),
        ("incidents.json", FeedKind::Incidents),
        ("roster.json", FeedKind::Roster),
    ] {
        let doc = std::fs::read_to_string(format!("{dir}{file}")).unwrap();
        let p = both(&doc, kind).unwrap();
        assert!(!p.payload.is_empty(), "{file}");
        assert!(p.rejected.is_empty(), "{file}: {:?}", p.rejected);
    }
}

#[test]
fn an_item_of_the_wrong_shape_is_rejected_alone() {
    let bad_title = r#"{"id":"B","station":"KBL","severity":"high","title":5}"#;
    let doc = format!(r#"{{"incidents":[{GOOD},{bad_title},7,{GOOD}]}}"#);
    let p = both(&doc, FeedKind::Incidents).unwrap();
    assert_eq!(alerts(&p).len(), 2);
    assert_eq!(
        p.rejected,
        vec![
            Rejection {
                index: 1,
                id: None,
                reason: "invalid type: integer `5`, expected a string".into(),
            },
            Rejection {
                index: 2,
                id: None,
                reason: "invalid type: integer `7`, expected struct RawIncident".into(),
            },
        ]
    );
    // The good items are what they are in a document of good items only.
    let clean = both(
        &format!(r#"{{"incidents":[{GOOD},{GOOD}]}}"#),
        FeedKind::Incidents,
    );
    assert_eq!(alerts(&p), alerts(&clean.unwrap()));
}

#[test]
fn a_bad_item_is_named_by_its_id() {
    let doc = format!(
        r#"{{"incidents":[{GOOD},{{"id":"C","station":"KBL","severity":"grave","title":"t"}}]}}"#
    );
    let p = both(&doc, FeedKind::Incidents).unwrap();
    assert_eq!(p.rejected.len(), 1);
    assert_eq!(p.rejected[0].index, 1);
    assert_eq!(p.rejected[0].id.as_deref(), Some("C"));
    assert_eq!(p.rejected[0].reason, "unknown severity \"grave\"");
}

#[test]
fn escaped_strings_are_made_inert() {
    let item = r#"{"id":"E\u001b[2J","station":" KBL\t","severity":"CRITICAL","category":"","title":"A\u202eB  C","detail":"x \nline\r\n\u009b31mred","link":"","status":"CLOSED","reported_at":"2026-11-22T20:00:00Z"}"#;
    let p = both(&format!(r#"{{"incidents":[{item}]}}"#), FeedKind::Incidents).unwrap();
    let a = &alerts(&p)[0];
    assert_eq!(a.id, "inc:E");
    assert_eq!(a.stations[0].id, "KBL");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.category, "other");
    assert_eq!(a.title, "AB C");
    assert_eq!(a.detail, "x\nline\nred");
    assert_eq!(a.link, None);
    assert_eq!(a.source_state, SourceState::Cleared);
}

#[test]
fn document_errors_are_the_same_both_ways() {
    for doc in [
        "",
        "[]",
        r#"{"incidents":{}}"#,
        r#"{"incidents":[1,2"#,
        r#"{"stations":5,"incidents":[]}"#,
        r#"{"generated_at":5,"incidents":[]}"#,
        r#"{"incidents":[],"incidents":[]}"#,
        r#"{"officers":[]}"#,
    ] {
        assert!(both(doc, FeedKind::Incidents).is_err(), "{doc}");
    }
}

/// Every string handed on is inert: one-line fields as lines, `detail` as text.
fn assert_inert(p: &Parsed) {
    let mut lines: Vec<&str> = Vec::new();
    match &p.payload {
        Payload::Stations(v) => v.iter().for_each(|s| {
            lines.extend([&s.id, &s.name, &s.country, &s.region, &s.timezone].map(String::as_str))
        }),
        Payload::Alerts(v) => v.iter().for_each(|a| {
            lines.extend([&a.id, &a.category, &a.title, &a.source].map(String::as_str));
            lines.extend(a.link.as_deref());
            lines.extend(a.stations.iter().map(|s| s.id.as_str()));
            assert!(is_inert_text(&a.detail), "{:?}", a.detail);
        }),
        Payload::Roster(v) => v.iter().for_each(|o| {
            lines.extend([&o.id, &o.name, &o.callsign, &o.home].map(String::as_str));
            lines.extend(o.deployed_to.as_deref());
            lines.extend(o.skills.iter().chain(&o.languages).map(String::as_str));
        }),
    }
    for r in &p.rejected {
        lines.push(&r.reason);
        lines.extend(r.id.as_deref());
    }
    for l in lines {
        assert!(is_inert_line(l), "{l:?}");
    }
}

/// Any JSON value, small: what a field of a hostile feed may hold.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("\"\"".to_string()),
        Just("\"2026-11-22T20:00:00Z\"".to_string()),
        Just("\"high\"".to_string()),
        Just("\"cleared\"".to_string()),
        Just("\"\\u001b]0;t\\u0007 x\\n\"".to_string()),
        Just("\"a\\u202e b\\u009b2J \\r\\n\\t c \\u007f\"".to_string()),
        (-200.0f64..200.0).prop_map(|f| f.to_string()),
        (0u32..9).prop_map(|n| n.to_string()),
        "[a-zA-Z0-9 ]{0,8}".prop_map(|s| format!("\"{s}\"")),
    ]
}

const FIELDS: [&str; 14] = [
    "id",
    "station",
    "severity",
    "title",
    "detail",
    "status",
    "lat",
    "lon",
    "name",
    "security_level",
    "skills",
    "updated_at",
    "callsign",
    "personnel",
];

/// Fields that fit the kind (so that most items load), each then replaced
/// by a random value or not.
fn base(kind: FeedKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        FeedKind::Stations => &[
            ("id", "\"S\""),
            ("name", "\"N\""),
            ("lat", "1.5"),
            ("lon", "2"),
            ("security_level", "2"),
        ],
        FeedKind::Roster => &[
            ("id", "\"O\""),
            ("name", "\"N\""),
            ("status", "\"available\""),
        ],
        _ => &[
            ("id", "\"A\""),
            ("station", "\"KBL\""),
            ("severity", "\"high\""),
            ("title", "\"T\""),
        ],
    }
}

/// An item: an object (the kind's fields with some replaced or added) or,
/// now and then, any other value.
fn item() -> impl Strategy<Value = Result<Vec<(usize, String)>, String>> {
    prop_oneof![
        9 => prop::collection::vec((0..FIELDS.len(), value()), 0..6).prop_map(Ok),
        1 => value().prop_map(Err),
    ]
}

fn render(item: &Result<Vec<(usize, String)>, String>, kind: FeedKind) -> String {
    let changes = match item {
        Ok(changes) => changes,
        Err(other) => return other.clone(),
    };
    let mut fields: std::collections::BTreeMap<&str, &str> = base(kind).iter().copied().collect();
    for (k, v) in changes {
        fields.insert(FIELDS[*k], v);
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn both_ways_agree_on_any_items(items in prop::collection::vec(item(), 0..6), k in 0usize..4) {
        let key = ["stations", "incidents", "officers", "incidents"][k];
        let kind = [FeedKind::Stations, FeedKind::Incidents, FeedKind::Roster, FeedKind::Hazards][k];
        let items: Vec<String> = items.iter().map(|i| render(i, kind)).collect();
        let doc = format!("{{\"{key}\":[{}]}}", items.join(","));
        let _ = both(&doc, kind);
        // What the feeds module hands on (rejection reasons made inert there).
        if let Ok(p) = formats::parse(FeedFormat::WatchkeeperJson, doc.as_bytes(), &ctx(kind)) {
            assert_inert(&p);
        }
    }
}
