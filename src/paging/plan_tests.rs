//! The delivery plan as a pure function of (events, contacts, now).

use chrono::{DateTime, TimeZone, Utc};

use super::plan::{LEASE, backoff, plan};
use crate::config::{Channel, ContactGroup, EnvSecret, Person};
use crate::domain::paging::{ChannelKind, Outcome, Purpose};
use crate::journal::{Event, EventKind};

fn t(s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap() + chrono::Duration::seconds(s.into())
}

fn groups() -> Vec<ContactGroup> {
    vec![ContactGroup {
        id: "desk".into(),
        people: vec![
            Person {
                name: "Ana".into(),
                login: Some("ana".into()),
                channels: vec![
                    Channel::Webhook("http://127.0.0.1:9/h".into()),
                    Channel::Log,
                ],
            },
            Person {
                name: "Ben".into(),
                login: None,
                channels: vec![Channel::Pagerduty(EnvSecret("PD_KEY".into()))],
            },
        ],
    }]
}

struct J(Vec<Event>);

impl J {
    fn push(&mut self, at: DateTime<Utc>, kind: EventKind) -> &mut Self {
        let seq = self.0.len() as i64 + 1;
        self.0.push(Event {
            seq,
            at,
            officer: "o".into(),
            host: "h".into(),
            kind,
            note: None,
        });
        self
    }
    fn escalate(&mut self, at: DateTime<Utc>, step: u32) -> &mut Self {
        self.push(
            at,
            EventKind::Escalated {
                alert: "f:1".into(),
                step,
                target: "desk".into(),
                manual: false,
            },
        )
    }
    fn claim(&mut self, at: DateTime<Utc>, person: &str, ch: ChannelKind, n: u32) -> &mut Self {
        self.push(
            at,
            EventKind::DeliveryClaimed {
                alert: "f:1".into(),
                step: 1,
                purpose: Purpose::Escalate,
                contact: "desk".into(),
                person: person.into(),
                channel: ch,
                attempt: n,
                climb: 0,
            },
        )
    }
    fn outcome(
        &mut self,
        at: DateTime<Utc>,
        person: &str,
        ch: ChannelKind,
        n: u32,
        o: Outcome,
    ) -> &mut Self {
        self.push(
            at,
            EventKind::Notified {
                alert: "f:1".into(),
                step: 1,
                purpose: Purpose::Escalate,
                contact: "desk".into(),
                person: person.into(),
                channel: ch,
                attempt: n,
                outcome: o,
                climb: 0,
            },
        )
    }
}

fn due_for(j: &J, now: DateTime<Utc>) -> Vec<(String, ChannelKind, Purpose, u32)> {
    plan(&j.0, &groups(), now)
        .into_iter()
        .map(|d| {
            (
                d.delivery.person,
                d.delivery.channel,
                d.delivery.purpose,
                d.attempt,
            )
        })
        .collect()
}

#[test]
fn an_escalation_is_due_for_every_person_and_channel_of_its_group() {
    let mut j = J(Vec::new());
    j.escalate(t(0), 1);
    let due = due_for(&j, t(1));
    assert_eq!(
        due,
        [
            ("Ana".into(), ChannelKind::Webhook, Purpose::Escalate, 1),
            ("Ana".into(), ChannelKind::Log, Purpose::Escalate, 1),
            ("Ben".into(), ChannelKind::Pagerduty, Purpose::Escalate, 1),
        ]
    );
}

#[test]
fn a_claim_without_outcome_is_taken_over_only_after_the_lease() {
    let mut j = J(Vec::new());
    j.escalate(t(0), 1)
        .claim(t(1), "Ana", ChannelKind::Webhook, 1)
        .outcome(t(1), "Ana", ChannelKind::Log, 1, Outcome::Ok)
        .outcome(t(1), "Ben", ChannelKind::Pagerduty, 1, Outcome::Ok);
    assert!(
        due_for(&j, t(60)).is_empty(),
        "the claimer is still sending"
    );
    let lease = LEASE.as_secs() as u32;
    assert_eq!(
        due_for(&j, t(1 + lease)),
        [("Ana".into(), ChannelKind::Webhook, Purpose::Escalate, 2)],
        "the claimer died: attempt 2 is due"
    );
}

#[test]
fn a_failed_attempt_is_retried_after_its_backoff_and_a_delivered_one_never() {
    let mut j = J(Vec::new());
    j.escalate(t(0), 1)
        .claim(t(1), "Ana", ChannelKind::Webhook, 1)
        .outcome(
            t(2),
            "Ana",
            ChannelKind::Webhook,
            1,
            Outcome::Error("HTTP 500".into()),
        )
        .outcome(t(2), "Ana", ChannelKind::Log, 1, Outcome::Ok)
        .outcome(t(2), "Ben", ChannelKind::Pagerduty, 1, Outcome::Ok);
    let wait = backoff(1).as_secs() as u32;
    assert!(
        due_for(&j, t(1 + wait)).is_empty(),
        "not before the backoff"
    );
    assert_eq!(
        due_for(&j, t(2 + wait)),
        [("Ana".into(), ChannelKind::Webhook, Purpose::Escalate, 2)]
    );
    j.claim(t(20), "Ana", ChannelKind::Webhook, 2).outcome(
        t(21),
        "Ana",
        ChannelKind::Webhook,
        2,
        Outcome::Ok,
    );
    assert!(due_for(&j, t(3600)).is_empty(), "delivered: nothing more");
    assert!(backoff(2) > backoff(1) && backoff(30).as_secs() == 300);
}

#[test]
fn an_acknowledgement_stops_deliveries_and_tells_pagerduty() {
    let mut j = J(Vec::new());
    j.escalate(t(0), 1)
        .claim(t(1), "Ben", ChannelKind::Pagerduty, 1)
        .outcome(t(1), "Ben", ChannelKind::Pagerduty, 1, Outcome::Ok)
        .push(
            t(5),
            EventKind::Acknowledged {
                alert: "f:1".into(),
            },
        );
    assert_eq!(
        due_for(&j, t(6)),
        [(
            "Ben".into(),
            ChannelKind::Pagerduty,
            Purpose::Acknowledge,
            1
        )],
        "Ana's undelivered pages stop; PagerDuty hears of the acknowledgement"
    );
    j.push(
        t(7),
        EventKind::Resolved {
            alert: "f:1".into(),
        },
    );
    let due = due_for(&j, t(8));
    assert!(due.contains(&("Ben".into(), ChannelKind::Pagerduty, Purpose::Resolve, 1)));
    assert_eq!(due.len(), 2, "{due:?}");
}

#[test]
fn old_escalations_are_not_paged_by_a_newly_started_daemon() {
    let mut j = J(Vec::new());
    j.escalate(t(0), 1);
    assert!(due_for(&j, t(0) + chrono::Duration::hours(2)).is_empty());
}

#[test]
fn an_escalation_to_a_label_with_no_group_pages_no_one() {
    let mut j = J(Vec::new());
    j.push(
        t(0),
        EventKind::Escalated {
            alert: "f:1".into(),
            step: 1,
            target: "nobody".into(),
            manual: true,
        },
    );
    assert!(due_for(&j, t(1)).is_empty());
}

#[test]
fn a_climb_after_an_expired_ack_pages_again_until_the_next_ack() {
    let mut j = J(Vec::new());
    j.escalate(t(0), 1);
    for (person, ch) in [
        ("Ana", ChannelKind::Webhook),
        ("Ana", ChannelKind::Log),
        ("Ben", ChannelKind::Pagerduty),
    ] {
        j.claim(t(1), person, ch, 1)
            .outcome(t(2), person, ch, 1, Outcome::Ok);
    }
    let ack = |j: &mut J, at| {
        j.push(
            at,
            EventKind::Acknowledged {
                alert: "f:1".into(),
            },
        );
    };
    ack(&mut j, t(10));
    j.push(
        t(20),
        EventKind::AckExpired {
            alert: "f:1".into(),
            acknowledged_by: "o".into(),
            acknowledged_at: t(10),
        },
    );
    j.escalate(t(30), 1);
    let escalations = |j: &J, now| -> Vec<(String, u32)> {
        plan(&j.0, &groups(), now)
            .into_iter()
            .filter(|d| d.delivery.purpose == Purpose::Escalate)
            .map(|d| (d.delivery.person, d.delivery.climb))
            .collect()
    };
    assert_eq!(
        escalations(&j, t(31)),
        [("Ana".into(), 1), ("Ana".into(), 1), ("Ben".into(), 1)],
        "step 1 of the new climb is delivered again to everyone"
    );
    ack(&mut j, t(40));
    assert!(
        escalations(&j, t(41)).is_empty(),
        "the second acknowledgement stops the new climb's pages"
    );
}
