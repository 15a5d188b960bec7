//! `cap-atom`: Atom and RSS indexes of CAP alerts.

mod common;

use common::{at, fixture, hazard_ctx};
use watchkeeper::config::FeedFormat;
use watchkeeper::domain::{Area, Severity, SourceState};
use watchkeeper::feeds::Payload;
use watchkeeper::feeds::formats::cap_atom::{self, CapIndex, resolve};
use watchkeeper::feeds::formats::{self, ParseCtx, cap};

fn ctx() -> ParseCtx {
    hazard_ctx("idx", "en", at("2026-11-22T00:00:00Z"))
}

fn index(file: &str, base: &str) -> CapIndex {
    cap_atom::parse_index(&fixture(&format!("cap/{file}")), base, &ctx())
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_index_sample_parses() {
    for (file, entries, inline) in [
        ("mexico-smn-cap-index-feed-2018-trimmed.atom", 25, 0),
        ("nws-us-cap11-index-feed-2014.atom", 2, 2),
        ("sweden-krisinformation-cap12-feed.atom", 4, 4),
        ("nyalert-cap-index-2011.rss", 2, 0),
    ] {
        let i = index(file, "https://feeds.example.org/index.xml");
        assert!(i.rejected.is_empty(), "{file}: {:?}", i.rejected);
        assert_eq!(i.entries.len(), entries, "{file}");
        assert!(i.entries.iter().all(|e| e.url.is_some()), "{file}");
        assert_eq!(
            i.entries.iter().filter(|e| e.inline.is_some()).count(),
            inline,
            "{file}"
        );
        // Through the format dispatch, only inline alerts become items.
        let p = formats::parse(
            FeedFormat::CapAtom,
            &fixture(&format!("cap/{file}")),
            &ctx(),
        )
        .unwrap();
        assert_eq!(p.payload.len(), inline, "{file}");
    }
}

#[test]
fn atom_entries_give_link_id_and_updated() {
    let i = index("mexico-smn-cap-index-feed-2018-trimmed.atom", "");
    let e = &i.entries[0];
    assert_eq!(e.id, "avisossmn-ciclontropical-4063");
    assert_eq!(
        e.url.as_deref(),
        Some("https://correo1.conagua.gob.mx/Feedsmn16/avisossmn-ciclontropical-4063_cap.xml")
    );
    assert_eq!(e.updated, Some(at("2018-10-20T07:15:00-05:00")));
    assert!(
        i.entries
            .iter()
            .all(|e| e.url.as_deref().is_some_and(|u| u.ends_with("_cap.xml")))
    );
}

#[test]
fn rss_items_give_link_guid_and_pubdate() {
    let i = index("nyalert-cap-index-2011.rss", "");
    let e = &i.entries[0];
    assert_eq!(e.id, "NYAlert-ALLHAZALERT-3167113");
    assert_eq!(
        e.url.as_deref(),
        Some(
            "http://www.nyalert.gov/Public/News/GetCapAlert.aspx?capID=NYAlert-ALLHAZALERT-3167113"
        )
    );
    assert_eq!(e.updated, Some(at("2011-02-04T20:20:00Z")));
}

#[test]
fn embedded_cap_fields_make_ready_alerts() {
    let i = index("nws-us-cap11-index-feed-2014.atom", "");
    let a: Vec<_> = i
        .entries
        .iter()
        .map(|e| e.inline.as_ref().unwrap())
        .collect();
    assert_eq!(a[0].alert.severity, Severity::Low);
    assert_eq!(a[1].alert.severity, Severity::High);
    assert!(
        a[1].alert
            .title
            .starts_with("High Wind Warning issued May 10")
    );
    assert!(
        a[1].alert
            .id
            .starts_with("idx:http://alerts.weather.gov/cap/wwacapget.php?x=")
    );
    assert_eq!(a[1].alert.category, "met");
    assert!(
        a[1].alert
            .detail
            .starts_with("Urgency: Expected · Certainty: Likely\n\n...VERY STRONG")
    );
    assert!(
        a[0].alert
            .detail
            .contains("\n\nArea: Chaves County Plains;"),
        "{}",
        a[0].alert.detail
    );
    assert!(
        a[0].alert.detail.contains("UGC NMZ501 NMZ502"),
        "geocodes kept as text"
    );
    assert!(
        a[1].alert.detail.contains("Area: Central Highlands;"),
        "{}",
        a[1].alert.detail
    );
    assert!(a[1].alert.areas.is_empty(), "<cap:polygon/> is no shape");

    let k = index("sweden-krisinformation-cap12-feed.atom", "");
    let first = k.entries[0].inline.as_ref().unwrap();
    assert_eq!(
        first.alert.title,
        "Viktigt meddelande till allmänheten i Gävle"
    );
    assert_eq!(first.alert.category, "news");
    assert_eq!(first.alert.severity, Severity::Info, "no cap:severity");
    // The feed writes its circles as "lon,lat" against the CAP order; they
    // are read as CAP says (lat,lon), not guessed at.
    assert_eq!(
        first.alert.areas[1],
        Area::Circle {
            lat: 17.166667,
            lon: 60.666667,
            radius_km: 0.0
        }
    );
    assert_eq!(first.alert.source_state, SourceState::Open);
}

#[test]
fn relative_links_resolve_against_the_index_url() {
    let base = "https://alerts.example.org/feeds/cap/index.atom?region=3";
    assert_eq!(
        resolve(base, "a/1.xml").as_deref(),
        Some("https://alerts.example.org/feeds/cap/a/1.xml")
    );
    assert_eq!(
        resolve(base, "/x.xml").as_deref(),
        Some("https://alerts.example.org/x.xml")
    );
    assert_eq!(
        resolve(base, "../y.xml?z=1").as_deref(),
        Some("https://alerts.example.org/feeds/y.xml?z=1")
    );
    assert_eq!(
        resolve(base, "//cdn.example.net/z.xml").as_deref(),
        Some("https://cdn.example.net/z.xml")
    );
    assert_eq!(
        resolve(base, "?page=2").as_deref(),
        Some("https://alerts.example.org/feeds/cap/index.atom?page=2")
    );
    assert_eq!(
        resolve(base, " http://other.example/c.xml ").as_deref(),
        Some("http://other.example/c.xml")
    );
    assert_eq!(
        resolve("file:///srv/feeds/index.atom", "b.xml").as_deref(),
        Some("file:///srv/feeds/b.xml")
    );
    assert_eq!(resolve("", "a/1.xml"), None, "relative with no base");
    assert_eq!(resolve(base, "javascript:alert(1)"), None);
}

#[test]
fn index_links_prefer_cap_typed_and_reject_unresolvable_entries() {
    let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>e1</id><updated>2026-01-02T03:04:05Z</updated>
        <link rel="alternate" type="text/html" href="page/1.html"/>
        <link rel="related" type="application/cap+xml" href="cap/1.xml"/></entry>
      <entry><id>e2</id><link href="cap/2.xml"/></entry>
      <entry><id>e3</id></entry>
    </feed>"#;
    let i = cap_atom::parse_index(doc.as_bytes(), "http://h.example/feeds/", &ctx()).unwrap();
    assert_eq!(i.entries.len(), 2);
    assert_eq!(
        i.entries[0].url.as_deref(),
        Some("http://h.example/feeds/cap/1.xml")
    );
    assert_eq!(
        i.entries[1].url.as_deref(),
        Some("http://h.example/feeds/cap/2.xml")
    );
    assert_eq!(i.rejected.len(), 1);
    assert_eq!(i.rejected[0].reason, "no link to a CAP alert");

    let no_base = cap_atom::parse_index(doc.as_bytes(), "", &ctx()).unwrap();
    assert!(no_base.entries.is_empty());
    assert_eq!(
        no_base.rejected[0].reason,
        "cannot resolve link \"cap/1.xml\""
    );

    let err = cap_atom::parse_index(b"<alert/>", "", &ctx()).unwrap_err();
    assert!(err.0.contains("not an Atom or RSS index"), "{err}");
}

#[test]
fn fetched_alerts_and_inline_ones_assemble_together() {
    // What the transport does: parse each linked document, then assemble.
    let mut all = Vec::new();
    for f in [
        "oasis-cap12-A3-earthquake-update-circle.xml",
        "oasis-cap12-A4-amber-alert-en-es.xml",
    ] {
        all.extend(
            cap::parse_alerts(&fixture(&format!("cap/{f}")), &ctx())
                .unwrap()
                .alerts,
        );
    }
    let inline = index("nws-us-cap11-index-feed-2014.atom", "");
    all.extend(inline.entries.into_iter().filter_map(|e| e.inline));
    let p = cap::assemble(all, Vec::new(), &ctx());
    let Payload::Alerts(a) = &p.payload else {
        panic!()
    };
    assert_eq!(a.len(), 4);
    assert_eq!(p.superseded, ["idx:trinet@caltech.edu/TRI13970876.1"]);
}

#[test]
fn a_whole_alert_embedded_in_an_entry_is_used_with_its_own_id() {
    let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id>
      <link href="http://h.example/1.xml"/>
      <content type="application/cap+xml"><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
        <identifier>I1</identifier><sender>s@x</sender><sent>2026-01-01T00:00:00Z</sent>
        <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
        <info><event>Flood</event><severity>Extreme</severity><headline>River flood</headline></info>
      </alert></content></entry></feed>"#;
    let i = cap_atom::parse_index(doc.as_bytes(), "", &ctx()).unwrap();
    let a = i.entries[0].inline.as_ref().unwrap();
    assert_eq!(a.alert.id, "idx:s@x/I1");
    assert_eq!(a.alert.severity, Severity::Critical);
    assert_eq!(a.alert.title, "River flood");
}
