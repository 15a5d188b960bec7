//! `watchkeeper daemon` on the built binary: with no console open it raises
//! and escalates by policy, logs what it records, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The shipped config with escalation steps of a second or two.
fn fast_config(dir: &std::path::Path) -> std::path::PathBuf {
    let shipped = include_str!("../config/watchkeeper.toml");
    let start = shipped
        .find("\n[[escalation]]")
        .expect("the shipped config has escalation policies")
        + 1;
    let end = shipped.find("\n[keys]").expect("and a [keys] section") + 1;
    let fast = "[[escalation]]\nseverity = \"critical\"\nsteps = [ { after = \"1s\", to = \"desk-officer\" }, { after = \"2s\", to = \"duty-director\" } ]\n\n";
    let text = format!("{}{}{}", &shipped[..start], fast, &shipped[end..]);
    let path = dir.join("fast.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_daemon_escalates_with_no_console_open_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let config = fast_config(dir.path());
    let journal = dir.path().join("journal.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .arg("--config")
        .arg(&config)
        .arg("--journal")
        .arg(&journal)
        .arg("daemon")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let start = Instant::now();
    let mut log = Vec::new();
    while !log
        .iter()
        .any(|l: &String| l.contains("to step 2 (duty-director)"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no escalation logged:\n{}",
            log.join("\n")
        );
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            log.push(l);
        }
    }
    assert!(log[0].contains("watchkeeper daemon started"), "{}", log[0]);
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    while let Ok(l) = rx.recv_timeout(Duration::from_millis(500)) {
        log.push(l);
    }
    assert!(
        log.last().is_some_and(|l| l.ends_with("stopping")),
        "{}",
        log.join("\n")
    );

    // What it logged is in the journal: each (alert, step) once.
    let out = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .arg("--journal")
        .arg(&journal)
        .args(["journal", "export"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut seen = std::collections::HashSet::new();
    for line in text
        .lines()
        .filter(|l| l.contains("\"kind\":\"escalated\""))
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["manual"], false);
        assert!(
            seen.insert((v["alert"].to_string(), v["step"].to_string())),
            "duplicate: {line}"
        );
    }
    assert!(seen.len() >= 2);
}

/// A panic in one of the daemon's tasks (debug builds panic on purpose with
/// `WATCHKEEPER_DEBUG_PANIC`) ends it with the panic on stderr, so its
/// supervisor sees a failure and restarts it, instead of it running on
/// without the task.
#[test]
fn a_panic_in_a_task_ends_the_daemon() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("WATCHKEEPER_DEBUG_PANIC", "1")
        .arg("--journal")
        .arg(dir.path().join("journal.db"))
        .arg("daemon")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the daemon ran on after its task panicked");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(101), "{stderr}");
    assert!(stderr.contains("a deliberate panic"), "{stderr}");
}
