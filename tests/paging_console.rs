//! Paging seen in the console: an alert's detail lists its deliveries and
//! how they went (failing ones with their error); an escalation to the
//! officer's own contact group is a banner and a notification.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use watchkeeper::app::{DetailTarget, Effect, FlashKind, Msg};
use watchkeeper::domain::paging::{ChannelKind, Outcome, Purpose};
use watchkeeper::journal::EventKind;

const ALERT: &str = "incidents:INC-2026-0412";

fn escalated(seq: i64, target: &str) -> watchkeeper::journal::Event {
    event(
        seq,
        "daemon",
        3,
        EventKind::Escalated {
            alert: ALERT.into(),
            step: 1,
            target: target.into(),
            manual: false,
        },
        None,
    )
}

fn notified(
    seq: i64,
    person: &str,
    channel: ChannelKind,
    attempt: u32,
    outcome: Outcome,
) -> watchkeeper::journal::Event {
    event(
        seq,
        "daemon",
        2,
        EventKind::Notified {
            alert: ALERT.into(),
            step: 1,
            purpose: Purpose::Escalate,
            contact: "desk-officer".into(),
            person: person.into(),
            channel,
            attempt,
            outcome,
            climb: 0,
        },
        None,
    )
}

fn claimed(
    seq: i64,
    person: &str,
    channel: ChannelKind,
    attempt: u32,
) -> watchkeeper::journal::Event {
    event(
        seq,
        "daemon",
        2,
        EventKind::DeliveryClaimed {
            alert: ALERT.into(),
            step: 1,
            purpose: Purpose::Escalate,
            contact: "desk-officer".into(),
            person: person.into(),
            channel,
            attempt,
            climb: 0,
        },
        None,
    )
}

#[test]
fn the_alert_detail_lists_deliveries_and_shows_the_failing_one() {
    let mut app = app();
    app.update(Msg::Journal(vec![
        escalated(1, "desk-officer"),
        claimed(2, "Ana", ChannelKind::Webhook, 1),
        claimed(3, "Ben", ChannelKind::Email, 1),
        notified(4, "Ana", ChannelKind::Webhook, 1, Outcome::Ok),
        notified(
            5,
            "Ben",
            ChannelKind::Email,
            1,
            Outcome::Error("smtp.example.org:587: connection refused".into()),
        ),
    ]));
    app.update(code(KeyCode::Enter));
    assert_eq!(app.detail, Some(DetailTarget::Alert(ALERT.into())));
    let text = screen(&app, 160, 60);
    assert!(text.contains("Deliveries"), "{text}");
    let ana = text
        .lines()
        .find(|l| l.contains("Ana (desk-officer) by webhook"))
        .expect(&text);
    assert!(
        ana.contains("delivered") && ana.contains("attempt 1"),
        "{ana}"
    );
    let ben = text
        .lines()
        .find(|l| l.contains("Ben (desk-officer) by email"))
        .expect(&text);
    assert!(
        ben.contains("failing (attempt 1): smtp.example.org:587: connection refused"),
        "{ben}"
    );
    assert!(
        text.contains("notified") && text.contains("→ Ben by email (attempt 1): error"),
        "the timeline names each attempt: {text}"
    );
}

#[test]
fn an_escalation_to_my_contact_group_is_a_banner_and_a_notification() {
    let mut s = settings("deskafr");
    s.my_groups = vec!["desk-officer".into()];
    let mut app = app_with(s, watchkeeper::theme::ColorDepth::TrueColor);
    let effects = app.update(Msg::Journal(vec![escalated(1, "desk-officer")]));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Notify(_))),
        "{effects:?}"
    );
    let flash = app.flash.clone().expect("a banner");
    assert_eq!(flash.kind, FlashKind::Error);
    assert!(
        flash
            .text
            .starts_with("PAGED: you (desk-officer) for step 1: incidents:INC-2026-0412"),
        "{}",
        flash.text
    );
    assert!(screen(&app, 160, 50).contains("PAGED: you (desk-officer)"));

    let mut other = common::app();
    other.update(Msg::Journal(vec![escalated(1, "desk-officer")]));
    assert!(
        other
            .flash
            .as_ref()
            .is_none_or(|f| !f.text.contains("PAGED")),
        "alice is not in the group"
    );
}

#[test]
fn the_feeds_view_shows_failing_deliveries_until_they_get_through() {
    let mut app = app();
    app.update(Msg::Journal(vec![
        escalated(1, "desk-officer"),
        claimed(2, "Ben", ChannelKind::Webhook, 1),
        notified(
            3,
            "Ben",
            ChannelKind::Webhook,
            1,
            Outcome::Error("chat.example.org answered HTTP 500".into()),
        ),
    ]));
    app.update(key('6'));
    let text = screen(&app, 160, 50);
    assert!(text.contains("Paging: failing deliveries 1"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("Ben by webhook"))
        .expect(&text);
    assert!(
        line.contains("attempt 1") && line.contains("answered HTTP 500"),
        "{line}"
    );

    app.update(Msg::Journal(vec![
        claimed(4, "Ben", ChannelKind::Webhook, 2),
        notified(5, "Ben", ChannelKind::Webhook, 2, Outcome::Ok),
    ]));
    let text = screen(&app, 160, 50);
    assert!(
        !text.contains("Paging: failing"),
        "delivered at last: {text}"
    );
}
