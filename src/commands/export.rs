//! `watchkeeper journal export [--since T]`: every event as JSON Lines.

use chrono::{DateTime, Utc};

use super::output::Out;
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
    if crate::journal::not_yet_written(&setup.journal) {
        return Ok(()); // created but not yet written: no events
    }
    let mut j = crate::journal::open_read_only(&setup.journal, &setup.journal_options())
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

/// `watchkeeper journal copy --to URL`: this journal, event for event, into
/// an empty one (refused if it holds any event).
pub fn copy(setup: &Setup, to: &str) -> Result<(), Failure> {
    let options = setup.journal_options();
    let mut from = crate::journal::open_read_only(&setup.journal, &options)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let target = crate::journal::Target::parse(to);
    if target == setup.journal {
        return Err(Failure::new(2, "--to names the journal being copied"));
    }
    let mut into =
        crate::journal::open(&target, &options).map_err(|e| Failure::new(1, e.to_string()))?;
    let done = crate::journal::copy(from.as_mut(), into.as_mut())
        .map_err(|e| Failure::new(1, e.to_string()))?;
    println!(
        "copied {} (last #{}) from {} to {}",
        crate::domain::words::count(done.events, "event", "events"),
        done.last_seq,
        from.location(),
        into.location()
    );
    Ok(())
}
