//! Paging: escalation steps delivered to the people of a contact group by
//! email, webhook, PagerDuty, a file or the log, once between all processes
//! sharing the journal. See [`plan`] for the rules and [`worker`] for the
//! loop the daemon runs.

pub mod message;
pub mod plan;
pub mod run;
pub mod send;
pub mod worker;

#[cfg(test)]
mod plan_tests;

pub use message::{AlertInfo, Message};
pub use plan::{Due, plan};
pub use send::Sender;
pub use worker::{AlertBook, Sent, Worker};

/// The ids of the contact groups that list `login` as a person's login.
pub fn my_groups(groups: &[crate::config::ContactGroup], login: &str) -> Vec<String> {
    groups
        .iter()
        .filter(|g| g.people.iter().any(|p| p.login.as_deref() == Some(login)))
        .map(|g| g.id.clone())
        .collect()
}
