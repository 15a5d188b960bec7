//! Files on disk: creation and modes, permission errors, and a writer
//! killed mid-append (all through the public API).

use std::io::{BufRead, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::{TimeZone, Utc};

use super::*;

fn open(path: &Path) -> SqliteJournal {
    SqliteJournal::open(path, None).unwrap()
}

fn watch_log(j: &mut SqliteJournal, officer: &str) -> Event {
    let actor = Actor {
        officer: officer.into(),
        host: "ops-1".into(),
    };
    let at = Utc.timestamp_opt(1_750_000_000, 0).unwrap();
    match j.append(&actor, at, EventKind::WatchLog, None).unwrap() {
        Appended::Recorded(e) => e,
        Appended::Conflict(e) => panic!("watch log refused: {e:?}"),
    }
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn assert_names_path(err: &JournalError, path: &Path) {
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn creates_parent_dirs_with_the_given_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/journal.db");
    let mut j = SqliteJournal::open(&path, Some(0o660)).unwrap();
    watch_log(&mut j, "amara");
    // The umask does not narrow it, and SQLite's side files follow it.
    assert_eq!(mode_of(&path), 0o660);
    assert_eq!(mode_of(&dir.path().join("a/b/journal.db-wal")), 0o660);
    drop(j);
    // An existing file keeps its mode.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    drop(SqliteJournal::open(&path, Some(0o666)).unwrap());
    assert_eq!(mode_of(&path), 0o600);
}

#[test]
fn unwritable_places_get_a_clear_error() {
    if unsafe { libc::geteuid() } == 0 {
        return; // root ignores permissions
    }
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("ro");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    for path in [locked.join("journal.db"), locked.join("sub/journal.db")] {
        let err = SqliteJournal::open(&path, None).err().unwrap();
        assert!(matches!(err, JournalError::Io { .. }), "{err:?}");
        assert_names_path(&err, &path);
    }

    let file = dir.path().join("journal.db");
    drop(open(&file));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = SqliteJournal::open(&file, None).err().unwrap();
    assert!(matches!(err, JournalError::ReadOnly { .. }), "{err:?}");
    assert_names_path(&err, &file);
    // Reading is still possible.
    let mut ro = SqliteJournal::open_read_only(&file).unwrap();
    assert_eq!(ro.last_seq().unwrap(), 0);
}

const CHILD_ENV: &str = "WATCHKEEPER_TEST_JOURNAL_CHILD";

#[test]
fn recorded_events_survive_a_killed_writer() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        // The child: append as fast as it can, saying which seq is recorded.
        let mut j = open(Path::new(&path));
        let mut out = std::io::stdout();
        for _ in 0..100_000 {
            let e = watch_log(&mut j, "child");
            writeln!(out, "recorded {}", e.seq).unwrap();
            out.flush().unwrap();
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    drop(open(&path));
    let name = "journal::file_tests::recorded_events_survive_a_killed_writer";
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture"])
        .env(CHILD_ENV, &path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        if let Some(seq) = line.unwrap().strip_prefix("recorded ") {
            seen.push(seq.parse::<i64>().unwrap());
            if seen.len() == 100 {
                child.kill().unwrap(); // SIGKILL, most likely mid-transaction
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(seen.len(), 100);
    // Everything the child was told is recorded is there, and nothing is
    // stuck: a new handle reads and writes at once.
    let mut j = open(&path);
    let seqs: Vec<i64> = j
        .read_since(0, 1_000_000)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert!(seen.iter().all(|s| seqs.contains(s)));
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    watch_log(&mut j, "after");
}

#[test]
fn consoles_starting_together_create_one_journal() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("new/journal-{round}.db"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    watch_log(&mut open(&path), "starter").seq
                })
            })
            .collect();
        let mut seqs: Vec<i64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=8).collect::<Vec<_>>());
    }
}
