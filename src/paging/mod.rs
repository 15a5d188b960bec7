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

/// What `watchkeeper check` says about paging: the groups and channels,
/// and every `env:` secret that is not set in this environment.
pub fn check_lines(config: &crate::config::Config) -> Vec<String> {
    use crate::config::Channel;
    if config.contacts.is_empty() {
        return vec![
            "paging: no [[contacts]]: escalations are shown on consoles, sent to no one".into(),
        ];
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut missing = Vec::new();
    let people: usize = config.contacts.iter().map(|g| g.people.len()).sum();
    for g in &config.contacts {
        for p in &g.people {
            for c in &p.channels {
                *counts.entry(c.kind().as_str()).or_default() += 1;
                if let Channel::Pagerduty(key) = c
                    && let Err(e) = key.read()
                {
                    missing.push(format!(
                        "paging: warning: {e} (pagerduty of {} in {})",
                        p.name, g.id
                    ));
                }
            }
        }
    }
    if let Some(Err(e)) = config
        .notify
        .email
        .as_ref()
        .and_then(|m| m.password.as_ref())
        .map(|p| p.read())
    {
        missing.push(format!("paging: warning: {e} ([notify.email] password)"));
    }
    let channels: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let mut out = vec![format!(
        "paging: {}, {}; channels: {} (delivered by `watchkeeper daemon`)",
        crate::domain::words::count(config.contacts.len(), "contact group", "contact groups"),
        crate::domain::words::count(people, "person", "people"),
        channels.join(", ")
    )];
    out.extend(missing);
    out
}
