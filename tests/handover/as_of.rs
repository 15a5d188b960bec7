//! A shift that is over is reported as it stood at its end: what was done
//! after it (a resolve, a stand-down, a new mute) is not in its report.
//! The journal's state as of a time, from a real SQLite file, and
//! `watchkeeper handover --shift previous` on the built binary.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;
use watchkeeper::domain::AlertState;
use watchkeeper::domain::event::{Actor, EventKind};
use watchkeeper::history::load_until;
use watchkeeper::journal::{Journal, SqliteJournal};
use watchkeeper::state::JournalState;
use watchkeeper::state::checkpoint::FORMAT;

use super::bin::Home;

fn actor(officer: &str) -> Actor {
    Actor {
        officer: officer.into(),
        host: "ops-1".into(),
    }
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap()
}

/// Ack, mute and tasking before 14:00; resolve, stand-down and a second
/// mute after it; a checkpoint of the whole state written last.
fn journal(path: &std::path::Path) {
    let mut j = SqliteJournal::open(path, None).unwrap();
    let alert = || "incidents:INC-1".to_string();
    let events = [
        (at(10, 0), EventKind::Acknowledged { alert: alert() }),
        (
            at(11, 0),
            EventKind::Muted {
                station: "KBL".into(),
                until: at(20, 0),
            },
        ),
        (
            at(12, 0),
            EventKind::SurgeTasked {
                officer_id: "SO-001".into(),
                station: "KBL".into(),
            },
        ),
        (at(15, 0), EventKind::Resolved { alert: alert() }),
        (
            at(15, 30),
            EventKind::SurgeStoodDown {
                officer_id: "SO-001".into(),
            },
        ),
        (
            at(16, 0),
            EventKind::Muted {
                station: "NBO".into(),
                until: at(23, 0),
            },
        ),
    ];
    for (t, kind) in events {
        j.append(&actor("alice"), t, kind, None).unwrap();
    }
    let mut all = JournalState::default();
    for e in j.read_since(0, usize::MAX).unwrap() {
        all.fold(&e, None);
    }
    j.write_checkpoint(all.last_seq, FORMAT, at(16, 5), &all.checkpoint(at(0, 0)))
        .unwrap();
}

#[test]
fn the_state_as_of_a_time_leaves_out_what_came_after_even_past_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    journal(&path);
    let mut j = SqliteJournal::open_read_only(&path).unwrap();
    let s: JournalState = load_until(&mut j, at(6, 0), at(14, 0)).unwrap();
    let a = s.alert("incidents:INC-1").unwrap();
    assert_eq!(a.state(), AlertState::Acknowledged);
    assert_eq!(s.taskings["SO-001"].station, "KBL");
    assert!(s.mutes.contains_key("KBL") && !s.mutes.contains_key("NBO"));
    assert_eq!(s.events.len(), 3, "the three events before 14:00 are held");
    assert!(s.events.iter().all(|e| e.at < at(14, 0)));

    // After everything: the same as reading it all.
    let s: JournalState = load_until(&mut j, at(6, 0), at(23, 0)).unwrap();
    assert_eq!(
        s.alert("incidents:INC-1").unwrap().state(),
        AlertState::Resolved
    );
    assert!(s.taskings.is_empty());
    assert_eq!(s.events.len(), 6);
}

/// The previous shift's end, from the report's "Hours" line.
fn shift_end(report: &str) -> DateTime<Utc> {
    let line = report
        .lines()
        .find(|l| l.starts_with("- **Hours:** "))
        .unwrap();
    let text = &line["- **Hours:** 2026-11-22 22:00Z to ".len()..][.."2026-11-22 22:00Z".len()];
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%MZ")
        .unwrap()
        .and_utc()
}

/// The body of `## title…`, up to the next `## `.
fn section<'a>(report: &'a str, title: &str) -> &'a str {
    let head = format!("## {title}");
    let start = report.find(&head).unwrap();
    let rest = &report[start + head.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn the_previous_shift_is_reported_as_it_stood_at_its_end() {
    let home = Home::new();
    let (code, out, err) = home.run(&["snapshot", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let (_, report, err) = home.run(&["handover", "--shift", "previous"]);
    assert!(report.starts_with("# Handover report"), "{err}");
    let end = shift_end(&report);
    // An alert listed in full (medium or worse) that the source reported
    // well before the previous shift ended.
    let alert = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            let reported: DateTime<Utc> = a["reported_at"].as_str().unwrap().parse().unwrap();
            ["critical", "high", "medium"].contains(&a["severity"].as_str().unwrap())
                && reported < end - Duration::hours(2)
        })
        .expect("the demo world has an alert from before the previous shift ended")
        .clone();
    let id = alert["id"].as_str().unwrap();

    // Acknowledged and tasked during the previous shift; resolved and
    // stood down once it was over.
    let mut j = SqliteJournal::open(&home.journal(), None).unwrap();
    let alice = actor("alice");
    let ack = EventKind::Acknowledged { alert: id.into() };
    j.append(
        &alice,
        end - Duration::hours(1),
        ack,
        Some("FSO called".into()),
    )
    .unwrap();
    let tasked = EventKind::SurgeTasked {
        officer_id: "SO-001".into(),
        station: "KBL".into(),
    };
    j.append(&alice, end - Duration::minutes(30), tasked, None)
        .unwrap();
    let resolved = EventKind::Resolved { alert: id.into() };
    j.append(&alice, end, resolved, Some("All clear".into()))
        .unwrap();
    let stood_down = EventKind::SurgeStoodDown {
        officer_id: "SO-001".into(),
    };
    j.append(&alice, end, stood_down, None).unwrap();
    drop(j);

    let (code, previous, err) = home.run(&["handover", "--shift", "previous"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        previous.contains(&format!(
            "- **State as of:** {} (the shift's end)",
            end.format("%Y-%m-%d %H:%MZ")
        )),
        "{previous}"
    );
    let others = section(&previous, "Other open alerts");
    let row = others
        .lines()
        .find(|l| l.starts_with(&format!("| {id} |")))
        .unwrap_or_else(|| panic!("{id} open at the shift's end:\n{previous}"));
    assert!(row.contains("acknowledged by alice"), "{row}");
    let tasked = section(&previous, "Surge officers tasked now");
    assert!(tasked.contains("| SO-001 "), "{previous}");
    assert!(!previous.contains("All clear"), "{previous}");

    // The current shift: resolved and stood down.
    let (code, current, err) = home.run(&["handover"]);
    assert_eq!(code, Some(0), "{err}");
    for open in ["Needs action", "Other open alerts"] {
        assert!(
            !section(&current, open).contains(&format!("| {id} |")),
            "{current}"
        );
    }
    let actions = section(&current, "Actions during the shift");
    assert!(
        actions.contains(&format!("| resolved | {id} |")),
        "{current}"
    );
    assert_eq!(
        section(&current, "Surge officers tasked now").trim(),
        "None.",
        "{current}"
    );
}
