//! The daemon's delivery thread: a [`Worker`] on its own journal connection,
//! stepping once a second on the wall clock, logging each attempt.

use std::time::Duration;

use chrono::Utc;

use crate::app::App;
use crate::journal::Actor;
use crate::setup::{Failure, Setup};

use super::message::AlertInfo;
use super::worker::{AlertBook, Worker};

/// How often the daemon looks for deliveries due.
pub const TICK: Duration = Duration::from_secs(1);

fn log(line: impl AsRef<str>) {
    eprintln!(
        "{} {}",
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        line.as_ref()
    );
}

/// Starts delivering if any contact group exists; returns the book of
/// alerts to keep current with [`refresh`].
pub fn spawn(setup: &Setup, actor: Actor) -> Result<Option<AlertBook>, Failure> {
    if setup.config.contacts.is_empty() {
        log("paging: no [[contacts]] configured, escalations reach no one outside the consoles");
        return Ok(None);
    }
    // The same journal as the daemon's, whichever backend it is; like the
    // daemon's, one that cannot be reached yet is read once it answers.
    let journal = crate::journal::open_waiting(&setup.journal, &setup.journal_options(), false)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let mut worker = Worker::new(journal, actor, &setup.config);
    for line in super::check_lines(&setup.config) {
        log(line);
    }
    let book = worker.alerts.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(1, format!("paging: cannot start its runtime: {e}")))?;
    std::thread::Builder::new()
        .name("paging".into())
        .spawn(move || {
            runtime.block_on(async move {
                loop {
                    match worker.step(Utc::now()).await {
                        Ok(sent) => {
                            for s in sent {
                                let d = &s.delivery;
                                log(format!(
                                    "paged {} ({}) by {} for {} {} step {} (attempt {}): {}",
                                    d.person,
                                    d.contact,
                                    d.channel,
                                    d.alert,
                                    d.purpose,
                                    d.step,
                                    s.attempt,
                                    s.outcome
                                ));
                            }
                        }
                        Err(e) => log(format!("paging: journal error: {e}")),
                    }
                    tokio::time::sleep(TICK).await;
                }
            })
        })
        .map_err(|e| Failure::new(1, format!("paging: cannot start its thread: {e}")))?;
    Ok(Some(book))
}

/// Copies what the app knows of each alert into the book.
pub fn refresh(book: &AlertBook, app: &App) {
    let mut map = book.lock().unwrap_or_else(|p| p.into_inner());
    map.clear();
    for entry in &app.model.alerts.entries {
        let a = &entry.alert;
        let raised = app
            .model
            .journal
            .alert(&a.id)
            .and_then(|j| j.raised_at)
            .unwrap_or(entry.first_seen);
        map.insert(
            a.id.clone(),
            AlertInfo {
                severity: a.severity,
                title: a.title.clone(),
                stations: a.stations.iter().map(|s| s.id.clone()).collect(),
                raised: crate::domain::escalation::raised_at(a.reported_at, raised),
            },
        );
    }
}
