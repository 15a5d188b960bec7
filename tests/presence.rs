//! Presence: a console's heartbeat at most once a minute and once more as
//! it closes; the status bar names who else is on watch; heartbeats stay out
//! of the log view; the handover lists who was on watch.

mod common;

use chrono::Duration;
use common::*;
use watchkeeper::app::{Effect, Msg};
use watchkeeper::domain::event::{Event, EventKind};
use watchkeeper::theme::ColorDepth;

fn heartbeats(effects: &[Effect]) -> Vec<bool> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Append {
                kind: EventKind::Heartbeat { closing, .. },
                system: true,
                ..
            } => Some(*closing),
            _ => None,
        })
        .collect()
}

fn beat(seq: i64, officer: &str, host: &str, desk: Option<&str>, secs_ago: i64) -> Event {
    Event {
        seq,
        at: now() - Duration::seconds(secs_ago),
        officer: "watchkeeper".into(),
        host: host.into(),
        kind: EventKind::Heartbeat {
            officer: officer.into(),
            desk: desk.map(String::from),
            closing: false,
        },
        note: None,
    }
}

fn console() -> Console {
    let mut s = settings("alice");
    s.presence = true;
    app_with(s, ColorDepth::TrueColor)
}

#[test]
fn an_open_console_beats_once_a_minute_and_once_more_as_it_quits() {
    let mut c = console();
    let mut seen = Vec::new();
    for s in 1..=130 {
        seen.extend(heartbeats(
            &c.update(Msg::Tick(now() + Duration::seconds(s))),
        ));
    }
    assert_eq!(
        seen,
        [false, false],
        "at +60 s and +120 s, not every second"
    );
    let quit = c.update(Msg::Quit);
    assert_eq!(heartbeats(&quit), [true], "a closing heartbeat");
    let last = quit.iter().rposition(|e| *e == Effect::Quit).unwrap();
    let beat = quit
        .iter()
        .position(|e| matches!(e, Effect::Append { .. }))
        .unwrap();
    assert!(beat < last, "recorded before the console stops: {quit:?}");
}

#[test]
fn a_read_only_console_or_the_daemon_does_not_beat() {
    let mut c = app(); // presence off, as for the daemon
    let mut seen = Vec::new();
    for s in 1..=130 {
        seen.extend(heartbeats(
            &c.update(Msg::Tick(now() + Duration::seconds(s))),
        ));
    }
    seen.extend(heartbeats(&c.update(Msg::Quit)));
    assert!(seen.is_empty());
}

#[test]
fn the_status_bar_names_who_else_is_on_watch_and_the_log_hides_heartbeats() {
    let mut c = console();
    c.update(Msg::Journal(vec![
        beat(1, "jdoe", "desk-2", Some("europe"), 30),
        beat(2, "asmith", "desk-3", None, 100),
        beat(3, "bgone", "desk-4", None, 600),
        beat(4, "alice", "desk-1", None, 10),
        event(5, "alice", 0, EventKind::WatchLog, Some("quiet")),
    ]));
    let top = |c: &Console, w| screen(c, w, 36).lines().next().unwrap().to_string();
    let wide = top(&c, 200);
    assert!(
        wide.contains("also on watch: asmith, jdoe (europe)"),
        "{wide}"
    );
    assert!(!wide.contains("bgone"), "silent for 10 minutes: {wide}");
    insta::assert_snapshot!("presence_status_bar_200", wide);
    let at_120 = top(&c, 120);
    assert!(
        at_120.contains("also on watch: asmith, jdoe (europe)"),
        "{at_120}"
    );
    let at_80 = top(&c, 80);
    assert!(at_80.contains("+2 on watch"), "{at_80}");
    // 100 s on: asmith was last heard 200 s ago, jdoe 130 s ago.
    c.update(Msg::Tick(now() + Duration::seconds(100)));
    assert!(top(&c, 200).contains("also on watch: jdoe (europe)"));
    c.update(Msg::Tick(now() + Duration::seconds(200)));
    let later = top(&c, 200);
    assert!(!later.contains("on watch"), "{later}");
    assert_eq!(
        c.model.journal.events.len(),
        1,
        "only the watch log entry is in the log view"
    );
}

/// Issue 15: presence outranks the decoration (the name, the shift's
/// hours) and the healthy feeds count, never the officer, the shift, the
/// handover or the counts.
#[test]
fn at_120_columns_the_others_are_named_and_at_80_counted() {
    let mut c = console();
    c.update(Msg::Journal(vec![
        beat(1, "bob", "desk-2", None, 20),
        beat(2, "carol", "desk-3", Some("europe"), 40),
        beat(3, "dave", "desk-4", None, 60),
    ]));
    let top = |c: &Console, w| screen(c, w, 36).lines().next().unwrap().to_string();
    let at_120 = top(&c, 120);
    assert!(
        at_120.contains("also on watch: bob, carol (europe), dave"),
        "{at_120}"
    );
    let at_80 = top(&c, 80);
    assert!(at_80.contains("+3 on watch"), "{at_80}");
    for (bar, w) in [(&at_120, 120), (&at_80, 80)] {
        for vital in ["alice", "Bravo", "handover ", "new ", "21:00:00Z"] {
            assert!(bar.contains(vital), "{vital:?} dropped at {w}: {bar}");
        }
    }
    insta::assert_snapshot!("presence_status_bar_120", at_120);
    insta::assert_snapshot!("presence_status_bar_80", at_80);
    // With two others, as bob sees it (a shorter login leaves more room).
    c.update(Msg::Tick(now() + Duration::seconds(100)));
    let two = top(&c, 120);
    assert!(two.contains("also on watch: bob, carol (europe)"), "{two}");

    // A longer login leaves no room at 80 for both the clock and the
    // count: the clock gives way, the vital fields stay.
    let mut s = settings("constantine");
    s.presence = true;
    let mut c = app_with(s, ColorDepth::TrueColor);
    c.update(Msg::Journal(vec![
        beat(1, "bob", "desk-2", None, 20),
        beat(2, "carol", "desk-3", Some("europe"), 40),
    ]));
    let at_80 = top(&c, 80);
    assert!(at_80.contains("+2 on watch"), "{at_80}");
    for vital in ["constantine", "Bravo", "handover ", "new "] {
        assert!(at_80.contains(vital), "{vital:?} dropped at 80: {at_80}");
    }
    insta::assert_snapshot!("presence_status_bar_80_long_login", at_80);
}

#[test]
fn the_handover_lists_who_was_on_watch_in_the_shift() {
    let mut c = console();
    let mut events = Vec::new();
    for m in 0..=30 {
        events.push(beat(m + 1, "jdoe", "desk-2", Some("europe"), (90 - m) * 60));
    }
    events.push(beat(40, "asmith", "desk-3", None, 60));
    c.update(Msg::Journal(events));
    let shift = c.shift().unwrap().clone();
    let report = watchkeeper::report::handover_markdown(&c.model, &c.settings.watch, &shift, now());
    let section = report
        .split("## On watch during the shift")
        .nth(1)
        .expect("the section");
    assert!(section.contains("| jdoe | europe | desk-2 |"), "{section}");
    assert!(section.contains("| asmith | all | desk-3 |"), "{section}");
    assert!(section.contains("still on watch"), "{section}");
}

#[test]
fn a_checkpoint_keeps_who_was_on_watch() {
    let mut c = console();
    c.update(Msg::Journal(vec![beat(
        1,
        "jdoe",
        "desk-2",
        Some("europe"),
        30,
    )]));
    let j = &c.model.journal;
    let bytes = j.checkpoint(now());
    let back =
        watchkeeper::state::journal::JournalState::from_checkpoint(j.last_seq, &bytes).unwrap();
    assert_eq!(back.presence, j.presence);
    assert_eq!(back.presence.others_on_watch("alice", now()).len(), 1);
}
