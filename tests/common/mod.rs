//! Fixture builder: an App with fixed data and a fixed clock, fed through
//! the real parser and merge, for rendering and key tests.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use watchkeeper::app::{App, Effect, Msg, Settings};
use watchkeeper::config::{self, ConfigSource, FeedKind};
use watchkeeper::domain::event::{Event, EventKind};
use watchkeeper::domain::watch::{ShiftDef, WatchCycle};
use watchkeeper::feeds::formats::{ParseCtx, native};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::keymap::KeyMap;
use watchkeeper::state::Model;
use watchkeeper::theme::{self, ColorDepth, Theme};

pub const STATIONS: &str = include_str!("../fixtures/native/stations.json");
pub const INCIDENTS: &str = include_str!("../fixtures/native/incidents.json");
pub const ROSTER: &str = include_str!("../fixtures/native/roster.json");

/// 2026-11-22 21:00:00 UTC: Bravo shift (14:00–22:00) in the default watch.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap()
}

pub fn builtin() -> config::Config {
    config::parse(config::BUILTIN, ConfigSource::Builtin).expect("the shipped config parses")
}

pub fn update(feed: &str, kind: FeedKind, body: &str) -> FeedUpdate {
    let ctx = ParseCtx {
        feed_id: feed.to_string(),
        kind,
        levels: 6,
        min_severity: watchkeeper::domain::Severity::Info,
        now: now(),
        include_exercises: false,
        language: "en".into(),
    };
    let parsed = native::parse(body.as_bytes(), &ctx).expect("fixture parses");
    FeedUpdate {
        feed: feed.into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(12),
        outcome: FeedOutcome::Data(parsed),
    }
}

pub fn model() -> Model {
    let cfg = builtin();
    let mut m = Model::new(
        cfg.risk.clone(),
        chrono::Duration::hours(1),
        Some(watchkeeper::domain::Severity::High),
        &cfg.feeds,
        now(),
    );
    m.apply_feed(update("stations", FeedKind::Stations, STATIONS));
    m.apply_feed(update("incidents", FeedKind::Incidents, INCIDENTS));
    m.apply_feed(update("roster", FeedKind::Roster, ROSTER));
    m.apply_feed(FeedUpdate {
        feed: "hazards".into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(3),
        outcome: FeedOutcome::Unchanged,
    });
    m
}

pub fn settings(officer: &str) -> Settings {
    let cfg = builtin();
    let w = &cfg.watch;
    let shifts = w
        .shifts
        .iter()
        .map(|s| ShiftDef {
            name: s.name.clone(),
            start: s.start,
        })
        .collect();
    Settings {
        keymap: KeyMap::default_keys(),
        watch: WatchCycle::new(w.timezone, w.day_starts, shifts).unwrap(),
        policies: cfg.escalation.clone(),
        officer: officer.into(),
        read_only: false,
        ascii: false,
        my_groups: Vec::new(),
        max_snooze: chrono::Duration::days(7),
        themes: watchkeeper::theme::builtin_names()
            .iter()
            .map(|n| n.to_string())
            .collect(),
        presence: false,
        related: cfg.related,
    }
}

/// An app and the theme the console draws it in: what a test drives
/// (through the app) and looks at (`screen`, `buffer`).
pub struct Console {
    pub app: App,
    pub theme: Theme,
}

impl std::ops::Deref for Console {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for Console {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

impl Console {
    /// `app` drawn in the built-in theme at `depth`.
    pub fn new(app: App, depth: ColorDepth) -> Console {
        let theme = theme::load("watch-dark", depth).expect("built-in theme loads");
        Console { app, theme }
    }
}

pub fn app() -> Console {
    app_with(settings("alice"), ColorDepth::TrueColor)
}

pub fn app_with(settings: Settings, depth: ColorDepth) -> Console {
    let mut a = App::new(model(), settings, None, now());
    a.update(Msg::Tick(now()));
    Console::new(a, depth)
}

pub fn event(
    seq: i64,
    officer: &str,
    minutes_ago: i64,
    kind: EventKind,
    note: Option<&str>,
) -> Event {
    Event {
        seq,
        at: now() - chrono::Duration::minutes(minutes_ago),
        officer: officer.into(),
        host: "ops-1".into(),
        kind,
        note: note.map(String::from),
    }
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Types text into a prompt and presses Enter.
pub fn type_and_enter(app: &mut App, text: &str) -> Vec<Effect> {
    for c in text.chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter))
}

/// Renders at `w`×`h` and returns the screen as text, one line per row.
pub fn screen(c: &Console, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| watchkeeper::ui::render(f, &c.app, &c.theme))
        .unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Draws at `w`×`h` as the console's loop does: the room each pane had goes
/// back to `update` (`Msg::Viewports`), and a frame whose window moved is
/// drawn again. Returns the screen as text.
pub fn draw(c: &mut Console, w: u16, h: u16) -> String {
    for _ in 0..2 {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut seen = Default::default();
        t.draw(|f| seen = watchkeeper::ui::draw(f, &c.app, &c.theme))
            .unwrap();
        c.app.dirty = false;
        c.app.update(Msg::Viewports(seen));
        if !c.app.dirty {
            break;
        }
    }
    screen(c, w, h)
}

/// Renders and returns the buffer, for cell-style assertions.
pub fn buffer(c: &Console, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| watchkeeper::ui::render(f, &c.app, &c.theme))
        .unwrap();
    t.backend().buffer().clone()
}

/// A hazards feed's parse context: console language `language`, clock `now`,
/// every severity kept, exercises left out.
pub fn hazard_ctx(feed: &str, language: &str, now: DateTime<Utc>) -> ParseCtx {
    ParseCtx {
        feed_id: feed.to_string(),
        kind: FeedKind::Hazards,
        levels: 6,
        min_severity: watchkeeper::domain::Severity::Info,
        now,
        include_exercises: false,
        language: language.into(),
    }
}

/// A file under `tests/fixtures/`.
pub fn fixture(path: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Files of one fixtures folder, sorted.
pub fn fixture_names(dir: &str) -> Vec<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&p)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", p.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// UTC time from an RFC 3339 string.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}
