//! Unit tests that need the module's insides (pragmas, short lock waits,
//! stored keys). The public behaviour is tested in `tests/journal.rs`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use rusqlite::Connection;

use super::schema::APPLICATION_ID;
use super::sqlite::BUSY_TIMEOUT;
use super::*;
use crate::domain::severity::Severity;

fn path_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("journal.db")
}

fn actor() -> Actor {
    Actor {
        officer: "amara".into(),
        host: "ops-1".into(),
    }
}

fn append(j: &mut SqliteJournal, kind: EventKind) -> Appended {
    let at = Utc.timestamp_opt(1_750_000_000, 0).unwrap();
    j.append(&actor(), at, kind, None).unwrap()
}

fn pragma(conn: &Connection, name: &str) -> String {
    conn.pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(s) => s,
            other => format!("{other:?}"),
        })
        .unwrap()
}

#[test]
fn connection_is_durable_wal() {
    let dir = tempfile::tempdir().unwrap();
    let j = SqliteJournal::open(&path_in(&dir), None).unwrap();
    let conn = j.connection();
    assert_eq!(pragma(conn, "journal_mode"), "wal");
    assert_eq!(pragma(conn, "synchronous"), "2");
    assert_eq!(pragma(conn, "busy_timeout"), "5000");
    assert_eq!(pragma(conn, "user_version"), SCHEMA_VERSION.to_string());
    assert_eq!(pragma(conn, "application_id"), APPLICATION_ID.to_string());
    // Reopening an existing journal keeps all of it.
    drop(j);
    let j = SqliteJournal::open(&path_in(&dir), None).unwrap();
    assert_eq!(pragma(j.connection(), "journal_mode"), "wal");
    assert_eq!(pragma(j.connection(), "synchronous"), "2");
}

fn assert_locked(err: JournalError, path: &Path, started: Instant) {
    assert!(matches!(err, JournalError::Locked { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "waited {:?}",
        started.elapsed()
    );
}

#[test]
fn append_behind_a_lock_held_past_its_deadline_reports_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    drop(SqliteJournal::open(&path, None).unwrap());
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    // WAL readers are not blocked, so opening works; writing cannot.
    let mut j = SqliteJournal::open_with_timeout(&path, None, Duration::from_millis(200)).unwrap();
    j.set_append_deadline(Duration::from_millis(700));
    let started = Instant::now();
    let err = j
        .append(&actor(), Utc::now(), EventKind::WatchLog, None)
        .unwrap_err();
    // Tried again after the first 200 ms wait, until the deadline.
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "gave up after {:?}",
        started.elapsed()
    );
    assert_locked(err, &path, started);
    assert_eq!(
        pragma(j.connection(), "busy_timeout"),
        "200",
        "the handle's own wait is back"
    );
    // Once the lock goes, the same handle records.
    other.execute_batch("COMMIT").unwrap();
    j.set_busy_timeout(BUSY_TIMEOUT).unwrap();
    assert!(matches!(
        append(&mut j, EventKind::WatchLog),
        Appended::Recorded(_)
    ));
}

#[test]
fn open_behind_an_exclusive_lock_reports_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    // A file being created by someone else, in rollback mode, mid-write.
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch("BEGIN EXCLUSIVE; CREATE TABLE scratch (x);")
        .unwrap();
    let started = Instant::now();
    let err = SqliteJournal::open_with_timeout(&path, None, Duration::from_millis(200))
        .err()
        .unwrap();
    assert_locked(err, &path, started);
}

#[test]
fn stores_columns_and_unique_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = SqliteJournal::open(&path_in(&dir), None).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
    let reported_at = Utc.timestamp_opt(1_750_000_000, 5_000_000).unwrap();
    let kinds = [
        EventKind::Raised {
            alert: "cap:a:1".into(),
            severity: Severity::Critical,
            reraise: false,
        },
        EventKind::Acknowledged {
            alert: "cap:a:1".into(),
        },
        EventKind::Raised {
            alert: "cap:a:1".into(),
            severity: Severity::Critical,
            reraise: true,
        },
        EventKind::Resolved {
            alert: "cap:a:1".into(),
        },
        EventKind::Reopened {
            alert: "cap:a:1".into(),
        },
        EventKind::Escalated {
            alert: "cap:a:1".into(),
            step: 2,
            target: "duty-director".into(),
            manual: true,
        },
        EventKind::Handover {
            shift: "Alpha".into(),
            day,
        },
        EventKind::LevelChanged {
            station: "KBL".into(),
            from: 2,
            to: 3,
            reported_at,
        },
        EventKind::Muted {
            station: "KBL".into(),
            until: reported_at,
        },
    ];
    for kind in kinds {
        assert!(matches!(append(&mut j, kind), Appended::Recorded(_)));
    }
    let mut stmt = j
        .connection()
        .prepare("SELECT at, kind, alert, station, unique_key FROM events ORDER BY seq")
        .unwrap();
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].0, "2025-06-15T15:06:40.000Z");
    let keys: Vec<_> = rows.iter().map(|r| r.4.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("raised:cap:a:1"),
            Some("ack:cap:a:1:0"),
            Some("reraise:cap:a:1:2"),
            Some("resolve:cap:a:1:3"),
            Some("reopen:cap:a:1:4"),
            Some("esc:cap:a:1:2"),
            Some("handover:2025-06-15:Alpha"),
            Some("level:KBL:3:2025-06-15T15:06:40.005Z"),
            None,
        ]
    );
    let refs: Vec<_> = rows
        .iter()
        .map(|r| (r.1.as_str(), r.2.as_deref(), r.3.as_deref()))
        .collect();
    assert_eq!(refs[0], ("raised", Some("cap:a:1"), None));
    assert_eq!(refs[8], ("muted", None, Some("KBL")));
}

#[test]
fn ack_of_a_resolved_alert_answers_with_the_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = SqliteJournal::open(&path_in(&dir), None).unwrap();
    let alert = || "x".to_string();
    let Appended::Recorded(done) = append(&mut j, EventKind::Resolved { alert: alert() }) else {
        panic!("resolve refused")
    };
    let got = append(&mut j, EventKind::Acknowledged { alert: alert() });
    assert_eq!(got, Appended::Conflict(done.clone()));
    // Escalation by hand is still recorded after a resolve; the climb is not.
    let auto = EventKind::Escalated {
        alert: alert(),
        step: 1,
        target: "desk".into(),
        manual: false,
    };
    assert_eq!(append(&mut j, auto), Appended::Conflict(done));
}

#[test]
fn reraise_or_reopen_of_an_unknown_alert_is_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = SqliteJournal::open(&path_in(&dir), None).unwrap();
    for kind in [
        EventKind::Raised {
            alert: "u1".into(),
            severity: Severity::Low,
            reraise: true,
        },
        EventKind::Reopened { alert: "u2".into() },
    ] {
        let Appended::Recorded(first) = append(&mut j, kind.clone()) else {
            panic!("refused {kind:?}")
        };
        assert_eq!(append(&mut j, kind), Appended::Conflict(first));
    }
}

#[test]
fn a_raced_unique_key_is_a_unique_violation() {
    let dir = tempfile::tempdir().unwrap();
    let j = SqliteJournal::open(&path_in(&dir), None).unwrap();
    let insert = "INSERT INTO events (at, kind, officer, host, payload, unique_key) \
                  VALUES ('t', 'handover', 'o', 'h', '{}', 'k')";
    j.connection().execute(insert, []).unwrap();
    let err = j.connection().execute(insert, []).unwrap_err();
    assert!(super::sqlite::is_unique_violation(&err), "{err:?}");
}

#[test]
fn kind_names_and_refs() {
    let until = Utc.timestamp_opt(0, 0).unwrap();
    let alert = || "x:1".to_string();
    let station = || "KBL".to_string();
    let kinds = [
        (
            EventKind::Note { alert: alert() },
            "note",
            Some("x:1"),
            None,
        ),
        (EventKind::WatchLog, "watch_log", None, None),
        (
            EventKind::Muted {
                station: station(),
                until,
            },
            "muted",
            None,
            Some("KBL"),
        ),
        (
            EventKind::SurgeStoodDown {
                officer_id: "SO-1".into(),
            },
            "surge_stood_down",
            None,
            None,
        ),
        (
            EventKind::FeedRecovered { feed: "f".into() },
            "feed_recovered",
            None,
            None,
        ),
    ];
    for (kind, name, alert, station) in kinds {
        assert_eq!(
            (kind.name(), kind.alert(), kind.station()),
            (name, alert, station)
        );
    }
}

#[test]
fn handover_and_level_change_recorded_once_across_handles() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = SqliteJournal::open(&path_in(&dir), None).unwrap();
    let mut b = SqliteJournal::open(&path_in(&dir), None).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
    let handover = |shift: &str| EventKind::Handover {
        shift: shift.into(),
        day,
    };
    let level = |to| EventKind::LevelChanged {
        station: "KBL".into(),
        from: 3,
        to,
        reported_at: Utc.timestamp_opt(1_749_999_000, 0).unwrap(),
    };
    for (first, again, other) in [
        (handover("Bravo"), handover("Bravo"), handover("Charlie")),
        (level(4), level(4), level(5)),
    ] {
        let Appended::Recorded(winner) = append(&mut a, first) else {
            panic!("refused")
        };
        assert_eq!(append(&mut b, again), Appended::Conflict(winner));
        assert!(matches!(append(&mut b, other), Appended::Recorded(_)));
    }
    // Everything else is always recorded.
    assert!(matches!(
        append(&mut a, EventKind::WatchLog),
        Appended::Recorded(_)
    ));
    assert!(matches!(
        append(&mut b, EventKind::WatchLog),
        Appended::Recorded(_)
    ));
}
