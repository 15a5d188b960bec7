//! Opening a journal from its newest checkpoint (`history::load`), against
//! real SQLite files: the state is the one folded from every event, only
//! the recent events are held, and a missing, foreign or damaged
//! checkpoint falls back to folding the events.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::{Connection, params};
use watchkeeper::domain::Severity;
use watchkeeper::domain::event::{Actor, Event, EventKind};
use watchkeeper::history::load;
use watchkeeper::journal::{Journal, SqliteJournal};
use watchkeeper::state::JournalState;
use watchkeeper::state::checkpoint::FORMAT;

fn actor(officer: &str) -> Actor {
    Actor {
        officer: officer.to_string(),
        host: "ops-1".to_string(),
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap()
}

/// Event `i` of a three-day history, ten minutes apart: alerts raised,
/// acknowledged, escalated, snoozed and resolved, mutes, taskings, level
/// changes and watch-log entries.
fn kind(i: i64) -> EventKind {
    let alert = format!("incidents:INC-{}", i / 6 % 40);
    match i % 12 {
        0 | 6 => EventKind::Raised {
            alert,
            severity: Severity::High,
            reraise: false,
        },
        1 | 7 => EventKind::Acknowledged { alert },
        2 => EventKind::Escalated {
            alert,
            step: 1 + (i / 12 % 3) as u32,
            target: "duty-manager".into(),
            manual: false,
        },
        3 => EventKind::Snoozed {
            alert,
            until: t0() + Duration::hours(80),
        },
        4 => EventKind::Muted {
            station: format!("ST{}", i % 5),
            until: t0() + Duration::minutes(10 * i + 30),
        },
        5 => EventKind::LevelChanged {
            station: format!("ST{}", i % 7),
            from: (i % 5) as u8,
            to: ((i + 1) % 5) as u8,
            reported_at: t0() + Duration::minutes(10 * i),
        },
        8 => EventKind::SurgeTasked {
            officer_id: format!("OFF-{}", i % 4),
            station: format!("ST{}", i % 3),
        },
        9 => EventKind::Resolved { alert },
        10 => EventKind::WatchLog,
        _ => EventKind::Note { alert },
    }
}

/// Slots in three days; the journal's rules refuse some (a second ack in
/// one epoch, an escalation step twice), so fewer events are recorded.
const EVENTS: i64 = 432;

fn journal(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("journal.db");
    let mut j = SqliteJournal::open(&path, None).unwrap();
    for i in 0..EVENTS {
        let at = t0() + Duration::minutes(10 * i);
        j.append(&actor("alice"), at, kind(i), Some(format!("note {i}")))
            .unwrap();
    }
    path
}

fn all_events(path: &Path) -> Vec<Event> {
    let mut j = SqliteJournal::open_read_only(path).unwrap();
    j.read_since(0, usize::MAX).unwrap()
}

/// The state folded from every event, each held.
fn folded(events: &[Event]) -> JournalState {
    let mut s = JournalState::default();
    for e in events {
        s.apply(e.clone(), None);
    }
    s
}

/// Writes the checkpoint of the state after the first `n` events.
fn checkpoint_after(path: &Path, n: usize) -> i64 {
    let events = all_events(path);
    let mut s = JournalState::default();
    for e in &events[..n] {
        s.fold(e, None);
    }
    let mut j = SqliteJournal::open(path, None).unwrap();
    j.write_checkpoint(s.last_seq, FORMAT, Utc::now(), &s.checkpoint(t0()))
        .unwrap();
    s.last_seq
}

/// Same state, timelines aside (they index the events held).
fn assert_same_state(got: &JournalState, want: &JournalState) {
    assert_eq!(got.last_seq, want.last_seq);
    assert_eq!(got.alerts.len(), want.alerts.len());
    for (id, w) in &want.alerts {
        let g = &got.alerts[id];
        let strip = |a: &watchkeeper::state::AlertJournal| {
            let mut a = a.clone();
            a.timeline.clear();
            a
        };
        assert_eq!(strip(g), strip(w), "{id}");
    }
    assert_eq!(got.mutes, want.mutes);
    assert_eq!(got.taskings, want.taskings);
    let now = t0() + Duration::days(3);
    for station in want.levels.keys() {
        assert_eq!(
            got.last_level(station),
            want.last_level(station),
            "{station}"
        );
        assert_eq!(
            got.trend(station, 2, now),
            want.trend(station, 2, now),
            "{station}"
        );
    }
}

#[test]
fn a_checkpoint_and_the_recent_events_give_the_state_of_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let events = all_events(&path);
    let want = folded(&events);
    let cp = checkpoint_after(&path, 300);
    // Hold the last day: 144 events, some before the checkpoint.
    let keep_from = t0() + Duration::days(2);
    let mut j = SqliteJournal::open(&path, None).unwrap();
    let (got, stats, notice) = load::<JournalState>(&mut j, keep_from).unwrap();
    assert_eq!(notice, None);
    assert_eq!(stats.checkpoint, cp);
    assert_eq!(stats.folded, events.len() - 300, "only the events after it");
    assert_same_state(&got, &want);

    let held: Vec<&Event> = events.iter().filter(|e| e.at >= keep_from).collect();
    assert_eq!(stats.kept, held.len());
    assert_eq!(got.events.len(), held.len());
    assert!(got.events.iter().zip(&held).all(|(a, b)| a == *b));
    assert_eq!(got.history_from, Some(keep_from));
    // Each alert's timeline is its held events; the rest are counted.
    for (id, a) in &got.alerts {
        let all_of_it = events.iter().filter(|e| e.kind.alert() == Some(id)).count();
        let held_of_it: Vec<i64> = held
            .iter()
            .filter(|e| e.kind.alert() == Some(id))
            .map(|e| e.seq)
            .collect();
        let timeline: Vec<i64> = a.timeline.iter().map(|&i| got.events[i].seq).collect();
        assert_eq!(timeline, held_of_it, "{id}");
        assert_eq!(a.earlier(), all_of_it - held_of_it.len(), "{id}");
        // What a detail reads on opening: exactly the ones not held.
        let before = held_of_it.first().copied().unwrap_or(i64::MAX);
        let older = j.alert_events(id, before).unwrap();
        assert_eq!(older.len(), a.earlier(), "{id}");
        assert!(
            older
                .iter()
                .all(|e| e.kind.alert() == Some(id) && e.seq < before)
        );
    }
    let log: Vec<i64> = got.watch_log.iter().map(|&i| got.events[i].seq).collect();
    let want_log: Vec<i64> = held
        .iter()
        .filter(|e| matches!(e.kind, EventKind::WatchLog))
        .map(|e| e.seq)
        .collect();
    assert_eq!(log, want_log);
}

#[test]
fn a_window_older_than_the_checkpoint_is_held_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let events = all_events(&path);
    checkpoint_after(&path, events.len() - 12);
    let keep_from = t0() + Duration::days(1);
    let mut j = SqliteJournal::open(&path, None).unwrap();
    let (got, stats, _) = load::<JournalState>(&mut j, keep_from).unwrap();
    assert_eq!(stats.folded, 12);
    assert_same_state(&got, &folded(&events));
    let held: Vec<Event> = events.into_iter().filter(|e| e.at >= keep_from).collect();
    assert!(held.len() > 12);
    assert_eq!(got.events, held);
}

#[test]
fn without_a_checkpoint_every_event_is_folded_and_a_whole_history_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let events = all_events(&path);
    let mut j = SqliteJournal::open(&path, None).unwrap();
    let (got, stats, notice) = load::<JournalState>(&mut j, t0() - Duration::days(1)).unwrap();
    assert_eq!(
        (stats.checkpoint, stats.folded, notice),
        (0, events.len(), None)
    );
    assert_same_state(&got, &folded(&events));
    assert_eq!(got.events, events);
    assert_eq!(got.history_from, None, "nothing older than the window");
}

#[test]
fn a_damaged_checkpoint_is_named_and_the_events_are_folded_instead() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let events = all_events(&path);
    {
        let mut j = SqliteJournal::open(&path, None).unwrap();
        j.write_checkpoint(200, FORMAT, Utc::now(), b"\xff\xff not a checkpoint")
            .unwrap();
    }
    let mut j = SqliteJournal::open(&path, None).unwrap();
    let keep_from = t0() + Duration::days(2);
    let (got, _, notice) = load::<JournalState>(&mut j, keep_from).unwrap();
    let notice = notice.expect("the officer is told");
    assert!(notice.contains("checkpoint #200"), "{notice}");
    assert!(notice.contains(&path.display().to_string()), "{notice}");
    assert_same_state(&got, &folded(&events));
    let held: Vec<Event> = events.into_iter().filter(|e| e.at >= keep_from).collect();
    assert_eq!(got.events, held);
}

#[test]
fn a_checkpoint_filed_under_another_seq_or_format_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let events = all_events(&path);
    let mut s = JournalState::default();
    for e in &events[..100] {
        s.fold(e, None);
    }
    {
        let mut j = SqliteJournal::open(&path, None).unwrap();
        // A future format: ignored without a word.
        j.write_checkpoint(150, FORMAT + 1, Utc::now(), b"future")
            .unwrap();
        // The state as of #100 filed as #120: refused.
        j.write_checkpoint(120, FORMAT, Utc::now(), &s.checkpoint(t0()))
            .unwrap();
    }
    let mut j = SqliteJournal::open(&path, None).unwrap();
    let (got, _, notice) = load::<JournalState>(&mut j, t0()).unwrap();
    assert!(notice.unwrap().contains("not #120"));
    assert_same_state(&got, &folded(&events));
}

#[test]
fn only_the_newest_checkpoint_is_kept_and_a_second_at_one_seq_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let before = all_events(&path);
    checkpoint_after(&path, 100);
    checkpoint_after(&path, 200);
    checkpoint_after(&path, 200);
    let conn = Connection::open(&path).unwrap();
    let seqs: Vec<i64> = conn
        .prepare("SELECT seq FROM checkpoints")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(seqs, vec![200]);
    drop(conn);
    assert_eq!(all_events(&path), before, "the events are untouched");
}

#[test]
fn a_read_only_handle_cannot_write_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal(&dir);
    let mut j = SqliteJournal::open_read_only(&path).unwrap();
    let err = j.write_checkpoint(1, FORMAT, Utc::now(), b"x").unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
}

/// A journal as version 1 wrote it: the events table, no checkpoints.
fn v1_journal(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL, kind TEXT NOT NULL, officer TEXT NOT NULL,
            host TEXT NOT NULL, alert TEXT NULL, station TEXT NULL,
            payload TEXT NOT NULL, note TEXT NULL, unique_key TEXT UNIQUE);
         CREATE INDEX events_alert ON events (alert);
         CREATE INDEX events_kind ON events (kind);
         CREATE INDEX events_at ON events (at);
         PRAGMA application_id = 1465142096;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO events (at, kind, officer, host, alert, payload) \
         VALUES ('2026-11-20T00:00:00.000Z', 'acknowledged', 'amara', 'old-host', 'a:1', ?1)",
        params![r#"{"kind":"acknowledged","alert":"a:1"}"#],
    )
    .unwrap();
}

#[test]
fn a_version_1_journal_is_read_as_it_is_and_migrated_on_a_write_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    v1_journal(&path);
    // Read-only (snapshot, export): read without a checkpoint.
    let mut ro = SqliteJournal::open_read_only(&path).unwrap();
    let (state, stats, notice) = load::<JournalState>(&mut ro, t0() - Duration::days(1)).unwrap();
    assert_eq!((stats.checkpoint, notice), (0, None));
    assert_eq!(
        state.alert("a:1").and_then(|a| a.acked_by.as_deref()),
        Some("amara")
    );
    drop(ro);
    // A console opens it for writing: migrated, the event kept.
    let mut rw = SqliteJournal::open(&path, None).unwrap();
    assert_eq!(rw.last_seq().unwrap(), 1);
    rw.write_checkpoint(1, FORMAT, Utc::now(), &state.checkpoint(t0()))
        .unwrap();
    let (again, stats, _) = load::<JournalState>(&mut rw, t0() - Duration::days(1)).unwrap();
    assert_eq!(stats.checkpoint, 1);
    assert_eq!(again.events.len(), 1);
    assert_eq!(
        again.alert("a:1").and_then(|a| a.acked_by.as_deref()),
        Some("amara")
    );
}

mod console {
    //! When a console asks for a checkpoint: once enough events are folded
    //! past the last one, and only while the officer's keyboard is quiet.

    use super::common::*;
    use chrono::Duration;
    use watchkeeper::app::{Effect, Msg};
    use watchkeeper::domain::event::EventKind;
    use watchkeeper::state::JournalState;

    fn watch_logs(from: i64, n: i64) -> Vec<watchkeeper::domain::event::Event> {
        (from..from + n)
            .map(|seq| event(seq, "bob", 1, EventKind::WatchLog, Some("round")))
            .collect()
    }

    fn checkpoints(effects: &[Effect]) -> Vec<(i64, JournalState)> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Checkpoint { seq, state } => Some((
                    *seq,
                    JournalState::from_checkpoint(*seq, state).expect("readable"),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_checkpoint_is_asked_for_every_ten_thousand_events_once_the_keys_are_quiet() {
        let mut app = app();
        app.update(Msg::Journal(watch_logs(1, 9_999)));
        let t = now() + Duration::seconds(10);
        assert!(
            checkpoints(&app.update(Msg::Tick(t))).is_empty(),
            "9,999 events"
        );

        app.update(Msg::Journal(watch_logs(10_000, 1)));
        // The officer is typing (the key at `t`): not now.
        app.update(key('j'));
        let typing = app.update(Msg::Tick(t + Duration::seconds(4)));
        assert!(checkpoints(&typing).is_empty(), "asked while typing");
        // Five quiet seconds later: the state as of the last event.
        let quiet = app.update(Msg::Tick(t + Duration::seconds(5)));
        let cps = checkpoints(&quiet);
        assert_eq!(cps.len(), 1, "{quiet:?}");
        assert_eq!(cps[0].0, 10_000);
        assert_eq!(cps[0].1.last_seq, 10_000);
        // Asked once, not on every tick.
        assert!(checkpoints(&app.update(Msg::Tick(t + Duration::seconds(8)))).is_empty());
        app.update(Msg::Journal(watch_logs(10_001, 10_000)));
        let next = checkpoints(&app.update(Msg::Tick(t + Duration::seconds(9))));
        assert_eq!(next.iter().map(|c| c.0).collect::<Vec<_>>(), vec![20_000]);
    }

    #[test]
    fn a_read_only_console_never_asks_for_one() {
        let mut settings = settings("alice");
        settings.read_only = true;
        let mut app = app_with(settings, watchkeeper::theme::ColorDepth::TrueColor);
        app.update(Msg::Journal(watch_logs(1, 20_000)));
        let effects = app.update(Msg::Tick(now() + Duration::minutes(1)));
        assert!(checkpoints(&effects).is_empty());
    }

    /// An alert whose older events are not held: opening its detail reads
    /// them from the journal, and the timeline shows them before the rest.
    #[test]
    fn an_alert_detail_reads_the_events_older_than_those_held() {
        let id = "incidents:INC-2026-0412";
        let mut app = app();
        let from = now() - Duration::hours(16);
        app.model.journal.history_from = Some(from);
        let held = event(
            90,
            "bob",
            5,
            EventKind::Note { alert: id.into() },
            Some("still burning"),
        );
        app.update(Msg::Journal(vec![held]));
        app.model.journal.alerts.get_mut(id).unwrap().seen = 3;

        let effects = app.update(code(crossterm::event::KeyCode::Enter));
        let asked: Vec<_> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::LoadHistory { alert, before } => Some((alert.clone(), *before)),
                _ => None,
            })
            .collect();
        assert_eq!(asked, vec![(id.to_string(), 90)], "{effects:?}");
        let waiting = screen(&app, 120, 50);
        assert!(waiting.contains("2 events before"), "{waiting}");
        assert!(waiting.contains("reading the journal"), "{waiting}");
        // Asked once, not on every message.
        let again = app.update(Msg::Tick(now() + Duration::seconds(1)));
        assert!(
            !again
                .iter()
                .any(|e| matches!(e, Effect::LoadHistory { .. }))
        );

        let older = vec![
            event(
                3,
                "amara",
                2000,
                EventKind::Acknowledged { alert: id.into() },
                None,
            ),
            event(
                7,
                "chen",
                1900,
                EventKind::Note { alert: id.into() },
                Some("convoy rerouted"),
            ),
        ];
        app.update(Msg::History {
            alert: id.into(),
            events: Ok(older),
        });
        let shown = screen(&app, 120, 50);
        let ack = shown.find("amara").expect("the older ack is shown");
        let rerouted = shown.find("convoy rerouted").expect("the older note");
        let burning = shown.find("still burning").expect("the held note");
        assert!(
            ack < rerouted && rerouted < burning,
            "oldest first:\n{shown}"
        );
        assert!(!shown.contains("reading the journal"), "{shown}");
    }
}
