//! The watch's own work through the keys and the clock: the handover at a
//! shift change, and which new alerts notify.

use super::*;

#[test]
fn a_shift_change_asks_for_one_handover_and_the_winner_writes_the_report() {
    let mut app = app();
    // 21:00 is Bravo (14:00–22:00); 22:00 starts Charlie.
    assert!(
        app.update(Msg::Tick(now() + chrono::Duration::minutes(30)))
            .iter()
            .all(|e| !matches!(
                e,
                Effect::Append {
                    kind: EventKind::Handover { .. },
                    ..
                }
            ))
    );
    let effects = app.update(Msg::Tick(now() + chrono::Duration::minutes(60)));
    let ask = effects
        .iter()
        .find(|e| {
            matches!(
                e,
                Effect::Append {
                    kind: EventKind::Handover { .. },
                    ..
                }
            )
        })
        .expect("a handover at the shift change");
    let Effect::Append { kind, .. } = ask else {
        unreachable!()
    };
    assert_eq!(
        kind,
        &EventKind::Handover {
            shift: "Bravo".into(),
            day: now().date_naive()
        }
    );
    let Effect::Append { request, .. } = ask.clone() else {
        unreachable!()
    };
    let ev = event(1, "alice", 0, kind.clone(), None);
    let after = app.update(Msg::Appended {
        request,
        result: Ok(Appended::Recorded(ev.clone())),
        events: vec![ev],
    });
    match after.as_slice() {
        [Effect::WriteReport(shift)] => assert_eq!(shift.name, "Bravo"),
        other => panic!("expected one report to write, got {other:?}"),
    }
    // The next tick in the same shift asks nothing more.
    let later = app.update(Msg::Tick(now() + chrono::Duration::minutes(61)));
    assert!(later.iter().all(|e| !matches!(
        e,
        Effect::Append {
            kind: EventKind::Handover { .. },
            ..
        }
    )));
}

#[test]
fn when_another_process_records_the_handover_this_one_writes_nothing() {
    let mut app = app();
    app.update(Msg::Tick(now()));
    let effects = app.update(Msg::Tick(now() + chrono::Duration::minutes(60)));
    let handover = effects
        .iter()
        .find(|e| {
            matches!(
                e,
                Effect::Append {
                    kind: EventKind::Handover { .. },
                    ..
                }
            )
        })
        .expect("a handover append");
    let (request, kind, _) = append(handover);
    let kind = kind.clone();
    let winner = event(1, "daemon", 0, kind, None);
    let after = app.update(Msg::Appended {
        request,
        result: Ok(Appended::Conflict(winner.clone())),
        events: vec![winner],
    });
    assert!(after.is_empty(), "{after:?}");
}

#[test]
fn h_shows_this_shifts_handover_report_and_the_keys_scroll_it() {
    let mut app = app();
    let effects = app.update(key('a'));
    confirm(&mut app, &effects[0], 1, "alice");
    app.update(key('H'));
    assert_eq!(app.detail, Some(DetailTarget::Handover));
    let s = screen(&app, 120, 36);
    assert!(s.contains("Handover report"), "{s}");
    assert!(s.contains("Bravo"), "{s}");
    assert!(
        s.contains("alice"),
        "the acknowledgement is in the report:\n{s}"
    );
    app.update(key('j'));
    assert_eq!(app.detail_scroll(), 1);
    app.update(code(KeyCode::Esc));
    assert_eq!(app.detail, None);
}

fn notices(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Notify(_)))
        .count()
}

#[test]
fn a_new_critical_alert_notifies_but_history_on_the_first_poll_does_not() {
    let mut app = app();
    let body = r#"{"incidents":[{"id":"NEW-1","station":"KBL","severity":"critical","title":"Compound breached"},{"id":"NEW-2","station":"KBL","severity":"low","title":"Minor"}]}"#;
    let effects = app.update(Msg::Feed(update(
        "incidents",
        watchkeeper::config::FeedKind::Incidents,
        body,
    )));
    assert_eq!(
        notices(&effects),
        1,
        "one new critical; the low one is quiet"
    );
    // A feed's first poll is history: the hazards feed has not delivered data yet.
    let mut fresh = app_with(settings("alice"), watchkeeper::theme::ColorDepth::None);
    let mut u = update("incidents", watchkeeper::config::FeedKind::Incidents, body);
    u.feed = "hazards".into();
    fresh
        .model
        .feeds
        .iter_mut()
        .filter(|f| f.id == "hazards")
        .for_each(|f| f.last_success = None);
    let effects = fresh.update(Msg::Feed(u));
    assert_eq!(notices(&effects), 0);
}

#[test]
fn a_muted_stations_new_alert_and_escalation_are_quiet() {
    let mut app = app();
    app.update(Msg::Journal(vec![event(
        1,
        "bob",
        0,
        EventKind::Muted {
            station: "KBL".into(),
            until: now() + chrono::Duration::hours(2),
        },
        Some("exercise"),
    )]));
    let body = r#"{"incidents":[{"id":"NEW-1","station":"KBL","severity":"critical","title":"Exercise: compound breached"}]}"#;
    let effects = app.update(Msg::Feed(update(
        "incidents",
        watchkeeper::config::FeedKind::Incidents,
        body,
    )));
    assert_eq!(notices(&effects), 0);
    let esc = EventKind::Escalated {
        alert: "incidents:NEW-1".into(),
        step: 1,
        target: "desk-officer".into(),
        manual: true,
    };
    assert_eq!(
        notices(&app.update(Msg::Journal(vec![event(2, "bob", 0, esc, None)]))),
        0
    );
    // Another station's escalation does notify.
    let esc = EventKind::Escalated {
        alert: "incidents:INC-2026-0409".into(),
        step: 1,
        target: "desk-officer".into(),
        manual: false,
    };
    assert_eq!(
        notices(&app.update(Msg::Journal(vec![event(3, "bob", 0, esc, None)]))),
        1
    );
}
