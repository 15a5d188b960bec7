//! The worlds the reports describe: the fixture feeds plus journal events
//! of known shifts.

use chrono::{DateTime, Duration, TimeZone, Utc};
use watchkeeper::config::FeedKind;
use watchkeeper::domain::Severity;
use watchkeeper::domain::event::{Event, EventKind};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::state::Model;

use crate::common::*;

pub const HOSTILE_TITLE: &str =
    "| pwned | # Heading **x** `y` <script>alert(1)</script> [click](http://evil.example) _z_";

pub fn utc(d: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, m, s).unwrap()
}

pub fn ev(
    seq: i64,
    at: DateTime<Utc>,
    officer: &str,
    kind: EventKind,
    note: Option<&str>,
) -> Event {
    Event {
        seq,
        at,
        officer: officer.into(),
        host: "ops-1".into(),
        kind,
        note: note.map(String::from),
    }
}

pub fn alert(id: &str) -> String {
    format!("incidents:INC-2026-{id}")
}

pub fn ack(id: &str) -> EventKind {
    EventKind::Acknowledged { alert: alert(id) }
}

pub fn escalated(id: &str, step: u32, target: &str, manual: bool) -> EventKind {
    EventKind::Escalated {
        alert: alert(id),
        step,
        target: target.into(),
        manual,
    }
}

pub fn raised(id: &str, severity: Severity) -> EventKind {
    EventKind::Raised {
        alert: alert(id),
        severity,
        reraise: false,
    }
}

pub fn level(station: &str, from: u8, to: u8, at: DateTime<Utc>) -> EventKind {
    EventKind::LevelChanged {
        station: station.into(),
        from,
        to,
        reported_at: at,
    }
}

pub fn failed(feed: &str, error: &str) -> EventKind {
    EventKind::FeedFailed {
        feed: feed.into(),
        error: error.into(),
    }
}

pub fn recovered(feed: &str) -> EventKind {
    EventKind::FeedRecovered { feed: feed.into() }
}

/// The fixture world plus one incident with a hostile title, the roster
/// feed failing now, and the Bravo shift's journal.
pub fn bravo_model() -> Model {
    let mut m = model();
    let hostile = format!(
        r#"{{"id":"INC-2026-0666","station":"KBL","severity":"high","category":"crime","title":{},"reported_at":"2026-11-22T20:30:00Z","updated_at":"2026-11-22T20:30:00Z","status":"open"}},"#,
        serde_json::Value::from(HOSTILE_TITLE)
    );
    let body = INCIDENTS.replacen("\"incidents\":[", &format!("\"incidents\":[\n{hostile}"), 1);
    m.apply_feed(update("incidents", FeedKind::Incidents, &body));
    m.apply_feed(FeedUpdate {
        feed: "roster".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(40),
        outcome: FeedOutcome::Failed("HTTP 502 Bad Gateway".into()),
    });
    let d = 22;
    let events = vec![
        // Before the shift: shows in the alert's state, not in the actions.
        ev(
            1,
            utc(d, 13, 30, 0),
            "alice",
            ack("0388"),
            Some("Noted by Alpha"),
        ),
        ev(2, utc(d, 14, 10, 0), "bob", recovered("hazards"), None),
        ev(
            3,
            utc(d, 14, 25, 0),
            "bob",
            level("KBL", 4, 5, utc(d, 14, 20, 0)),
            None,
        ),
        ev(
            4,
            utc(d, 15, 5, 0),
            "alice",
            ack("0391"),
            Some("Route avoided by staff"),
        ),
        ev(
            5,
            utc(d, 15, 30, 0),
            "carol",
            failed("incidents", "HTTP 503 Service Unavailable"),
            None,
        ),
        ev(
            6,
            utc(d, 15, 30, 20),
            "dave",
            failed("incidents", "operation timed out"),
            None,
        ),
        ev(7, utc(d, 15, 45, 0), "carol", recovered("incidents"), None),
        ev(8, utc(d, 15, 45, 40), "dave", recovered("incidents"), None),
        ev(
            9,
            utc(d, 16, 0, 0),
            "alice",
            EventKind::SurgeTasked {
                officer_id: "SO-001".into(),
                station: "KBL".into(),
            },
            Some("Reinforce the Kabul SMT"),
        ),
        ev(
            10,
            utc(d, 16, 45, 0),
            "alice",
            EventKind::Note {
                alert: alert("0395"),
            },
            Some("WHO briefing at 18:00"),
        ),
        ev(
            11,
            utc(d, 17, 0, 0),
            "alice",
            EventKind::Muted {
                station: "JUB".into(),
                until: utc(d, 23, 0, 0),
            },
            Some("Planned evacuation drill"),
        ),
        ev(
            12,
            utc(d, 17, 21, 0),
            "bob",
            raised("0385", Severity::High),
            None,
        ),
        ev(
            13,
            utc(d, 17, 36, 0),
            "bob",
            escalated("0385", 1, "desk-officer", false),
            None,
        ),
        ev(
            14,
            utc(d, 17, 40, 0),
            "alice",
            ack("0385"),
            Some("Baghdad FSO confirms a drill, no threat"),
        ),
        ev(
            15,
            utc(d, 18, 15, 0),
            "alice",
            EventKind::Resolved {
                alert: alert("0398"),
            },
            Some("Road reopened"),
        ),
        ev(
            16,
            utc(d, 18, 50, 0),
            "alice",
            EventKind::Snoozed {
                alert: alert("0401"),
                until: utc(d, 21, 30, 0),
            },
            Some("Check again after the march"),
        ),
        ev(
            17,
            utc(d, 19, 0, 0),
            "alice",
            EventKind::WatchLog,
            Some("Shift briefing with the Geneva desk complete"),
        ),
        ev(
            18,
            utc(d, 19, 35, 0),
            "alice",
            escalated("0405", 1, "desk-officer", true),
            Some("Roadblock on the evacuation route"),
        ),
        ev(
            19,
            utc(d, 19, 40, 0),
            "alice",
            EventKind::SurgeStoodDown {
                officer_id: "SO-001".into(),
            },
            Some("Kabul SMT withdrew the request"),
        ),
        ev(
            20,
            utc(d, 20, 0, 0),
            "bob",
            level("NBO", 2, 3, utc(d, 19, 58, 0)),
            None,
        ),
        ev(
            21,
            utc(d, 20, 5, 0),
            "bob",
            level("GVA", 2, 1, utc(d, 20, 1, 0)),
            None,
        ),
        ev(
            22,
            utc(d, 20, 30, 0),
            "dave",
            failed("roster", "HTTP 502 Bad Gateway"),
            None,
        ),
        ev(
            23,
            utc(d, 20, 40, 0),
            "alice",
            EventKind::Resolved {
                alert: alert("0380"),
            },
            Some("Highway cleared"),
        ),
        ev(
            24,
            utc(d, 20, 45, 0),
            "bob",
            EventKind::Reopened {
                alert: alert("0380"),
            },
            None,
        ),
        ev(
            25,
            utc(d, 20, 50, 0),
            "bob",
            EventKind::Raised {
                alert: alert("0401"),
                severity: Severity::Critical,
                reraise: true,
            },
            None,
        ),
        ev(
            26,
            utc(d, 20, 52, 0),
            "bob",
            raised("0412", Severity::Critical),
            None,
        ),
        ev(
            27,
            utc(d, 20, 57, 0),
            "bob",
            escalated("0412", 1, "desk-officer", false),
            None,
        ),
        ev(
            28,
            utc(d, 20, 58, 0),
            "alice",
            EventKind::WatchLog,
            Some(
                "| broken | table\n# Injected heading **bold** `code` <b>x</b> [link](http://evil.example)",
            ),
        ),
        // Still tasked at the handover.
        ev(
            29,
            utc(d, 20, 59, 0),
            "alice",
            EventKind::SurgeTasked {
                officer_id: "SO-004".into(),
                station: "BEY".into(),
            },
            Some("Cover the march"),
        ),
        // Snoozed past the next shift: counted, not listed.
        ev(
            30,
            utc(d, 20, 59, 30),
            "alice",
            EventKind::Snoozed {
                alert: alert("0391"),
                until: utc(d + 2, 12, 0, 0),
            },
            Some("March postponed"),
        ),
        // At `now` exactly: in.
        ev(
            31,
            now(),
            "alice",
            EventKind::Note {
                alert: alert("0666"),
            },
            Some("* not a list"),
        ),
        // From a console whose clock runs fast: after `now`, not yet reported.
        ev(
            32,
            now() + Duration::minutes(5),
            "erin",
            EventKind::WatchLog,
            Some("from the future"),
        ),
    ];
    m.apply_journal(events);
    m
}
