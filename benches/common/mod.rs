//! Synthetic data for the benchmarks, generated at the stated scale and
//! deterministic (no randomness: item `i` is a function of `i`). Copied in
//! spirit from `tests/common/mod.rs` (benches cannot import `tests/`).
#![allow(dead_code)]

use std::fmt::Write as _;

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use watchkeeper::app::keymap::KeyMap;
use watchkeeper::app::{App, Msg, Settings};
use watchkeeper::config::{self, ConfigSource, FeedKind};
use watchkeeper::domain::Severity;
use watchkeeper::domain::watch::{ShiftDef, WatchCycle};
use watchkeeper::feeds::formats::{ParseCtx, native};
use watchkeeper::feeds::{FeedOutcome, FeedUpdate};
use watchkeeper::state::Model;
use watchkeeper::theme::{self, ColorDepth};

/// 2026-11-22 21:00:00 UTC, as in the test fixtures.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap()
}

pub fn builtin() -> config::Config {
    config::parse(config::BUILTIN, ConfigSource::Builtin).expect("the shipped config parses")
}

pub fn ctx(feed: &str, kind: FeedKind) -> ParseCtx {
    ParseCtx {
        feed_id: feed.to_string(),
        kind,
        levels: 6,
        min_severity: Severity::Info,
        now: now(),
        include_exercises: false,
        language: "en".into(),
    }
}

const REGIONS: [&str; 5] = [
    "africa",
    "americas",
    "asia-pacific",
    "europe",
    "middle-east",
];
const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "info"];
const CATEGORIES: [&str; 6] = [
    "armed-conflict",
    "civil-unrest",
    "crime",
    "health",
    "transport",
    "hazard",
];
const STATUSES: [&str; 5] = ["available", "standby", "deployed", "leave", "unavailable"];

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn station_id(i: usize) -> String {
    format!("S{i:04}")
}

/// A `watchkeeper-json` stations document with `n` stations.
pub fn stations_json(n: usize) -> String {
    let mut s = String::with_capacity(n * 320);
    write!(s, "{{\"generated_at\":\"{}\",\"stations\":[", ts(now())).unwrap();
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let lat = -60.0 + (i * 37 % 1200) as f64 / 10.0;
        let lon = -170.0 + (i * 53 % 3400) as f64 / 10.0;
        write!(
            s,
            "{{\"id\":\"{}\",\"name\":\"Duty station {i}\",\"country\":\"XX\",\"region\":\"{}\",\
             \"lat\":{lat:.2},\"lon\":{lon:.2},\"timezone\":\"UTC\",\"security_level\":{},\
             \"personnel\":{},\"moss_compliance\":0.9,\"evacuation_drill\":\"2026-03-01\",\
             \"security_adviser\":true,\"updated_at\":\"{}\"}}",
            station_id(i),
            REGIONS[i % REGIONS.len()],
            1 + i % 6,
            100 + i % 900,
            ts(now() - Duration::minutes((i % 600) as i64)),
        )
        .unwrap();
    }
    s.push_str("]}");
    s
}

/// A `watchkeeper-json` incidents document with `n` incidents spread over
/// `stations` stations; `rev` changes every item's title (a changed poll).
pub fn incidents_json(n: usize, stations: usize, rev: u32) -> String {
    let mut s = String::with_capacity(n * 360);
    write!(s, "{{\"generated_at\":\"{}\",\"incidents\":[", ts(now())).unwrap();
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let t = ts(now() - Duration::seconds((i * 7 % 86_400) as i64));
        write!(
            s,
            "{{\"id\":\"INC-{i:07}\",\"station\":\"{}\",\"severity\":\"{}\",\"category\":\"{}\",\
             \"title\":\"Synthetic incident {i} near duty station, revision {rev}\",\
             \"detail\":\"Generated for the benchmarks.\\nSecond line of detail.\",\
             \"reported_at\":\"{t}\",\"updated_at\":\"{t}\",\"status\":\"{}\",\
             \"link\":\"https://incidents.example.org/INC-{i:07}\"}}",
            station_id(i % stations.max(1)),
            SEVERITIES[i % SEVERITIES.len()],
            CATEGORIES[i % CATEGORIES.len()],
            if i % 10 == 9 { "cleared" } else { "open" },
        )
        .unwrap();
    }
    s.push_str("]}");
    s
}

/// A `watchkeeper-json` roster document with `n` officers.
pub fn roster_json(n: usize, stations: usize) -> String {
    let mut s = String::with_capacity(n * 300);
    write!(s, "{{\"generated_at\":\"{}\",\"officers\":[", ts(now())).unwrap();
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let status = STATUSES[i % STATUSES.len()];
        let deployed = if status == "deployed" {
            format!("\"{}\"", station_id((i * 7) % stations.max(1)))
        } else {
            "null".into()
        };
        write!(
            s,
            "{{\"id\":\"SO-{i:04}\",\"name\":\"Officer {i}\",\"callsign\":\"CALL-{i}\",\
             \"home\":\"{}\",\"status\":\"{status}\",\"deployed_to\":{deployed},\
             \"available_from\":null,\"available_until\":null,\"readiness_hours\":{},\
             \"skills\":[\"evacuation\"],\"languages\":[\"en\",\"fr\"]}}",
            station_id(i % stations.max(1)),
            12 * (1 + i % 6),
        )
        .unwrap();
    }
    s.push_str("]}");
    s
}

pub fn update(feed: &str, kind: FeedKind, body: &[u8]) -> FeedUpdate {
    let parsed = native::parse(body, &ctx(feed, kind)).expect("synthetic document parses");
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected.first());
    FeedUpdate {
        feed: feed.into(),
        fetched_at: now(),
        latency: std::time::Duration::from_millis(12),
        outcome: FeedOutcome::Data(parsed),
    }
}

/// A model with the shipped config's feeds (stations, incidents, roster,
/// hazards) and nothing merged yet.
pub fn empty_model() -> Model {
    let cfg = builtin();
    Model::new(
        cfg.risk.clone(),
        Duration::hours(1),
        Some(Severity::High),
        &cfg.feeds,
        now(),
    )
}

/// A model holding `alerts` incidents over `stations` stations and
/// `officers` officers, merged through the real parser and merge.
pub fn model(alerts: usize, stations: usize, officers: usize) -> Model {
    let mut m = empty_model();
    m.apply_feed(update(
        "stations",
        FeedKind::Stations,
        stations_json(stations).as_bytes(),
    ));
    m.apply_feed(update(
        "incidents",
        FeedKind::Incidents,
        incidents_json(alerts, stations, 0).as_bytes(),
    ));
    m.apply_feed(update(
        "roster",
        FeedKind::Roster,
        roster_json(officers, stations).as_bytes(),
    ));
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

/// The theme the benchmarks draw in.
pub fn theme() -> theme::Theme {
    theme::load("watch-dark", ColorDepth::TrueColor).expect("built-in theme loads")
}

pub fn app(model: Model) -> App {
    let mut a = App::new(model, settings("alice"), None, now());
    a.update(Msg::Tick(now()));
    a.update(Msg::Resize(200, 60));
    a
}

pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap()
}

/// Resident set size of this process in KiB (`VmRSS` from /proc/self/status).
pub fn rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The `q`-quantile (0..=1) of `v` (sorted in place), nearest rank.
pub fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}
