use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 4, 0, 0).unwrap() + Duration::minutes(min)
}

fn hazard<'a>(feed: &'a str, id: &'a str, kind: HazardKind, min: i64, at: (f64, f64)) -> Item<'a> {
    // The category the feeds write for each kind.
    let category = match kind {
        HazardKind::Other => "other",
        k => k.label(),
    };
    Item {
        feed,
        origin: Origin::Hazard,
        source_id: id,
        title: "",
        category,
        kind,
        at: t(min),
        point: Some(at),
        stations: &[],
    }
}

fn stations(ids: &[&str]) -> Vec<StationRef> {
    ids.iter()
        .map(|id| StationRef {
            id: id.to_string(),
            distance_km: None,
        })
        .collect()
}

fn incident<'a>(id: &'a str, min: i64, at: &'a [StationRef]) -> Item<'a> {
    Item {
        feed: "incidents",
        origin: Origin::Incident,
        source_id: id,
        title: "",
        category: "hazard",
        kind: HazardKind::Other,
        at: t(min),
        point: None,
        stations: at,
    }
}

fn grouped(items: &[Item<'_>]) -> Vec<usize> {
    groups(items.len(), &links(items, &Rule::default()))
}

#[test]
fn kinds_come_from_the_category_or_the_title() {
    assert_eq!(
        HazardKind::of("earthquake", "M 6.1"),
        HazardKind::Earthquake
    );
    assert_eq!(
        HazardKind::of("tropical-cyclone", "x"),
        HazardKind::TropicalCyclone
    );
    assert_eq!(
        HazardKind::of("Geo", "Earthquake Alert"),
        HazardKind::Earthquake
    );
    assert_eq!(
        HazardKind::of("Geo", "Tsunami warning after earthquake"),
        HazardKind::Tsunami
    );
    assert_eq!(
        HazardKind::of("Met", "Hurricane Warning"),
        HazardKind::TropicalCyclone
    );
    assert_eq!(HazardKind::of("Fire", "Bush fire"), HazardKind::Wildfire);
    assert_eq!(
        HazardKind::of("quarry-blast", "Quarry Blast"),
        HazardKind::Other
    );
    assert_eq!(HazardKind::of("Met", "Wind"), HazardKind::Other);
}

#[test]
fn one_cap_alert_through_two_feeds_is_one() {
    let items = [
        hazard("cap-a", "sender/ID-1", HazardKind::Other, 0, (1.0, 1.0)),
        hazard("cap-b", "sender/ID-1", HazardKind::Other, 90, (1.0, 1.0)),
        hazard("cap-b", "sender/ID-2", HazardKind::Other, 0, (1.0, 1.0)),
    ];
    let l = links(&items, &Rule::default());
    assert_eq!(
        l,
        vec![Link {
            a: 0,
            b: 1,
            why: Why::SameId
        }]
    );
    assert_eq!(groups(3, &l), vec![0, 0, 2]);
}

#[test]
fn a_quake_and_its_gdacs_entry_are_one_within_window_and_distance() {
    let items = [
        hazard(
            "usgs",
            "us7000abcd",
            HazardKind::Earthquake,
            0,
            (-29.90, -177.90),
        ),
        hazard(
            "gdacs",
            "EQ1-1",
            HazardKind::Earthquake,
            4,
            (-30.00, -178.00),
        ),
    ];
    let l = links(&items, &Rule::default());
    assert_eq!(l.len(), 1);
    match &l[0].why {
        Why::SameEvent { kind, km, minutes } => {
            assert_eq!(*kind, HazardKind::Earthquake);
            assert!(*km > 10.0 && *km < 20.0, "{km}");
            assert_eq!(*minutes, 4);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn too_far_too_late_another_kind_or_the_same_feed_stays_apart() {
    let base = hazard("usgs", "a", HazardKind::Earthquake, 0, (10.0, 10.0));
    let cases = [
        // 2 degrees of latitude: about 222 km.
        hazard("gdacs", "b", HazardKind::Earthquake, 1, (12.0, 10.0)),
        hazard("gdacs", "b", HazardKind::Earthquake, 31, (10.0, 10.0)),
        hazard("gdacs", "b", HazardKind::Flood, 1, (10.0, 10.0)),
        hazard("usgs", "b", HazardKind::Earthquake, 1, (10.0, 10.0)),
        hazard("gdacs", "b", HazardKind::Other, 1, (10.0, 10.0)),
    ];
    for other in cases {
        let items = [base, other];
        assert!(links(&items, &Rule::default()).is_empty(), "{other:?}");
    }
    // A wider rule takes the far one in.
    let far = [
        base,
        hazard("gdacs", "b", HazardKind::Earthquake, 1, (12.0, 10.0)),
    ];
    let wide = Rule {
        window: Duration::hours(1),
        distance_km: 300.0,
    };
    assert_eq!(links(&far, &wide).len(), 1);
}

#[test]
fn another_hazard_is_one_event_only_under_the_same_title() {
    let mut rain_a = hazard("met-a", "1", HazardKind::Other, 0, (30.0, 31.2));
    rain_a.title = "Heavy rain warning for Cairo area";
    let mut rain_b = hazard("met-b", "x", HazardKind::Other, 3, (30.0, 31.2));
    rain_b.title = "HEAVY RAIN WARNING FOR CAIRO AREA";
    let mut heat = hazard("met-b", "y", HazardKind::Other, 3, (30.0, 31.2));
    heat.title = "Heatwave advisory for Cairo";
    assert_eq!(grouped(&[rain_a, rain_b, heat]), vec![0, 0, 2]);
}

#[test]
fn an_aftershock_stays_apart_from_the_main_quakes_pair() {
    // USGS has the main shock and an aftershock; GDACS only the main one.
    let items = [
        hazard("usgs", "main", HazardKind::Earthquake, 0, (10.0, 10.0)),
        hazard("usgs", "after", HazardKind::Earthquake, 20, (10.3, 10.0)),
        hazard("gdacs", "EQ", HazardKind::Earthquake, 2, (10.05, 10.0)),
    ];
    assert_eq!(grouped(&items), vec![0, 1, 0]);
}

#[test]
fn an_incident_joins_the_hazard_at_its_station_nearest_in_time() {
    let kbl = stations(&["KBL"]);
    let her = stations(&["HER"]);
    let mut flood = hazard("gdacs", "FL1", HazardKind::Flood, 0, (1.0, 1.0));
    flood.stations = &kbl;
    let mut quake = hazard("usgs", "q", HazardKind::Earthquake, 20, (1.0, 1.0));
    quake.stations = &kbl;
    let items = [
        flood,
        quake,
        incident("a", 17, &kbl), // nearer the quake (3 min) than the flood (17)
        incident("b", 3, &her),  // another station
        incident("c", 55, &kbl), // 35 min after the quake: too late
    ];
    let l = links(&items, &Rule::default());
    assert_eq!(
        l,
        vec![Link {
            a: 1,
            b: 2,
            why: Why::AtStation {
                station: "KBL".into(),
                minutes: 3
            }
        }]
    );
    assert_eq!(groups(items.len(), &l), vec![0, 1, 1, 3, 4]);
}

#[test]
fn only_an_incident_of_that_hazard_joins_it() {
    let kbl = stations(&["KBL"]);
    let mut flood = hazard("gdacs", "FL1", HazardKind::Flood, 0, (1.0, 1.0));
    flood.stations = &kbl;
    // A robbery at the station ten minutes later is not the flood.
    let mut robbery = incident("r", 10, &kbl);
    robbery.category = "crime";
    robbery.title = "Robbery at the gate";
    // An incident naming another hazard is not the flood either.
    let mut fire = incident("f", 10, &kbl);
    fire.title = "Wildfire reaches the fence";
    fire.kind = HazardKind::of(fire.category, fire.title);
    // One naming the flood is, and so is one naming no hazard.
    let mut water = incident("w", 10, &kbl);
    water.title = "Flood water in the compound";
    water.kind = HazardKind::of(water.category, water.title);
    let mut wall = incident("x", 10, &kbl);
    wall.title = "Wall collapsed";
    assert_eq!(
        grouped(&[flood, robbery, fire, water, wall]),
        vec![0, 1, 2, 0, 0]
    );
}

#[test]
fn an_incident_passes_a_nearer_hazard_of_another_kind_for_its_own() {
    let kbl = stations(&["KBL"]);
    let mut quake = hazard("usgs", "q", HazardKind::Earthquake, 9, (1.0, 1.0));
    quake.stations = &kbl;
    let mut flood = hazard("gdacs", "FL1", HazardKind::Flood, 0, (1.0, 1.0));
    flood.stations = &kbl;
    let mut water = incident("w", 10, &kbl);
    water.title = "Flood water in the compound";
    water.kind = HazardKind::of(water.category, water.title);
    assert_eq!(grouped(&[quake, flood, water]), vec![0, 1, 1]);
}

#[test]
fn two_incidents_at_one_station_are_not_one_event_by_themselves() {
    let kbl = stations(&["KBL"]);
    let items = [incident("a", 0, &kbl), incident("a", 0, &kbl)];
    assert_eq!(grouped(&items), vec![0, 1]);
}

#[test]
fn links_chain_into_one_group_led_by_the_first() {
    let l = [
        Link {
            a: 3,
            b: 1,
            why: Why::SameId,
        },
        Link {
            a: 1,
            b: 2,
            why: Why::SameId,
        },
        // Out of range (a stale link) is ignored.
        Link {
            a: 9,
            b: 0,
            why: Why::SameId,
        },
    ];
    assert_eq!(groups(4, &l), vec![0, 1, 1, 1]);
}

#[test]
fn reasons_read_as_words() {
    let why = Why::SameEvent {
        kind: HazardKind::Earthquake,
        km: 12.4,
        minutes: 3,
    };
    assert_eq!(why.describe(), "earthquake 12 km and 3 min apart");
}
