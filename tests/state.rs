//! The merged model: feed merges and journal events as an officer would
//! notice them. Time is injected; nothing sleeps.

mod common;

use chrono::Duration;
use common::*;
use watchkeeper::config::FeedKind;
use watchkeeper::domain::event::EventKind;
use watchkeeper::domain::{AlertState, Severity};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};

fn incidents(json: &str) -> FeedUpdate {
    update(
        "incidents",
        FeedKind::Incidents,
        &format!("{{\"incidents\":[{json}]}}"),
    )
}

fn at(mut u: FeedUpdate, minutes: i64) -> FeedUpdate {
    u.fetched_at = now() + Duration::minutes(minutes);
    u
}

const KBL_HIGH: &str = r#"{"id":"X-1","station":"KBL","severity":"high","title":"Convoy stopped","reported_at":"2026-11-22T20:00:00Z","updated_at":"2026-11-22T20:00:00Z"}"#;
const KBL_CRIT: &str = r#"{"id":"X-1","station":"KBL","severity":"critical","title":"Convoy attacked","reported_at":"2026-11-22T20:00:00Z","updated_at":"2026-11-22T21:05:00Z"}"#;

#[test]
fn an_unchanged_repoll_changes_nothing() {
    let mut m = model();
    let rev = m.revision;
    let c = m.apply_feed(update("incidents", FeedKind::Incidents, INCIDENTS));
    assert!(!c.changed, "same items again: no merge, no redraw");
    assert_eq!(m.revision, rev);
    let c = m.apply_feed(FeedUpdate {
        feed: "incidents".into(),
        fetched_at: now(),
        latency: std::time::Duration::ZERO,
        outcome: FeedOutcome::Unchanged,
    });
    assert!(!c.changed);
}

#[test]
fn a_repoll_that_changes_one_field_of_one_item_is_merged() {
    use watchkeeper::domain::{Area, SourceAlert};
    use watchkeeper::feeds::{Parsed, Payload};
    let poll = |items: Vec<SourceAlert>| FeedUpdate {
        feed: "hazards".into(),
        fetched_at: now(),
        latency: std::time::Duration::ZERO,
        outcome: FeedOutcome::Data(Parsed::new(Payload::Alerts(items), Vec::new())),
    };
    let mut items = match update("incidents", FeedKind::Incidents, INCIDENTS).outcome {
        FeedOutcome::Data(Parsed {
            payload: Payload::Alerts(a),
            ..
        }) => a,
        other => panic!("{other:?}"),
    };
    items.truncate(3);
    items[2].areas = vec![
        Area::Circle {
            lat: 34.5,
            lon: 69.2,
            radius_km: 10.0,
        },
        Area::Polygon(vec![(34.0, 69.0), (35.0, 69.0), (35.0, 70.0)]),
    ];
    let mut m = model();
    assert!(m.apply_feed(poll(items.clone())).changed);
    assert!(!m.apply_feed(poll(items.clone())).changed, "the same items");
    let changes: [fn(&mut Vec<SourceAlert>); 5] = [
        |v| v[0].detail.push('.'),
        |v| v[1].lat = Some(1.0),
        |v| v[2].areas[1] = Area::Polygon(vec![(34.0, 69.0), (35.0, 69.5), (35.0, 70.0)]),
        |v| {
            v[2].areas[0] = Area::Circle {
                lat: 34.5,
                lon: 69.2,
                radius_km: 11.0,
            }
        },
        |v| v[1].source_state = watchkeeper::domain::SourceState::Cleared,
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut next = items.clone();
        change(&mut next);
        assert!(m.apply_feed(poll(next)).changed, "change {i} is merged");
        assert!(m.apply_feed(poll(items.clone())).changed, "and back ({i})");
    }
}

#[test]
fn first_sight_at_or_above_the_policy_threshold_is_journaled_as_raised() {
    let c = {
        let mut m = model();
        m.apply_feed(incidents(&format!(
            "{KBL_HIGH},{}",
            r#"{"id":"X-2","station":"KBL","severity":"low","title":"Minor"}"#
        )))
    };
    let raised: Vec<_> = c
        .system
        .iter()
        .filter_map(|k| match k {
            EventKind::Raised {
                alert,
                reraise: false,
                ..
            } => Some(alert.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        raised,
        ["incidents:X-1"],
        "low is below the lowest policy severity (high)"
    );
}

#[test]
fn a_system_event_is_asked_for_once_until_forgotten() {
    let mut m = model();
    let raised = |c: &watchkeeper::state::Changes| {
        c.system
            .iter()
            .filter(|k| matches!(k, EventKind::Raised { alert, .. } if alert == "incidents:X-1"))
            .count()
    };
    let c = m.apply_feed(incidents(KBL_HIGH));
    assert_eq!(raised(&c), 1);
    let retitled = KBL_HIGH.replace("Convoy stopped", "Convoy stopped again");
    let c = m.apply_feed(incidents(&retitled));
    assert!(c.changed);
    assert_eq!(raised(&c), 0, "asked already, no answer yet");
    // The journal failed to record it: asked again on the next change.
    m.forget_request(&EventKind::Raised {
        alert: "incidents:X-1".into(),
        severity: Severity::High,
        reraise: false,
    });
    assert_eq!(raised(&m.apply_feed(incidents(KBL_HIGH))), 1);
    assert_eq!(raised(&m.apply_feed(incidents(&retitled))), 0);
}

#[test]
fn an_alert_that_vanishes_is_cleared_then_retired_after_clear_after() {
    let mut m = model();
    m.apply_feed(incidents(KBL_HIGH));
    m.apply_feed(at(
        incidents(r#"{"id":"X-9","station":"GVA","severity":"info","title":"Other"}"#),
        10,
    ));
    let e = m.alerts.get("incidents:X-1").unwrap();
    assert_eq!(e.cleared_at, Some(now() + Duration::minutes(10)));
    let st = m.status(e, now() + Duration::minutes(30));
    assert!(
        st.cleared && st.visible(),
        "cleared alerts stay visible, dimmed"
    );
    let st = m.status(e, now() + Duration::minutes(71));
    assert!(
        st.retired && !st.visible(),
        "and retire after clear_after (1h)"
    );
}

#[test]
fn a_severity_rise_after_an_ack_re_raises_the_alert() {
    let mut m = model();
    m.apply_feed(incidents(KBL_HIGH));
    m.apply_journal(vec![event(
        1,
        "bob",
        0,
        EventKind::Acknowledged {
            alert: "incidents:X-1".into(),
        },
        None,
    )]);
    let c = m.apply_feed(at(incidents(KBL_CRIT), 5));
    assert!(c.system.contains(&EventKind::Raised {
        alert: "incidents:X-1".into(),
        severity: Severity::Critical,
        reraise: true
    }));
    m.apply_journal(vec![event(
        2,
        "system",
        -5,
        EventKind::Raised {
            alert: "incidents:X-1".into(),
            severity: Severity::Critical,
            reraise: true,
        },
        None,
    )]);
    let j = m.journal.alert("incidents:X-1").unwrap();
    assert_eq!(
        j.state(),
        AlertState::New,
        "new again; the earlier ack stays in the timeline"
    );
    assert_eq!(j.timeline.len(), 2);
}

#[test]
fn a_new_source_item_after_resolve_re_opens_it() {
    let mut m = model();
    m.apply_feed(incidents(KBL_HIGH));
    m.apply_journal(vec![event(
        1,
        "bob",
        0,
        EventKind::Resolved {
            alert: "incidents:X-1".into(),
        },
        None,
    )]);
    // The same item again: stays resolved.
    let c = m.apply_feed(at(incidents(r#"{"id":"X-1","station":"KBL","severity":"high","title":"Convoy stopped again","reported_at":"2026-11-22T20:00:00Z","updated_at":"2026-11-22T20:30:00Z"}"#), 1));
    assert!(
        !c.system
            .iter()
            .any(|k| matches!(k, EventKind::Reopened { .. }))
    );
    // A newer report under the same id: re-opened.
    let c = m.apply_feed(at(incidents(KBL_CRIT), 6));
    assert!(c.system.contains(&EventKind::Reopened {
        alert: "incidents:X-1".into()
    }));
}

#[test]
fn hazards_are_geo_matched_nearest_first_or_kept_out_of_the_alerts() {
    let mut m = model();
    // Between Beirut and Amman, nearer Beirut; and one in the South Atlantic.
    let body = r#"{"incidents":[
        {"id":"HZ-1","severity":"high","category":"hazard","title":"M6.0 earthquake","lat":33.5,"lon":35.8},
        {"id":"HZ-2","severity":"high","category":"hazard","title":"M5.0 earthquake, South Atlantic","lat":-40.0,"lon":-20.0}]}"#;
    m.apply_feed(update("hazards", FeedKind::Hazards, body));
    let e = m
        .alerts
        .get("hazards:HZ-1")
        .expect("matched hazard is an alert");
    let ids: Vec<&str> = e.alert.stations.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["BEY", "AMM"]);
    let d: Vec<f64> = e
        .alert
        .stations
        .iter()
        .map(|s| s.distance_km.unwrap())
        .collect();
    assert!(d[0] < d[1] && d[1] <= 300.0);
    assert!(
        m.alerts.get("hazards:HZ-2").is_none(),
        "near no station: no alert"
    );
    assert_eq!(
        m.feed("hazards").unwrap().unmatched.len(),
        1,
        "but visible in the feeds view"
    );
}

#[test]
fn a_level_change_is_journaled_once_and_gives_the_trend() {
    let mut m = model();
    let raised = STATIONS.replace(r#""id":"NBO","name":"Nairobi","country":"KE","region":"africa","lat":-1.29,"lon":36.82,"timezone":"Africa/Nairobi","security_level":3"#, r#""id":"NBO","name":"Nairobi","country":"KE","region":"africa","lat":-1.29,"lon":36.82,"timezone":"Africa/Nairobi","security_level":4"#);
    assert_ne!(raised, STATIONS);
    let c = m.apply_feed(update("stations", FeedKind::Stations, &raised));
    let changes: Vec<_> = c
        .system
        .iter()
        .filter(|k| matches!(k, EventKind::LevelChanged { .. }))
        .collect();
    assert_eq!(changes.len(), 1);
    assert!(
        matches!(changes[0], EventKind::LevelChanged { station, from: 3, to: 4, .. } if station == "NBO")
    );
    m.apply_journal(vec![event(1, "system", 0, changes[0].clone(), None)]);
    use watchkeeper::domain::station::Trend;
    assert_eq!(m.journal.trend("NBO", 4, now()), Trend::Raised);
    assert_eq!(
        m.journal.trend("NBO", 4, now() + Duration::hours(73)),
        Trend::None,
        "72 hours later the trend is gone"
    );
}

#[test]
fn a_muted_station_marks_its_alerts() {
    let mut m = model();
    m.apply_journal(vec![event(
        1,
        "bob",
        0,
        EventKind::Muted {
            station: "KBL".into(),
            until: now() + Duration::hours(2),
        },
        Some("planned drill"),
    )]);
    let e = m.alerts.get("incidents:INC-2026-0412").unwrap();
    assert!(m.status(e, now()).muted);
    assert!(
        !m.status(e, now() + Duration::hours(3)).muted,
        "the mute expires by itself"
    );
}

#[test]
fn a_bad_item_is_skipped_and_counted_the_rest_load() {
    let mut m = model();
    m.apply_feed(incidents(&format!(
        "{KBL_HIGH},{}",
        r#"{"station":"KBL","severity":"high","title":"no id"}"#
    )));
    let f = m.feed("incidents").unwrap();
    assert_eq!((f.items, f.rejected), (1, 1));
    assert_eq!(
        f.rejected_summary.as_deref(),
        Some("1 item rejected: missing id")
    );
    assert!(m.alerts.get("incidents:X-1").is_some());
}

#[test]
fn a_failed_poll_keeps_the_previous_data() {
    let mut m = model();
    let before = m.alerts.len();
    m.apply_feed(FeedUpdate {
        feed: "incidents".into(),
        fetched_at: now(),
        latency: std::time::Duration::ZERO,
        outcome: FeedOutcome::Failed("HTTP 500".into()),
    });
    assert_eq!(m.alerts.len(), before);
    let f = m.feed("incidents").unwrap();
    assert_eq!(f.status(now()), watchkeeper::state::FeedStatus::Failing);
    assert_eq!(f.error.as_deref(), Some("HTTP 500"));
}

#[test]
fn an_outage_and_its_end_are_journaled_once_each() {
    let mut m = model();
    let fail = |m: &mut watchkeeper::state::Model| {
        m.apply_feed(FeedUpdate {
            feed: "incidents".into(),
            fetched_at: now(),
            latency: std::time::Duration::ZERO,
            outcome: FeedOutcome::Failed("HTTP 503".into()),
        })
    };
    let c = fail(&mut m);
    assert_eq!(
        c.system,
        vec![EventKind::FeedFailed {
            feed: "incidents".into(),
            error: "HTTP 503".into()
        }]
    );
    assert!(
        fail(&mut m).system.is_empty(),
        "still failing: nothing new to record"
    );
    let c = m.apply_feed(FeedUpdate {
        feed: "incidents".into(),
        fetched_at: now(),
        latency: std::time::Duration::ZERO,
        outcome: FeedOutcome::Unchanged,
    });
    assert_eq!(
        c.system,
        vec![EventKind::FeedRecovered {
            feed: "incidents".into()
        }]
    );
}

#[test]
fn hazards_seen_before_the_stations_match_once_they_arrive_and_nothing_else_clears() {
    let cfg = builtin();
    let mut m = watchkeeper::state::Model::new(
        cfg.risk.clone(),
        Duration::hours(1),
        None,
        &cfg.feeds,
        now(),
    );
    let body = r#"{"incidents":[
        {"id":"HZ-1","severity":"high","category":"hazard","title":"M6.0 earthquake","lat":33.5,"lon":35.8},
        {"id":"HZ-2","station":"KBL","severity":"medium","category":"hazard","title":"Flood, named station"}]}"#;
    m.apply_feed(update("hazards", FeedKind::Hazards, body));
    assert!(
        m.alerts.get("hazards:HZ-1").is_none(),
        "no stations yet: nothing to match"
    );
    assert_eq!(m.feed("hazards").unwrap().unmatched.len(), 1);
    m.apply_feed(update("stations", FeedKind::Stations, STATIONS));
    let e = m
        .alerts
        .get("hazards:HZ-1")
        .expect("matched once the stations arrived");
    assert_eq!(e.alert.stations[0].id, "BEY");
    assert!(m.feed("hazards").unwrap().unmatched.is_empty());
    assert!(
        !m.alerts.get("hazards:HZ-2").unwrap().cleared(),
        "the feed's other alerts stay as they were"
    );
    // The same poll again is unchanged.
    assert!(
        !m.apply_feed(update("hazards", FeedKind::Hazards, body))
            .changed
    );
}
