//! Broken pipes and full disks on standard output: `snapshot | head -1`,
//! `journal export | head` end quietly as a closed pipe ends a shell tool
//! (SIGPIPE), a full disk is named, and an action already recorded is
//! reported as recorded even when its confirmation cannot be printed.

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::{Output, Stdio};

#[path = "common/home.rs"]
mod home;

use home::{Home, text};

/// Runs with stdout a pipe whose reader is already gone.
fn closed_stdout(mut c: std::process::Command) -> Output {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `pipe` fills the two descriptors it is given; each is owned
    // exactly once below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe");
    let (reader, writer) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(reader);
    c.stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("run")
}

fn full_stdout(mut c: std::process::Command) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    c.stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("run")
}

fn assert_closed_pipe_exit(out: &Output, what: &str) {
    let err = text(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{what}: {err}"
    );
    assert_eq!(err, "", "{what}: nothing said on stderr");
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGPIPE),
        "{what}: ends as a closed pipe ends a shell tool, got {:?}",
        out.status
    );
}

#[test]
fn snapshot_into_a_closed_pipe_ends_quietly() {
    let home = Home::new();
    let mut c = home.cmd();
    c.arg("snapshot");
    assert_closed_pipe_exit(&closed_stdout(c), "snapshot");
    let mut c = home.cmd();
    c.args(["snapshot", "--json"]);
    assert_closed_pipe_exit(&closed_stdout(c), "snapshot --json");
}

#[test]
fn journal_export_into_a_closed_pipe_ends_quietly_and_to_a_full_disk_says_so() {
    let home = Home::new();
    for i in 0..3 {
        let out = home
            .cmd()
            .args(["log", &format!("entry {i}")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let mut c = home.cmd();
    c.args(["journal", "export"]);
    assert_closed_pipe_exit(&closed_stdout(c), "journal export");

    let mut c = home.cmd();
    c.args(["journal", "export"]);
    let out = full_stdout(c);
    assert_eq!(out.status.code(), Some(1), "a lost export is not a success");
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot write to standard output") && err.contains("No space left"),
        "{err}"
    );
}

#[test]
fn snapshot_to_a_full_disk_is_a_clear_error_not_a_panic() {
    let home = Home::new();
    let mut c = home.cmd();
    c.arg("snapshot");
    let out = full_stdout(c);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("cannot write to standard output"), "{err}");
}

#[test]
fn an_action_recorded_with_stdout_closed_is_reported_as_recorded() {
    let home = Home::new();
    let mut c = home.cmd();
    c.args(["log", "handover", "brief", "given"]);
    let out = closed_stdout(c);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("recorded"),
        "the confirmation goes to stderr: {err}"
    );
    let export = home.cmd().args(["journal", "export"]).output().unwrap();
    assert!(
        text(&export.stdout).contains("handover brief given"),
        "the entry is in the journal"
    );
}
