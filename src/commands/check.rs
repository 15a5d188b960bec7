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
        "config {}: ok, {} feed(s)",
        setup.config.source,
        setup.config.feeds.len()
    ));
    out.line(format!("theme {}: ok", setup.theme_name));
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
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(
            3,
            format!(
                "{} of {} feed(s) failed: {}",
                failed.len(),
                updates.len(),
                failed.join(", ")
            ),
        ))
    }
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
