//! One conformance suite for every journal backend: in memory, SQLite and
//! PostgreSQL (skipped, and saying so, when no server is available; a
//! failure under `CI=true`). Run the PostgreSQL part with
//! `pg_virtualenv -t -- cargo test --test journal_conformance`.

mod ack_timeout;
mod backends;
mod live;
mod proxy;
mod recovery;
mod storm;
mod system;
mod tls;

use std::sync::{Arc, Barrier};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use watchkeeper::domain::severity::Severity;
use watchkeeper::journal::{Actor, Appended, Event, EventId, EventKind, Journal, JournalError};

use backends::Kind;

pub fn actor(officer: &str) -> Actor {
    Actor {
        officer: officer.into(),
        host: "desk-1".into(),
    }
}

pub fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_790_000_000 + secs, 0).unwrap()
}

pub fn recorded(a: Appended) -> Event {
    match a {
        Appended::Recorded(e) => e,
        other => panic!("expected Recorded, got {other:?}"),
    }
}

pub fn conflict(a: Appended) -> Event {
    match a {
        Appended::Conflict(e) => e,
        other => panic!("expected Conflict, got {other:?}"),
    }
}

pub fn raised(alert: &str) -> EventKind {
    EventKind::Raised {
        alert: alert.into(),
        severity: Severity::High,
        reraise: false,
    }
}

pub fn ack(alert: &str) -> EventKind {
    EventKind::Acknowledged {
        alert: alert.into(),
    }
}

pub fn escalated(alert: &str, step: u32) -> EventKind {
    EventKind::Escalated {
        alert: alert.into(),
        step,
        target: "duty-manager".into(),
        manual: false,
    }
}

pub fn all_events(j: &mut dyn Journal) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    loop {
        let after = out.last().map_or(0, |e| e.seq);
        let batch = j.read_since(after, 1000).unwrap();
        if batch.is_empty() {
            return out;
        }
        out.extend(batch);
    }
}

#[test]
fn first_ack_wins_across_handles() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        recorded(a.append(&actor("sys"), t(0), raised("q-1"), None).unwrap());
        let first = recorded(a.append(&actor("alice"), t(1), ack("q-1"), None).unwrap());
        let loser = conflict(c.append(&actor("bob"), t(2), ack("q-1"), None).unwrap());
        assert_eq!(loser, first, "{:?}", b.kind);
        assert_eq!(loser.officer, "alice", "{:?}", b.kind);
        assert_eq!(all_events(c.as_mut()).len(), 2, "{:?}", b.kind);
    }
}

#[test]
fn one_escalation_per_alert_and_step() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        recorded(a.append(&actor("sys"), t(0), raised("q-2"), None).unwrap());
        let one = recorded(
            a.append(&actor("sys"), t(1), escalated("q-2", 1), None)
                .unwrap(),
        );
        let again = conflict(
            c.append(&actor("sys"), t(2), escalated("q-2", 1), None)
                .unwrap(),
        );
        assert_eq!(again, one, "{:?}", b.kind);
        recorded(
            c.append(&actor("sys"), t(3), escalated("q-2", 2), None)
                .unwrap(),
        );
        // An acknowledged alert is not escalated automatically.
        recorded(a.append(&actor("alice"), t(4), ack("q-2"), None).unwrap());
        let stopped = conflict(
            c.append(&actor("sys"), t(5), escalated("q-2", 3), None)
                .unwrap(),
        );
        assert_eq!(stopped.officer, "alice", "{:?}", b.kind);
    }
}

#[test]
fn a_resolved_alert_is_neither_acknowledged_nor_escalated_until_reopened() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        recorded(a.append(&actor("sys"), t(0), raised("q-9"), None).unwrap());
        let resolved = EventKind::Resolved {
            alert: "q-9".into(),
        };
        let done = recorded(a.append(&actor("alice"), t(1), resolved, None).unwrap());
        // Another console that has not seen the resolution yet.
        assert_eq!(
            conflict(c.append(&actor("bob"), t(2), ack("q-9"), None).unwrap()),
            done,
            "{:?}",
            b.kind
        );
        let manual = EventKind::Escalated {
            alert: "q-9".into(),
            step: 1,
            target: "duty-manager".into(),
            manual: true,
        };
        assert_eq!(
            conflict(c.append(&actor("bob"), t(3), manual, None).unwrap()),
            done,
            "{:?}: a manual escalation of a resolved alert would page people",
            b.kind
        );
        // Reopened by its source, it is new again: acknowledged once more.
        let reopened = EventKind::Reopened {
            alert: "q-9".into(),
        };
        recorded(c.append(&actor("sys"), t(4), reopened, None).unwrap());
        let again = recorded(c.append(&actor("bob"), t(5), ack("q-9"), None).unwrap());
        assert_eq!(again.officer, "bob", "{:?}", b.kind);
    }
}

#[test]
fn one_handover_per_shift_and_day() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let handover = |shift: &str, day| EventKind::Handover {
            shift: shift.into(),
            day,
        };
        let first = recorded(
            a.append(&actor("sys"), t(0), handover("night", day), None)
                .unwrap(),
        );
        let second = conflict(
            c.append(&actor("sys"), t(1), handover("night", day), None)
                .unwrap(),
        );
        assert_eq!(second, first, "{:?}", b.kind);
        recorded(
            c.append(&actor("sys"), t(2), handover("day", day), None)
                .unwrap(),
        );
        let next_day = day.succ_opt().unwrap();
        recorded(
            c.append(&actor("sys"), t(3), handover("night", next_day), None)
                .unwrap(),
        );
    }
}

#[test]
fn a_retry_under_the_same_id_is_recorded_once() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        let id = EventId::new();
        let kind = EventKind::WatchLog;
        let note = Some("quiet night".to_string());
        let first = recorded(
            a.append_with_id(&id, &actor("alice"), t(0), kind.clone(), note.clone())
                .unwrap(),
        );
        // The answer was lost: the same append again, even from another
        // connection and a moment later, is the same event.
        let again = recorded(
            c.append_with_id(&id, &actor("alice"), t(5), kind.clone(), note.clone())
                .unwrap(),
        );
        assert_eq!(again, first, "{:?}", b.kind);
        assert_eq!(c.last_seq().unwrap(), first.seq, "{:?}", b.kind);
        let records = c.records_since(0, 10).unwrap();
        assert_eq!(records.len(), 1, "{:?}", b.kind);
        assert_eq!(records[0].id.as_ref(), Some(&id), "{:?}", b.kind);
        // A different id is a different event.
        let other = recorded(a.append(&actor("alice"), t(6), kind, note).unwrap());
        assert_eq!(other.seq, first.seq + 1, "{:?}", b.kind);
    }
}

/// An append as a client does it: on a busy or unreachable journal, again
/// under the same id (so it is recorded once whatever happened).
fn retrying(j: &mut dyn Journal, who: &Actor, kind: EventKind, note: Option<String>) -> Appended {
    let id = EventId::new();
    for _ in 0..20 {
        match j.append_with_id(&id, who, t(1), kind.clone(), note.clone()) {
            Ok(done) => return done,
            Err(JournalError::Locked { .. } | JournalError::Unavailable { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    panic!("still busy after 20 tries")
}

/// 20 writers append at once, all racing to acknowledge one alert, while a
/// reader tails: every event lands once, seqs run 1..=n with no gap, one
/// ack wins, and the tailing reader sees each event exactly once in order.
#[test]
fn twenty_concurrent_writers_leave_no_gap_and_no_duplicate() {
    const WRITERS: usize = 20;
    const EACH: usize = 15;
    for b in backends::all() {
        let kind = b.kind;
        recorded(
            b.handle()
                .append(&actor("sys"), t(0), raised("q-9"), None)
                .unwrap(),
        );
        let total = 1 + WRITERS * EACH + 1;
        let barrier = Arc::new(Barrier::new(WRITERS + 1));
        let mut reader = b.handle();
        let tail = std::thread::spawn(move || {
            let mut seen: Vec<Event> = Vec::new();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while seen.len() < total && std::time::Instant::now() < deadline {
                let after = seen.last().map_or(0, |e| e.seq);
                for e in reader.read_since(after, 50).unwrap() {
                    assert_eq!(e.seq, seen.len() as i64 + 1, "{kind:?}: tail skipped");
                    seen.push(e);
                }
            }
            seen
        });
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let mut j = b.handle();
            let barrier = Arc::clone(&barrier);
            writers.push(std::thread::spawn(move || {
                barrier.wait();
                let mut acked = 0;
                for i in 0..EACH {
                    let who = actor(&format!("officer-{w}"));
                    let note = Some(format!("{w}/{i}"));
                    recorded(retrying(j.as_mut(), &who, EventKind::WatchLog, note));
                    if i == EACH / 2
                        && let Appended::Recorded(_) = retrying(j.as_mut(), &who, ack("q-9"), None)
                    {
                        acked += 1;
                    }
                }
                acked
            }));
        }
        barrier.wait();
        let acks: usize = writers.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(acks, 1, "{kind:?}: exactly one ack wins");
        let seen = tail.join().unwrap();
        assert_eq!(seen.len(), total, "{kind:?}: the tail saw every event");
        let all = all_events(b.handle().as_mut());
        assert_eq!(all, seen, "{kind:?}");
        let mut notes: Vec<_> = all.iter().filter_map(|e| e.note.clone()).collect();
        notes.sort();
        notes.dedup();
        assert_eq!(
            notes.len(),
            WRITERS * EACH,
            "{kind:?}: none lost, none twice"
        );
    }
}

#[test]
fn the_database_refuses_to_change_a_recorded_event() {
    for b in backends::all() {
        let mut j = b.handle();
        let e = recorded(j.append(&actor("alice"), t(0), ack("q-3"), None).unwrap());
        let attempts = [
            "UPDATE events SET officer = 'mallory'",
            "DELETE FROM events",
        ];
        match b.kind {
            Kind::Memory => continue, // no database: nothing but the journal writes it
            Kind::Sqlite => {
                let conn = rusqlite::Connection::open(b.file()).unwrap();
                for sql in attempts {
                    let err = conn.execute(sql, []).unwrap_err();
                    assert!(err.to_string().contains("append-only"), "{sql}: {err}");
                }
            }
            Kind::Postgres => {
                let url = b.url.as_deref().unwrap();
                for sql in attempts.iter().copied().chain(["TRUNCATE events"]) {
                    let err = backends::admin(url, sql).unwrap_err();
                    let db = err.as_db_error().map(|d| d.message().to_string());
                    assert!(
                        db.as_deref().is_some_and(|m| m.contains("append-only")),
                        "{sql}: {err:?}"
                    );
                }
            }
        }
        assert_eq!(all_events(j.as_mut()), vec![e], "{:?}", b.kind);
    }
}
