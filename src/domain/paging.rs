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
    /// The escalation climb (0: the first; one more after each expired
    /// acknowledgement), so a climb after an expiry pages again.
    pub climb: u32,
}

impl Delivery {
    /// The journal's unique key for attempt `attempt` of this delivery: one
    /// process wins each attempt.
    pub fn claim_key(&self, attempt: u32) -> String {
        // A JSON array: feed-given alert ids and person names may hold any
        // separator, and two deliveries must never share a key. The first
        // climb's keys are those written before climbs existed.
        let mut parts = serde_json::json!([
            self.alert,
            self.step,
            self.purpose.as_str(),
            self.contact,
            self.person,
            self.channel.as_str(),
            attempt
        ]);
        if self.climb > 0
            && let Some(list) = parts.as_array_mut()
        {
            list.push(self.climb.into());
        }
        format!("page:{parts}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(alert: &str, person: &str) -> Delivery {
        Delivery {
            alert: alert.into(),
            step: 1,
            purpose: Purpose::Escalate,
            contact: "desk".into(),
            person: person.into(),
            channel: ChannelKind::Log,
            climb: 0,
        }
    }

    #[test]
    fn claim_keys_of_different_deliveries_never_collide() {
        // Separators inside feed-given ids and names cannot make keys meet.
        let a = d("f:x:1:escalate:desk:Ana", "z");
        let b = d("f:x", "Ana:log:1:1:escalate:desk:z");
        assert_ne!(a.claim_key(1), b.claim_key(1));
        assert_ne!(a.claim_key(1), a.claim_key(2));
        assert_eq!(a.claim_key(3), a.clone().claim_key(3));
        let again = Delivery {
            climb: 1,
            ..a.clone()
        };
        assert_ne!(
            a.claim_key(1),
            again.claim_key(1),
            "a new climb pages again"
        );
    }
}
