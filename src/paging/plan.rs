//! What to deliver now: a pure function of the journal's events, the
//! contact groups and `now`. Every process that delivers runs the same
//! plan; the journal's unique claim key (one per delivery attempt) makes
//! exactly one of them send each attempt.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{Channel, ContactGroup};
use crate::domain::paging::{ChannelKind, Delivery, Outcome, Purpose};
use crate::journal::{Event, EventKind};

/// A claim with no outcome after this long belongs to a process that died
/// (or hangs): the next attempt is taken over.
pub const LEASE: Duration = Duration::from_secs(120);
/// Attempts of one delivery before giving up.
pub const MAX_ATTEMPTS: u32 = 20;
/// An escalation, acknowledgement or resolution older than this when a
/// delivering process first sees it is not delivered (a daemon started on
/// an old journal does not page history).
pub const STALE: Duration = Duration::from_secs(3600);

/// The wait after failed attempt `n` (1-based): 10 s doubling, at most 5 min.
pub fn backoff(attempt: u32) -> Duration {
    let secs = 10u64.saturating_mul(1u64 << attempt.saturating_sub(1).min(10));
    Duration::from_secs(secs.min(300))
}

/// One attempt due now, with the channel's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub delivery: Delivery,
    pub attempt: u32,
    pub channel: Channel,
    /// When the escalation (or acknowledgement) being delivered was recorded.
    pub escalated_at: DateTime<Utc>,
    /// For a step of a climb that an expired acknowledgement started: that
    /// acknowledgement (the page says it was acknowledged, not resolved).
    pub expired_ack: Option<ExpiredAck>,
}

/// An acknowledgement left unresolved past its policy's timeout, as its
/// `ack_expired` event tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpiredAck {
    pub acknowledged_by: String,
    pub acknowledged_at: DateTime<Utc>,
}

/// What the journal says about one delivery's attempts.
#[derive(Debug, Default, Clone)]
pub struct Attempts {
    /// The highest claimed attempt and when.
    pub claimed: Option<(u32, DateTime<Utc>)>,
    /// The outcome of the highest attempt that has one, and when.
    pub last: Option<(u32, Outcome, DateTime<Utc>)>,
    pub delivered: bool,
}

impl Attempts {
    /// The attempt due at `now`, if any.
    fn next(&self, now: DateTime<Utc>) -> Option<u32> {
        if self.delivered {
            return None;
        }
        let Some((n, claimed_at)) = self.claimed else {
            return Some(1);
        };
        if n >= MAX_ATTEMPTS {
            return None;
        }
        let ready = match &self.last {
            Some((m, _, at)) if *m == n => *at + chrono_of(backoff(n)) <= now,
            _ => claimed_at + chrono_of(LEASE) <= now,
        };
        ready.then_some(n + 1)
    }
}

fn chrono_of(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX / 2)
}

/// Every delivery's attempts, from the journal's events.
pub fn attempts(events: &[Event]) -> BTreeMap<Delivery, Attempts> {
    let mut out: BTreeMap<Delivery, Attempts> = BTreeMap::new();
    for e in events {
        let Some((delivery, attempt)) = e.kind.delivery() else {
            continue;
        };
        let entry = out.entry(delivery).or_default();
        match &e.kind {
            EventKind::DeliveryClaimed { .. } if entry.claimed.is_none_or(|(n, _)| attempt > n) => {
                entry.claimed = Some((attempt, e.at));
            }
            EventKind::Notified { outcome, .. } => {
                entry.delivered |= outcome.is_ok();
                if entry.last.as_ref().is_none_or(|(n, _, _)| attempt >= *n) {
                    entry.last = Some((attempt, outcome.clone(), e.at));
                }
            }
            _ => {}
        }
    }
    out
}

/// (seq, at) of a recorded event.
type Recorded = (i64, DateTime<Utc>);

struct Step<'a> {
    seq: i64,
    at: DateTime<Utc>,
    alert: &'a str,
    step: u32,
    target: &'a str,
    /// The alert's climb when the step was recorded (expired acks before it).
    climb: u32,
    /// The expired acknowledgement that started that climb (none for the first).
    expired: Option<(&'a str, DateTime<Utc>)>,
}

/// The attempts due at `now`, in journal order.
pub fn plan(events: &[Event], groups: &[ContactGroup], now: DateTime<Utc>) -> Vec<Due> {
    let done = attempts(events);
    let mut steps = Vec::new();
    // (alert, purpose) -> (seq, at) of every acknowledgement / resolve.
    let mut stops: BTreeMap<(&str, Purpose), Vec<Recorded>> = BTreeMap::new();
    // alert -> how many of its acknowledgements expired so far.
    let mut climbs: BTreeMap<&str, u32> = BTreeMap::new();
    // alert -> the last of them: who acknowledged it, and when.
    let mut expiries: BTreeMap<&str, (&str, DateTime<Utc>)> = BTreeMap::new();
    for e in events {
        match &e.kind {
            EventKind::Escalated {
                alert,
                step,
                target,
                ..
            } => steps.push(Step {
                seq: e.seq,
                at: e.at,
                alert,
                step: *step,
                target,
                climb: climbs.get(alert.as_str()).copied().unwrap_or(0),
                expired: expiries.get(alert.as_str()).copied(),
            }),
            EventKind::Acknowledged { alert } => {
                stops
                    .entry((alert, Purpose::Acknowledge))
                    .or_default()
                    .push((e.seq, e.at));
            }
            EventKind::Resolved { alert } => {
                stops
                    .entry((alert, Purpose::Resolve))
                    .or_default()
                    .push((e.seq, e.at));
            }
            EventKind::AckExpired {
                alert,
                acknowledged_by,
                acknowledged_at,
            } => {
                *climbs.entry(alert).or_default() += 1;
                expiries.insert(alert, (acknowledged_by, *acknowledged_at));
            }
            _ => {}
        }
    }
    // The first acknowledgement / resolve after a step: it stops that step
    // (an expired acknowledgement stopped the steps before it, not those of
    // the climb that followed).
    let stop_after = |alert: &str, purpose: Purpose, seq: i64| {
        stops
            .get(&(alert, purpose))
            .and_then(|v| v.iter().find(|(s, _)| *s > seq))
            .copied()
    };
    let stale = |at: DateTime<Utc>| at + chrono_of(STALE) < now;
    let mut out = Vec::new();
    let mut push = |delivery: Delivery,
                    channel: &Channel,
                    at: DateTime<Utc>,
                    expired_ack: Option<ExpiredAck>| {
        let state = done.get(&delivery);
        if state.is_none() && stale(at) {
            return;
        }
        let next = state.map_or(Some(1), |s| s.next(now));
        if let Some(attempt) = next {
            out.push(Due {
                delivery,
                attempt,
                channel: channel.clone(),
                escalated_at: at,
                expired_ack,
            });
        }
    };
    for s in &steps {
        let stopped = [Purpose::Acknowledge, Purpose::Resolve]
            .iter()
            .any(|p| stop_after(s.alert, *p, s.seq).is_some());
        let Some(group) = groups.iter().find(|g| g.id == s.target) else {
            continue;
        };
        for person in &group.people {
            for channel in &person.channels {
                let delivery = Delivery {
                    alert: s.alert.to_string(),
                    step: s.step,
                    purpose: Purpose::Escalate,
                    contact: group.id.clone(),
                    person: person.name.clone(),
                    channel: channel.kind(),
                    climb: s.climb,
                };
                let pagerduty_follow_up = channel.kind() == ChannelKind::Pagerduty
                    && done.get(&delivery).is_some_and(|a| a.delivered);
                if !stopped {
                    let expired = s.expired.map(|(by, at)| ExpiredAck {
                        acknowledged_by: by.to_string(),
                        acknowledged_at: at,
                    });
                    push(delivery, channel, s.at, expired);
                } else if pagerduty_follow_up {
                    // Tell PagerDuty the alert was acknowledged / resolved.
                    for purpose in [Purpose::Acknowledge, Purpose::Resolve] {
                        if let Some((_, at)) = stop_after(s.alert, purpose, s.seq) {
                            let follow = Delivery {
                                step: 0,
                                purpose,
                                ..delivery.clone()
                            };
                            push(follow, channel, at, None);
                        }
                    }
                }
            }
        }
    }
    // One acknowledge / resolve per PagerDuty key, however many steps paged it.
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| d.delivery.purpose == Purpose::Escalate || seen.insert(d.delivery.clone()));
    out
}
