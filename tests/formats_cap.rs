//! `cap`: every CAP sample in tests/fixtures/cap parses, with what it yields.

mod common;

use common::{at, fixture, fixture_names, hazard_ctx};
use watchkeeper::domain::{Area, Severity, SourceAlert, SourceState};
use watchkeeper::feeds::formats::ParseCtx;
use watchkeeper::feeds::formats::cap::{self, MsgType, Status};
use watchkeeper::feeds::{Parsed, Payload};

/// After every sample was sent (a message sent more than a day ahead of
/// the clock is rejected).
fn ctx(language: &str) -> ParseCtx {
    hazard_ctx("cap", language, at("2026-11-22T00:00:00Z"))
}

fn alerts(p: &Parsed) -> &[SourceAlert] {
    match &p.payload {
        Payload::Alerts(a) => a,
        other => panic!("not alerts: {other:?}"),
    }
}

fn parse_with(file: &str, ctx: &ParseCtx) -> Parsed {
    cap::parse(&fixture(&format!("cap/{file}")), ctx).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn one(file: &str, language: &str) -> SourceAlert {
    let p = parse_with(file, &ctx(language));
    assert!(p.rejected.is_empty(), "{file}: {:?}", p.rejected);
    let a = alerts(&p);
    assert_eq!(a.len(), 1, "{file}");
    a[0].clone()
}

/// Polygon vertex counts and circle radii, in document order.
fn shapes(a: &SourceAlert) -> Vec<String> {
    a.areas
        .iter()
        .map(|s| match s {
            Area::Polygon(v) => format!("polygon {}", v.len()),
            Area::Circle { radius_km, .. } => format!("circle {radius_km}"),
        })
        .collect()
}

/// (file, alerts, severity of the first, title of the first, superseded)
#[rustfmt::skip]
const EXPECTED: &[(&str, usize, Severity, &str, usize)] = {
    use Severity::*;
    &[
        ("australia-bom-thunderstorm.xml", 1, Info, "Severe Thunderstorm Warning for Mid North Coast", 0),
        ("australia-nsw-rfs-edxlde-wrapped-cap.xml", 1, Low, "Other Non-Urgent Alerts — MVA Gwandalan", 0),
        ("australia-nsw-rfs-fire-circle.xml", 1, Low, "Yerong Creek Structure Fire", 0),
        ("canada-eccc-naad-weather-en-fr-polygon.xml", 1, Low, "special weather statement in effect", 0),
        ("canada-eccc-thunderstorm-update-en-fr.xml", 1, Low, "severe thunderstorm watch", 2),
        ("iceland-imo-wind-is-en-polygon.xml", 1, Medium, "Weather Warning: Wind — Southeast gales", 0),
        ("ipaws-montgomery-md-local-area-emergency-embedded-image.xml", 1, Critical, "Alert Montgomery - Police Searching for Suspicious Person", 0),
        ("ipaws-nevada-cancel-signed.xml", 0, Info, "", 1),
        ("mexico-smn-tropical-cyclone-update-polygon.xml", 1, Info, "LA TORMENTA TROPICAL \"VICENTE\" SE LOCALIZA AL SUR DE CHIAPAS", 1),
        ("noaa-wcatwc-tsunami-cancellation-update-circle.xml", 1, Info, "The tsunami Warning is canceled for the coastal areas of British Columbia", 3),
        ("noaa-wcatwc-tsunami-warning-update.xml", 1, Critical, "The tsunami Warning continues in effect for the coastal areas of Alaska", 1),
        ("nws-ipaws-hurricane-warning-update-multipolygon.xml", 1, Critical, "Hurricane Warning issued August 26 at 4:14AM CDT by NWS Lake Charles LA", 8),
        ("oasis-cap12-A1-homeland-security-advisory.xml", 1, High, "Homeland Security Sets Code ORANGE", 0),
        ("oasis-cap12-A2-severe-thunderstorm-polygon.xml", 1, High, "SEVERE THUNDERSTORM WARNING", 0),
        ("oasis-cap12-A2-severe-thunderstorm-polygon-lonlat-swapped.xml", 1, High, "SEVERE THUNDERSTORM WARNING", 0),
        ("oasis-cap12-A3-earthquake-update-circle.xml", 1, Low, "EQ 3.4 Imperial County CA", 1),
        ("oasis-cap12-A4-amber-alert-en-es.xml", 1, High, "Amber Alert in Los Angeles County", 0),
        ("philippines-pagasa-tropical-cyclone-test-polygon.xml", 0, Info, "", 0),
        ("sweden-krisinformation-alert.xml", 1, Info, "Viktigt meddelande till allmänheten i Gävle", 0),
        ("sweden-smhi-alerts-collection.xml", 17, Medium, "alpine weather — Västerbottens län,södra Lapplandsfjällen", 0),
        ("taiwan-wra-reservoir-discharge-zh.xml", 1, Medium, "水庫洩洪 — 明德水庫:洩洪中", 0),
        ("usgs-earthquake-circle-iso8859-1.xml", 1, Info, "EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT", 0),
    ]
};

#[test]
fn every_cap_sample_parses_to_what_it_says() {
    let names = fixture_names("cap");
    let xml: Vec<&String> = names.iter().filter(|n| n.ends_with(".xml")).collect();
    assert_eq!(
        xml.len(),
        EXPECTED.len(),
        "every sample has expectations: {xml:?}"
    );
    for &(file, n, sev, title, superseded) in EXPECTED {
        let p = parse_with(file, &ctx("en"));
        assert!(p.rejected.is_empty(), "{file}: {:?}", p.rejected);
        let a = alerts(&p);
        assert_eq!(a.len(), n, "{file}");
        assert_eq!(p.superseded.len(), superseded, "{file}: {:?}", p.superseded);
        if let Some(first) = a.first() {
            assert_eq!(first.severity, sev, "{file}");
            assert!(first.title.starts_with(title), "{file}: {:?}", first.title);
            assert!(
                first.detail.starts_with("Urgency: "),
                "{file}: {:?}",
                first.detail
            );
            assert!(first.id.starts_with("cap:"), "{file}");
            assert_eq!(first.source, "cap");
            assert!(first.stations.is_empty());
        }
    }
}

#[test]
fn identity_is_sender_and_identifier() {
    let a = one("oasis-cap12-A1-homeland-security-advisory.xml", "en");
    assert_eq!(a.id, "cap:hsas@dhs.gov/43b080713727");
    assert_eq!(a.category, "security");
    assert_eq!(a.reported_at, at("2003-04-02T14:39:01-05:00"));
    assert_eq!(
        a.link.as_deref(),
        Some("http://www.dhs.gov/dhspublic/display?theme=29")
    );
    assert!(a.areas.is_empty() && a.lat.is_none(), "no area, no point");
}

#[test]
fn urgency_certainty_description_instruction_and_geocodes_make_the_detail() {
    let a = one("oasis-cap12-A2-severe-thunderstorm-polygon.xml", "en");
    let lines: Vec<&str> = a.detail.lines().collect();
    assert_eq!(lines[0], "Urgency: Immediate · Certainty: Observed");
    assert!(
        lines[2].starts_with("AT 254 PM PDT...NATIONAL WEATHER SERVICE"),
        "{:?}",
        lines[2]
    );
    assert!(
        a.detail.contains("TAKE COVER IN A SUBSTANTIAL SHELTER"),
        "{}",
        a.detail
    );
    assert!(
        a.detail
            .contains("Area: EXTREME NORTH CENTRAL TUOLUMNE COUNTY"),
        "{}",
        a.detail
    );
    assert!(a.detail.contains("SAME 006109"), "{}", a.detail);
    assert_eq!(shapes(&a), ["polygon 5"]);
    let (lat, lon) = (a.lat.unwrap(), a.lon.unwrap());
    assert!(
        (38.3..38.7).contains(&lat) && (-120.2..-119.7).contains(&lon),
        "{lat},{lon}"
    );
}

#[test]
fn the_info_in_the_console_language_is_chosen() {
    let amber = "oasis-cap12-A4-amber-alert-en-es.xml";
    assert_eq!(one(amber, "en").title, "Amber Alert in Los Angeles County");
    assert_eq!(
        one(amber, "es").title,
        "Alerta Amber en el condado de Los Ángeles"
    );
    assert_eq!(
        one(amber, "fr").title,
        "Amber Alert in Los Angeles County",
        "else the first"
    );
    assert!(
        one(amber, "en")
            .detail
            .contains("Area: Los Angeles County — SAME 006037")
    );

    let canada = "canada-eccc-naad-weather-en-fr-polygon.xml";
    assert_eq!(
        one(canada, "en-CA").title,
        "special weather statement in effect"
    );
    assert_eq!(
        one(canada, "fr").title,
        "bulletin météorologique spécial en vigueur"
    );
    assert_eq!(one(canada, "fr-CA").category, "met");

    let iceland = "iceland-imo-wind-is-en-polygon.xml";
    // A short headline that does not name the event follows it.
    assert_eq!(
        one(iceland, "en").title,
        "Weather Warning: Wind — Southeast gales"
    );
    assert_eq!(
        one(iceland, "is").title,
        "Veðurviðvörun: Vindur — Hvöss suðaustanátt"
    );
    assert_eq!(shapes(&one(iceland, "en")), ["polygon 8"]);
}

#[test]
fn updates_supersede_what_they_reference() {
    let p = parse_with("oasis-cap12-A3-earthquake-update-circle.xml", &ctx("en"));
    assert_eq!(p.superseded, ["cap:trinet@caltech.edu/TRI13970876.1"]);
    let a = &alerts(&p)[0];
    assert_eq!(a.id, "cap:trinet@caltech.edu/TRI13970876.2");
    assert_eq!(a.source_state, SourceState::Open);
    assert_eq!(
        a.areas,
        [Area::Circle {
            lat: 32.9525,
            lon: -115.5527,
            radius_km: 0.0
        }]
    );
    assert_eq!((a.lat, a.lon), (Some(32.9525), Some(-115.5527)));

    let p = parse_with(
        "noaa-wcatwc-tsunami-cancellation-update-circle.xml",
        &ctx("en"),
    );
    assert_eq!(
        p.superseded,
        [
            "cap:wcatwc@noaa.gov/PAAQ-1-mg5a94",
            "cap:wcatwc@noaa.gov/PAAQ-2-mg5a94",
            "cap:wcatwc@noaa.gov/PAAQ-3-mg5a94"
        ]
    );
    assert_eq!(shapes(&alerts(&p)[0]), ["circle 0"]);

    let p = parse_with("canada-eccc-thunderstorm-update-en-fr.xml", &ctx("en"));
    assert_eq!(p.superseded.len(), 2);
    assert_eq!(
        shapes(&alerts(&p)[0]),
        ["polygon 17", "polygon 38"],
        "the en-CA block's two"
    );

    let hurricane = one("nws-ipaws-hurricane-warning-update-multipolygon.xml", "en");
    assert_eq!(
        shapes(&hurricane),
        ["polygon 4", "polygon 69"],
        "two polygons in one area"
    );

    let tsunami = one("noaa-wcatwc-tsunami-warning-update.xml", "en");
    assert!(
        tsunami.detail.contains("— UGC AKZ185, UGC AKZ187"),
        "{}",
        tsunami.detail
    );
    assert!(
        tsunami.areas.is_empty() && tsunami.lat.is_none(),
        "geocodes are only text"
    );
}

#[test]
fn a_cancel_without_info_only_supersedes() {
    let bytes = fixture("cap/ipaws-nevada-cancel-signed.xml");
    let doc = cap::parse_alerts(&bytes, &ctx("en")).unwrap();
    assert_eq!(doc.alerts.len(), 1);
    let c = &doc.alerts[0];
    assert_eq!(c.msg_type, MsgType::Cancel);
    assert_eq!(c.status, Status::Actual);
    assert!(!c.has_info);
    assert_eq!(
        c.identity.identifier,
        "AS-NV-58d33e3a-1f9a-4909-9d59-34e90b33b3e8"
    );
    assert_eq!(c.references.len(), 1);
    assert_eq!(c.references[0].sent, "2019-04-18T12:02:32-06:00");
    assert_eq!(c.alert.source_state, SourceState::Cleared);
    let p = cap::parse(&bytes, &ctx("en")).unwrap();
    assert!(alerts(&p).is_empty());
    assert_eq!(
        p.superseded,
        ["cap:bbrundage@dps.state.nv.us/AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd"]
    );
}

#[test]
fn test_status_is_kept_only_with_include_exercises() {
    let file = "philippines-pagasa-tropical-cyclone-test-polygon.xml";
    let p = parse_with(file, &ctx("en"));
    assert!(
        alerts(&p).is_empty() && p.rejected.is_empty(),
        "dropped, not rejected"
    );
    let mut with = ctx("en");
    with.include_exercises = true;
    let p = parse_with(file, &with);
    assert_eq!(alerts(&p).len(), 1);
    assert_eq!(shapes(&alerts(&p)[0]), ["polygon 7"]);
}

#[test]
fn encodings_wrappers_and_prefixes_are_read() {
    let quake = one("usgs-earthquake-circle-iso8859-1.xml", "en");
    assert!(
        quake.title.contains("Usulután"),
        "ISO-8859-1 decoded: {}",
        quake.title
    );
    assert!(quake.detail.contains("SSW of Usulután"));
    assert_eq!(shapes(&quake), ["circle 0"]);

    let edxl = one("australia-nsw-rfs-edxlde-wrapped-cap.xml", "en");
    assert_eq!(
        edxl.id,
        "cap:webmaster@rfs.nsw.gov.au/2014-05-08T10:31:00-00:00:160068"
    );
    assert_eq!((edxl.lat, edxl.lon), (Some(-33.1347), Some(151.558)));

    let fire = one("australia-nsw-rfs-fire-circle.xml", "en");
    assert_eq!(fire.category, "fire");
    assert_eq!(shapes(&fire), ["circle 25"]);
    assert!(
        fire.detail
            .contains("\nLOCATION: 12 Cox Street, Yerong Creek\n"),
        "<br /> breaks lines: {}",
        fire.detail
    );

    let taiwan = one("taiwan-wra-reservoir-discharge-zh.xml", "en");
    assert!(!taiwan.title.starts_with('\u{feff}'));

    let p = parse_with("sweden-smhi-alerts-collection.xml", &ctx("en"));
    let smhi = alerts(&p);
    assert_eq!(smhi.len(), 17);
    let mut ids: Vec<&str> = smhi.iter().map(|a| a.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 17);
    assert!(
        smhi.iter()
            .all(|a| a.id.starts_with("cap:noreplyvarning@smhi.se/smhi-bpm-"))
    );
    // SMHI's headline is only the county: the title says what, then where;
    // the area the source names is kept (a code here, with no shape).
    let varmland = smhi
        .iter()
        .find(|a| a.title.contains("Värmlands län"))
        .unwrap();
    assert_eq!(varmland.title, "heavy snow SMHI-B — Värmlands län");
    assert_eq!(varmland.area_desc.as_deref(), Some("031"));
    assert!(varmland.lat.is_none() && varmland.areas.is_empty());
}

#[test]
fn with_no_headline_the_title_is_the_event_and_the_area() {
    use watchkeeper::feeds::formats::cap::info::title;
    let s = |t: &str| Some(t.to_string());
    assert_eq!(
        title(None, s("Flood Warning"), Some("Lower Mekong; Tonle Sap")).as_deref(),
        Some("Flood Warning — Lower Mekong; Tonle Sap")
    );
    assert_eq!(
        title(None, s("heavy snow"), Some("031")).as_deref(),
        Some("heavy snow"),
        "an area given only as a code adds nothing"
    );
    assert_eq!(
        title(
            s("Hurricane Warning issued at 4AM"),
            s("Hurricane Warning"),
            None
        )
        .as_deref(),
        Some("Hurricane Warning issued at 4AM")
    );
    assert_eq!(title(None, None, Some("Kabul")), None);
}

#[test]
fn expired_alerts_are_cleared() {
    let file = "oasis-cap12-A2-severe-thunderstorm-polygon.xml";
    let before = hazard_ctx("cap", "en", at("2003-06-17T15:00:00-07:00"));
    let after = hazard_ctx("cap", "en", at("2003-06-17T16:00:01-07:00"));
    assert_eq!(
        alerts(&parse_with(file, &before))[0].source_state,
        SourceState::Open
    );
    assert_eq!(
        alerts(&parse_with(file, &after))[0].source_state,
        SourceState::Cleared
    );
}

#[test]
fn min_severity_drops_quieter_alerts() {
    let mut c = ctx("en");
    c.min_severity = Severity::Medium;
    let p = parse_with("oasis-cap12-A3-earthquake-update-circle.xml", &c);
    assert!(alerts(&p).is_empty());
    assert_eq!(p.superseded.len(), 1, "the update still supersedes");
}
