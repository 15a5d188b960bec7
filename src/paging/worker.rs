//! The delivery loop: read the journal, plan, claim each due attempt (the
//! journal's unique key lets one process win it), send, record the outcome.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::config::{Config, ContactGroup};
use crate::domain::paging::{Delivery, Outcome};
use crate::journal::{Actor, Appended, Event, EventKind, Journal, JournalError};

use super::message::{AlertInfo, render};
use super::plan::{Due, plan};
use super::send::Sender;

/// What the delivering process knows of each alert (title, stations...),
/// kept up to date by its owner; a page for an alert not in it carries the
/// id alone.
pub type AlertBook = Arc<Mutex<HashMap<String, AlertInfo>>>;

/// One attempt this worker made.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub delivery: Delivery,
    pub attempt: u32,
    pub outcome: Outcome,
}

pub struct Worker {
    journal: Box<dyn Journal>,
    actor: Actor,
    cursor: i64,
    /// The journal's events that paging needs.
    events: Vec<Event>,
    groups: Vec<ContactGroup>,
    sender: Sender,
    pub alerts: AlertBook,
}

fn relevant(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Escalated { .. }
            | EventKind::Acknowledged { .. }
            | EventKind::Resolved { .. }
            | EventKind::AckExpired { .. }
            | EventKind::DeliveryClaimed { .. }
            | EventKind::Notified { .. }
    )
}

impl Worker {
    pub fn new(journal: Box<dyn Journal>, actor: Actor, config: &Config) -> Worker {
        Worker {
            journal,
            actor,
            cursor: 0,
            events: Vec::new(),
            groups: config.contacts.clone(),
            sender: Sender::new(config.notify.clone()),
            alerts: AlertBook::default(),
        }
    }

    /// True if any escalation step can reach anyone.
    pub fn has_contacts(&self) -> bool {
        !self.groups.is_empty()
    }

    fn catch_up(&mut self) -> Result<(), JournalError> {
        loop {
            let batch = self.journal.read_since(self.cursor, 1000)?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            self.cursor = last.seq;
            self.events
                .extend(batch.into_iter().filter(|e| relevant(&e.kind)));
        }
    }

    fn record(&mut self, at: DateTime<Utc>, kind: EventKind) -> Result<Appended, JournalError> {
        let appended = self.journal.append(&self.actor, at, kind, None)?;
        if let Appended::Recorded(e) = &appended {
            self.events.push(e.clone());
        }
        Ok(appended)
    }

    /// One round at `now`: claims what is due, sends the claimed attempts
    /// side by side, records their outcomes. Returns what it sent.
    pub async fn step(&mut self, now: DateTime<Utc>) -> Result<Vec<Sent>, JournalError> {
        self.catch_up()?;
        let mut mine: Vec<Due> = Vec::new();
        for due in plan(&self.events, &self.groups, now) {
            let d = &due.delivery;
            let claim = EventKind::DeliveryClaimed {
                alert: d.alert.clone(),
                step: d.step,
                purpose: d.purpose,
                contact: d.contact.clone(),
                person: d.person.clone(),
                channel: d.channel,
                attempt: due.attempt,
                climb: d.climb,
            };
            match self.record(now, claim)? {
                Appended::Recorded(_) => mine.push(due),
                // Another process has this attempt; read it next round.
                Appended::Conflict(_) => {}
            }
        }
        if mine.is_empty() {
            return Ok(Vec::new());
        }
        let infos: Vec<Option<AlertInfo>> = {
            let book = self.alerts.lock().unwrap_or_else(|p| p.into_inner());
            mine.iter()
                .map(|d| book.get(&d.delivery.alert).cloned())
                .collect()
        };
        let sender = &self.sender;
        let outcomes = futures::future::join_all(mine.iter().zip(&infos).map(|(due, info)| {
            let msg = render(due, info.as_ref(), now);
            async move { sender.send(due, info.as_ref(), &msg).await }
        }))
        .await;
        let mut sent = Vec::new();
        for (due, outcome) in mine.into_iter().zip(outcomes) {
            let d = &due.delivery;
            let kind = EventKind::Notified {
                alert: d.alert.clone(),
                step: d.step,
                purpose: d.purpose,
                contact: d.contact.clone(),
                person: d.person.clone(),
                channel: d.channel,
                attempt: due.attempt,
                outcome: outcome.clone(),
                climb: d.climb,
            };
            self.record(now, kind)?;
            sent.push(Sent {
                delivery: due.delivery,
                attempt: due.attempt,
                outcome,
            });
        }
        Ok(sent)
    }
}
