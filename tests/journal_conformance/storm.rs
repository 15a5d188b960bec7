//! Under a storm, on every backend: a bulk acknowledgement is one event per
//! alert with first-ack-wins per alert; an undone acknowledgement is a new
//! event, recorded once, after which the alert can be acknowledged again;
//! ownership is journaled like every action. Nothing is ever deleted.

use super::*;

fn unack(alert: &str) -> EventKind {
    EventKind::Unacknowledged {
        alert: alert.into(),
    }
}

#[test]
fn a_bulk_acknowledgement_is_one_event_per_alert_and_first_ack_wins_per_alert() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        let ids = ["s-1", "s-2", "s-3"];
        for id in ids {
            recorded(a.append(&actor("sys"), t(0), raised(id), None).unwrap());
        }
        // Bob, at another console, takes s-2 while alice's batch is in flight.
        let bobs = recorded(c.append(&actor("bob"), t(1), ack("s-2"), None).unwrap());
        let mut won = 0;
        for id in ids {
            match a.append(&actor("alice"), t(2), ack(id), None).unwrap() {
                Appended::Recorded(e) => {
                    assert_eq!(e.officer, "alice");
                    won += 1;
                }
                Appended::Conflict(winner) => assert_eq!(winner, bobs, "{:?}", b.kind),
            }
        }
        assert_eq!(won, 2, "{:?}", b.kind);
        let acks = all_events(c.as_mut())
            .into_iter()
            .filter(|e| matches!(e.kind, EventKind::Acknowledged { .. }))
            .count();
        assert_eq!(acks, 3, "{:?}: one per alert", b.kind);
    }
}

#[test]
fn an_undone_acknowledgement_is_recorded_once_and_the_alert_can_be_acknowledged_again() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        recorded(a.append(&actor("sys"), t(0), raised("u-1"), None).unwrap());
        recorded(a.append(&actor("alice"), t(1), ack("u-1"), None).unwrap());
        let undone = recorded(a.append(&actor("alice"), t(2), unack("u-1"), None).unwrap());
        // A second undo (another console of hers) loses to the first.
        assert_eq!(
            conflict(c.append(&actor("alice"), t(3), unack("u-1"), None).unwrap()),
            undone,
            "{:?}",
            b.kind
        );
        // New again: bob can acknowledge it.
        let again = recorded(c.append(&actor("bob"), t(4), ack("u-1"), None).unwrap());
        assert_eq!(again.officer, "bob");
        let events = all_events(a.as_mut());
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.name()).collect();
        assert_eq!(
            kinds,
            ["raised", "acknowledged", "unacknowledged", "acknowledged"],
            "{:?}: the record keeps both",
            b.kind
        );
    }
}

#[test]
fn an_undo_of_an_acknowledgement_loses_to_a_resolve_since() {
    for b in backends::all() {
        let (mut a, mut c) = (b.handle(), b.handle());
        recorded(a.append(&actor("sys"), t(0), raised("u-2"), None).unwrap());
        recorded(a.append(&actor("alice"), t(1), ack("u-2"), None).unwrap());
        let resolved = EventKind::Resolved {
            alert: "u-2".into(),
        };
        let bobs = recorded(c.append(&actor("bob"), t(2), resolved, None).unwrap());
        assert_eq!(
            conflict(a.append(&actor("alice"), t(3), unack("u-2"), None).unwrap()),
            bobs,
            "{:?}",
            b.kind
        );
        // And an alert never acknowledged has nothing to undo.
        recorded(a.append(&actor("sys"), t(4), raised("u-3"), None).unwrap());
        let refused = conflict(a.append(&actor("alice"), t(5), unack("u-3"), None).unwrap());
        assert_eq!(refused.kind.name(), "raised", "{:?}", b.kind);
    }
}

#[test]
fn ownership_and_its_undo_are_journaled_under_the_login() {
    for b in backends::all() {
        let mut a = b.handle();
        let owned = EventKind::Owned {
            alert: "o-1".into(),
        };
        let disowned = EventKind::Disowned {
            alert: "o-1".into(),
        };
        let e = recorded(
            a.append(&actor("alice"), t(0), owned.clone(), None)
                .unwrap(),
        );
        assert_eq!((e.officer.as_str(), &e.kind), ("alice", &owned));
        recorded(a.append(&actor("bob"), t(1), owned.clone(), None).unwrap());
        recorded(
            a.append(&actor("bob"), t(2), disowned.clone(), None)
                .unwrap(),
        );
        let read: Vec<(String, EventKind)> = all_events(a.as_mut())
            .into_iter()
            .map(|e| (e.officer, e.kind))
            .collect();
        assert_eq!(
            read,
            vec![
                ("alice".to_string(), owned.clone()),
                ("bob".to_string(), owned),
                ("bob".to_string(), disowned)
            ],
            "{:?}",
            b.kind
        );
    }
}
