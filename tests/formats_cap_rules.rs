//! `cap`: the mapping rules on made-up documents: updates and cancels in
//! one document, per-item tolerance, broken and hostile input.

mod common;

use common::{at, hazard_ctx};
use watchkeeper::domain::{Area, SourceAlert, SourceState};
use watchkeeper::feeds::formats::ParseCtx;
use watchkeeper::feeds::formats::cap;
use watchkeeper::feeds::sanitize::{is_inert_line, is_inert_text};
use watchkeeper::feeds::{Parsed, Payload};

fn ctx() -> ParseCtx {
    hazard_ctx("f", "en", at("2026-01-01T00:00:00Z"))
}

fn alerts(p: &Parsed) -> Vec<SourceAlert> {
    match &p.payload {
        Payload::Alerts(a) => a.clone(),
        other => panic!("not alerts: {other:?}"),
    }
}

/// One `<alert>`: identifier, status, msgType, references, and the inside
/// of its `<info>` (no `<info>` when empty).
fn alert(id: &str, status: &str, msg_type: &str, refs: &str, info: &str) -> String {
    let refs = if refs.is_empty() {
        String::new()
    } else {
        format!("<references>{refs}</references>")
    };
    let info = if info.is_empty() {
        String::new()
    } else {
        format!("<info>{info}</info>")
    };
    format!(
        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>{id}</identifier>\
         <sender>s@x</sender><sent>2025-12-31T10:00:00Z</sent><status>{status}</status>\
         <msgType>{msg_type}</msgType><scope>Public</scope>{refs}{info}</alert>"
    )
}

fn info(headline: &str, severity: &str) -> String {
    format!(
        "<event>Flood</event><urgency>Expected</urgency><severity>{severity}</severity>\
         <certainty>Likely</certainty><headline>{headline}</headline>\
         <area><areaDesc>River</areaDesc><circle>10,20 5</circle></area>"
    )
}

fn collection(alerts: &[String]) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><alerts>{}</alerts>",
        alerts.concat()
    )
    .into_bytes()
}

#[test]
fn an_update_in_the_same_document_replaces_its_original() {
    let doc = collection(&[
        alert(
            "A1",
            "Actual",
            "Alert",
            "",
            &info("Flood watch", "Moderate"),
        ),
        alert(
            "A2",
            "Actual",
            "Update",
            "s@x,A1,2025-12-31T09:00:00Z",
            &info("Flood warning", "Severe"),
        ),
    ]);
    let p = cap::parse(&doc, &ctx()).unwrap();
    let a = alerts(&p);
    assert_eq!(a.len(), 1, "only the update survives");
    assert_eq!(a[0].id, "f:s@x/A2");
    assert_eq!(a[0].title, "Flood warning");
    assert_eq!(p.superseded, ["f:s@x/A1"]);
}

#[test]
fn a_cancel_clears_its_original_in_the_same_document() {
    let doc = collection(&[
        alert(
            "A1",
            "Actual",
            "Alert",
            "",
            &info("Flood watch", "Moderate"),
        ),
        alert("C1", "Actual", "Cancel", "s@x,A1,2025-12-31T09:00:00Z", ""),
    ]);
    let a = alerts(&cap::parse(&doc, &ctx()).unwrap());
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].id, "f:s@x/A1");
    assert_eq!(a[0].title, "Flood watch", "the original, as it was");
    assert_eq!(a[0].source_state, SourceState::Cleared);
}

#[test]
fn a_cancel_with_info_is_shown_cleared_when_its_original_is_elsewhere() {
    let doc = alert(
        "C1",
        "Actual",
        "Cancel",
        "s@x,A9,2025-12-31T09:00:00Z",
        &info("All clear", "Minor"),
    );
    let p = cap::parse(doc.as_bytes(), &ctx()).unwrap();
    let a = alerts(&p);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].id, "f:s@x/C1");
    assert_eq!(a[0].source_state, SourceState::Cleared);
    assert_eq!(p.superseded, ["f:s@x/A9"]);
}

#[test]
fn an_exercise_cancel_never_clears_a_real_alert() {
    let doc = collection(&[
        alert(
            "A1",
            "Actual",
            "Alert",
            "",
            &info("Flood watch", "Moderate"),
        ),
        alert(
            "X1",
            "Exercise",
            "Cancel",
            "s@x,A1,2025-12-31T09:00:00Z",
            "",
        ),
        alert("D1", "Draft", "Alert", "", &info("Draft", "Extreme")),
        alert("K1", "Actual", "Ack", "s@x,A1,2025-12-31T09:00:00Z", ""),
    ]);
    let p = cap::parse(&doc, &ctx()).unwrap();
    let a = alerts(&p);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].source_state, SourceState::Open);
    assert!(p.superseded.is_empty());
    assert!(p.rejected.is_empty());
}

#[test]
fn a_bad_alert_is_rejected_and_the_rest_load() {
    let doc = collection(&[
        alert("", "Actual", "Alert", "", &info("No id", "Minor")),
        alert("B1", "Rehearsal", "Alert", "", &info("Odd status", "Minor")),
        alert("B2", "Actual", "Alert", "", &info("Fine", "Minor")),
    ]);
    let p = cap::parse(&doc, &ctx()).unwrap();
    assert_eq!(alerts(&p).len(), 1);
    let reasons: Vec<(usize, Option<&str>, &str)> = p
        .rejected
        .iter()
        .map(|r| (r.index, r.id.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (0, None, "missing identifier"),
            (1, Some("B1"), "unknown status \"Rehearsal\"")
        ]
    );
}

#[test]
fn an_unreadable_polygon_is_dropped_and_noted_the_alert_kept() {
    let body = "<event>Fire</event><severity>Severe</severity><headline>Bush fire</headline>\
        <area><areaDesc>Hills</areaDesc><polygon>1,1 1,2 2,2 1,1</polygon><polygon>1,1 nonsense</polygon>\
        <circle>95,0 3</circle><polygon/></area><area><areaDesc>Coast</areaDesc><circle>-33.9,151.2 12.5</circle></area>";
    let doc = alert("F1", "Actual", "Alert", "", body);
    let p = cap::parse(doc.as_bytes(), &ctx()).unwrap();
    assert!(p.rejected.is_empty());
    let a = &alerts(&p)[0];
    assert_eq!(a.areas.len(), 2, "{:?}", a.areas);
    assert_eq!(
        a.areas[1],
        Area::Circle {
            lat: -33.9,
            lon: 151.2,
            radius_km: 12.5
        }
    );
    assert!(
        a.detail.contains("(2 unreadable area shapes ignored)"),
        "{}",
        a.detail
    );
    assert!(
        a.detail.contains("Area: Hills\nArea: Coast"),
        "{}",
        a.detail
    );
}

#[test]
fn whole_document_failures_name_what_is_wrong() {
    let err = |b: &[u8]| cap::parse(b, &ctx()).unwrap_err().0;
    let good = alert("A1", "Actual", "Alert", "", &info("Flood", "Minor"));
    let truncated = &good.as_bytes()[..good.len() - 20];
    assert!(err(truncated).contains("truncated"), "{}", err(truncated));
    let mut bad_utf8 = good.clone().into_bytes();
    bad_utf8[60] = 0xFF;
    assert!(
        err(&bad_utf8).contains("not UTF-8 at byte 60"),
        "{}",
        err(&bad_utf8)
    );
    assert!(err(b"<feed><entry/></feed>").contains("not a CAP document"));
    assert!(
        err(b"{\"json\": true}").contains("XML"),
        "{}",
        err(b"{\"json\": true}")
    );
    assert!(err(b"").contains("no root element"));
}

#[test]
fn hostile_text_comes_out_inert() {
    let headline = "Flood\u{1b}[2J\u{1b}]52;c;cm0gLXJmIC8=\u{07} \u{202e}gnin\u{1b}]0;owned\u{1b}\\rael\u{9b}31m";
    let desc = "line one\u{1b}[1;1H\nline two\u{202d}\u{2066}\u{200f}\tend\u{7f}";
    let body = format!(
        "<event>E</event><severity>Extreme</severity><headline>{headline}</headline>\
         <description>{desc}</description><web>http://x/\u{1b}]8;;http://evil\u{1b}\\</web>\
         <area><areaDesc>A\u{1b}[31mB</areaDesc><circle>1,1 1</circle></area>"
    );
    let doc = alert("H\u{1b}[8m1", "Actual", "Alert", "", &body);
    let p = cap::parse(doc.as_bytes(), &ctx()).unwrap();
    let a = &alerts(&p)[0];
    for s in [&a.id, &a.title, &a.category, a.link.as_ref().unwrap()] {
        assert!(is_inert_line(s), "{s:?}");
        assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'), "{s:?}");
    }
    assert!(is_inert_text(&a.detail), "{:?}", a.detail);
    assert_eq!(a.title, "Flood gninrael");
    assert!(
        a.detail.contains("line one\nline two\tend"),
        "{:?}",
        a.detail
    );
    assert!(a.detail.contains("Area: AB"), "{:?}", a.detail);
    assert_eq!(a.area_desc.as_deref(), Some("AB"));
    assert_eq!(a.id, "f:s@x/H1");
}

#[test]
fn error_messages_that_quote_the_document_are_inert() {
    use watchkeeper::config::FeedFormat;
    use watchkeeper::feeds::formats;
    let doc = b"<alert><identifier>x</identifier></\x1b]52;c;AAAA\x07>";
    let e = formats::parse(FeedFormat::Cap, doc, &ctx()).unwrap_err();
    assert!(is_inert_line(&e.0) && !e.0.contains('\u{1b}'), "{:?}", e.0);
    let json = b"{\"type\":\"\x1b[2J\",\"features\":\"\x1b[31mred\"}";
    let e = formats::parse(FeedFormat::UsgsGeojson, json, &ctx()).unwrap_err();
    assert!(is_inert_line(&e.0) && !e.0.contains('\u{1b}'), "{:?}", e.0);
}
