//! A `file://` feed on a FIFO nobody writes to: the read blocks in the
//! kernel. `check`, `snapshot`, the daemon and the console must still finish (the feed
//! failing with its timeout) and exit.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/home.rs"]
mod home;
#[path = "common/pty.rs"]
mod pty;

use home::{Home, text};

fn fifo_config(home: &Home) -> String {
    let fifo = home.path().join("feed.fifo");
    let c = std::ffi::CString::new(fifo.to_str().expect("utf-8 path")).expect("path");
    // SAFETY: a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    format!(
        "[[feeds]]\nid = \"incidents\"\nkind = \"incidents\"\nformat = \"watchkeeper-json\"\n\
         url = \"file://{}\"\ntimeout = \"1s\"\n",
        fifo.display()
    )
}

/// Waits at most `limit`; a process still running then is killed and the
/// test fails naming `what`.
fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "{what} still running after {limit:?}: {}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run_within(mut c: Command, limit: Duration, what: &str) -> Output {
    let child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    wait_within(child, limit, what)
}

#[test]
fn check_and_snapshot_on_a_fifo_feed_fail_the_feed_and_exit() {
    let home = Home::new();
    let config = fifo_config(&home);
    let mut c = home.with_config(&config);
    c.arg("check");
    let out = run_within(c, Duration::from_secs(15), "check");
    let (o, e) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{o}{e}");
    assert!(
        o.contains("incidents") && o.contains("timed out after 1s"),
        "{o}"
    );

    let mut c = home.with_config(&config);
    c.args(["snapshot", "--json"]);
    let out = run_within(c, Duration::from_secs(15), "snapshot");
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["feeds"][0]["id"], "incidents");
    assert_eq!(v["feeds"][0]["ok"], false);
}

#[test]
fn the_daemon_on_a_fifo_feed_stops_on_sigterm() {
    let home = Home::new();
    let config = fifo_config(&home);
    let mut c = home.with_config(&config);
    let child = c
        .arg("daemon")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Long enough for a poll to time out and the next to find the read stuck.
    std::thread::sleep(Duration::from_millis(2500));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = wait_within(child, Duration::from_secs(10), "daemon after SIGTERM");
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        text(&out.stderr)
    );
}

#[test]
fn the_console_on_a_fifo_feed_quits_on_q() {
    let home = Home::new();
    let config = home.write("config.toml", &fifo_config(&home));
    let config = config.to_str().expect("utf-8 path");
    let mut c = pty::Console::start(home.path(), &home.journal(), &["--config", config]);
    // The poll times out (failing), the next finds the read still stuck.
    c.wait_for("feeds 0/1", Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(2500));
    c.keys("q");
    assert!(c.wait_exit(Duration::from_secs(10)).success());
}
