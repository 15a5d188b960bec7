//! The report read as the incoming officer reads it: what needs acting on
//! first, titles beside ids, low and info as counts, the source's times,
//! and what stands at the handover (snoozed, muted, tasked).

use watchkeeper::report::handover_markdown;

use super::{bravo, section, utc_watch};
use crate::common::now;

fn report() -> String {
    let (m, shift) = bravo();
    handover_markdown(&m, &utc_watch(), &shift, now())
}

/// The alert ids in a section's table rows, in order.
fn ids(body: &str) -> Vec<&str> {
    const ID: &str = "| incidents:INC-2026-";
    body.lines()
        .filter_map(|l| l.find(ID).map(|i| &l[i + ID.len()..i + ID.len() + 4]))
        .collect()
}

#[test]
fn the_unacknowledged_critical_and_high_come_first_most_severe_and_oldest_first() {
    let r = report();
    let first = r.find("\n## ").map(|i| &r[i + 1..]).unwrap();
    assert!(
        first.starts_with("## Needs action: unacknowledged critical and high"),
        "{r}"
    );
    let attention = section(&r, "Needs action: unacknowledged critical and high");
    assert_eq!(ids(attention), ["0409", "0412", "0405", "0666"]);
    // Acknowledged high (0385) is open but not in need of action; nor is a
    // snoozed one (0401), which the status bar does not count either.
    let others = section(&r, "Other open alerts");
    assert!(ids(others).contains(&"0385"));
    assert!(ids(others).contains(&"0401"));
    assert!(others.contains("snoozed until 21:30Z"), "{others}");
    assert!(attention.contains(
        "| incidents:INC-2026-0412 | Armed clash reported 4 km from UN compound,… | KBL | 20:51Z (9m ago) | escalated, step 1: desk-officer |"
    ), "{attention}");
}

#[test]
fn low_and_info_are_counted_not_listed() {
    let r = report();
    let others = section(&r, "Other open alerts");
    assert!(!ids(others).contains(&"0391") && !ids(others).contains(&"0388"));
    assert!(
        others.contains("Low and info, not listed: 1 low, 1 info."),
        "{others}"
    );
    let raised = section(&r, "Alerts raised during the shift");
    assert!(!ids(raised).contains(&"0391"), "{raised}");
    assert!(
        raised.contains("Low and info raised, not listed: 1 low."),
        "{raised}"
    );
}

#[test]
fn raised_is_the_sources_time_not_when_a_console_first_saw_it() {
    let r = report();
    let raised = section(&r, "Alerts raised during the shift");
    // The source reported 0385 at 17:20; the journal saw it at 17:21.
    assert!(
        raised.contains("| 17:20Z | incidents:INC-2026-0385 | high | Rocket alarm sounded"),
        "{raised}"
    );
    assert!(!raised.contains("17:21Z"), "{raised}");
    // Every alert the sources raised in the shift, not only those journaled.
    assert_eq!(
        ids(raised),
        [
            "0380", "0395", "0385", "0398", "0401", "0405", "0409", "0666", "0412"
        ]
    );
}

#[test]
fn what_is_snoozed_muted_and_tasked_at_the_handover_has_a_section_each() {
    let r = report();
    let snoozed = section(
        &r,
        "Snoozed, back before the next shift ends (Charlie 11-23 06:00Z)",
    );
    assert!(snoozed.contains(
        "| 21:30Z | incidents:INC-2026-0401 | high | Demonstration moving towards Riad al-Solh s… | new |"
    ), "{snoozed}");
    assert!(
        snoozed.contains("1 more alert snoozed until after the next shift, the most severe low."),
        "{snoozed}"
    );
    let muted = section(&r, "Muted stations");
    assert!(
        muted.contains("| JUB | Juba | 23:00Z | alice | Planned evacuation drill |"),
        "{muted}"
    );
    let tasked = section(&r, "Surge officers tasked now");
    // SO-001 was stood down during the shift; SO-004 is still out.
    assert!(
        tasked.contains("| SO-004 Ingrid Solberg (FALCON-4) | BEY (Beirut) | 20:59Z | alice |"),
        "{tasked}"
    );
    assert!(!tasked.contains("SO-001"), "{tasked}");
}

#[test]
fn every_table_row_with_an_alert_id_has_its_title_beside_it() {
    let r = report();
    for line in r.lines().filter(|l| l.contains("| incidents:INC-2026-")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let at = cells
            .iter()
            .position(|c| c.contains("incidents:INC-2026-"))
            .unwrap();
        let title = cells[at + 1..].join(" | ");
        assert!(
            title.chars().any(|c| c.is_alphabetic()) && !title.starts_with("- |"),
            "no title beside the id in {line}"
        );
    }
}
