use chrono::TimeZone;

use super::*;
use crate::domain::escalation::EscalationStep;
use crate::domain::{SourceAlert, SourceState};

fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap()
}

fn ev(seq: i64, at: DateTime<Utc>, officer: &str, kind: EventKind) -> Event {
    Event {
        seq,
        at,
        officer: officer.to_string(),
        host: "desk-1".to_string(),
        kind,
        note: None,
    }
}

fn id() -> AlertId {
    AlertId::new("incidents:INC-7").unwrap()
}

fn alert() -> String {
    id().into_string()
}

fn life_of(events: &[Event]) -> AlertLife {
    let mut life = AlertLife::default();
    for e in events {
        fold(&mut life, e, Some(Severity::High));
    }
    life
}

#[test]
fn the_first_ack_wins_and_a_second_is_refused_naming_the_first() {
    let life = life_of(&[
        ev(1, t(21, 0), "system", raised(false)),
        ev(
            2,
            t(21, 3),
            "amara",
            EventKind::Acknowledged { alert: alert() },
        ),
        ev(
            3,
            t(21, 4),
            "jonas",
            EventKind::Acknowledged { alert: alert() },
        ),
    ]);
    assert_eq!(life.state(), AlertState::Acknowledged);
    assert_eq!(life.acked_by.as_deref(), Some("amara"));
    assert_eq!(life.acked_severity, Some(Severity::High));
    let refused = decide(Some(&life), &id(), &Command::Acknowledge, t(21, 5)).unwrap_err();
    assert_eq!(
        refused.message("incidents:INC-7"),
        "incidents:INC-7 already acknowledged by amara at 21:03:00Z"
    );
    assert_eq!(
        decide(Some(&life), &id(), &Command::Resolve, t(21, 5)),
        Ok(EventKind::Resolved { alert: alert() }),
        "an acknowledged alert can still be resolved"
    );
    assert_eq!(
        decide(Some(&life), &id(), &Command::Note, t(21, 5)),
        Ok(EventKind::Note { alert: alert() })
    );
}

#[test]
fn a_resolved_alert_refuses_ack_and_resolve_until_reopened() {
    let mut events = vec![
        ev(1, t(21, 0), "system", raised(false)),
        ev(2, t(21, 9), "amara", EventKind::Resolved { alert: alert() }),
    ];
    let life = life_of(&events);
    let snooze = Command::Snooze(Duration::from_secs(900));
    let policies = [EscalationPolicy {
        severity: Severity::Critical,
        steps: vec![EscalationStep {
            after: Duration::from_secs(300),
            to: "desk lead".to_string(),
        }],
        ack_timeout: None,
    }];
    let escalate = Command::Escalate {
        policies: &policies,
        severity: Severity::Critical,
    };
    for command in [Command::Acknowledge, Command::Resolve, snooze, escalate] {
        let refused = decide(Some(&life), &id(), &command, t(22, 0)).unwrap_err();
        assert!(
            matches!(&refused, Refusal::AlreadyResolved { by: Some(b), .. } if b == "amara"),
            "{command:?}: {refused:?}"
        );
    }
    events.push(ev(
        3,
        t(22, 1),
        "system",
        EventKind::Reopened { alert: alert() },
    ));
    let life = life_of(&events);
    assert_eq!(life.state(), AlertState::New);
    assert_eq!(life.resolved_by, None);
    assert_eq!(
        decide(Some(&life), &id(), &Command::Acknowledge, t(22, 2)),
        Ok(EventKind::Acknowledged { alert: alert() })
    );
}

#[test]
fn a_reraise_clears_the_ack_so_the_alert_can_be_acknowledged_again() {
    let life = life_of(&[
        ev(1, t(21, 0), "system", raised(false)),
        ev(
            2,
            t(21, 3),
            "amara",
            EventKind::Acknowledged { alert: alert() },
        ),
        ev(3, t(21, 30), "system", raised(true)),
    ]);
    assert_eq!(life.state(), AlertState::New);
    assert_eq!(life.acked_by, None);
    assert_eq!(life.raised_at, Some(t(21, 0)), "first sight stays");
    assert!(decide(Some(&life), &id(), &Command::Acknowledge, t(21, 31)).is_ok());
}

#[test]
fn escalation_climbs_one_step_at_a_time_and_stops_at_the_top() {
    let policies = [EscalationPolicy {
        severity: Severity::Critical,
        steps: vec![
            EscalationStep {
                after: Duration::from_secs(300),
                to: "desk lead".to_string(),
            },
            EscalationStep {
                after: Duration::from_secs(900),
                to: "duty manager".to_string(),
            },
        ],
        ack_timeout: None,
    }];
    let command = Command::Escalate {
        policies: &policies,
        severity: Severity::High,
    };
    let first = decide(None, &id(), &command, t(21, 0)).unwrap();
    assert_eq!(
        first,
        EventKind::Escalated {
            alert: alert(),
            step: 1,
            target: "desk lead".to_string(),
            manual: true
        }
    );
    let life = life_of(&[
        ev(1, t(21, 5), "amara", first),
        // An older step arriving late does not lower the level.
        ev(
            2,
            t(21, 6),
            "jonas",
            EventKind::Escalated {
                alert: alert(),
                step: 2,
                target: "duty manager".to_string(),
                manual: false,
            },
        ),
    ]);
    assert_eq!(life.escalation_level, 2);
    let top = decide(Some(&life), &id(), &command, t(21, 7)).unwrap_err();
    assert_eq!(
        top.message(id().as_str()),
        "incidents:INC-7 is already at the top escalation step (2)"
    );
}

#[test]
fn a_snooze_runs_from_now() {
    let kind = decide(
        None,
        &id(),
        &Command::Snooze(Duration::from_secs(2 * 3600)),
        t(21, 0),
    )
    .unwrap();
    assert_eq!(
        kind,
        EventKind::Snoozed {
            alert: alert(),
            until: t(23, 0)
        }
    );
    let life = life_of(&[ev(1, t(21, 0), "amara", kind)]);
    assert_eq!(life.snoozed_until, Some(t(23, 0)));
}

fn raised(reraise: bool) -> EventKind {
    EventKind::Raised {
        alert: alert(),
        severity: Severity::High,
        reraise,
    }
}

fn source(severity: Severity, updated_at: DateTime<Utc>, state: SourceState) -> SourceAlert {
    SourceAlert {
        id: alert(),
        severity,
        category: "security".to_string(),
        title: "Armed clash near the compound".to_string(),
        detail: String::new(),
        reported_at: t(20, 0),
        updated_at,
        source: "incidents".to_string(),
        link: None,
        lat: None,
        lon: None,
        stations: Vec::new(),
        source_state: state,
        areas: Vec::new(),
        implausible: None,
        area_desc: None,
    }
}

#[test]
fn the_source_calls_for_first_sight_reraise_and_reopen() {
    let open = SourceState::Open;
    let high = source(Severity::High, t(21, 0), open);
    assert_eq!(
        system_ask(None, &high, Some(Severity::High)),
        Some(SystemAsk::Raise)
    );
    assert_eq!(
        system_ask(None, &high, Some(Severity::Critical)),
        None,
        "below the threshold nothing is journaled"
    );
    let acked = life_of(&[
        ev(1, t(21, 0), "system", raised(false)),
        ev(
            2,
            t(21, 3),
            "amara",
            EventKind::Acknowledged { alert: alert() },
        ),
    ]);
    assert_eq!(system_ask(Some(&acked), &high, Some(Severity::High)), None);
    let worse = source(Severity::Critical, t(21, 10), open);
    assert_eq!(
        system_ask(Some(&acked), &worse, Some(Severity::High)),
        Some(SystemAsk::Reraise)
    );
    let resolved = life_of(&[
        ev(1, t(21, 0), "system", raised(false)),
        ev(2, t(21, 9), "amara", EventKind::Resolved { alert: alert() }),
    ]);
    let updated = source(Severity::High, t(21, 30), open);
    assert_eq!(
        system_ask(Some(&resolved), &updated, Some(Severity::High)),
        Some(SystemAsk::Reopen)
    );
    let cleared = source(Severity::High, t(21, 30), SourceState::Cleared);
    assert_eq!(
        system_ask(Some(&resolved), &cleared, Some(Severity::High)),
        None
    );
}
