//! The non-interactive commands.

pub mod act;
pub mod check;
mod check_scope;
pub mod export;
pub mod handover;
pub mod output;
pub mod serve_demo;
pub mod snapshot;

use chrono::Utc;

use crate::domain::feed::{FeedOutcome, FeedUpdate};
use crate::feeds::http::human;
use crate::feeds::scheduler::FeedRunner;
use crate::setup::Setup;

/// Polls every configured feed once, concurrently, within the overall
/// `[console] poll_deadline`: a feed not finished by then is reported as a
/// failed poll saying so (its task is abandoned). One update per feed, in
/// the config's order.
pub async fn poll_all(setup: &Setup) -> Vec<FeedUpdate> {
    let now = Utc::now();
    let deadline = setup.config.console.poll_deadline;
    let until = tokio::time::Instant::now() + deadline;
    let mut tasks = Vec::new();
    let demo = crate::sim::demo_sources(setup.seed);
    for f in &setup.config.feeds {
        let mut runner = FeedRunner::new(f.clone(), setup.levels(), &demo)
            .with_language(&setup.config.console.language);
        tasks.push((
            f.id.clone(),
            tokio::spawn(async move { runner.poll(now).await }),
        ));
    }
    let mut out = Vec::new();
    for (feed, mut t) in tasks {
        let outcome = match tokio::time::timeout_at(until, &mut t).await {
            Ok(Ok(u)) => {
                out.push(u);
                continue;
            }
            Ok(Err(e)) => FeedOutcome::Failed(format!("the poll stopped: {e}")),
            Err(_) => {
                t.abort();
                FeedOutcome::Failed(format!(
                    "not finished within the poll deadline ({}, [console] poll_deadline)",
                    human(deadline)
                ))
            }
        };
        out.push(FeedUpdate {
            feed,
            fetched_at: now,
            latency: deadline,
            outcome,
        });
    }
    out
}

pub fn runtime() -> Result<tokio::runtime::Runtime, crate::setup::Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| crate::setup::Failure::new(1, format!("cannot start the runtime: {e}")))
}

/// Exit 3 naming every feed whose poll failed (`context` adds to the first
/// line); Ok when all succeeded.
pub fn feeds_failed(
    model: &crate::state::Model,
    context: &str,
) -> Result<(), crate::setup::Failure> {
    let failed: Vec<String> = model
        .feeds
        .iter()
        .filter_map(|f| f.error.as_ref().map(|e| format!("{}: {e}", f.id)))
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(crate::setup::Failure::new(
        3,
        format!(
            "{} failed{context}:\n  {}",
            crate::domain::words::count(failed.len(), "feed", "feeds"),
            failed.join("\n  ")
        ),
    ))
}
