//! Seeing other writers' events (other handles, other processes), moving
//! a journal with `journal copy`, and a database that goes away.

use std::time::{Duration, Instant};

use assert_cmd::Command;
use watchkeeper::journal::{
    self, EventKind, Journal, JournalError, OpenOptions, SqliteJournal, Target,
};

use crate::backends::{self, Kind};
use crate::{actor, all_events, recorded, t};

/// Waits up to `within` for `j.changed()`, then reads what is new.
fn seen_within(j: &mut dyn Journal, after: i64, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < within {
        if j.changed().unwrap() && !j.read_since(after, 10).unwrap().is_empty() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn another_handles_event_is_seen_within_a_second() {
    for b in backends::all() {
        let (mut writer, mut reader) = (b.handle(), b.handle());
        recorded(
            writer
                .append(&actor("alice"), t(0), EventKind::WatchLog, None)
                .unwrap(),
        );
        while reader.changed().unwrap() {
            let _ = reader.read_since(0, 100).unwrap();
        }
        let last = reader.last_seq().unwrap();
        recorded(
            writer
                .append(&actor("bob"), t(1), EventKind::WatchLog, None)
                .unwrap(),
        );
        let took = seen_within(reader.as_mut(), last, Duration::from_secs(1));
        assert!(took.is_some(), "{:?}: not seen within 1 s", b.kind);
    }
}

fn cli(home: &std::path::Path, journal: &str) -> Command {
    let mut c = Command::cargo_bin("watchkeeper").unwrap();
    c.env_remove("WATCHKEEPER_CONFIG")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .arg("--journal")
        .arg(journal);
    c
}

/// Another process (the CLI) writes; this process sees it.
#[test]
fn another_process_writes_and_this_one_sees_it() {
    for b in backends::all() {
        let journal = match &b.kind {
            Kind::Memory => continue, // lives in one process only
            Kind::Sqlite => b.file().display().to_string(),
            Kind::Postgres => b.url.clone().unwrap(),
        };
        let mut reader = b.handle();
        let _ = reader.changed().unwrap();
        cli(b.dir.path(), &journal)
            .args(["log", "generator", "on", "test"])
            .assert()
            .success();
        let events = all_events(reader.as_mut());
        assert_eq!(events.len(), 1, "{:?}", b.kind);
        assert_eq!(events[0].kind, EventKind::WatchLog);
        assert_eq!(events[0].note.as_deref(), Some("generator on test"));
    }
}

/// `journal copy` moves a SQLite journal into an empty one, event for
/// event (same seq, id, key, time and actor), and refuses a non-empty one.
#[test]
fn journal_copy_moves_every_event_and_refuses_a_non_empty_target() {
    for b in backends::all() {
        if b.kind == Kind::Sqlite {
            continue;
        }
        let source = b.dir.path().join("source.db");
        let mut from = SqliteJournal::open(&source, None).unwrap();
        for (i, kind) in [
            EventKind::WatchLog,
            EventKind::Acknowledged {
                alert: "q-1".into(),
            },
            EventKind::Acknowledged {
                alert: "q-1".into(),
            }, // refused: not copied
            EventKind::Resolved {
                alert: "q-1".into(),
            },
        ]
        .into_iter()
        .enumerate()
        {
            let _ = from
                .append(&actor("alice"), t(i as i64), kind, None)
                .unwrap();
        }
        let want = from.records_since(0, 100).unwrap();
        assert_eq!(want.len(), 3);
        match b.kind {
            Kind::Postgres => {
                let url = b.url.clone().unwrap();
                cli(b.dir.path(), &source.display().to_string())
                    .args(["journal", "copy", "--to", &url])
                    .assert()
                    .success()
                    .stdout(predicates::str::contains("copied 3 events"));
                let out = cli(b.dir.path(), &source.display().to_string())
                    .args(["journal", "copy", "--to", &url])
                    .assert()
                    .failure()
                    .get_output()
                    .stderr
                    .clone();
                let err = String::from_utf8_lossy(&out);
                assert!(err.contains("already holds 3 events"), "{err}");
            }
            _ => {
                let mut into = b.handle();
                journal::copy(&mut from, into.as_mut()).unwrap();
                let again = journal::copy(&mut from, into.as_mut()).unwrap_err();
                assert!(matches!(again, JournalError::NotEmpty { events: 3, .. }));
            }
        }
        let mut into = b.handle();
        assert_eq!(into.records_since(0, 100).unwrap(), want, "{:?}", b.kind);
        // The rules carry on from the copied events: q-1 is resolved.
        let late = into
            .append(
                &actor("bob"),
                t(9),
                EventKind::Acknowledged {
                    alert: "q-1".into(),
                },
                None,
            )
            .unwrap();
        assert!(matches!(late, watchkeeper::journal::Appended::Conflict(_)));
    }
}

/// A database nobody answers at: a clear error of its own kind, naming the
/// journal without its password.
#[test]
fn an_unreachable_database_is_unavailable_and_named_without_its_password() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    }; // closed again: nothing listens there
    let url = format!("postgres://wk:s3cret@127.0.0.1:{port}/watch");
    let err = journal::open(&Target::Postgres(url), &OpenOptions::default())
        .err()
        .unwrap();
    assert!(err.is_unavailable(), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("postgres://wk:***@127.0.0.1:{port}/watch")),
        "{msg}"
    );
    assert!(!msg.contains("s3cret"), "{msg}");
}

/// The server drops the connection (a restart, a failover): the next
/// append reconnects by itself and is recorded once.
#[test]
fn a_dropped_connection_is_reconnected_by_the_next_append() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let url = b.url.clone().unwrap();
    let mut j = b.handle();
    recorded(
        j.append(&actor("alice"), t(0), EventKind::WatchLog, None)
            .unwrap(),
    );
    let db = url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let killed = backends::admin(
        &url,
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{db}' AND pid <> pg_backend_pid()"
        ),
    )
    .unwrap();
    assert!(killed >= 1);
    std::thread::sleep(Duration::from_millis(100));
    let e = recorded(
        j.append(&actor("bob"), t(1), EventKind::WatchLog, None)
            .unwrap(),
    );
    assert_eq!(e.seq, 2);
    assert_eq!(all_events(j.as_mut()).len(), 2);
}
