//! Events the watch records by itself (first sight, automatic escalation,
//! handover, feed outages) stand under the system actor `watchkeeper@HOST`,
//! never under the login of whoever runs the console or daemon, on every
//! backend.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use watchkeeper::journal::EventKind;

use crate::all_events;
use crate::backends::{self, Kind};

/// The shipped config with a critical escalation after a second.
fn fast_config(dir: &std::path::Path) -> std::path::PathBuf {
    let shipped = include_str!("../../config/watchkeeper.toml");
    let start = shipped.find("\n[[escalation]]").unwrap() + 1;
    let end = shipped.find("\n[keys]").unwrap() + 1;
    let fast = "[[escalation]]\nseverity = \"critical\"\n\
                steps = [ { after = \"1s\", to = \"desk-officer\" } ]\n\n";
    let path = dir.join("fast.toml");
    std::fs::write(
        &path,
        format!("{}{fast}{}", &shipped[..start], &shipped[end..]),
    )
    .unwrap();
    path
}

#[test]
fn the_daemon_records_system_events_under_the_system_actor() {
    for b in backends::all() {
        let journal = match b.kind {
            Kind::Memory => continue,
            Kind::Sqlite => b.file().display().to_string(),
            Kind::Postgres => b.url.clone().unwrap(),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
            .env("HOME", b.dir.path())
            .env("XDG_DATA_HOME", b.dir.path().join("data"))
            .arg("--config")
            .arg(fast_config(b.dir.path()))
            .args(["--journal", &journal, "daemon"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let mut reader = None;
        let escalated = |events: &[watchkeeper::journal::Event]| {
            events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Escalated { manual: false, .. }))
        };
        let events = loop {
            assert!(
                started.elapsed() < Duration::from_secs(40),
                "{:?}: no automatic escalation recorded",
                b.kind
            );
            std::thread::sleep(Duration::from_millis(300));
            // The daemon creates the journal; open it once it exists.
            if reader.is_none() && (b.kind == Kind::Postgres || b.file().exists()) {
                reader = Some(b.handle());
            }
            if let Some(r) = reader.as_mut() {
                let events = all_events(r.as_mut());
                if escalated(&events) {
                    break events;
                }
            }
        };
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        assert!(child.wait().unwrap().success());
        let system: Vec<_> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Raised { .. }
                        | EventKind::Escalated { manual: false, .. }
                        | EventKind::FeedFailed { .. }
                        | EventKind::FeedRecovered { .. }
                        | EventKind::Handover { .. }
                        | EventKind::LevelChanged { .. }
                )
            })
            .collect();
        assert!(!system.is_empty());
        for e in system {
            assert_eq!(e.officer, "watchkeeper", "{:?}: {e:?}", b.kind);
            assert!(!e.host.is_empty(), "{e:?}");
        }
    }
}
