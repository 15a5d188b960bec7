//! Crash and fault tests on the built binary: SIGKILL during a burst of
//! acknowledgements from several processes loses nothing that was
//! confirmed; a journal on a read-only or full disk gives a clear error and
//! the console keeps showing the feeds.
//!
//! The read-only and full-disk cases mount a small tmpfs of their own when
//! run as root (permission bits do not stop root); a read-only file is
//! `chmod 0444` otherwise. Where neither works they say so and skip.
//! (SIGHUP and SIGTERM restoring the terminal are in `tests/pty.rs`.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "common/pty.rs"]
mod pty;

use pty::Console;

#[path = "common/bin.rs"]
mod bin;

use bin::binary as cmd;

/// The demo world's alert ids, from `snapshot --json`.
fn alert_ids(home: &Path, journal: &Path) -> Vec<String> {
    let out = cmd(home, journal)
        .args(["snapshot", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn export(home: &Path, journal: &Path) -> Vec<Value> {
    let out = cmd(home, journal)
        .args(["journal", "export"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A small xorshift, seeded from the clock (the seed is printed).
struct Rng(u64);

impl Rng {
    fn from_clock() -> Rng {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("fault test seed: {seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn sigkill_during_a_burst_of_acks_from_several_processes_loses_nothing_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.db");
    let ids = alert_ids(dir.path(), &journal);
    assert!(
        ids.len() >= 8,
        "the demo has alerts to acknowledge: {ids:?}"
    );

    const WORKERS: usize = 4;
    let mut rng = Rng::from_clock();
    // Each worker acknowledges its own share of the alerts, one process per
    // alert; the four processes of a round run at once and each is killed
    // at a random moment (some finish first, some die mid-append).
    let shares: Vec<Vec<String>> = (0..WORKERS)
        .map(|w| ids.iter().skip(w).step_by(WORKERS).cloned().collect())
        .collect();
    let rounds = shares.iter().map(Vec::len).max().unwrap();
    let mut confirmed: Vec<(String, i64)> = Vec::new();
    let (mut killed, mut finished) = (0, 0);
    for round in 0..rounds {
        let mut children = Vec::new();
        for share in &shares {
            let Some(id) = share.get(round) else { continue };
            let child = cmd(dir.path(), &journal)
                .args(["ack", id, "--note", "burst"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            children.push((id.clone(), child, rng.below(400)));
        }
        let start = Instant::now();
        for (id, mut child, kill_after) in children {
            let deadline = Duration::from_millis(kill_after);
            if let Some(left) = deadline.checked_sub(start.elapsed()) {
                std::thread::sleep(left);
            }
            match child.try_wait().unwrap() {
                Some(_) => finished += 1,
                None => {
                    child.kill().unwrap(); // SIGKILL
                    killed += 1;
                }
            }
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            // What a script would take as confirmation: "acknowledged <id>
            // (as <officer>, journal #<seq>)".
            if let Some(line) = stdout
                .lines()
                .find(|l| l.contains(&format!("acknowledged {id}")))
            {
                let seq = line
                    .rsplit_once("journal #")
                    .and_then(|(_, s)| s.trim_end_matches(')').parse().ok())
                    .unwrap_or_else(|| panic!("no journal seq in {line:?}"));
                confirmed.push((id, seq));
            }
        }
    }
    eprintln!(
        "{} processes: {finished} finished before the kill, {killed} killed; {} acks confirmed",
        finished + killed,
        confirmed.len()
    );

    // Every confirmed ack is in the journal, at the seq it was confirmed
    // under, and no alert was acknowledged twice.
    let events = export(dir.path(), &journal);
    let acks: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "acknowledged")
        .collect();
    for (id, seq) in &confirmed {
        assert!(
            acks.iter()
                .any(|e| e["alert"] == id.as_str() && e["seq"] == *seq),
            "ack of {id} confirmed as journal #{seq} but not in the export"
        );
    }
    let mut alerts: Vec<&str> = acks.iter().map(|e| e["alert"].as_str().unwrap()).collect();
    alerts.sort();
    let n = alerts.len();
    alerts.dedup();
    assert_eq!(alerts.len(), n, "an alert acknowledged twice");

    // And the journal is still whole: a new process can append to it.
    let left = ids
        .iter()
        .find(|id| !alerts.contains(&id.as_str()))
        .cloned();
    if let Some(id) = left {
        let out = cmd(dir.path(), &journal)
            .args(["ack", &id])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "after the kills: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A tmpfs of `size` mounted on a fresh directory (root only), unmounted
/// on drop. `None` (with the reason printed) where mounting is not allowed.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        if !is_root() {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "cannot mount a tmpfs: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Some(Tmpfs { dir })
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// A journal that exists but cannot be written: the CLI refuses with a
/// message that names the file and says why; the console opens read-only,
/// says so, and keeps showing the feeds.
#[test]
fn a_journal_on_a_read_only_disk_is_a_clear_error_and_the_console_shows_the_feeds() {
    let home = tempfile::tempdir().unwrap();
    let mount = Tmpfs::mount("4m");
    let (dir, _keep): (PathBuf, Option<tempfile::TempDir>) = match &mount {
        Some(m) => (m.path().to_path_buf(), None),
        None if is_root() => {
            eprintln!("SKIPPED: running as root and no tmpfs can be mounted to make read-only");
            return;
        }
        None => {
            let d = tempfile::tempdir().unwrap();
            (d.path().to_path_buf(), Some(d))
        }
    };
    let journal = dir.join("journal.db");
    let ids = alert_ids(home.path(), &journal);
    let out = cmd(home.path(), &journal)
        .args(["ack", &ids[0]])
        .output()
        .unwrap();
    assert!(out.status.success());

    match &mount {
        Some(m) => assert!(m.remount_read_only(), "remount read-only"),
        None => {
            use std::os::unix::fs::PermissionsExt;
            for p in [&journal, &dir] {
                let mode = if p == &dir { 0o555 } else { 0o444 };
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
            }
        }
    }

    // The CLI: exit 1, the file named, "read-only", what to do.
    let out = cmd(home.path(), &journal)
        .args(["ack", &ids[1]])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&journal.display().to_string()), "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // The history can still be read.
    let events = export(home.path(), &journal);
    assert!(events.iter().any(|e| e["kind"] == "acknowledged"));

    // The console: feeds shown, the read-only notice, actions refused.
    let mut c = Console::start(home.path(), &journal, &[]);
    let t = c.wait_for("feeds 4/4", Duration::from_secs(20));
    assert!(t.contains("read-only"), "no read-only notice:\n{t}");
    c.keys("a");
    std::thread::sleep(Duration::from_millis(300));
    c.wait_for("feeds 4/4", Duration::from_secs(5));

    if mount.is_none() {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755));
    }
}

/// Fills a file until the disk says ENOSPC.
fn fill(dir: &Path) {
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0u8; 64 * 1024];
    loop {
        match f.write_all(&block) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    // Smaller writes take what the big ones left.
    while f.write_all(&[0u8; 512]).is_ok() {}
    let _ = f.sync_all();
}

/// The disk fills while a console runs: an acknowledgement is refused with
/// a clear error, nothing is shown as recorded, and the feeds stay on the
/// screen; the CLI says what happened and exits 1.
#[test]
fn a_journal_on_a_full_disk_is_a_clear_error_and_the_console_shows_the_feeds() {
    let Some(mount) = Tmpfs::mount("4m") else {
        eprintln!("SKIPPED: a full disk is simulated on a tmpfs, which needs root");
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let journal = mount.path().join("journal.db");
    let ids = alert_ids(home.path(), &journal);
    let out = cmd(home.path(), &journal)
        .args(["ack", &ids[0]])
        .output()
        .unwrap();
    assert!(out.status.success());

    let mut c = Console::start(home.path(), &journal, &[]);
    c.wait_for("feeds 4/4", Duration::from_secs(20));
    fill(mount.path());

    // Acknowledge whatever is selected: refused, the console stays up.
    c.keys("a");
    let start = Instant::now();
    let t = loop {
        let t = c.text();
        if t.contains("full") || t.contains("disk") || start.elapsed() > Duration::from_secs(10) {
            break t;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        t.contains("full") || t.contains("disk"),
        "no disk-full error shown:\n{t}"
    );
    assert!(!t.contains("✓ acknowledged"), "shown as recorded:\n{t}");
    c.wait_for("feeds 4/4", Duration::from_secs(5));

    // The CLI on the full disk.
    let out = cmd(home.path(), &journal)
        .args(["ack", &ids[1]])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&journal.display().to_string()), "{err}");
    assert!(err.contains("full") || err.contains("disk"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    drop(c);

    // Room again: the journal is whole and the first ack is there.
    std::fs::remove_file(mount.path().join("filler")).unwrap();
    let events = export(home.path(), &journal);
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "acknowledged" && e["alert"] == ids[0].as_str())
    );
}

/// Found by the SIGKILL burst: a process killed between creating the
/// journal file and writing its schema left an empty file, and every later
/// `ack`, `snapshot` and `journal export` refused it as "not a watchkeeper
/// journal". An empty file is a journal with no events yet.
#[test]
fn an_empty_journal_file_left_by_a_killed_creator_is_a_journal_with_no_events() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.db");
    std::fs::write(&journal, b"").unwrap();

    let out = cmd(dir.path(), &journal)
        .args(["journal", "export"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    let ids = alert_ids(dir.path(), &journal);
    let out = cmd(dir.path(), &journal)
        .args(["ack", &ids[0]])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = export(dir.path(), &journal);
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "acknowledged" && e["alert"] == ids[0].as_str())
    );
}
