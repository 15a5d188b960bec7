//! One `ack_expired` per acknowledgement, on every backend, however many
//! consoles and daemons ask at once; the climb after it escalates afresh
//! and a second acknowledgement stops it again.

use std::sync::{Arc, Barrier};

use chrono::{DateTime, Utc};
use watchkeeper::journal::{Appended, Event, EventKind};

use super::{ack, actor, all_events, backends, conflict, escalated, raised, recorded, t};

fn expired(alert: &str, by: &str, at: DateTime<Utc>) -> EventKind {
    EventKind::AckExpired {
        alert: alert.into(),
        acknowledged_by: by.into(),
        acknowledged_at: at,
    }
}

fn expiry_of(ack: &Event) -> EventKind {
    match &ack.kind {
        EventKind::Acknowledged { alert } => expired(alert, &ack.officer, ack.at),
        other => panic!("not an ack: {other:?}"),
    }
}

#[test]
fn an_acknowledgement_expires_once_and_the_next_climb_pages_anew() {
    for b in backends::all() {
        let k = b.kind;
        let (mut a, mut c) = (b.handle(), b.handle());
        let sys = actor("watchkeeper");
        recorded(a.append(&sys, t(0), raised("x-1"), None).unwrap());
        recorded(a.append(&sys, t(1), escalated("x-1", 1), None).unwrap());
        let first_ack = recorded(a.append(&actor("alice"), t(2), ack("x-1"), None).unwrap());
        let expiry = recorded(a.append(&sys, t(9), expiry_of(&first_ack), None).unwrap());
        let again = conflict(c.append(&sys, t(10), expiry_of(&first_ack), None).unwrap());
        assert_eq!(again, expiry, "{k:?}: one expiry per acknowledgement");
        // The new climb takes step 1 again, once.
        let step = recorded(c.append(&sys, t(11), escalated("x-1", 1), None).unwrap());
        let twice = conflict(a.append(&sys, t(12), escalated("x-1", 1), None).unwrap());
        assert_eq!(twice, step, "{k:?}");
        // A second acknowledgement is taken, and stops the climb.
        let second_ack = recorded(c.append(&actor("bob"), t(13), ack("x-1"), None).unwrap());
        let stopped = conflict(a.append(&sys, t(14), escalated("x-1", 2), None).unwrap());
        assert_eq!(stopped, second_ack, "{k:?}");
        // A stale asker naming alice's expired ack cannot expire bob's.
        let stale = conflict(a.append(&sys, t(15), expiry_of(&first_ack), None).unwrap());
        assert_eq!(stale, second_ack, "{k:?}");
        recorded(a.append(&sys, t(16), expiry_of(&second_ack), None).unwrap());
        // Resolved: nothing left to expire.
        let third_ack = recorded(a.append(&actor("carol"), t(17), ack("x-1"), None).unwrap());
        let resolve = recorded(
            a.append(
                &actor("carol"),
                t(18),
                EventKind::Resolved {
                    alert: "x-1".into(),
                },
                None,
            )
            .unwrap(),
        );
        let over = conflict(c.append(&sys, t(19), expiry_of(&third_ack), None).unwrap());
        assert_eq!(over, resolve, "{k:?}");
        let kinds: Vec<&str> = all_events(c.as_mut())
            .iter()
            .map(|e| e.kind.name())
            .collect();
        assert_eq!(
            kinds,
            [
                "raised",
                "escalated",
                "acknowledged",
                "ack_expired",
                "escalated",
                "acknowledged",
                "ack_expired",
                "acknowledged",
                "resolved"
            ],
            "{k:?}"
        );
    }
}

#[test]
fn never_acknowledged_nothing_expires() {
    for b in backends::all() {
        let mut j = b.handle();
        let raise = recorded(j.append(&actor("sys"), t(0), raised("x-2"), None).unwrap());
        let refused = conflict(
            j.append(&actor("sys"), t(5), expired("x-2", "alice", t(1)), None)
                .unwrap(),
        );
        assert_eq!(refused, raise, "{:?}", b.kind);
    }
}

/// Twelve consoles and daemons ask to expire one acknowledgement at the
/// same moment, each on its own connection: exactly one is recorded.
#[test]
fn concurrent_askers_record_one_expiry() {
    const ASKERS: usize = 12;
    for b in backends::all() {
        let kind = b.kind;
        let mut j = b.handle();
        recorded(j.append(&actor("sys"), t(0), raised("x-3"), None).unwrap());
        let acked = recorded(j.append(&actor("alice"), t(1), ack("x-3"), None).unwrap());
        let barrier = Arc::new(Barrier::new(ASKERS));
        let askers: Vec<_> = (0..ASKERS)
            .map(|i| {
                let mut h = b.handle();
                let barrier = Arc::clone(&barrier);
                let ask = expiry_of(&acked);
                std::thread::spawn(move || {
                    barrier.wait();
                    let who = actor(&format!("watchkeeper-{i}"));
                    for _ in 0..50 {
                        match h.append(&who, t(100), ask.clone(), None) {
                            Ok(Appended::Recorded(_)) => return 1,
                            Ok(Appended::Conflict(_)) => return 0,
                            Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
                        }
                    }
                    panic!("{kind:?}: still failing after 50 tries")
                })
            })
            .collect();
        let wins: usize = askers.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(wins, 1, "{kind:?}: exactly one expiry recorded");
        let expiries = all_events(j.as_mut())
            .into_iter()
            .filter(|e| e.kind.name() == "ack_expired")
            .count();
        assert_eq!(expiries, 1, "{kind:?}");
    }
}
