//! Handover reports compared to expected Markdown (tests/fixtures/handover/):
//! a shift with known actions, a shift that wraps midnight in a non-UTC
//! watch, an empty shift; the report's safety against hostile text; writing
//! it atomically; and the `handover` command on the built binary.
//!
//! After an intended change to the report, regenerate the expected files
//! with `UPDATE_HANDOVER_FIXTURES=1 cargo test --test handover` and read
//! the diff.

#[path = "handover/as_of.rs"]
mod as_of;
#[path = "common/bin.rs"]
mod bin;
#[path = "handover/cli.rs"]
mod cli;
mod common;
#[path = "handover/reading.rs"]
mod reading;
#[path = "handover/world.rs"]
mod world;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use common::*;
use watchkeeper::domain::event::EventKind;
use watchkeeper::domain::watch::{ShiftDef, ShiftInstance, WatchCycle};
use watchkeeper::report::{file_name, handover_markdown, write_report};
use watchkeeper::state::Model;
use world::*;

/// The default watch (UTC, Alpha 06:00, Bravo 14:00, Charlie 22:00).
fn utc_watch() -> WatchCycle {
    watch(chrono_tz::UTC)
}

fn watch(tz: Tz) -> WatchCycle {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let shifts = [("Alpha", 6), ("Bravo", 14), ("Charlie", 22)]
        .into_iter()
        .map(|(name, h)| ShiftDef {
            name: name.into(),
            start: t(h),
        })
        .collect();
    WatchCycle::new(tz, t(6), shifts).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/handover")
        .join(name)
}

/// Compares with the expected file (or rewrites it when asked to).
fn assert_matches_fixture(name: &str, report: &str) {
    let path = fixture(name);
    if std::env::var_os("UPDATE_HANDOVER_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, report).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (UPDATE_HANDOVER_FIXTURES=1 writes it)",
            path.display()
        )
    });
    if report != expected {
        let first = report
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(report.lines().count().min(expected.lines().count()));
        panic!(
            "{name} differs from the expected report at line {}:\n  got:      {:?}\n  expected: {:?}\n--- full report ---\n{report}",
            first + 1,
            report.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

fn bravo() -> (Model, ShiftInstance) {
    let shift = utc_watch().current(now());
    assert_eq!(
        (shift.name.as_str(), shift.starts),
        ("Bravo", utc(22, 14, 0, 0))
    );
    (bravo_model(), shift)
}

#[test]
fn a_shift_with_known_actions_matches_the_expected_report() {
    let (m, shift) = bravo();
    let report = handover_markdown(&m, &utc_watch(), &shift, now());
    assert_matches_fixture("bravo-in-progress.md", &report);
}

#[test]
fn every_action_in_the_shift_is_listed_once_and_nothing_outside_it() {
    let (m, shift) = bravo();
    let report = handover_markdown(&m, &utc_watch(), &shift, now());
    let actions = section(&report, "Actions during the shift");
    for needle in [
        "| 15:05Z | alice | acknowledged | incidents:INC-2026-0391 | Planned march on Carrera Séptima, Bogotá | Route avoided by staff |",
        "| 17:36Z | bob | escalated automatically to step 1 (desk-officer) | incidents:INC-2026-0385 | Rocket alarm sounded in the International Z… | - |",
        "| 17:40Z | alice | acknowledged | incidents:INC-2026-0385 | Rocket alarm sounded in the International Z… | Baghdad FSO confirms a drill, no threat |",
        "| 18:15Z | alice | resolved | incidents:INC-2026-0398 | Road closure on Mombasa Road after multi-ve… | Road reopened |",
        "| 18:50Z | alice | snoozed until 21:30Z | incidents:INC-2026-0401 | Demonstration moving towards Riad al-Solh s… | Check again after the march |",
        "| 19:35Z | alice | escalated by hand to step 1 (desk-officer) | incidents:INC-2026-0405 | Armed gang roadblock on Route Nationale 1,… | Roadblock on the evacuation route |",
        "| 16:45Z | alice | note | incidents:INC-2026-0395 | Cholera cases confirmed in Gudele, Juba | WHO briefing at 18:00 |",
        "| 20:45Z | bob | re-opened (reported again after resolve) | incidents:INC-2026-0380 | Landslide closes Marcos Highway east of Man… | - |",
    ] {
        assert_eq!(
            actions.matches(needle).count(),
            1,
            "{needle}\nin\n{actions}"
        );
    }
    assert!(!report.contains("Noted by Alpha"));
    // 0388 (info), acknowledged before the shift, counts as acknowledged.
    assert!(report.contains("Low and info, not listed: 1 low, 1 info."));
    assert!(!report.contains("from the future"));
    // Rows are in time order.
    let times: Vec<&str> = actions
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Time") && !l.starts_with("| ---"))
        .map(|l| &l[2..8])
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
    assert_eq!(times.len(), 14, "{actions}");
}

#[test]
fn an_outage_seen_by_two_consoles_is_reported_once() {
    let (m, shift) = bravo();
    let report = handover_markdown(&m, &utc_watch(), &shift, now());
    let outages = section(&report, "Feed outages");
    assert_eq!(outages.matches("| incidents |").count(), 2, "{outages}"); // outage + status
    assert!(
        outages.contains("| incidents | 15:30Z | 15:45Z | 15m | HTTP 503 Service Unavailable |")
    );
    assert!(outages.contains("| hazards | before the shift | 14:10Z | - | - |"));
    assert!(outages.contains("| roster | 20:30Z | still failing | - | HTTP 502 Bad Gateway |"));
    assert!(outages.contains("| roster | roster | failing |"));
}

#[test]
fn hostile_text_cannot_break_the_report_structure() {
    let (m, shift) = bravo();
    let report = handover_markdown(&m, &utc_watch(), &shift, now());
    // Only the report's own headings start lines with '#'.
    let headings: Vec<&str> = report.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Handover report: Bravo shift, watch day 2026-11-22",
            "## Needs action: unacknowledged critical and high",
            "### Critical (2)",
            "### High (2)",
            "## Other open alerts",
            "## Snoozed, back before the next shift ends (Charlie 11-23 06:00Z)",
            "## Muted stations",
            "## Surge officers tasked now",
            "## Alerts raised during the shift",
            "## Actions during the shift",
            "## Stations whose level changed",
            "## Surge taskings",
            "## Feed outages",
            "## Watch log",
            "## On watch during the shift",
        ]
    );
    // Every table row has as many cell separators as its header.
    let mut columns = 0;
    for line in report.lines() {
        if !line.starts_with('|') {
            columns = 0;
            continue;
        }
        let seps = unescaped_pipes(line);
        if columns == 0 {
            columns = seps;
        }
        assert_eq!(seps, columns, "{line}");
    }
    // Table cells carry no markup of their own: nothing there may open
    // emphasis, code, a link or HTML.
    for line in report.lines().filter(|l| l.starts_with('|')) {
        for c in ['<', '`', '*', '_', '[', ']', '~'] {
            assert_eq!(unescaped(line, c), 0, "{c} left unescaped in {line}");
        }
    }
    assert!(report.contains("\\| pwned \\| # Heading \\*\\*x\\*\\* \\`y\\` \\<script>"));
}

#[test]
fn the_report_is_pure() {
    let (m, shift) = bravo();
    let a = handover_markdown(&m, &utc_watch(), &shift, now());
    let b = handover_markdown(&m, &utc_watch(), &shift, now());
    assert_eq!(a, b);
}

/// Charlie in a Berlin watch: 22:00–06:00 local is 21:00Z–05:00Z, across
/// midnight both ways; reported after it ended.
#[test]
fn a_shift_that_wraps_midnight_matches_the_expected_report() {
    let w = watch(chrono_tz::Europe::Berlin);
    let report_time = utc(23, 6, 30, 0);
    let shift = w.previous(report_time);
    assert_eq!(shift.name, "Charlie");
    assert_eq!(
        (shift.starts, shift.ends),
        (utc(22, 21, 0, 0), utc(23, 5, 0, 0))
    );
    assert_eq!(shift.day, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let mut m = model();
    m.apply_journal(vec![
        ev(
            1,
            utc(22, 20, 59, 59),
            "bob",
            ack("0412"),
            Some("Bravo took it"),
        ),
        ev(
            2,
            utc(22, 21, 0, 0),
            "carol",
            ack("0409"),
            Some("First thing on shift"),
        ),
        ev(
            3,
            utc(22, 23, 30, 0),
            "carol",
            escalated("0409", 1, "desk-officer", true),
            None,
        ),
        ev(
            4,
            utc(22, 23, 45, 0),
            "carol",
            escalated("0409", 2, "chief-regional-operations", true),
            Some("Second impact"),
        ),
        ev(
            5,
            utc(23, 0, 15, 0),
            "carol",
            EventKind::Resolved {
                alert: alert("0405"),
            },
            Some("Roadblock lifted"),
        ),
        ev(
            6,
            utc(23, 2, 0, 0),
            "carol",
            EventKind::WatchLog,
            Some("Quiet night"),
        ),
        ev(
            7,
            utc(23, 4, 59, 0),
            "carol",
            EventKind::Snoozed {
                alert: alert("0401"),
                until: utc(23, 8, 0, 0),
            },
            None,
        ),
        // The next shift's first minute: not Charlie's.
        ev(
            8,
            utc(23, 5, 0, 0),
            "dan",
            EventKind::WatchLog,
            Some("Took over from Carol"),
        ),
    ]);
    let report = handover_markdown(&m, &w, &shift, report_time);
    assert!(report.contains("22:00–06:00 Europe/Berlin"));
    assert!(report.contains("| 11-23 00:15Z | carol | resolved |"));
    assert!(!report.contains("Took over from Carol") && !report.contains("Bravo took it"));
    assert_matches_fixture("charlie-wraps-midnight.md", &report);
}

#[test]
fn an_empty_shift_says_none_everywhere() {
    let cfg = builtin();
    let m = Model::new(
        cfg.risk.clone(),
        Duration::hours(1),
        None,
        &cfg.feeds,
        now(),
    );
    let shift = utc_watch().current(now() - Duration::hours(8));
    assert_eq!(shift.name, "Alpha");
    let report = handover_markdown(&m, &utc_watch(), &shift, now());
    assert_eq!(report.matches("None.\n").count(), 11, "{report}");
    assert_matches_fixture("alpha-empty.md", &report);
}

#[test]
fn write_report_names_the_file_by_day_and_shift_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("watch/reports");
    let shift = ShiftInstance {
        name: "Night / Relief".into(),
        index: 2,
        starts: utc(22, 22, 0, 0),
        ends: utc(23, 6, 0, 0),
        day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    assert_eq!(file_name(&shift), "handover-2026-11-22-Night---Relief.md");
    let path = write_report(&reports, &shift, "# first\n").unwrap();
    assert_eq!(path, reports.join("handover-2026-11-22-Night---Relief.md"));
    let again = write_report(&reports, &shift, "# second\n").unwrap();
    assert_eq!(again, path);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# second\n");
    let names: Vec<_> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// The body of `## title`, up to the next `## `.
fn section<'a>(report: &'a str, title: &str) -> &'a str {
    let head = format!("## {title}\n");
    let start = report.find(&head).map(|i| i + head.len()).unwrap();
    let rest = &report[start..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

fn unescaped_pipes(line: &str) -> usize {
    unescaped(line, '|')
}

/// Occurrences of `target` not preceded by a (itself unescaped) backslash.
fn unescaped(line: &str, target: char) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == target {
            n += 1;
        }
    }
    n
}
