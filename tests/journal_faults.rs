//! Journal faults are said, not absorbed: a directory given as the
//! journal, a journal left half-made (by a full disk or a kill) finished or
//! read alike by every command, a damaged journal refused for writing with
//! the way to recover, a deleted write-ahead log named.

use std::path::Path;

use watchkeeper::journal::{Actor, EventKind, Journal, JournalError, SqliteJournal};

#[path = "common/home.rs"]
mod home;

use home::{Home, text};

fn actor() -> Actor {
    Actor {
        officer: "alice".into(),
        host: "ops-1".into(),
    }
}

fn export_lines(home: &Home, journal: &Path) -> Vec<String> {
    let out = home
        .cmd_on(journal)
        .args(["journal", "export"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(String::from).collect()
}

#[test]
fn a_directory_given_as_the_journal_says_so() {
    let home = Home::new();
    let dir = home.path().join("journals");
    std::fs::create_dir(&dir).unwrap();
    for args in [
        vec!["log", "shift", "started"],
        vec!["journal", "export"],
        vec!["snapshot"],
    ] {
        let out = home.cmd_on(&dir).args(&args).output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("is a directory, not a file"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("disk I/O error"), "{args:?}: {err}");
    }
}

/// What a creator stopped by a full disk leaves: a SQLite file in WAL mode
/// with no schema yet.
fn half_made(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_half_made_journal_is_finished_or_read_alike_by_every_command() {
    let home = Home::new();
    let journal = home.journal();
    half_made(&journal);
    let out = home.cmd().args(["snapshot", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(export_lines(&home, &journal).is_empty());
    let out = home
        .cmd()
        .args(["ack", "incidents:INC-2026-0412"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = home
        .cmd()
        .args(["log", "after", "the", "ack"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines = export_lines(&home, &journal);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("\"acknowledged\""), "{}", lines[0]);
}

#[test]
fn a_damaged_journal_is_refused_for_writing_with_the_way_to_recover() {
    let home = Home::new();
    let journal = home.journal();
    {
        let mut j = SqliteJournal::open(&journal, None).unwrap();
        for i in 0..400 {
            let note = Some(format!("entry {i} {}", "x".repeat(200)));
            j.append(&actor(), chrono::Utc::now(), EventKind::WatchLog, note)
                .unwrap();
        }
    } // the last handle closed: the log is checkpointed into the file
    let mut bytes = std::fs::read(&journal).unwrap();
    assert!(bytes.len() > 8 * 4096, "several pages: {}", bytes.len());
    // Scribble over the middle of the events table (pages 4 to 6).
    for b in &mut bytes[3 * 4096 + 8..6 * 4096] {
        *b = 0xA5;
    }
    std::fs::write(&journal, &bytes).unwrap();

    let out = home.cmd().args(["log", "one", "more"]).output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains("journal export"), "the way to recover: {err}");
    assert!(err.contains("journal copy"), "{err}");
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        bytes,
        "nothing was written to the damaged journal"
    );
    assert!(matches!(
        SqliteJournal::open_checked(&journal, None),
        Err(JournalError::Damaged { .. })
    ));
}

#[test]
fn a_deleted_write_ahead_log_is_detected_and_named() {
    let home = Home::new();
    let journal = home.journal();
    let mut j = SqliteJournal::open(&journal, None).unwrap();
    j.append(&actor(), chrono::Utc::now(), EventKind::WatchLog, None)
        .unwrap();
    assert!(j.check_wal().is_ok());
    let wal = watchkeeper::journal::faults::wal_path(&journal);
    std::fs::remove_file(&wal).unwrap();
    let err = j.check_wal().expect_err("a deleted -wal is noticed");
    let said = err.to_string();
    assert!(said.contains("write-ahead log"), "{said}");
    assert!(said.contains(&wal.display().to_string()), "{said}");
}

/// A small tmpfs of our own (root only), unmounted on drop; `None` with the
/// reason printed where mounting is not allowed.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!("SKIPPED: cannot mount a tmpfs: {}", text(&out.stderr));
            return None;
        }
        Some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[test]
fn a_journal_cut_short_by_a_full_disk_is_finished_by_the_next_action() {
    let Some(fs) = Tmpfs::mount("1m") else {
        return;
    };
    let dir = fs.0.path();
    let journal = dir.join("journal.db");
    // Leave room for the file's first page but not for its schema.
    let filler = dir.join("filler");
    std::fs::write(&filler, vec![0u8; 1024 * 1024 - 48 * 1024]).unwrap();
    let home = Home::new();
    let out = home
        .cmd_on(&journal)
        .args(["log", "first"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the disk is full");
    assert!(
        text(&out.stderr).contains(&journal.display().to_string()),
        "{}",
        text(&out.stderr)
    );
    let left = std::fs::metadata(&journal).map(|m| m.len()).unwrap_or(0);
    assert!(left > 0, "a header without a schema is left behind");
    std::fs::remove_file(&filler).unwrap();

    // Every command alike: readers see no events, an action finishes it.
    assert!(export_lines(&home, &journal).is_empty());
    let out = home
        .cmd_on(&journal)
        .args(["snapshot", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = home
        .cmd_on(&journal)
        .args(["ack", "incidents:INC-2026-0412"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(export_lines(&home, &journal).len(), 1);
}
