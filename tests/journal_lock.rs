//! Two consoles acknowledging a storm's alerts at once on one SQLite
//! journal, while a third writer takes the write lock back to back: every
//! acknowledgement is recorded, once, however long the others kept the lock
//! (SQLite's lock is not fair, so a waiter can lose it for many waits).
//! Real threads and short real waits: this tests SQLite's locking.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use watchkeeper::domain::event::{Actor, Appended, EventKind};
use watchkeeper::domain::severity::Severity;
use watchkeeper::journal::{Journal, SqliteJournal};

/// One try's wait for the lock, shortened from the shipped 5 s so the test
/// is quick; the writer below keeps the lock many times longer.
const TRY_WAIT: Duration = Duration::from_millis(300);

fn actor(officer: &str) -> Actor {
    Actor {
        officer: officer.into(),
        host: format!("{officer}-console"),
    }
}

fn open(path: &Path) -> SqliteJournal {
    let mut j = SqliteJournal::open(path, None).unwrap();
    j.set_busy_timeout(TRY_WAIT).unwrap();
    j
}

fn alert(n: usize) -> String {
    format!("gdacs:EQ{n}")
}

/// Another console's journal connection: `cycles` times BEGIN IMMEDIATE,
/// record a watch log entry, hold the lock `hold`, COMMIT, and again at
/// once. Says on `taken` when it first holds the lock.
fn hog(
    path: PathBuf,
    cycles: u32,
    hold: Duration,
    taken: mpsc::Sender<()>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.busy_timeout(Duration::from_secs(30)).unwrap();
        for n in 0..cycles {
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            conn.execute(
                "INSERT INTO events (at, kind, officer, host, payload, id) VALUES \
                 ('2025-06-15T15:00:00.000Z', 'watch_log', 'carol', 'carol-console', \
                 '{\"kind\":\"watch_log\"}', ?1)",
                [format!("hog-{n}")],
            )
            .unwrap();
            if n == 0 {
                let _ = taken.send(());
            }
            thread::sleep(hold);
            conn.execute_batch("COMMIT").unwrap();
        }
    })
}

#[test]
fn acknowledgements_wait_out_a_writer_that_keeps_the_lock_and_are_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let at = Utc.timestamp_opt(1_750_000_000, 0).unwrap();
    let alerts = 6;
    {
        let mut j = open(&path);
        for n in 0..alerts {
            let raised = EventKind::Raised {
                alert: alert(n),
                severity: Severity::Critical,
                reraise: false,
            };
            assert!(matches!(
                j.append(&actor("feeds"), at, raised, None).unwrap(),
                Appended::Recorded(_)
            ));
        }
    }
    // The writer keeps the lock for 2.4 s: eight times one try's wait.
    let (taken_tx, taken) = mpsc::channel();
    let writer = hog(path.clone(), 8, TRY_WAIT, taken_tx);
    taken.recv().unwrap();
    // alice acknowledges the even alerts, bob the odd ones, side by side.
    let consoles: Vec<_> = ["alice", "bob"]
        .into_iter()
        .enumerate()
        .map(|(half, who)| {
            let path = path.clone();
            thread::spawn(move || {
                let mut j = open(&path);
                let started = Instant::now();
                let mut waited = Duration::ZERO;
                for n in (half..alerts).step_by(2) {
                    let ack = EventKind::Acknowledged { alert: alert(n) };
                    let one = Instant::now();
                    match j.append(&actor(who), at, ack, None) {
                        Ok(Appended::Recorded(_)) => {}
                        other => panic!("{who}'s ack of {} was not recorded: {other:?}", alert(n)),
                    }
                    waited = waited.max(one.elapsed());
                }
                (waited, started.elapsed())
            })
        })
        .collect();
    let waits: Vec<(Duration, Duration)> =
        consoles.into_iter().map(|c| c.join().unwrap()).collect();
    writer.join().unwrap();
    assert!(
        waits.iter().any(|(longest, _)| *longest > TRY_WAIT * 2),
        "no ack waited past one try's wait, so the lock was never contended: {waits:?}"
    );

    let events = open(&path).read_since(0, 1000).unwrap();
    for n in 0..alerts {
        let acks: Vec<_> = events
            .iter()
            .filter(|e| e.kind == EventKind::Acknowledged { alert: alert(n) })
            .collect();
        assert_eq!(acks.len(), 1, "{}: {acks:?}", alert(n));
        let by = if n % 2 == 0 { "alice" } else { "bob" };
        assert_eq!(acks[0].officer, by);
    }
    let others = events
        .iter()
        .filter(|e| e.kind == EventKind::WatchLog && e.officer == "carol")
        .count();
    assert_eq!(others, 8, "the other writer's entries are all there too");
    assert_eq!(events.len(), alerts * 2 + 8, "nothing recorded twice");
}
