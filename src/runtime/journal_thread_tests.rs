//! The journal thread while other consoles keep the SQLite journal's lock:
//! the officer's append waits its turn and is recorded once, and what the
//! others record arrives meanwhile. Real threads and a real SQLite file.

use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveTime;
use tokio::sync::mpsc::error::TryRecvError;

use super::{JournalStart, spawn_journal};
use crate::app::Msg;
use crate::domain::event::{Actor, Appended, EventKind};
use crate::domain::watch::{ShiftDef, WatchCycle};
use crate::journal::{Journal, SqliteJournal};
use crate::runtime::JournalCmd;

/// Another console's connection: `cycles` times BEGIN IMMEDIATE, record a
/// watch log entry by carol, hold the lock 300 ms, COMMIT, and again at once.
fn other_console(path: std::path::PathBuf, cycles: u32, taken: std_mpsc::Sender<()>) {
    std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.busy_timeout(Duration::from_secs(30)).unwrap();
        for n in 0..cycles {
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            conn.execute(
                "INSERT INTO events (at, kind, officer, host, payload, id) VALUES \
                 ('2025-06-15T15:00:00.000Z', 'watch_log', 'carol', 'carol-console', \
                 '{\"kind\":\"watch_log\"}', ?1)",
                [format!("carol-{n}")],
            )
            .unwrap();
            if n == 0 {
                let _ = taken.send(());
            }
            std::thread::sleep(Duration::from_millis(300));
            conn.execute_batch("COMMIT").unwrap();
        }
    });
}

#[test]
fn an_append_behind_other_writers_is_recorded_once_and_their_events_arrive_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut journal = SqliteJournal::open(&path, None).unwrap();
    journal
        .set_busy_timeout(Duration::from_millis(200))
        .unwrap();
    let midnight = NaiveTime::from_hms_opt(0, 0, 0).unwrap();
    let day = ShiftDef {
        name: "Day".into(),
        start: midnight,
    };
    let start = JournalStart {
        journal: Box::new(journal),
        cursor: 0,
        seen: None,
        loaded: true,
        actor: Actor {
            officer: "alice".into(),
            host: "alice-console".into(),
        },
        watch: WatchCycle::new(chrono_tz::UTC, midnight, vec![day]).unwrap(),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let cmds = spawn_journal(start, tx);
    // carol keeps the lock for 3 s: fifteen of this handle's waits.
    let (taken_tx, taken) = std_mpsc::channel();
    other_console(path.clone(), 10, taken_tx);
    taken.recv().unwrap();
    cmds.send(JournalCmd::Append {
        request: 7,
        kind: EventKind::WatchLog,
        note: Some("mine".into()),
        system: false,
    })
    .unwrap();
    let started = Instant::now();
    let mut carol_before_answer = 0;
    let answer = loop {
        assert!(started.elapsed() < Duration::from_secs(30), "no answer");
        match rx.try_recv() {
            Ok(Msg::Journal(events)) => {
                carol_before_answer += events.iter().filter(|e| e.officer == "carol").count();
            }
            Ok(Msg::Appended {
                request, result, ..
            }) => break (request, result),
            Ok(_) => {}
            Err(TryRecvError::Empty) => std::thread::sleep(Duration::from_millis(20)),
            Err(TryRecvError::Disconnected) => panic!("the journal thread stopped"),
        }
    };
    assert_eq!(answer.0, 7);
    match answer.1 {
        Ok(Appended::Recorded(e)) => assert_eq!(e.note.as_deref(), Some("mine")),
        other => panic!("not recorded: {other:?}"),
    }
    assert!(
        carol_before_answer > 0,
        "carol's events did not arrive while the append waited"
    );
    drop(cmds);
    let events = SqliteJournal::open_read_only(&path)
        .unwrap()
        .read_since(0, 100)
        .unwrap();
    let mine = events.iter().filter(|e| e.officer == "alice").count();
    assert_eq!(mine, 1, "{events:?}");
}
