//! `watchkeeper check`: validate the config and theme, try every feed once,
//! and say how each went. Exit 0 when all are ok, 3 when any failed, 2 on a
//! config error.

use std::time::Duration;

use super::output::Out;
use crate::feeds::{FeedOutcome, FeedUpdate, rejection_summary};
use crate::setup::{Failure, Setup};

pub fn run(setup: &Setup) -> Result<(), Failure> {
    crate::app::keymap::KeyMap::from_config(&setup.config.keys)
        .map_err(|e| Failure::new(2, format!("config error: {e}")))?;
    setup.theme()?;
    let mut out = Out::new();
    out.line(format!(
        "config {}: ok, {}",
        setup.config.source,
        crate::domain::words::count(setup.config.feeds.len(), "feed", "feeds")
    ));
    out.line(format!("theme {}: ok", setup.theme_name));
    out.line(escalation_line(&setup.config.escalation));
    out.line(related_line(setup.config.related.as_ref()));
    for line in crate::paging::check_lines(&setup.config) {
        out.line(line);
    }
    if let Some(w) = super::check_scope::no_feeds_warning(setup) {
        out.line(w);
    }
    let rt = super::runtime()?;
    let updates = rt.block_on(super::poll_all(setup));
    let width = updates.iter().map(|u| u.feed.len()).max().unwrap_or(0);
    let mut failed = Vec::new();
    for u in &updates {
        out.line(line(u, width));
        if matches!(u.outcome, FeedOutcome::Failed(_)) {
            failed.push(u.feed.clone());
        }
    }
    out.finish()?;
    super::check_scope::check_desk(setup, &updates)?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(
            3,
            format!(
                "{} of {} failed: {}",
                failed.len(),
                crate::domain::words::count(updates.len(), "feed", "feeds"),
                failed.join(", ")
            ),
        ))
    }
}

/// `related alerts: one row within 30m and 100 km ([related])`: which
/// alerts the list shows as one.
fn related_line(rule: Option<&crate::domain::related::Rule>) -> String {
    match rule {
        None => "related alerts: each its own row ([related] enabled = false)".into(),
        Some(r) => format!(
            "related alerts: one row for one event, within {} and {} km ([related])",
            crate::domain::duration::format_compact(r.window.to_std().unwrap_or_default()),
            r.distance_km
        ),
    }
}

/// `escalation: critical 3 steps (ack_timeout 2h), high 1 step`: what
/// climbs by itself, and which acknowledgements expire.
fn escalation_line(policies: &[crate::config::EscalationPolicy]) -> String {
    if policies.is_empty() {
        return "escalation: none (no alert climbs by itself)".into();
    }
    let each: Vec<String> = policies
        .iter()
        .map(|p| {
            let n = p.steps.len();
            let mut s = format!("{} {n} step{}", p.severity, if n == 1 { "" } else { "s" });
            match p.ack_timeout {
                Some(t) => s.push_str(&format!(
                    " (ack_timeout {})",
                    crate::domain::duration::format_compact(t)
                )),
                None => s.push_str(" (acknowledgements do not expire)"),
            }
            s
        })
        .collect();
    format!("escalation: {}", each.join(", "))
}

/// `incidents  ok      84 ms  items 40  rejected 2 (2 items rejected: missing id)`
pub fn line(u: &FeedUpdate, width: usize) -> String {
    let id = &u.feed;
    let ms = ms(u.latency);
    match &u.outcome {
        FeedOutcome::Data(p) => {
            let mut s = format!(
                "{id:<width$}  ok      {ms:>8}  items {}  rejected {}",
                p.payload.len(),
                p.rejected.len()
            );
            if let Some(r) = rejection_summary(&p.rejected) {
                s.push_str(&format!(" ({r})"));
            }
            s
        }
        FeedOutcome::Unchanged => format!("{id:<width$}  ok      {ms:>8}  unchanged"),
        FeedOutcome::Failed(e) => format!("{id:<width$}  FAILED  {ms:>8}  error: {e}"),
    }
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}
