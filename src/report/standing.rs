//! What stands as the shift hands over: alerts snoozed to come back during
//! the next shift, stations muted, and surge officers tasked.

use chrono::{DateTime, Utc};

use crate::domain::{AlertState, Severity};

use super::Ctx;
use super::md::{esc, hm, table, title_cell};
use super::open::plural;

/// Alerts snoozed as of the report's time that come back before the next
/// shift ends (soonest first), and a count of those snoozed for longer.
pub fn snoozed(cx: &Ctx, next_ends: DateTime<Utc>) -> Option<String> {
    let mut snoozed: Vec<(DateTime<Utc>, &str, &crate::state::AlertJournal)> = cx
        .model
        .journal
        .alerts
        .iter()
        .filter(|(_, j)| j.state() != AlertState::Resolved)
        .filter_map(|(id, j)| {
            j.snoozed_until
                .filter(|u| *u > cx.as_of)
                .map(|u| (u, id.as_str(), j))
        })
        .collect();
    snoozed.sort_by_key(|(u, id, _)| (*u, *id));
    let (soon, later): (Vec<_>, Vec<_>) = snoozed.iter().partition(|(u, _, _)| *u <= next_ends);
    let rows: Vec<Vec<String>> = soon
        .iter()
        .map(|(until, id, j)| {
            let entry = cx.model.alerts.get(id);
            vec![
                hm(*until, cx.base),
                esc(id),
                entry.map_or_else(String::new, |e| e.alert.severity.as_str().to_string()),
                entry.map_or_else(
                    || "(no longer reported)".to_string(),
                    |e| title_cell(&e.alert.title),
                ),
                j.state().as_str().to_string(),
            ]
        })
        .collect();
    if rows.is_empty() && later.is_empty() {
        return None;
    }
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("Nothing comes back before the next shift ends.\n");
    } else {
        out.push_str(&table(
            &["Returns", "Alert", "Severity", "Title", "State"],
            &rows,
        ));
    }
    if !later.is_empty() {
        let n = later.len();
        let severities: Vec<Severity> = later
            .iter()
            .filter_map(|(_, id, _)| cx.model.alerts.get(id).map(|e| e.alert.severity))
            .collect();
        let worst = severities
            .iter()
            .max()
            .map_or(String::new(), |s| format!(", the most severe {s}"));
        out.push_str(&format!(
            "\n{n} more alert{} snoozed until after the next shift{worst}.\n",
            plural(n)
        ));
    }
    Some(out)
}

/// Stations muted as of the report's time, soonest to unmute first.
pub fn muted(cx: &Ctx) -> Option<String> {
    let mut mutes: Vec<_> = cx
        .model
        .journal
        .mutes
        .iter()
        .filter(|(_, m)| m.until > cx.as_of)
        .collect();
    mutes.sort_by_key(|(station, m)| (m.until, station.as_str()));
    let rows: Vec<Vec<String>> = mutes
        .iter()
        .map(|(station, m)| {
            vec![
                esc(station),
                cx.model
                    .station(station)
                    .map_or_else(String::new, |s| title_cell(&s.name)),
                hm(m.until, cx.base),
                esc(&m.by),
                esc(&m.reason),
            ]
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Station", "Name", "Until", "By", "Reason"], &rows))
}

/// Surge officers tasked as of the report's time, by officer id.
pub fn tasked(cx: &Ctx) -> Option<String> {
    let mut taskings: Vec<_> = cx.model.journal.taskings.iter().collect();
    taskings.sort_by_key(|(officer, _)| officer.as_str());
    let rows: Vec<Vec<String>> = taskings
        .iter()
        .filter(|(_, t)| t.at <= cx.as_of)
        .map(|(officer, t)| {
            vec![
                super::sections::officer(cx.model, officer),
                super::sections::station_name(cx.model, &t.station),
                hm(t.at, cx.base),
                esc(&t.by),
            ]
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Surge officer", "Station", "Since", "By"], &rows))
}
