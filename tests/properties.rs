//! Property tests of the alert lifecycle under random event orders: the
//! merged model's view of the journal (`Model::apply_journal`), and the
//! journal's own append rules against a real SQLite file with two handles.
//!
//! (Shift arithmetic and the sanitizer have their property tests beside
//! their code: `src/domain/watch_tests.rs`, `src/feeds/sanitize_tests.rs`.)

mod common;

use std::collections::HashMap;

use chrono::Duration;
use common::*;
use proptest::prelude::*;
use watchkeeper::domain::event::{Actor, Appended, Event, EventKind};
use watchkeeper::domain::{AlertState, Severity};
use watchkeeper::journal::{Journal, SqliteJournal};

const ALERTS: [&str; 3] = ["prop:A", "prop:B", "prop:C"];
const OFFICERS: [&str; 3] = ["alice", "bob", "carol"];

/// One lifecycle step, before it is given a seq and a time.
#[derive(Debug, Clone)]
enum Op {
    Raise,
    Reraise,
    Ack,
    Resolve,
    Reopen,
    Snooze(i64),
    Escalate(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Raise),
        2 => Just(Op::Reraise),
        4 => Just(Op::Ack),
        3 => Just(Op::Resolve),
        2 => Just(Op::Reopen),
        1 => (1i64..240).prop_map(Op::Snooze),
        2 => (0u32..6).prop_map(Op::Escalate),
    ]
}

/// (alert index, officer index, op)
fn steps(max: usize) -> impl Strategy<Value = Vec<(usize, usize, Op)>> {
    prop::collection::vec((0..ALERTS.len(), 0..OFFICERS.len(), op()), 0..max)
}

fn kind(alert: &str, op: &Op) -> EventKind {
    let alert = alert.to_string();
    match op {
        Op::Raise => EventKind::Raised {
            alert,
            severity: Severity::High,
            reraise: false,
        },
        Op::Reraise => EventKind::Raised {
            alert,
            severity: Severity::Critical,
            reraise: true,
        },
        Op::Ack => EventKind::Acknowledged { alert },
        Op::Resolve => EventKind::Resolved { alert },
        Op::Reopen => EventKind::Reopened { alert },
        Op::Snooze(m) => EventKind::Snoozed {
            alert,
            until: now() + Duration::minutes(*m),
        },
        Op::Escalate(step) => EventKind::Escalated {
            alert,
            step: *step,
            target: format!("duty-{step}"),
            manual: step % 2 == 0,
        },
    }
}

/// The steps as journal events, seq 1.., a second apart.
fn events(steps: &[(usize, usize, Op)]) -> Vec<Event> {
    steps
        .iter()
        .enumerate()
        .map(|(i, (a, o, op))| Event {
            seq: i as i64 + 1,
            at: now() + Duration::seconds(i as i64),
            officer: OFFICERS[*o].to_string(),
            host: "ops-1".to_string(),
            kind: kind(ALERTS[*a], op),
            note: None,
        })
        .collect()
}

fn snapshot(m: &watchkeeper::state::Model) -> HashMap<String, watchkeeper::state::AlertJournal> {
    m.journal.alerts.clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A checkpoint taken after any prefix of the events, read back and
    /// given the rest, is the state folded from every event: what a console
    /// starting from a checkpoint shows is what one folding the whole
    /// journal would.
    #[test]
    fn a_checkpoint_then_the_rest_equals_folding_everything(
        steps in steps(40),
        cut in 0usize..41,
    ) {
        use watchkeeper::state::JournalState;
        let evs = events(&steps);
        let cut = cut.min(evs.len());
        let mut all = JournalState::default();
        for e in &evs {
            all.apply(e.clone(), None);
        }
        let mut prefix = JournalState::default();
        for e in &evs[..cut] {
            prefix.fold(e, None);
        }
        let bytes = prefix.checkpoint(now());
        let mut resumed = JournalState::from_checkpoint(prefix.last_seq, &bytes)
            .map_err(TestCaseError::fail)?;
        for e in &evs[cut..] {
            resumed.apply(e.clone(), None);
        }
        prop_assert_eq!(resumed.last_seq, all.last_seq);
        for (id, full) in &all.alerts {
            let got = resumed.alerts.get(id);
            prop_assert!(got.is_some(), "{} missing after the checkpoint", id);
            let got = got.expect("checked");
            let mut want = full.clone();
            want.timeline.clear();
            let mut have = got.clone();
            // Only the events after the checkpoint are held.
            prop_assert_eq!(have.timeline.len() + have.earlier(), full.timeline.len());
            have.timeline.clear();
            prop_assert_eq!(have, want);
        }
        prop_assert_eq!(resumed.alerts.len(), all.alerts.len());
    }

    /// Whatever the order of events, each alert's journal state obeys the
    /// lifecycle's invariants.
    #[test]
    fn lifecycle_invariants_hold_in_any_event_order(steps in steps(40)) {
        let evs = events(&steps);
        let mut m = model();
        m.apply_journal(evs.clone());

        for (ai, alert) in ALERTS.iter().enumerate() {
            let mine: Vec<&(usize, usize, Op)> =
                steps.iter().filter(|(a, _, _)| *a == ai).collect();
            let Some(j) = m.journal.alert(alert) else {
                prop_assert!(mine.is_empty(), "{alert}: events but no journal state");
                continue;
            };
            let state = j.state();
            prop_assert!(matches!(
                state,
                AlertState::New | AlertState::Acknowledged | AlertState::Resolved
            ));

            // The epoch starts after the last re-raise or reopen.
            let restart = mine
                .iter()
                .rposition(|(_, _, op)| matches!(op, Op::Reraise | Op::Reopen));
            let epoch = &mine[restart.map_or(0, |i| i + 1)..];
            let resolved_in_epoch = epoch.iter().any(|(_, _, op)| matches!(op, Op::Resolve));

            // After a resolve with no later reopen or re-raise: resolved.
            prop_assert_eq!(
                state == AlertState::Resolved,
                resolved_in_epoch,
                "{}: state {:?}", alert, state
            );

            // acknowledged_by is set when acknowledged and clear when new; a
            // resolved alert keeps who acknowledged it before the resolve
            // (the detail pane and handover report show it).
            let first_ack = epoch
                .iter()
                .take_while(|(_, _, op)| !matches!(op, Op::Resolve))
                .find(|(_, _, op)| matches!(op, Op::Ack))
                .map(|(_, o, _)| OFFICERS[*o]);
            match state {
                AlertState::New => {
                    prop_assert!(j.acked_by.is_none() && j.acked_at.is_none());
                    prop_assert!(first_ack.is_none());
                }
                AlertState::Acknowledged => {
                    prop_assert!(j.acked_by.is_some() && j.acked_at.is_some());
                    // The first acknowledgement of the epoch wins.
                    prop_assert_eq!(j.acked_by.as_deref(), first_ack);
                }
                AlertState::Resolved => {
                    prop_assert_eq!(j.acked_by.as_deref(), first_ack);
                    prop_assert!(j.resolved_by.is_some() && j.resolved_at.is_some());
                }
            }
            if state != AlertState::Resolved {
                prop_assert!(j.resolved_by.is_none() && j.resolved_at.is_none());
            }

            // Escalation level: the highest step seen (steps never go back).
            let max_step = mine
                .iter()
                .filter_map(|(_, _, op)| match op {
                    Op::Escalate(s) => Some(*s),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            prop_assert_eq!(j.escalation_level, max_step);

            // The timeline holds every event of the alert, in order.
            prop_assert_eq!(j.timeline.len(), mine.len());
            prop_assert!(j.timeline.windows(2).all(|w| w[0] < w[1]));
        }
    }

    /// Applying the same batch again changes nothing (repeats are ignored by
    /// seq), and applying it in two overlapping parts gives the same state.
    #[test]
    fn reapplying_or_splitting_a_batch_changes_nothing(
        steps in steps(40),
        cut in 0usize..40,
        overlap in 0usize..5,
    ) {
        let evs = events(&steps);
        let mut m = model();
        m.apply_journal(evs.clone());
        let once = snapshot(&m);
        let rev = m.revision;
        let last = m.journal.last_seq;
        let n = m.journal.events.len();

        let again = m.apply_journal(evs.clone());
        prop_assert!(!again.changed);
        prop_assert_eq!(m.revision, rev);
        prop_assert_eq!(m.journal.last_seq, last);
        prop_assert_eq!(m.journal.events.len(), n);
        prop_assert_eq!(&snapshot(&m), &once);

        let cut = cut.min(evs.len());
        let mut split = model();
        split.apply_journal(evs[..cut].to_vec());
        split.apply_journal(evs[cut.saturating_sub(overlap)..].to_vec());
        prop_assert_eq!(&snapshot(&split), &once);
        prop_assert_eq!(split.journal.events.len(), n);
    }
}

proptest! {
    // Every case is a new SQLite file with fsynced appends: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Two handles on one journal file, appends interleaved at random: the
    /// journal never records two acknowledgements of an alert in one epoch
    /// (nor two resolves), and every `Recorded` answer is in the file.
    #[test]
    fn two_handles_never_record_two_acks_in_one_epoch(
        steps in prop::collection::vec((0usize..2, 0..2usize, 0..OFFICERS.len(), op()), 1..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.db");
        let mut handles = [
            SqliteJournal::open(&path, None).unwrap(),
            SqliteJournal::open(&path, None).unwrap(),
        ];
        let mut recorded = Vec::new();
        for (i, (h, a, o, op)) in steps.iter().enumerate() {
            let actor = Actor {
                officer: OFFICERS[*o].to_string(),
                host: format!("ops-{h}"),
            };
            let at = now() + Duration::seconds(i as i64);
            match handles[*h].append(&actor, at, kind(ALERTS[*a], op), None).unwrap() {
                Appended::Recorded(e) => recorded.push(e),
                Appended::Conflict(winner) => prop_assert!(winner.seq >= 1),
            }
        }
        let all = handles[0].read_since(0, usize::MAX).unwrap();
        prop_assert_eq!(all.len(), recorded.len());
        for e in &recorded {
            prop_assert!(all.contains(e), "recorded but not read back: {:?}", e);
        }

        // Per alert and epoch, count acks and resolves.
        let mut epoch: HashMap<String, i64> = HashMap::new();
        let mut acks: HashMap<(String, i64), i64> = HashMap::new();
        let mut resolves: HashMap<(String, i64), i64> = HashMap::new();
        for e in &all {
            let Some(alert) = e.kind.alert() else { continue };
            let ep = *epoch.get(alert).unwrap_or(&0);
            match &e.kind {
                EventKind::Raised { reraise: true, .. } | EventKind::Reopened { .. } => {
                    epoch.insert(alert.to_string(), e.seq);
                }
                EventKind::Acknowledged { .. } => {
                    let prev = acks.insert((alert.to_string(), ep), e.seq);
                    prop_assert!(
                        prev.is_none(),
                        "{} acknowledged twice in epoch {}: #{:?} and #{}", alert, ep, prev, e.seq
                    );
                }
                EventKind::Resolved { .. } => {
                    let prev = resolves.insert((alert.to_string(), ep), e.seq);
                    prop_assert!(prev.is_none(), "{} resolved twice in epoch {}", alert, ep);
                    prop_assert!(!acks.contains_key(&(alert.to_string(), ep)) || acks[&(alert.to_string(), ep)] < e.seq);
                }
                _ => {}
            }
        }

        // The model built from the file agrees with the file: an alert
        // acknowledged in its current epoch shows as acknowledged (or resolved).
        let mut m = model();
        m.apply_journal(all.clone());
        for alert in ALERTS {
            let ep = *epoch.get(alert).unwrap_or(&0);
            if let Some(j) = m.journal.alert(alert) {
                let acked = acks.contains_key(&(alert.to_string(), ep));
                let resolved = resolves.contains_key(&(alert.to_string(), ep));
                let want = if resolved {
                    AlertState::Resolved
                } else if acked {
                    AlertState::Acknowledged
                } else {
                    AlertState::New
                };
                prop_assert_eq!(j.state(), want, "{}", alert);
            }
        }
    }
}
