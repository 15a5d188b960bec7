//! A PostgreSQL journal that is not there yet, goes quiet, or goes
//! backwards, seen from a real daemon process and from a handle: the
//! process comes up and reads the journal once it answers; a frozen
//! database is noticed within seconds; a journal that lost events it had
//! shown (a standby that missed commits, a restored backup) is said and
//! the state read again.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use watchkeeper::journal::{self, EventKind, OpenOptions, Target};

use crate::backends::{self, admin};
use crate::proxy::{Proxy, free_port, upstream, via};
use crate::{actor, recorded, t};

/// `watchkeeper daemon` on `journal` with no feeds, its log on a channel.
struct Daemon {
    child: Child,
    lines: Receiver<String>,
    log: Vec<String>,
    /// Lines before this were matched by an earlier wait.
    searched: usize,
    _home: tempfile::TempDir,
}

impl Daemon {
    fn start(journal: &str) -> Daemon {
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("empty.toml");
        std::fs::write(&config, "").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
            .env_remove("WATCHKEEPER_CONFIG")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .arg("--config")
            .arg(&config)
            .arg("--journal")
            .arg(journal)
            .arg("daemon")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Daemon {
            child,
            lines,
            log: Vec::new(),
            searched: 0,
            _home: home,
        }
    }

    /// Waits up to `within` for a log line containing `needle`, after the
    /// line the last wait found.
    fn wait_for(&mut self, needle: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let found = self.log[self.searched..]
                .iter()
                .position(|l| l.contains(needle));
            if let Some(i) = found {
                self.searched += i + 1;
                return self.log[self.searched - 1].clone();
            }
            assert!(
                start.elapsed() < within,
                "no {needle:?} logged within {within:?}:\n{}",
                self.log.join("\n")
            );
            if let Ok(l) = self.lines.recv_timeout(Duration::from_millis(100)) {
                self.log.push(l);
            }
            assert!(
                self.child.try_wait().unwrap().is_none(),
                "the daemon ended:\n{}",
                self.log.join("\n")
            );
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn log_events(b: &backends::Backend, n: usize) {
    let mut j = b.handle();
    for i in 0..n {
        recorded(
            j.append(&actor("alice"), t(i as i64), EventKind::WatchLog, None)
                .unwrap(),
        );
    }
}

#[test]
fn a_daemon_started_while_the_database_is_down_reads_the_journal_once_it_answers() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let url = b.url.clone().unwrap();
    log_events(&b, 2);
    let port = free_port();
    let mut daemon = Daemon::start(&via(&url, port));
    let said = daemon.wait_for("journal reconnecting", Duration::from_secs(20));
    assert!(said.contains("Connection refused"), "{said}");
    // The database answers (on the address the daemon was given).
    let _proxy = Proxy::start(port, &upstream(&url));
    let read = daemon.wait_for("up to #2", Duration::from_secs(10));
    assert!(read.contains("journal read"), "{read}");
    daemon.wait_for("journal reconnected", Duration::from_secs(5));
}

#[test]
fn a_read_only_handle_opened_before_the_journal_exists_sees_it_once_created() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let target = b.target();
    let mut reader = journal::open_read_only(&target, &OpenOptions::default()).unwrap();
    assert_eq!(reader.read_since(0, 10).unwrap(), vec![]);
    let mut waiting = journal::open_waiting(&target, &OpenOptions::default(), true).unwrap();
    assert_eq!(waiting.last_seq().unwrap(), 0);
    // Another process creates the journal and records.
    log_events(&b, 1);
    let start = Instant::now();
    for j in [&mut reader, &mut waiting] {
        loop {
            if j.changed().unwrap() && !j.read_since(0, 10).unwrap().is_empty() {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "the new journal is never seen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn a_frozen_database_is_unreachable_within_seconds_and_back_when_it_thaws() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let url = b.url.clone().unwrap();
    log_events(&b, 1);
    let proxy = Proxy::start(free_port(), &upstream(&url));
    let target = Target::Postgres(via(&url, proxy.port));
    let mut j = journal::open(&target, &OpenOptions::default()).unwrap();
    assert!(j.changed().is_ok());
    proxy.freeze();
    let frozen = Instant::now();
    let error = loop {
        match j.changed() {
            Err(e) => break e,
            Ok(_) => std::thread::sleep(Duration::from_millis(200)),
        }
        assert!(frozen.elapsed() < Duration::from_secs(10), "never noticed");
    };
    let took = frozen.elapsed();
    assert!(error.is_unavailable(), "{error}");
    assert!(took < Duration::from_secs(5), "noticed only after {took:?}");
    proxy.thaw();
    let thawed = Instant::now();
    while j.changed().is_err() {
        assert!(thawed.elapsed() < Duration::from_secs(10), "never back");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(j.last_seq().unwrap(), 1);
}

#[test]
fn a_daemon_says_reconnecting_within_seconds_of_the_database_freezing() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let url = b.url.clone().unwrap();
    log_events(&b, 1);
    let proxy = Proxy::start(free_port(), &upstream(&url));
    let mut daemon = Daemon::start(&via(&url, proxy.port));
    daemon.wait_for("journal read up to #1", Duration::from_secs(20));
    // Frozen while idle (its first reads done): noticed by its health
    // question, well before a statement's 10 s timeout.
    std::thread::sleep(Duration::from_secs(2));
    proxy.freeze();
    let line = daemon.wait_for("journal reconnecting", Duration::from_secs(5));
    assert!(line.contains("no answer"), "{line}");
    proxy.thaw();
    daemon.wait_for("journal reconnected", Duration::from_secs(10));
}

/// Rewrites history as only a superuser can (the append-only trigger off
/// for the moment): what a failover to a standby that missed commits, or a
/// restored backup, looks like to a console.
fn rewrite(url: &str, sql: &str) {
    let sql = format!(
        "BEGIN; ALTER TABLE events DISABLE TRIGGER events_append_only; {sql}; \
         ALTER TABLE events ENABLE TRIGGER events_append_only; COMMIT"
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        client.batch_execute(&sql).await.unwrap();
    });
}

#[test]
fn a_journal_that_went_backwards_is_said_and_the_state_read_again() {
    let Some(b) = backends::postgres() else {
        return;
    };
    let url = b.url.clone().unwrap();
    log_events(&b, 3);
    let mut daemon = Daemon::start(&url);
    daemon.wait_for("journal read up to #3", Duration::from_secs(20));
    // Another event under the last number read: not the one it read.
    rewrite(&url, "UPDATE events SET id = 'replaced' WHERE seq = 3");
    admin(&url, "NOTIFY watchkeeper_journal").unwrap();
    let said = daemon.wait_for("state reloaded", Duration::from_secs(10));
    assert!(said.contains("event #3 is not the one it read"), "{said}");
    daemon.wait_for("journal read: 0 events, up to #3", Duration::from_secs(1));
    // Fewer events than it read.
    rewrite(&url, "DELETE FROM events WHERE seq > 1");
    // Caught by the safety poll at the latest (no notification was sent).
    let said = daemon.wait_for("state reloaded", Duration::from_secs(10));
    assert!(said.contains("journal went back from #3 to #1"), "{said}");
    daemon.wait_for("journal read: 0 events, up to #1", Duration::from_secs(1));
}
