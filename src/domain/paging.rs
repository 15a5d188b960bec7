//! Paging vocabulary: how an escalation reaches a person (the channel), what
//! a delivery is for (the purpose) and how it went (the outcome). Journaled
//! in `delivery_claimed` and `notified` events.

use std::fmt;

/// A way of reaching a person.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Email,
    Webhook,
    Pagerduty,
    /// JSON lines appended to a local file (the demo's sink).
    File,
    /// The delivering process's log (standard error of the daemon).
    Log,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Webhook => "webhook",
            ChannelKind::Pagerduty => "pagerduty",
            ChannelKind::File => "file",
            ChannelKind::Log => "log",
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a delivery says: an escalation step, or (PagerDuty only) that the
/// alert was acknowledged or resolved in watchkeeper.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Escalate,
    Acknowledge,
    Resolve,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Escalate => "escalate",
            Purpose::Acknowledge => "acknowledge",
            Purpose::Resolve => "resolve",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    Error(String),
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok => f.write_str("ok"),
            Outcome::Error(error) => write!(f, "error: {error}"),
        }
    }
}

/// One delivery: to whom, by which channel, for what. Within an alert it is
/// unique by (step, purpose, contact group, person, channel).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Delivery {
    pub alert: String,
    /// The escalation step (0 for a PagerDuty acknowledge/resolve).
    pub step: u32,
    pub purpose: Purpose,
    /// The contact group's id.
    pub contact: String,
    /// The person's name within the group.
    pub person: String,
    pub channel: ChannelKind,
}

impl Delivery {
    /// The journal's unique key for attempt `attempt` of this delivery: one
    /// process wins each attempt.
    pub fn claim_key(&self, attempt: u32) -> String {
        format!(
            "page:{}:{}:{}:{}:{}:{}:{attempt}",
            self.alert, self.step, self.purpose, self.contact, self.person, self.channel
        )
    }
}
