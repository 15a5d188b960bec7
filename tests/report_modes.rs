//! Reports keep the watch's group: the reports directory and every report
//! are created with the journal's `mode` (a directory with search bits where
//! it is readable), whatever the umask, never wider than the journal.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use watchkeeper::domain::watch::ShiftInstance;
use watchkeeper::report::write_report_with_mode;

#[path = "common/home.rs"]
mod home;

use home::{Home, text};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

fn shift() -> ShiftInstance {
    ShiftInstance {
        name: "Alpha".into(),
        index: 0,
        starts: Utc.with_ymd_and_hms(2026, 11, 22, 6, 0, 0).unwrap(),
        ends: Utc.with_ymd_and_hms(2026, 11, 22, 14, 0, 0).unwrap(),
        day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    }
}

#[test]
fn the_reports_directory_and_reports_take_the_journal_mode_whatever_the_umask() {
    // SAFETY: umask only sets this process's file-creation mask.
    let old = unsafe { libc::umask(0o000) };
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("watch/reports");
    let path = write_report_with_mode(&reports, &shift(), "# Alpha\n", Some(0o640)).unwrap();
    assert_eq!(
        mode(&path),
        0o640,
        "a report is never wider than the journal"
    );
    assert_eq!(mode(&reports), 0o750, "the directory: x where r");
    // Rewriting keeps the mode.
    let again = write_report_with_mode(&reports, &shift(), "# Alpha 2\n", Some(0o640)).unwrap();
    assert_eq!(mode(&again), 0o640);

    // SAFETY: as above.
    unsafe { libc::umask(0o077) };
    let narrow = dir.path().join("group/reports");
    let path = write_report_with_mode(&narrow, &shift(), "# Alpha\n", Some(0o660)).unwrap();
    assert_eq!(
        mode(&path),
        0o660,
        "the group can read it despite the umask"
    );
    assert_eq!(mode(&narrow), 0o770);
    // SAFETY: as above.
    unsafe { libc::umask(old) };
}

#[test]
fn handover_out_takes_the_journal_mode() {
    let home = Home::new();
    let out = home.path().join("handover.md");
    let config = "[journal]\nmode = \"0640\"\n\n[[feeds]]\nid = \"stations\"\nkind = \"stations\"\nformat = \"watchkeeper-json\"\nurl = \"demo:stations\"\n";
    let mut c = home.with_config(config);
    let done = c
        .arg("handover")
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert_eq!(mode(&out), 0o640, "{}", text(&done.stdout));
}
