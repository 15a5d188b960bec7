//! `watchkeeper journal export [--since T]`: every event as JSON Lines.

use chrono::{DateTime, Utc};

use super::output::Out;
use crate::journal::{Journal, SqliteJournal};
use crate::setup::{Failure, Setup};

/// `--since`: an RFC 3339 time, or a duration ago (`8h`, `30m`).
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    if let Some(t) = crate::feeds::formats::parse_time(s) {
        return Ok(t);
    }
    crate::domain::duration::parse_duration(s)
        .ok()
        .and_then(|d| chrono::Duration::from_std(d).ok())
        .map(|d| now - d)
        .ok_or_else(|| Failure::new(2, format!("--since {s:?}: expected an RFC 3339 time (2026-11-22T06:00:00Z) or a duration ago (8h)")))
}

pub fn run(setup: &Setup, since: Option<&str>) -> Result<(), Failure> {
    let since = since.map(|s| parse_since(s, Utc::now())).transpose()?;
    if crate::journal::faults::not_yet_made(&setup.journal_path) {
        return Ok(()); // created but not yet written: no events
    }
    let mut j = SqliteJournal::open_read_only(&setup.journal_path)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let mut out = Out::new();
    let mut cursor = 0;
    loop {
        let batch = j
            .read_since(cursor, 10_000)
            .map_err(|e| Failure::new(1, e.to_string()))?;
        let Some(last) = batch.last() else { break };
        cursor = last.seq;
        for e in batch.iter().filter(|e| since.is_none_or(|s| e.at >= s)) {
            out.line(e.to_json_line());
        }
        if out.failed() {
            break; // the reader went away (e.g. `| head`) or the disk is full
        }
    }
    out.finish()
}
