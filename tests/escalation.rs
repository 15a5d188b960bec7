//! Automatic escalation with several consoles on one journal file and an
//! injected clock: exactly one escalation per alert and step, an ack stops
//! the climb, a muted station's alerts do not climb.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use watchkeeper::app::{App, Effect, Msg};
use watchkeeper::config::FeedKind;
use watchkeeper::domain::event::{Actor, EventKind};
use watchkeeper::journal::{Journal, SqliteJournal};
use watchkeeper::state::Model;

/// One console: the app, its own journal handle, and the runtime's job of
/// carrying out effects and delivering events, done by hand.
struct Console {
    app: App,
    journal: SqliteJournal,
    cursor: i64,
    actor: Actor,
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
            journal,
            cursor: 0,
            actor: Actor {
                officer: officer.into(),
                host: format!("{officer}-host"),
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
            let effects = self.app.update(Msg::Feed(u));
            self.run(effects, at);
        }
    }

    fn run(&mut self, effects: Vec<Effect>, at: DateTime<Utc>) {
        for e in effects {
            if let Effect::Append {
                request,
                kind,
                note,
            } = e
            {
                let result = self
                    .journal
                    .append(&self.actor, at, kind, note)
                    .map_err(|e| e.to_string());
                let events = self.new_events();
                let more = self.app.update(Msg::Appended {
                    request,
                    result,
                    events,
                });
                self.run(more, at);
            }
        }
    }

    fn new_events(&mut self) -> Vec<watchkeeper::domain::event::Event> {
        let events = self.journal.read_since(self.cursor, 10_000).unwrap();
        if let Some(last) = events.last() {
            self.cursor = last.seq;
        }
        events
    }

    fn tick(&mut self, at: DateTime<Utc>) {
        let events = self.new_events();
        self.app.update(Msg::Journal(events));
        let effects = self.app.update(Msg::Tick(at));
        self.run(effects, at);
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
    a.journal
        .append(
            &a.actor,
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
    c.journal
        .append(
            &c.actor,
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
