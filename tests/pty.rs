//! The real binary in a pseudo-terminal: what an officer's terminal sees.
//! Signals restore the terminal; two consoles on one journal see each
//! other's actions; a console killed mid-run loses nothing it confirmed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "common/pty.rs"]
mod pty;

use pty::Console;

/// The alert id the detail line names (what `a` would acknowledge).
fn selected_id(c: &Console, within: Duration) -> String {
    let start = Instant::now();
    loop {
        let t = c.text();
        let id = t
            .lines()
            .find(|l| l.starts_with("▶ ") && l.contains(" · "))
            .and_then(|l| l.split_whitespace().nth(3))
            .filter(|id| id.contains(':'));
        if let Some(id) = id {
            return id.to_string();
        }
        assert!(start.elapsed() < within, "no alert selected:\n{t}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn home() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.db");
    (dir, journal)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The bytes that leave the alternate screen come after the last frame.
fn assert_restored(console: &Console) {
    let out = console.raw_output();
    let leave = b"\x1b[?1049l";
    let pos = out
        .windows(leave.len())
        .rposition(|w| w == leave)
        .expect("the alternate screen was left");
    let enter = b"\x1b[?1049h";
    let entered = out
        .windows(enter.len())
        .rposition(|w| w == enter)
        .expect("the console entered the alternate screen");
    assert!(pos > entered);
    // Colours and attributes reset before leaving, so the shell prompt is
    // never left coloured (frames leave the pen as their last cell had it).
    let reset = out
        .windows(4)
        .rposition(|w| w == b"\x1b[0m")
        .expect("the pen was reset");
    assert!(
        reset > entered && reset < pos,
        "the pen is reset before leaving"
    );
    assert!(
        contains(&out[pos..], b"\x1b[?25h") || contains(&out[entered..], b"\x1b[?25h"),
        "cursor shown again"
    );
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        let (dir, journal) = home();
        let mut c = Console::start(dir.path(), &journal, &[]);
        c.wait_for("WATCHKEEPER", Duration::from_secs(20));
        c.wait_for("feeds 4/4", Duration::from_secs(20));
        c.signal(sig);
        let status = c.wait_exit(Duration::from_secs(10));
        assert!(status.success(), "signal {sig}: {status:?}");
        assert_restored(&c);
    }
}

/// A panic in a background task (debug builds panic on purpose with
/// `WATCHKEEPER_DEBUG_PANIC`): the terminal is restored, the panic is
/// printed on the restored screen, and the process ends instead of drawing
/// on.
#[test]
fn a_panic_restores_the_terminal_and_ends_the_console() {
    let (dir, journal) = home();
    let env = [("WATCHKEEPER_DEBUG_PANIC", "3")];
    let mut c = Console::start_with_env(dir.path(), &journal, &[], &env);
    c.wait_for("WATCHKEEPER", Duration::from_secs(20));
    let status = c.wait_exit(Duration::from_secs(20));
    assert_eq!(status.exit_code(), 101, "{status:?}");
    assert_restored(&c);
    let out = c.raw_output();
    let left = out.windows(8).rposition(|w| w == b"\x1b[?1049l").unwrap();
    assert!(
        contains(&out[left..], b"a deliberate panic"),
        "the panic is printed after the terminal is restored"
    );
}

#[test]
fn q_quits_and_restores_the_terminal() {
    let (dir, journal) = home();
    let mut c = Console::start(dir.path(), &journal, &[]);
    c.wait_for("feeds 4/4", Duration::from_secs(20));
    c.keys("q");
    assert!(c.wait_exit(Duration::from_secs(10)).success());
    assert_restored(&c);
}

#[test]
fn an_ack_in_one_console_shows_in_another_within_a_second() {
    let (dir, journal) = home();
    let mut a = Console::start(dir.path(), &journal, &[]);
    let mut b = Console::start(dir.path(), &journal, &[]);
    a.wait_for("feeds 4/4", Duration::from_secs(20));
    b.wait_for("feeds 4/4", Duration::from_secs(20));
    let id = selected_id(&a, Duration::from_secs(5));
    a.keys("a");
    a.wait_for(&format!("✓ acknowledged {id}"), Duration::from_secs(5));
    let shown = Instant::now();
    // B shows it acknowledged: open its detail via the command line filter.
    let b_screen = {
        let start = Instant::now();
        loop {
            let t = b.text();
            if t.contains("✓ ACK") {
                break t;
            }
            assert!(
                start.elapsed() < Duration::from_millis(1500),
                "B never showed the ack:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    assert!(
        shown.elapsed() <= Duration::from_millis(1500),
        "seen within a second (plus test slack): {:?}",
        shown.elapsed()
    );
    let who = whoami::fallible::username().unwrap();
    assert!(
        b_screen
            .lines()
            .any(|l| l.contains("✓ ACK") && l.contains(&who)),
        "{b_screen}"
    );
}

#[test]
fn a_console_killed_mid_run_loses_no_confirmed_ack() {
    let (dir, journal) = home();
    let mut c = Console::start(dir.path(), &journal, &[]);
    c.wait_for("feeds 4/4", Duration::from_secs(20));
    let mut confirmed = Vec::new();
    for _ in 0..12 {
        let id = selected_id(&c, Duration::from_secs(5));
        c.keys("a");
        c.wait_for(&format!("✓ acknowledged {id}"), Duration::from_secs(5));
        confirmed.push(id);
        // Wait for the flash to give way to the next selection.
        std::thread::sleep(Duration::from_millis(50));
        c.keys("\x1b");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(confirmed.len() >= 10, "confirmed {confirmed:?}");
    // One more, killed while it may be in flight.
    c.keys("a");
    c.signal(libc::SIGKILL);
    c.wait_exit(Duration::from_secs(10));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_watchkeeper"))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .arg("--journal")
        .arg(&journal)
        .args(["journal", "export"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = String::from_utf8_lossy(&out.stdout);
    for id in &confirmed {
        assert!(
            export
                .lines()
                .any(|l| l.contains("\"kind\":\"acknowledged\"")
                    && l.contains(&format!("\"alert\":\"{id}\""))),
            "{id} was shown as acknowledged but is not in the journal"
        );
    }
}
