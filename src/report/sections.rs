//! The report's sections. Each returns its body, or `None` for "None.".

use crate::domain::event::{Event, EventKind};
use chrono::{DateTime, Utc};

use crate::domain::{AlertState, Severity};
use crate::state::{AlertEntry, Model};

use super::Ctx;
use super::md::{esc, hm, table, title_cell};

/// The alerts the sources raised during the shift, by the source's time
/// (not when a console first saw them): critical to medium listed, low and
/// info counted. An alert the journal saw raised that no feed reports now
/// is listed at the time it was first seen.
pub fn raised(cx: &Ctx) -> Option<String> {
    let in_shift = |t: DateTime<Utc>| t >= cx.starts && t <= cx.as_of;
    let mut items: Vec<(DateTime<Utc>, &str, Severity, Option<&AlertEntry>)> = cx
        .model
        .alerts
        .entries
        .iter()
        .filter(|e| in_shift(e.alert.reported_at))
        .map(|e| {
            (
                e.alert.reported_at,
                e.alert.id.as_str(),
                e.alert.severity,
                Some(e),
            )
        })
        .collect();
    for e in &cx.events {
        if let EventKind::Raised {
            alert,
            severity,
            reraise: false,
        } = &e.kind
        {
            if cx.model.alerts.get(alert).is_none()
                && !items.iter().any(|(_, id, _, _)| id == alert)
            {
                items.push((e.at, alert.as_str(), *severity, None));
            }
        }
    }
    items.sort_by_key(|(at, id, _, _)| (*at, *id));
    let rows: Vec<Vec<String>> = items
        .iter()
        .filter(|(_, _, sev, _)| *sev > Severity::Low)
        .map(|(at, id, sev, entry)| {
            let (title, now) = match entry {
                Some(a) => {
                    let st = cx.model.status(a, cx.as_of);
                    let now = if st.retired {
                        "cleared".to_string()
                    } else {
                        st.state.as_str().to_string()
                    };
                    (title_cell(&a.alert.title), now)
                }
                None => ("(no longer reported)".to_string(), String::new()),
            };
            vec![
                hm(*at, cx.base),
                esc(id),
                sev.as_str().to_string(),
                title,
                now,
            ]
        })
        .collect();
    let counted = super::open::count_line(
        "Low and info raised, not listed",
        items
            .iter()
            .filter(|(_, _, sev, _)| *sev <= Severity::Low)
            .map(|(_, id, sev, entry)| {
                let new =
                    entry.is_some_and(|a| cx.model.status(a, cx.as_of).state == AlertState::New);
                let _ = id;
                (*sev, new)
            }),
    );
    let mut out = String::new();
    if !rows.is_empty() {
        out.push_str(&table(
            &["Raised", "Alert", "Severity", "Title", "Now"],
            &rows,
        ));
    }
    if let Some(line) = counted {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    (!out.is_empty()).then_some(out)
}

/// Every officer action on an alert (and re-raise, re-open, mute), in time order.
pub fn actions(cx: &Ctx) -> Option<String> {
    let rows: Vec<Vec<String>> = cx
        .events
        .iter()
        .filter_map(|e| {
            let (what, subject) = match &e.kind {
                EventKind::Acknowledged { alert } => ("acknowledged".to_string(), alert),
                EventKind::Escalated {
                    alert,
                    step,
                    target,
                    manual,
                } => (
                    format!(
                        "escalated {} to step {step} ({})",
                        if *manual { "by hand" } else { "automatically" },
                        esc(target)
                    ),
                    alert,
                ),
                EventKind::Resolved { alert } => ("resolved".to_string(), alert),
                EventKind::Reopened { alert } => (
                    "re-opened (reported again after resolve)".to_string(),
                    alert,
                ),
                EventKind::Raised {
                    alert,
                    severity,
                    reraise: true,
                } => (
                    format!("re-raised (source raised severity to {severity})"),
                    alert,
                ),
                EventKind::Snoozed { alert, until } => {
                    (format!("snoozed until {}", hm(*until, cx.base)), alert)
                }
                EventKind::Note { alert } => ("note".to_string(), alert),
                EventKind::Owned { alert } => ("took ownership".to_string(), alert),
                EventKind::Disowned { alert } => ("gave up ownership (undo)".to_string(), alert),
                EventKind::Unacknowledged { alert } => ("unacknowledged (undo)".to_string(), alert),
                EventKind::Unsnoozed { alert } => ("unsnoozed (undo)".to_string(), alert),
                EventKind::Unmuted { station } => {
                    ("unmuted the station (undo)".to_string(), station)
                }
                EventKind::Muted { station, until } => (
                    format!("muted the station until {}", hm(*until, cx.base)),
                    station,
                ),
                _ => return None,
            };
            let title = match &e.kind {
                EventKind::Muted { .. } => cx
                    .model
                    .station(subject)
                    .map_or_else(String::new, |s| title_cell(&s.name)),
                _ => cx.model.alerts.get(subject).map_or_else(
                    || "(no longer reported)".to_string(),
                    |a| title_cell(&a.alert.title),
                ),
            };
            Some(vec![
                hm(e.at, cx.base),
                esc(&e.officer),
                what,
                esc(subject),
                title,
                note(e),
            ])
        })
        .collect();
    (!rows.is_empty()).then(|| {
        table(
            &["Time", "Officer", "Action", "Subject", "Title", "Note"],
            &rows,
        )
    })
}

pub fn levels(cx: &Ctx) -> Option<String> {
    let level = |n: u8| match cx.model.scale.get(n) {
        Some(l) => format!("{n} {}", esc(&l.name)),
        None => n.to_string(),
    };
    let rows: Vec<Vec<String>> = cx
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LevelChanged {
                station, from, to, ..
            } => Some(vec![
                hm(e.at, cx.base),
                station_name(cx.model, station),
                level(*from),
                level(*to),
                if to > from { "raised" } else { "lowered" }.to_string(),
            ]),
            _ => None,
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Time", "Station", "From", "To", "Change"], &rows))
}

/// "SO-001 Amina Diallo (ORCA-1)", or the bare id for an officer the
/// roster does not list.
pub(super) fn officer(model: &Model, id: &str) -> String {
    match model.roster.iter().find(|o| o.id == id) {
        Some(o) => format!("{} {} ({})", esc(id), esc(&o.name), esc(&o.callsign)),
        None => esc(id),
    }
}

pub fn surge(cx: &Ctx) -> Option<String> {
    let officer = |id: &str| officer(cx.model, id);
    let rows: Vec<Vec<String>> = cx
        .events
        .iter()
        .filter_map(|e| {
            let (who, what) = match &e.kind {
                EventKind::SurgeTasked {
                    officer_id,
                    station,
                } => (
                    officer_id,
                    format!("tasked to {}", station_name(cx.model, station)),
                ),
                EventKind::SurgeStoodDown { officer_id } => (
                    officer_id,
                    match tasked_before(cx.model, officer_id, e.seq) {
                        Some(s) => format!("stood down from {}", station_name(cx.model, s)),
                        None => "stood down".to_string(),
                    },
                ),
                _ => return None,
            };
            Some(vec![
                hm(e.at, cx.base),
                esc(&e.officer),
                officer(who),
                what,
                note(e),
            ])
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Time", "By", "Surge officer", "Action", "Note"], &rows))
}

pub fn watch_log(cx: &Ctx) -> Option<String> {
    let rows: Vec<Vec<String>> = cx
        .events
        .iter()
        .filter(|e| e.kind == EventKind::WatchLog)
        .map(|e| vec![hm(e.at, cx.base), esc(&e.officer), note(e)])
        .collect();
    (!rows.is_empty()).then(|| table(&["Time", "Officer", "Entry"], &rows))
}

/// Who had a console open during the shift (from the consoles' heartbeats),
/// by login and desk, with when they came and went.
pub fn on_watch(cx: &Ctx, shift: &crate::domain::watch::ShiftInstance) -> Option<String> {
    let to = shift.ends.min(cx.now);
    let rows: Vec<Vec<String>> = cx
        .model
        .journal
        .presence
        .during(shift.starts, to)
        .iter()
        .map(|s| {
            vec![
                esc(&s.officer),
                esc(s.desk.as_deref().unwrap_or("all")),
                esc(&s.host),
                hm(s.from, cx.base),
                match s.closed || s.last < to - crate::state::presence::ON_WATCH {
                    true => hm(s.last, cx.base),
                    false => "still on watch".to_string(),
                },
            ]
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Officer", "Desk", "Host", "From", "To"], &rows))
}

/// The station an officer was last tasked to before journal event `seq`.
fn tasked_before<'a>(model: &'a Model, officer_id: &str, seq: i64) -> Option<&'a str> {
    model
        .journal
        .events
        .iter()
        .take_while(|e| e.seq < seq)
        .filter_map(|e| match &e.kind {
            EventKind::SurgeTasked {
                officer_id: o,
                station,
            } if o == officer_id => Some(station.as_str()),
            _ => None,
        })
        .last()
}

/// "KBL (Kabul)", or the bare id for a station the feeds do not report.
pub(super) fn station_name(model: &Model, id: &str) -> String {
    match model.station(id) {
        Some(s) => format!("{} ({})", esc(id), esc(&s.name)),
        None => esc(id),
    }
}

fn note(e: &Event) -> String {
    e.note.as_deref().map(esc).unwrap_or_default()
}
