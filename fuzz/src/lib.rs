//! Shared helpers for the fuzz targets: a parse context and the inert check.

use chrono::{TimeZone, Utc};
use watchkeeper::config::{FeedFormat, FeedKind};
use watchkeeper::domain::Severity;
use watchkeeper::feeds::Payload;
use watchkeeper::feeds::formats::{self, ParseCtx};

/// A context for `kind`, at a fixed `now`, with a 5-level scale.
pub fn ctx(kind: FeedKind, include_exercises: bool) -> ParseCtx {
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

/// Parses `bytes` as `format`; whatever comes back must be inert.
pub fn parse_checked(format: FeedFormat, kind: FeedKind, bytes: &[u8], exercises: bool) {
    match formats::parse(format, bytes, &ctx(kind, exercises)) {
        Ok(parsed) => {
            for r in &parsed.rejected {
                assert_inert_line(&r.reason);
                if let Some(id) = &r.id {
                    assert_inert_line(id);
                }
            }
            // The feeds module hands on only inert text: every string an
            // officer can see is checked.
            check_payload(&parsed.payload);
        }
        Err(e) => assert_inert_line(&e.0),
    }
}

/// Panics if `s` holds anything that could drive a terminal or reorder text.
pub fn assert_inert(s: &str) {
    for c in s.chars() {
        let bad = c == '\u{1B}'
            || c == '\u{7F}'
            || ('\u{80}'..='\u{9F}').contains(&c)
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || c == '\u{200E}'
            || c == '\u{200F}'
            || c == '\u{061C}';
        assert!(!bad, "control {:?} (U+{:04X}) got through: {s:?}", c, c as u32);
    }
}

/// Like [`assert_inert`], and for a one-line field: no C0 control at all.
pub fn assert_inert_line(s: &str) {
    assert_inert(s);
    assert!(
        !s.chars().any(|c| c.is_control()),
        "control character in a one-line field: {s:?}"
    );
}

/// For a multi-line field: no C0 control but line feed and tab.
pub fn assert_inert_text(s: &str) {
    assert_inert(s);
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control character in a text field: {s:?}"
    );
}

fn check_payload(p: &Payload) {
    match p {
        Payload::Stations(v) => {
            for s in v {
                for f in [&s.id, &s.name, &s.country, &s.region, &s.timezone] {
                    assert_inert_line(f);
                }
            }
        }
        Payload::Alerts(v) => {
            for a in v {
                for f in [&a.id, &a.category, &a.title, &a.source] {
                    assert_inert_line(f);
                }
                assert_inert_text(&a.detail);
                if let Some(l) = &a.link {
                    assert_inert_line(l);
                }
                for s in &a.stations {
                    assert_inert_line(&s.id);
                }
            }
        }
        Payload::Roster(v) => {
            for o in v {
                for f in [&o.id, &o.name, &o.callsign, &o.home] {
                    assert_inert_line(f);
                }
                if let Some(d) = &o.deployed_to {
                    assert_inert_line(d);
                }
                for f in o.skills.iter().chain(&o.languages) {
                    assert_inert_line(f);
                }
            }
        }
    }
}
