//! Automatic escalation with several consoles on one journal file and an
//! injected clock: exactly one escalation per alert and step, an ack stops
//! the climb, a muted station's alerts do not climb, an acknowledgement
//! left past `ack_timeout` expires once and the alert climbs again.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use watchkeeper::app::driver::{Executor, Flow, step};
use watchkeeper::app::{App, Effect, Msg};
use watchkeeper::config::FeedKind;
use watchkeeper::domain::event::{Actor, EventKind};
use watchkeeper::journal::{Journal, SqliteJournal};
use watchkeeper::state::Model;

/// One console: the app, driven as the runtime drives it, with an executor
/// on its own journal handle.
struct Console {
    app: App,
    host: Journaled,
}

/// Carries out appends on a real journal at once, at the test's clock, and
/// answers with what the journal thread would send.
struct Journaled {
    journal: SqliteJournal,
    cursor: i64,
    actor: Actor,
    at: DateTime<Utc>,
    /// What the console told its officer (notifications).
    notices: Vec<watchkeeper::notify::Notice>,
}

impl Executor for Journaled {
    fn execute(&mut self, _app: &App, effect: Effect, replies: &mut Vec<Msg>) -> Flow {
        match effect {
            Effect::Append {
                request,
                kind,
                note,
                system,
            } => {
                // As the runtime does: the console's own records go under
                // the system actor of its host.
                let by = match system {
                    true => watchkeeper::identity::system_actor(&self.actor.host),
                    false => self.actor.clone(),
                };
                let result = self
                    .journal
                    .append(&by, self.at, kind, note)
                    .map_err(|e| e.to_string());
                let events = self.new_events();
                replies.push(Msg::Appended {
                    request,
                    result,
                    events,
                });
                Flow::Continue
            }
            Effect::Notify(n) => {
                self.notices.push(n);
                Flow::Continue
            }
            Effect::Quit => Flow::Stop,
            _ => Flow::Continue,
        }
    }
}

impl Journaled {
    fn new_events(&mut self) -> Vec<watchkeeper::domain::event::Event> {
        let events = self.journal.read_since(self.cursor, 10_000).unwrap();
        if let Some(last) = events.last() {
            self.cursor = last.seq;
        }
        events
    }
}

impl Console {
    fn new(path: &std::path::Path, officer: &str) -> Console {
        let cfg = builtin();
        let model = Model::new(
            cfg.risk.clone(),
            Duration::hours(1),
            Some(watchkeeper::domain::Severity::High),
            &cfg.feeds,
            now(),
        );
        let app = App::new(model, settings(officer), None, now());
        let journal = SqliteJournal::open(path, None).unwrap();
        Console {
            app,
            host: Journaled {
                journal,
                cursor: 0,
                actor: Actor {
                    officer: officer.into(),
                    host: format!("{officer}-host"),
                },
                at: now(),
                notices: Vec::new(),
            },
        }
    }

    /// Feeds the fixture data through `update`, as the feed tasks would.
    fn load_feeds(&mut self, at: DateTime<Utc>) {
        for (feed, kind, body) in [
            ("stations", FeedKind::Stations, STATIONS),
            ("incidents", FeedKind::Incidents, INCIDENTS),
            ("roster", FeedKind::Roster, ROSTER),
        ] {
            let mut u = update(feed, kind, body);
            u.fetched_at = at;
            self.host.at = at;
            step(&mut self.app, Msg::Feed(u), &mut self.host);
        }
    }

    fn tick(&mut self, at: DateTime<Utc>) {
        self.host.at = at;
        let events = self.host.new_events();
        step(&mut self.app, Msg::Journal(events), &mut self.host);
        step(&mut self.app, Msg::Tick(at), &mut self.host);
    }
}

fn escalations(path: &std::path::Path) -> Vec<(String, u32, bool)> {
    let mut j = SqliteJournal::open_read_only(path).unwrap();
    j.read_since(0, 100_000)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Escalated {
                alert,
                step,
                manual,
                ..
            } => Some((alert, step, manual)),
            _ => None,
        })
        .collect()
}

fn watch(consoles: &mut [Console], minutes: i64) {
    for m in 0..=minutes {
        for c in consoles.iter_mut() {
            c.tick(now() + Duration::minutes(m));
        }
    }
}

#[test]
fn three_consoles_record_each_step_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles: Vec<Console> = ["alice", "bob", "carol"]
        .iter()
        .map(|o| Console::new(&path, o))
        .collect();
    for c in &mut consoles {
        c.load_feeds(now());
    }
    watch(&mut consoles, 40);
    let mut esc = escalations(&path);
    esc.sort();
    let crit = "incidents:INC-2026-0412";
    let steps: Vec<u32> = esc
        .iter()
        .filter(|(a, _, _)| a == crit)
        .map(|(_, s, _)| *s)
        .collect();
    assert_eq!(
        steps,
        [1, 2, 3],
        "critical climbs 5m, 15m, 30m, each once: {esc:?}"
    );
    assert!(esc.iter().all(|(_, _, manual)| !manual));
    let mut seen = std::collections::HashSet::new();
    for (a, s, _) in &esc {
        assert!(
            seen.insert((a.clone(), *s)),
            "duplicate escalation {a} step {s}"
        );
    }
    // High alerts have one step; the source-cleared Baghdad alert does not climb.
    assert_eq!(
        esc.iter()
            .filter(|(a, _, _)| a == "incidents:INC-2026-0405")
            .count(),
        1
    );
    assert!(esc.iter().all(|(a, _, _)| a != "incidents:INC-2026-0385"));
    // Medium and lower have no policy.
    assert!(esc.iter().all(|(a, _, _)| a != "incidents:INC-2026-0398"));
}

#[test]
fn nothing_climbs_before_its_first_step_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles = vec![Console::new(&path, "alice")];
    consoles[0].load_feeds(now());
    watch(&mut consoles, 4);
    assert!(escalations(&path).is_empty());
}

#[test]
fn an_acknowledgement_midway_stops_the_climb() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles: Vec<Console> = ["alice", "bob"]
        .iter()
        .map(|o| Console::new(&path, o))
        .collect();
    for c in &mut consoles {
        c.load_feeds(now());
    }
    watch(&mut consoles, 7);
    // alice acknowledges the critical after step 1.
    let at = now() + Duration::minutes(8);
    let a = &mut consoles[0];
    a.host
        .journal
        .append(
            &a.host.actor,
            at,
            EventKind::Acknowledged {
                alert: "incidents:INC-2026-0412".into(),
            },
            None,
        )
        .unwrap();
    for m in 8..=40 {
        for c in consoles.iter_mut() {
            c.tick(now() + Duration::minutes(m));
        }
    }
    let steps: Vec<u32> = escalations(&path)
        .into_iter()
        .filter(|(a, _, _)| a == "incidents:INC-2026-0412")
        .map(|(_, s, _)| s)
        .collect();
    assert_eq!(steps, [1], "acknowledged after step 1: no step 2 or 3");
}

#[test]
fn a_muted_stations_alerts_do_not_climb() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles = vec![Console::new(&path, "alice")];
    let c = &mut consoles[0];
    c.host
        .journal
        .append(
            &c.host.actor,
            now(),
            EventKind::Muted {
                station: "KBL".into(),
                until: now() + Duration::hours(2),
            },
            Some("planned exercise".into()),
        )
        .unwrap();
    c.load_feeds(now());
    watch(&mut consoles, 40);
    let esc = escalations(&path);
    assert!(
        esc.iter().all(|(a, _, _)| a != "incidents:INC-2026-0412"),
        "{esc:?}"
    );
    assert!(
        esc.iter().any(|(a, _, _)| a == "incidents:INC-2026-0409"),
        "other stations still climb"
    );
}

const CRITICAL: &str = "incidents:INC-2026-0412";

fn ack(c: &mut Console, at: DateTime<Utc>) {
    let actor = c.host.actor.clone();
    c.host
        .journal
        .append(
            &actor,
            at,
            EventKind::Acknowledged {
                alert: CRITICAL.into(),
            },
            None,
        )
        .unwrap();
}

/// (officer, acknowledged_by) of each `ack_expired` of the critical alert.
fn expiries(path: &std::path::Path) -> Vec<(String, String)> {
    let mut j = SqliteJournal::open_read_only(path).unwrap();
    j.read_since(0, 100_000)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::AckExpired {
                alert,
                acknowledged_by,
                ..
            } if alert == CRITICAL => Some((e.officer, acknowledged_by)),
            _ => None,
        })
        .collect()
}

fn critical_steps(path: &std::path::Path) -> Vec<u32> {
    escalations(path)
        .into_iter()
        .filter(|(a, _, _)| a == CRITICAL)
        .map(|(_, s, _)| s)
        .collect()
}

fn watch_from(consoles: &mut [Console], from: i64, to: i64) {
    for m in from..=to {
        for c in consoles.iter_mut() {
            c.tick(now() + Duration::minutes(m));
        }
    }
}

#[test]
fn an_acknowledgement_left_past_ack_timeout_expires_once_and_the_alert_climbs_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles: Vec<Console> = ["alice", "bob", "carol"]
        .iter()
        .map(|o| Console::new(&path, o))
        .collect();
    for c in &mut consoles {
        c.load_feeds(now());
    }
    // The shipped critical policy: 5m, 15m, 30m, ack_timeout 2h.
    watch(&mut consoles, 7);
    ack(&mut consoles[0], now() + Duration::minutes(8));
    watch_from(&mut consoles, 8, 127);
    assert!(expiries(&path).is_empty(), "2h not yet up");
    let life = |c: &Console| c.app.model.journal.alert(CRITICAL).unwrap().life.clone();
    assert_eq!(
        life(&consoles[1]).state(),
        watchkeeper::domain::AlertState::Acknowledged
    );
    watch_from(&mut consoles, 128, 129);
    assert_eq!(
        expiries(&path),
        [("watchkeeper".to_string(), "alice".to_string())],
        "one expiry, by the system actor, naming who had acknowledged it"
    );
    for c in &consoles {
        assert_eq!(life(c).state(), watchkeeper::domain::AlertState::New);
        let told: Vec<String> = c.host.notices.iter().map(|n| n.text().1).collect();
        assert!(
            told.iter().any(|t| t.contains(CRITICAL)
                && t.contains("acknowledged by alice 2h ago, not resolved")),
            "{} was told: {told:?}",
            c.host.actor.officer
        );
    }
    // The climb starts again from the expiry (128m): 133m, 143m, 158m.
    watch_from(&mut consoles, 130, 132);
    assert_eq!(critical_steps(&path), [1]);
    watch_from(&mut consoles, 133, 170);
    assert_eq!(
        critical_steps(&path),
        [1, 1, 2, 3],
        "climbs again, each step once"
    );
    assert_eq!(expiries(&path).len(), 1);
}

#[test]
fn a_second_acknowledgement_stops_the_new_climb_and_expires_in_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles: Vec<Console> = ["alice", "bob"]
        .iter()
        .map(|o| Console::new(&path, o))
        .collect();
    for c in &mut consoles {
        c.load_feeds(now());
    }
    watch(&mut consoles, 7);
    ack(&mut consoles[0], now() + Duration::minutes(8));
    watch_from(&mut consoles, 8, 135);
    assert_eq!(critical_steps(&path), [1, 1]);
    // bob takes it after the new climb's first step.
    ack(&mut consoles[1], now() + Duration::minutes(136));
    watch_from(&mut consoles, 136, 255);
    assert_eq!(
        critical_steps(&path),
        [1, 1],
        "the second ack stops the climb"
    );
    assert_eq!(expiries(&path).len(), 1);
    watch_from(&mut consoles, 256, 262);
    assert_eq!(
        expiries(&path),
        [
            ("watchkeeper".to_string(), "alice".to_string()),
            ("watchkeeper".to_string(), "bob".to_string())
        ],
        "bob's acknowledgement expires 2h after it, once"
    );
    assert_eq!(critical_steps(&path), [1, 1, 1]);
}

#[test]
fn a_resolved_alert_never_expires() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut consoles = vec![Console::new(&path, "alice")];
    consoles[0].load_feeds(now());
    watch(&mut consoles, 7);
    ack(&mut consoles[0], now() + Duration::minutes(8));
    let c = &mut consoles[0];
    let actor = c.host.actor.clone();
    c.host
        .journal
        .append(
            &actor,
            now() + Duration::minutes(60),
            EventKind::Resolved {
                alert: CRITICAL.into(),
            },
            None,
        )
        .unwrap();
    watch_from(&mut consoles, 8, 300);
    assert!(expiries(&path).is_empty());
    assert_eq!(critical_steps(&path), [1]);
}
