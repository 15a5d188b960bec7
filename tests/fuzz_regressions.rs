//! Inputs the fuzzers (`fuzz/`) found, kept so that what they broke stays
//! fixed. Each file under `tests/fixtures/fuzz/<target>/` is run through the
//! same entry point and checks as the fuzz target of that name (the first
//! byte of a parser input picks the feed kind or the exercise flag, as in
//! the target). Add a crash by copying `fuzz/artifacts/<target>/crash-*`
//! there, with a name that says what it broke. `fuzz/keep.sh` also keeps
//! a few of the smallest hostile inputs (escapes, C1 and bidi controls)
//! the fuzzers built, so every target's checks run on real fuzz output.

use std::path::Path;

use chrono::{TimeZone, Utc};
use watchkeeper::config::{self, ConfigSource, FeedFormat, FeedKind};
use watchkeeper::domain::Severity;
use watchkeeper::feeds::Payload;
use watchkeeper::feeds::formats::{self, ParseCtx};
use watchkeeper::feeds::sanitize::{inert_line, inert_text};

fn ctx(kind: FeedKind, include_exercises: bool) -> ParseCtx {
    ParseCtx {
        feed_id: "fuzz".to_string(),
        kind,
        levels: 5,
        min_severity: Severity::Info,
        now: Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap(),
        include_exercises,
        language: "en".to_string(),
    }
}

fn assert_inert(s: &str, what: &str) {
    for c in s.chars() {
        let bad = c == '\u{1B}'
            || c == '\u{7F}'
            || ('\u{80}'..='\u{9F}').contains(&c)
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}');
        assert!(!bad, "{what}: U+{:04X} got through: {s:?}", c as u32);
    }
}

fn assert_line(s: &str, what: &str) {
    assert_inert(s, what);
    assert!(!s.chars().any(char::is_control), "{what}: control in {s:?}");
}

fn assert_text(s: &str, what: &str) {
    assert_inert(s, what);
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{what}: control in {s:?}"
    );
}

fn parse_checked(format: FeedFormat, kind: FeedKind, body: &[u8], exercises: bool, what: &str) {
    let parsed = match formats::parse(format, body, &ctx(kind, exercises)) {
        Ok(p) => p,
        Err(e) => return assert_line(&e.0, what),
    };
    for r in &parsed.rejected {
        assert_line(&r.reason, what);
        if let Some(id) = &r.id {
            assert_line(id, what);
        }
    }
    match &parsed.payload {
        Payload::Stations(v) => v.iter().for_each(|s| {
            for f in [&s.id, &s.name, &s.country, &s.region, &s.timezone] {
                assert_line(f, what);
            }
        }),
        Payload::Alerts(v) => v.iter().for_each(|a| {
            for f in [&a.id, &a.category, &a.title, &a.source] {
                assert_line(f, what);
            }
            assert_text(&a.detail, what);
            if let Some(l) = &a.link {
                assert_line(l, what);
            }
        }),
        Payload::Roster(v) => v.iter().for_each(|o| {
            for f in [&o.id, &o.name, &o.callsign, &o.home] {
                assert_line(f, what);
            }
        }),
    }
}

/// Runs `check` on every file of `tests/fixtures/fuzz/<target>/` (there
/// must be some: `fuzz/keep.sh` keeps the fuzzers' hostile inputs there).
fn each(target: &str, check: impl Fn(&[u8], &str)) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (fuzz/keep.sh fills it)", dir.display()));
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        check(&data, &path.display().to_string());
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

fn feed(format: FeedFormat) -> impl Fn(&[u8], &str) {
    move |data, what| {
        let Some((&flag, body)) = data.split_first() else {
            return;
        };
        parse_checked(format, FeedKind::Hazards, body, flag & 1 == 1, what);
    }
}

#[test]
fn native_inputs() {
    each("native", |data, what| {
        let Some((&k, body)) = data.split_first() else {
            return;
        };
        let kind = [
            FeedKind::Stations,
            FeedKind::Incidents,
            FeedKind::Roster,
            FeedKind::Hazards,
        ][k as usize % 4];
        parse_checked(FeedFormat::WatchkeeperJson, kind, body, false, what);
    });
}

#[test]
fn cap_inputs() {
    each("cap", feed(FeedFormat::Cap));
}

#[test]
fn cap_atom_inputs() {
    each("cap_atom", feed(FeedFormat::CapAtom));
}

#[test]
fn usgs_inputs() {
    each("usgs", feed(FeedFormat::UsgsGeojson));
}

#[test]
fn gdacs_inputs() {
    each("gdacs", feed(FeedFormat::GdacsRss));
}

#[test]
fn gdacs_geojson_inputs() {
    each("gdacs_geojson", feed(FeedFormat::GdacsGeojson));
}

#[test]
fn config_inputs() {
    each("config", |data, _| {
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = config::parse(text, ConfigSource::Builtin).map_err(|e| e.to_string());
        }
    });
}

#[test]
fn sanitize_inputs() {
    each("sanitize", |data, what| {
        let s = String::from_utf8_lossy(data);
        let line = inert_line(&s);
        assert_line(&line, what);
        assert_eq!(inert_line(&line), line, "{what}: inert_line not idempotent");
        let text = inert_text(&s);
        assert_text(&text, what);
        assert_eq!(inert_text(&text), text, "{what}: inert_text not idempotent");
    });
}
