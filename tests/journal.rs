//! The journal through its public API, on real SQLite files.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Barrier;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use watchkeeper::domain::event::{Actor, Appended, Event, EventKind};
use watchkeeper::domain::severity::Severity;
use watchkeeper::journal::{Journal, JournalError, SqliteJournal};

fn actor(officer: &str) -> Actor {
    Actor {
        officer: officer.to_string(),
        host: format!("{officer}-console"),
    }
}

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_750_000_000 + secs, 0).unwrap()
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("journal.db")
}

fn open(path: &Path) -> SqliteJournal {
    SqliteJournal::open(path, None).unwrap()
}

fn append(j: &mut SqliteJournal, who: &str, secs: i64, kind: EventKind) -> Appended {
    j.append(&actor(who), t(secs), kind, None).unwrap()
}

fn recorded(a: Appended) -> Event {
    match a {
        Appended::Recorded(e) => e,
        Appended::Conflict(e) => panic!("expected Recorded, got Conflict({e:?})"),
    }
}

fn conflict(a: Appended) -> Event {
    match a {
        Appended::Conflict(e) => e,
        Appended::Recorded(e) => panic!("expected Conflict, got Recorded({e:?})"),
    }
}

fn raised(alert: &str, reraise: bool) -> EventKind {
    EventKind::Raised {
        alert: alert.into(),
        severity: Severity::High,
        reraise,
    }
}
fn ack(alert: &str) -> EventKind {
    EventKind::Acknowledged {
        alert: alert.into(),
    }
}
fn resolve(alert: &str) -> EventKind {
    EventKind::Resolved {
        alert: alert.into(),
    }
}
fn reopen(alert: &str) -> EventKind {
    EventKind::Reopened {
        alert: alert.into(),
    }
}
fn esc(alert: &str, step: u32, manual: bool) -> EventKind {
    EventKind::Escalated {
        alert: alert.into(),
        step,
        target: "desk-officer".into(),
        manual,
    }
}

fn every_kind() -> Vec<EventKind> {
    let day = NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
    vec![
        raised("gdacs:EQ1", false),
        ack("gdacs:EQ1"),
        raised("gdacs:EQ1", true),
        esc("gdacs:EQ1", 1, false),
        resolve("gdacs:EQ1"),
        reopen("gdacs:EQ1"),
        EventKind::Snoozed {
            alert: "gdacs:EQ1".into(),
            until: t(3600),
        },
        EventKind::Muted {
            station: "KBL".into(),
            until: t(7200),
        },
        EventKind::Note {
            alert: "gdacs:EQ1".into(),
        },
        EventKind::WatchLog,
        EventKind::Handover {
            shift: "Alpha".into(),
            day,
        },
        EventKind::SurgeTasked {
            officer_id: "SO-7".into(),
            station: "MNL".into(),
        },
        EventKind::SurgeStoodDown {
            officer_id: "SO-7".into(),
        },
        EventKind::LevelChanged {
            station: "KBL".into(),
            from: 3,
            to: 4,
            reported_at: t(-60),
        },
        EventKind::FeedFailed {
            feed: "demo:hazards".into(),
            error: "timeout".into(),
        },
        EventKind::FeedRecovered {
            feed: "demo:hazards".into(),
        },
    ]
}

#[test]
fn every_kind_round_trips_and_reads_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = open(&db(&dir));
    assert_eq!(j.last_seq().unwrap(), 0);
    let mut written = Vec::new();
    for (i, kind) in every_kind().into_iter().enumerate() {
        // Sub-millisecond precision is dropped on the way in.
        let at = t(i as i64) + chrono::Duration::microseconds(1_234);
        let note = (i % 2 == 0).then(|| format!("note {i}: verbatim \u{1b}[31m ünï"));
        let event = recorded(
            j.append(&actor("amara"), at, kind.clone(), note.clone())
                .unwrap(),
        );
        assert_eq!((event.kind.clone(), event.note.clone()), (kind, note));
        assert_eq!(event.at, t(i as i64) + chrono::Duration::milliseconds(1));
        written.push(event);
    }
    let read = open(&db(&dir)).read_since(0, 1000).unwrap();
    assert_eq!(read, written);
    assert!(read.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(j.last_seq().unwrap(), written.last().unwrap().seq);
    let page = j.read_since(written[3].seq, 2).unwrap();
    assert_eq!(page, written[4..6].to_vec());
    let last = j.last_seq().unwrap();
    assert!(j.read_since(last, 10).unwrap().is_empty());
    assert!(j.read_since(0, 0).unwrap().is_empty());
}

#[test]
fn json_line_shape() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = open(&db(&dir));
    let kind = esc("usgs:us7000", 2, true);
    let e = recorded(
        j.append(&actor("li"), t(5), kind, Some("called \"desk\"".into()))
            .unwrap(),
    );
    let line = e.to_json_line();
    assert!(!line.contains('\n'));
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["seq"], e.seq);
    assert_eq!(v["at"], "2025-06-15T15:06:45.000Z");
    assert_eq!(
        (v["officer"].as_str(), v["host"].as_str()),
        (Some("li"), Some("li-console"))
    );
    assert_eq!(v["kind"], "escalated");
    assert_eq!(v["alert"], "usgs:us7000");
    assert_eq!(
        (v["step"].as_u64(), v["manual"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(v["target"], "desk-officer");
    assert_eq!(v["note"], "called \"desk\"");
    assert!(line.starts_with("{\"seq\":"));

    let e = recorded(append(&mut j, "li", 6, EventKind::WatchLog));
    let v: serde_json::Value = serde_json::from_str(&e.to_json_line()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 6, "{keys:?}");
    assert!(v["note"].is_null());
    assert_eq!(v["kind"], "watch_log");
}

#[test]
fn a_heartbeat_exports_its_login_once_and_heartbeats_stored_before_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut j = open(&path);
    let beat = |login: &str, closing| EventKind::Heartbeat {
        officer: login.into(),
        desk: Some("europe".into()),
        closing,
    };
    let e = recorded(append(&mut j, "watchkeeper", 1, beat("alice", false)));
    let line = e.to_json_line();
    // One `officer` key (the system actor that recorded it), the console's
    // login under its own key: no duplicate key for a reader to guess at.
    assert_eq!(line.matches("\"officer\":").count(), 1, "{line}");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["officer"], "watchkeeper", "{line}");
    assert_eq!(v["login"], "alice", "{line}");
    assert_eq!(v["desk"], "europe", "{line}");

    // A heartbeat stored before the rename, its payload key `officer`, as a
    // journal (SQLite text or PostgreSQL jsonb) written then holds it.
    let old = r#"{"kind":"heartbeat","officer":"bob","desk":null,"closing":true}"#;
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "INSERT INTO events (at, kind, officer, host, payload, id) \
         VALUES ('2025-06-15T15:06:50.000Z', 'heartbeat', 'watchkeeper', 'desk-2', ?1, 'old-beat')",
        [old],
    )
    .unwrap();
    let stored: String = raw
        .query_row("SELECT payload FROM events WHERE seq = ?1", [e.seq], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.contains("\"login\":\"alice\""), "{stored}");
    drop(raw);
    let read = open(&path).read_since(0, 10).unwrap();
    assert_eq!(read.len(), 2, "{read:?}");
    assert_eq!(read[0].kind, beat("alice", false));
    assert_eq!(
        read[1].kind,
        EventKind::Heartbeat {
            officer: "bob".into(),
            desk: None,
            closing: true,
        }
    );
    let line = read[1].to_json_line();
    assert_eq!(line.matches("\"officer\":").count(), 1, "{line}");
    assert!(line.contains("\"login\":\"bob\""), "{line}");
    let from_jsonb: EventKind = serde_json::from_value(serde_json::from_str(old).unwrap()).unwrap();
    assert_eq!(from_jsonb, read[1].kind);
}

#[test]
fn first_ack_wins_across_two_handles() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (open(&db(&dir)), open(&db(&dir)));
    recorded(append(&mut a, "daemon", 0, raised("cap:1", false)));
    let first = recorded(append(&mut a, "amara", 10, ack("cap:1")));
    let winner = conflict(append(&mut b, "bruno", 11, ack("cap:1")));
    assert_eq!(winner, first);
    assert_eq!((winner.officer.as_str(), winner.at), ("amara", t(10)));
    assert_eq!(a.read_since(0, 10).unwrap().len(), 2);
    // Resolving is still possible, once.
    let done = recorded(append(&mut b, "bruno", 12, resolve("cap:1")));
    assert_eq!(
        conflict(append(&mut a, "amara", 13, resolve("cap:1"))),
        done
    );
    assert_eq!(conflict(append(&mut a, "amara", 13, ack("cap:1"))), done);
}

#[test]
fn reraise_after_ack_opens_a_new_epoch_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (open(&db(&dir)), open(&db(&dir)));
    let first = recorded(append(&mut a, "d", 0, raised("x", false)));
    assert_eq!(conflict(append(&mut b, "d", 1, raised("x", false))), first);
    // No ack yet: nothing to re-raise.
    assert_eq!(conflict(append(&mut a, "d", 1, raised("x", true))), first);
    recorded(append(&mut a, "amara", 2, ack("x")));
    let again = recorded(append(&mut a, "d", 3, raised("x", true)));
    // A second console seeing the same severity raise: one re-raise.
    assert_eq!(conflict(append(&mut b, "d", 3, raised("x", true))), again);
    let ack2 = recorded(append(&mut b, "bruno", 4, ack("x")));
    assert_eq!(conflict(append(&mut a, "amara", 5, ack("x"))), ack2);
    recorded(append(&mut a, "d", 6, raised("x", true)));
}

#[test]
fn reopen_after_resolve_then_ack_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = open(&db(&dir));
    let first = recorded(append(&mut j, "d", 0, raised("y", false)));
    assert_eq!(conflict(append(&mut j, "d", 1, reopen("y"))), first);
    recorded(append(&mut j, "amara", 1, ack("y")));
    let res = recorded(append(&mut j, "amara", 2, resolve("y")));
    assert_eq!(conflict(append(&mut j, "d", 3, raised("y", true))), res);
    let re = recorded(append(&mut j, "d", 3, reopen("y")));
    assert_eq!(conflict(append(&mut j, "d", 4, reopen("y"))), re);
    recorded(append(&mut j, "bruno", 5, ack("y")));
    recorded(append(&mut j, "bruno", 6, resolve("y")));
    recorded(append(&mut j, "d", 7, reopen("y")));
}

#[test]
fn auto_escalation_stops_at_ack_manual_goes_on_steps_unique() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (open(&db(&dir)), open(&db(&dir)));
    recorded(append(&mut a, "d", 0, raised("z", false)));
    let step1 = recorded(append(&mut a, "daemon", 300, esc("z", 1, false)));
    assert_eq!(
        conflict(append(&mut b, "console", 301, esc("z", 1, false))),
        step1
    );
    assert_eq!(
        conflict(append(&mut b, "bruno", 301, esc("z", 1, true))),
        step1
    );
    let the_ack = recorded(append(&mut b, "bruno", 400, ack("z")));
    assert_eq!(
        conflict(append(&mut a, "daemon", 900, esc("z", 2, false))),
        the_ack
    );
    recorded(append(&mut a, "amara", 901, esc("z", 2, true)));
    // After a re-raise the climb may resume, but never repeats a step.
    recorded(append(&mut a, "d", 950, raised("z", true)));
    conflict(append(&mut a, "daemon", 960, esc("z", 2, false)));
    recorded(append(&mut a, "daemon", 970, esc("z", 3, false)));
}

#[test]
fn concurrent_handles_record_one_ack_per_alert() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    open(&path);
    let threads = 6;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|n| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut j = open(&path);
                let who = format!("officer{n}");
                barrier.wait();
                let mut won = 0;
                for i in 0..50 {
                    let alert = format!("feed:{}", (i + n * 7) % 50);
                    if let Appended::Recorded(_) = append(&mut j, &who, i as i64, ack(&alert)) {
                        won += 1;
                    }
                }
                won
            })
        })
        .collect();
    let won: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(won, 50);
    let events = open(&path).read_since(0, 10_000).unwrap();
    let mut alerts: Vec<&str> = events.iter().filter_map(|e| e.kind.alert()).collect();
    alerts.sort_unstable();
    alerts.dedup();
    assert_eq!((events.len(), alerts.len()), (50, 50));
}

#[test]
fn other_handles_see_an_append_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (open(&db(&dir)), open(&db(&dir)));
    assert!(!b.changed().unwrap());
    let e = recorded(append(&mut a, "amara", 0, EventKind::WatchLog));
    assert!(b.changed().unwrap());
    assert!(!b.changed().unwrap());
    assert_eq!(b.read_since(0, 10).unwrap(), vec![e.clone()]);
    let mut reader = SqliteJournal::open_read_only(&db(&dir)).unwrap();
    assert!(!reader.changed().unwrap());
    let e2 = recorded(append(&mut b, "bruno", 1, EventKind::WatchLog));
    assert!(reader.changed().unwrap());
    assert_eq!(reader.read_since(e.seq, 10).unwrap(), vec![e2]);
}

fn assert_names_path(err: &JournalError, path: &Path) {
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn refuses_files_that_are_not_journals() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "shift notes, not a database\n".repeat(50)).unwrap();
    let err = SqliteJournal::open(&text, None).err().unwrap();
    assert!(matches!(err, JournalError::NotAJournal { .. }), "{err:?}");
    assert_names_path(&err, &text);
    assert!(matches!(
        SqliteJournal::open_read_only(&text),
        Err(JournalError::NotAJournal { .. })
    ));

    let foreign = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
        .unwrap();
    drop(conn);
    let err = SqliteJournal::open(&foreign, None).err().unwrap();
    assert!(matches!(err, JournalError::NotAJournal { .. }), "{err:?}");
    assert_names_path(&err, &foreign);
}

#[test]
fn refuses_a_newer_schema_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(open(&path));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 7;").unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    for err in [
        SqliteJournal::open(&path, None).err(),
        SqliteJournal::open_read_only(&path).err(),
    ] {
        let err = err.unwrap();
        assert!(
            matches!(
                err,
                JournalError::NewerSchema {
                    found: 7,
                    supported: watchkeeper::journal::SCHEMA_VERSION,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_names_path(&err, &path);
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn read_only_open_never_creates_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("journal.db");
    let err = SqliteJournal::open_read_only(&path).err().unwrap();
    assert!(matches!(err, JournalError::Open { .. }), "{err:?}");
    assert_names_path(&err, &path);
    assert!(!path.parent().unwrap().exists());

    drop(open(&path));
    let mut ro = SqliteJournal::open_read_only(&path).unwrap();
    let err = ro
        .append(&actor("a"), t(0), EventKind::WatchLog, None)
        .err()
        .unwrap();
    assert!(matches!(err, JournalError::ReadOnly { .. }), "{err:?}");
    assert_names_path(&err, &path);
}

#[test]
fn the_database_refuses_to_change_or_delete_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut j = open(&path);
    let e = recorded(j.append(&actor("alice"), t(0), ack("a-1"), None).unwrap());
    drop(j);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE events SET officer = 'mallory'",
        "DELETE FROM events",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let mut j = open(&path);
    assert_eq!(j.read_since(0, 10).unwrap(), vec![e]);
}
