//! The `:` command line has a command for every action, checked exactly as
//! its key is: each command's success records what the key would, and each
//! refusal keeps the command line open with the reason the key would give.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{App, Effect, Mode, Msg};
use watchkeeper::domain::event::EventKind;

const TOP: &str = "incidents:INC-2026-0412";

/// Types `line` (`:` opens the command line) and Enter, and returns the
/// journal appends it asked for (kind, note).
fn run(app: &mut App, line: &str) -> Vec<(EventKind, Option<String>)> {
    type_and_enter(app, line)
        .into_iter()
        .filter_map(|e| match e {
            Effect::Append { kind, note, .. } => Some((kind, note)),
            _ => None,
        })
        .collect()
}

/// The command was refused: nothing recorded, the command line still open
/// with its text, and the reason on screen.
fn assert_refused(app: &Console, line: &str, reason: &str) {
    let Mode::Prompt(p) = &app.mode else {
        panic!("the command line stays open after {line:?}: {:?}", app.mode)
    };
    assert_eq!(p.input, line, "the command is kept to mend");
    let error = p.error.as_deref().unwrap_or_default();
    assert!(error.contains(reason), "{line:?} refused with {error:?}");
    let s = screen(app, 160, 36);
    assert!(s.contains(reason), "the reason is on screen:\n{s}");
}

fn refused(app: &mut Console, line: &str, reason: &str) {
    let appends = run(app, &format!(":{line}"));
    assert!(appends.is_empty(), "{line:?} recorded {appends:?}");
    assert_refused(app, line, reason);
    app.update(code(KeyCode::Esc));
}

fn from_elsewhere(app: &mut App, seq: i64, kind: EventKind) {
    app.update(Msg::Journal(vec![event(seq, "bob", 1, kind, None)]));
}

#[test]
fn ack_resolve_and_escalate_record_with_their_notes() {
    let mut app = app();
    assert_eq!(
        run(&mut app, &format!(":ack {TOP} roads clear")),
        [(
            EventKind::Acknowledged { alert: TOP.into() },
            Some("roads clear".into())
        )]
    );
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        run(&mut app, &format!(":resolve {TOP}")),
        [(EventKind::Resolved { alert: TOP.into() }, None)]
    );
    let appends = run(&mut app, &format!(":escalate {TOP} calling the desk"));
    assert!(
        matches!(
            &appends[..],
            [(EventKind::Escalated { alert, step: 1, manual: true, .. }, Some(n))]
                if alert == TOP && n == "calling the desk"
        ),
        "{appends:?}"
    );
}

#[test]
fn snooze_records_until_the_duration_from_now_with_a_note() {
    let mut app = app();
    let appends = run(
        &mut app,
        &format!(":snooze {TOP} 1h waiting on the embassy"),
    );
    assert_eq!(
        appends,
        [(
            EventKind::Snoozed {
                alert: TOP.into(),
                until: now() + chrono::Duration::hours(1)
            },
            Some("waiting on the embassy".into())
        )]
    );
}

#[test]
fn note_mute_task_standdown_and_log_record_what_their_keys_do() {
    let mut app = app();
    assert_eq!(
        run(&mut app, &format!(":note {TOP} called the station")),
        [(
            EventKind::Note { alert: TOP.into() },
            Some("called the station".into())
        )]
    );
    assert_eq!(
        run(&mut app, ":mute kbl 2h planned drill"),
        [(
            EventKind::Muted {
                station: "KBL".into(),
                until: now() + chrono::Duration::hours(2)
            },
            Some("planned drill".into())
        )]
    );
    // By callsign or id, in any case.
    let tasked = EventKind::SurgeTasked {
        officer_id: "SO-001".into(),
        station: "NBO".into(),
    };
    assert_eq!(run(&mut app, ":task orca-1 nbo"), [(tasked.clone(), None)]);
    assert_eq!(run(&mut app, ":task SO-001 NBO"), [(tasked.clone(), None)]);
    from_elsewhere(&mut app, 1, tasked);
    assert_eq!(
        run(&mut app, ":standdown ORCA-1"),
        [(
            EventKind::SurgeStoodDown {
                officer_id: "SO-001".into()
            },
            None
        )]
    );
    assert_eq!(
        run(&mut app, ":log all stations checked in"),
        [(EventKind::WatchLog, Some("all stations checked in".into()))]
    );
}

#[test]
fn each_command_without_its_arguments_says_what_it_needs() {
    let mut app = app();
    for (line, reason) in [
        (":ack", "ack needs an alert id: :ack ID [note]"),
        (":resolve", ":resolve needs an alert id: :resolve ID [note]"),
        (":escalate", ":escalate needs an alert id"),
        (":snooze", ":snooze needs an alert id"),
        (":note", ":note needs an alert id"),
        (":mute", ":mute needs a station id"),
        (":task", ":task needs an officer id or callsign"),
        (":standdown", ":standdown needs an officer id or callsign"),
        (":log", ":log needs the text to record"),
    ] {
        refused(&mut app, &line[1..], reason);
    }
    refused(&mut app, &format!("snooze {TOP}"), "needs a duration");
    refused(&mut app, &format!("note {TOP}"), "needs the note's text");
    // The `m` key's prompt asks for a reason; so does the command.
    refused(
        &mut app,
        "mute KBL 2h",
        ":mute needs a duration and a reason",
    );
    refused(&mut app, "task ORCA-1", ":task needs a station");
    refused(
        &mut app,
        "acknowledge it",
        "unknown command \"acknowledge\"",
    );
}

#[test]
fn a_command_names_what_it_could_not_find() {
    let mut app = app();
    refused(
        &mut app,
        "resolve incidents:NOPE",
        "no alert \"incidents:NOPE\"",
    );
    refused(&mut app, "mute XXX 2h drill", "no duty station \"XXX\"");
    refused(&mut app, "task NOBODY KBL", "no surge officer \"NOBODY\"");
    refused(&mut app, "task ORCA-1 XXX", "no duty station \"XXX\"");
    refused(&mut app, &format!("snooze {TOP} soon"), "bad duration");
}

#[test]
fn commands_are_refused_exactly_when_their_keys_are() {
    let mut app = app();
    from_elsewhere(&mut app, 1, EventKind::Acknowledged { alert: TOP.into() });
    refused(
        &mut app,
        &format!("ack {TOP} roads clear"),
        "already acknowledged by bob",
    );
    from_elsewhere(&mut app, 2, EventKind::Resolved { alert: TOP.into() });
    for line in [
        format!("resolve {TOP}"),
        format!("escalate {TOP} now"),
        format!("snooze {TOP} 1h"),
    ] {
        refused(&mut app, &line, "already resolved by bob");
    }
    // A snooze longer than console.max_snooze, as `z` refuses it.
    let other = "incidents:INC-2026-0409";
    refused(&mut app, &format!("snooze {other} 30d"), "at most");
    // Nobody on leave or unavailable is tasked; nobody untasked stood down.
    refused(&mut app, "task HERON-5 KBL", "on leave: cannot be tasked");
    refused(&mut app, "task ORCA-7 KBL", "unavailable: cannot be tasked");
    refused(
        &mut app,
        "standdown ORCA-1",
        "SO-001 is not tasked from this watch",
    );
}

#[test]
fn escalating_past_the_top_step_is_refused_like_e() {
    let mut app = app();
    for (seq, step, to) in [
        (1, 1, "desk-officer"),
        (2, 2, "chief-regional-operations"),
        (3, 3, "duty-director"),
    ] {
        let kind = EventKind::Escalated {
            alert: TOP.into(),
            step,
            target: to.into(),
            manual: true,
        };
        from_elsewhere(&mut app, seq, kind);
    }
    refused(
        &mut app,
        &format!("escalate {TOP} again"),
        "top escalation step",
    );
}

#[test]
fn a_read_only_console_refuses_every_recording_command() {
    let mut s = settings("alice");
    s.read_only = true;
    let mut app = app_with(s, watchkeeper::theme::ColorDepth::TrueColor);
    for line in [
        format!("ack {TOP}"),
        format!("resolve {TOP}"),
        format!("escalate {TOP}"),
        format!("snooze {TOP} 1h"),
        format!("note {TOP} hello"),
        "mute KBL 2h drill".into(),
        "task ORCA-1 KBL".into(),
        "standdown ORCA-1".into(),
        "log hello".into(),
    ] {
        refused(&mut app, &line, "read-only");
    }
}

#[test]
fn help_lists_every_command() {
    let mut app = app();
    app.update(key('?'));
    // Scrolled to the end, the commands are the help's last lines.
    app.update(key('G'));
    let s = screen(&app, 120, 60);
    for usage in [
        ":ack ID [note]",
        ":resolve ID [note]",
        ":escalate ID [note]",
        ":snooze ID DURATION [note]",
        ":mute STATION DURATION REASON",
        ":task OFFICER STATION",
        ":standdown OFFICER",
        ":log TEXT",
    ] {
        assert!(s.contains(usage), "{usage} missing from help:\n{s}");
    }
}

#[test]
fn tab_completes_every_command_and_their_first_argument() {
    let mut app = app();
    app.update(key(':'));
    type_and_enter_no_enter(&mut app, "standd");
    app.update(code(KeyCode::Tab));
    type_and_enter_no_enter(&mut app, "ORC");
    app.update(code(KeyCode::Tab));
    let Mode::Prompt(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(p.input.starts_with("standdown ORCA-"), "{:?}", p.input);
    app.update(code(KeyCode::Esc));
    app.update(key(':'));
    type_and_enter_no_enter(&mut app, "mute GV");
    app.update(code(KeyCode::Tab));
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.input == "mute GVA"));
}

fn type_and_enter_no_enter(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(key(c));
    }
}
