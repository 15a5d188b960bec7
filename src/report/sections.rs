//! The report's sections. Each returns its body, or `None` for "None.".

use crate::domain::event::{Event, EventKind};
use crate::domain::{AlertState, Severity};
use crate::state::{AlertEntry, AlertStatus, Model};

use super::Ctx;
use super::md::{esc, hm, span, table};

/// Stations listed per alert before "+N more".
const MAX_STATIONS: usize = 5;

/// The model's alerts that are neither resolved nor retired, with status.
fn open_alerts_of<'a>(cx: &Ctx<'a>) -> Vec<(&'a AlertEntry, AlertStatus<'a>)> {
    let model: &'a Model = cx.model;
    model
        .alerts
        .entries
        .iter()
        .map(|e| (e, model.status(e, cx.now)))
        .filter(|(_, st)| st.state != AlertState::Resolved && !st.retired)
        .collect()
}

/// "10 open alerts (2 critical, 3 high)" for the header.
pub fn open_summary(cx: &Ctx) -> String {
    let open = open_alerts_of(cx);
    if open.is_empty() {
        return "no open alerts".to_string();
    }
    let counts: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter_map(|&s| {
            let n = open.iter().filter(|(e, _)| e.alert.severity == s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    format!(
        "{} open alert{} ({})",
        open.len(),
        plural(open.len()),
        counts.join(", ")
    )
}

pub fn open_alerts(cx: &Ctx) -> Option<String> {
    let mut open = open_alerts_of(cx);
    if open.is_empty() {
        return None;
    }
    // New before acknowledged, then the longest waiting first.
    open.sort_by(|(a, sa), (b, sb)| {
        (sa.state, a.alert.reported_at, &a.alert.id).cmp(&(
            sb.state,
            b.alert.reported_at,
            &b.alert.id,
        ))
    });
    let mut out = format!("As of {}.\n\n", super::md::full(cx.now));
    for sev in Severity::ALL_DESC {
        let rows: Vec<Vec<String>> = open
            .iter()
            .filter(|(e, _)| e.alert.severity == sev)
            .map(|(e, st)| {
                let a = &e.alert;
                let j = st.journal;
                let escalation = match j.map_or(0, |j| j.escalation_level) {
                    0 => "none".to_string(),
                    n => format!(
                        "step {n}: {}",
                        esc(j
                            .and_then(|j| j.escalation_target.as_deref())
                            .unwrap_or("?"))
                    ),
                };
                vec![
                    esc(&a.id),
                    esc(&a.title),
                    stations(a.stations.iter().map(|s| s.id.as_str())),
                    state_text(cx, st),
                    escalation,
                    span(a.reported_at, cx.now),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("### {} ({})\n\n", title_case(sev), rows.len()));
        out.push_str(&table(
            &["Alert", "Title", "Stations", "State", "Escalation", "Age"],
            &rows,
        ));
        out.push('\n');
    }
    out.pop();
    Some(out)
}

fn state_text(cx: &Ctx, st: &AlertStatus) -> String {
    let j = st.journal;
    let mut parts = vec![match st.state {
        AlertState::Acknowledged => {
            let by = j.and_then(|j| j.acked_by.as_deref()).unwrap_or("?");
            match j.and_then(|j| j.acked_at) {
                Some(at) => format!("acknowledged by {} at {}", esc(by), hm(at, cx.base)),
                None => format!("acknowledged by {}", esc(by)),
            }
        }
        other => other.as_str().to_string(),
    }];
    if st.snoozed {
        if let Some(t) = j.and_then(|j| j.snoozed_until) {
            parts.push(format!("snoozed until {}", hm(t, cx.base)));
        }
    }
    if st.cleared {
        parts.push("cleared by the source".to_string());
    }
    if st.muted {
        parts.push("station muted".to_string());
    }
    parts.join("; ")
}

pub fn raised(cx: &Ctx) -> Option<String> {
    let rows: Vec<Vec<String>> = cx
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Raised {
                alert,
                severity,
                reraise: false,
            } => {
                let entry = cx.model.alerts.get(alert);
                let title = entry.map_or_else(
                    || "(no longer reported)".to_string(),
                    |a| esc(&a.alert.title),
                );
                let now = entry.map_or_else(String::new, |a| {
                    let st = cx.model.status(a, cx.now);
                    if st.retired {
                        "cleared".to_string()
                    } else {
                        st.state.as_str().to_string()
                    }
                });
                Some(vec![
                    hm(e.at, cx.base),
                    esc(alert),
                    severity.as_str().to_string(),
                    title,
                    now,
                ])
            }
            _ => None,
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Time", "Alert", "Severity", "Title", "Now"], &rows))
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
                EventKind::Muted { station, until } => (
                    format!("muted the station until {}", hm(*until, cx.base)),
                    station,
                ),
                _ => return None,
            };
            Some(vec![
                hm(e.at, cx.base),
                esc(&e.officer),
                what,
                esc(subject),
                note(e),
            ])
        })
        .collect();
    (!rows.is_empty()).then(|| table(&["Time", "Officer", "Action", "Subject", "Note"], &rows))
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

pub fn surge(cx: &Ctx) -> Option<String> {
    let officer = |id: &str| match cx.model.roster.iter().find(|o| o.id == id) {
        Some(o) => format!("{} {} ({})", esc(id), esc(&o.name), esc(&o.callsign)),
        None => esc(id),
    };
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
fn station_name(model: &Model, id: &str) -> String {
    match model.station(id) {
        Some(s) => format!("{} ({})", esc(id), esc(&s.name)),
        None => esc(id),
    }
}

/// "KBL, MGQ", at most five then "+N more"; "-" for none.
fn stations<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.collect();
    let mut out: Vec<String> = ids.iter().take(MAX_STATIONS).map(|s| esc(s)).collect();
    if ids.len() > MAX_STATIONS {
        out.push(format!("+{} more", ids.len() - MAX_STATIONS));
    }
    out.join(", ")
}

fn note(e: &Event) -> String {
    e.note.as_deref().map(esc).unwrap_or_default()
}

fn title_case(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
