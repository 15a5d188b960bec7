//! No feed can hide an alert: a second item with an id already seen in the
//! same document is rejected with a reason (counted and shown), never
//! replacing the first; a CAP message sent (or effective) absurdly far in
//! the future is rejected, not taken as sent now.

mod common;

use chrono::Duration;
use common::*;
use watchkeeper::config::FeedFormat;
use watchkeeper::feeds::formats;
use watchkeeper::feeds::{Parsed, Payload};

fn alerts(p: &Parsed) -> Vec<(String, String)> {
    match &p.payload {
        Payload::Alerts(v) => v
            .iter()
            .map(|a| (a.id.clone(), a.severity.as_str().to_string()))
            .collect(),
        other => panic!("alerts expected, got {other:?}"),
    }
}

fn incident(id: &str, severity: &str, title: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"station\":\"KBL\",\"severity\":\"{severity}\",\"category\":\"armed-conflict\",\
         \"title\":\"{title}\",\"reported_at\":\"2026-11-22T20:51:00Z\",\"updated_at\":\"2026-11-22T20:51:00Z\",\"status\":\"open\"}}"
    )
}

#[test]
fn a_second_item_with_the_same_id_is_rejected_not_a_replacement() {
    let doc = format!(
        "{{\"generated_at\":\"2026-11-22T20:59:00Z\",\"incidents\":[{},{},{}]}}",
        incident("INC-1", "critical", "Armed clash"),
        incident("INC-2", "low", "Power cut"),
        incident("INC-1", "low", "Nothing to see"),
    );
    let mut ctx = hazard_ctx("incidents", "en", now());
    ctx.kind = watchkeeper::config::FeedKind::Incidents;
    let p = formats::parse(FeedFormat::WatchkeeperJson, doc.as_bytes(), &ctx).expect("parses");
    assert_eq!(
        alerts(&p),
        vec![
            ("incidents:INC-1".to_string(), "critical".to_string()),
            ("incidents:INC-2".to_string(), "low".to_string()),
        ],
        "the first INC-1 stays, the later one does not replace it"
    );
    assert_eq!(p.rejected.len(), 1);
    assert!(
        p.rejected[0].reason.contains("duplicate id"),
        "{:?}",
        p.rejected[0]
    );
}

fn cap(identifier: &str, sent: &str, severity: &str, effective: Option<&str>) -> String {
    let effective = effective
        .map(|e| format!("<effective>{e}</effective>"))
        .unwrap_or_default();
    format!(
        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>{identifier}</identifier>\
         <sender>met@example.org</sender><sent>{sent}</sent><status>Actual</status><msgType>Alert</msgType>\
         <scope>Public</scope><info><language>en</language><category>Met</category><event>Storm</event>\
         <urgency>Immediate</urgency><severity>{severity}</severity><certainty>Observed</certainty>{effective}\
         <headline>{identifier} {severity}</headline><area><areaDesc>Kabul</areaDesc><circle>34.5,69.2 50</circle></area></info></alert>"
    )
}

#[test]
fn two_cap_messages_with_one_identifier_reject_the_later_whatever_its_sent() {
    let sent = |mins: i64| (now() - Duration::minutes(mins)).to_rfc3339();
    // The later one claims a later `sent`: it must not hide the extreme one.
    let doc = format!(
        "<batch>{}{}</batch>",
        cap("W-1", &sent(30), "Extreme", None),
        cap("W-1", &sent(5), "Minor", None)
    );
    let ctx = hazard_ctx("warnings", "en", now());
    let p = formats::parse(FeedFormat::Cap, doc.as_bytes(), &ctx).expect("parses");
    let got = alerts(&p);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "critical", "the extreme warning stays: {got:?}");
    assert_eq!(p.rejected.len(), 1);
    assert!(
        p.rejected[0].reason.contains("duplicate id"),
        "{:?}",
        p.rejected
    );
}

#[test]
fn a_cap_message_sent_or_effective_far_in_the_future_is_rejected() {
    let ctx = hazard_ctx("warnings", "en", now());
    let future = (now() + Duration::days(400)).to_rfc3339();
    let doc = cap("W-9", &future, "Extreme", None);
    let p = formats::parse(FeedFormat::Cap, doc.as_bytes(), &ctx).expect("parses");
    assert!(alerts(&p).is_empty(), "{:?}", alerts(&p));
    assert_eq!(p.rejected.len(), 1);
    assert!(
        p.rejected[0].reason.contains("ahead of now"),
        "{:?}",
        p.rejected
    );

    let ok_sent = (now() - Duration::minutes(1)).to_rfc3339();
    let doc = cap("W-10", &ok_sent, "Severe", Some(&future));
    let p = formats::parse(FeedFormat::Cap, doc.as_bytes(), &ctx).expect("parses");
    assert!(alerts(&p).is_empty(), "{:?}", alerts(&p));
    assert!(
        p.rejected[0].reason.contains("effective"),
        "{:?}",
        p.rejected
    );

    // A few minutes of clock drift is not a rejection.
    let soon = (now() + Duration::minutes(3)).to_rfc3339();
    let doc = cap("W-11", &soon, "Severe", None);
    let p = formats::parse(FeedFormat::Cap, doc.as_bytes(), &ctx).expect("parses");
    assert_eq!(alerts(&p).len(), 1, "{:?}", p.rejected);
}
