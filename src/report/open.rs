//! The open alerts as the incoming officer needs them: the unacknowledged
//! critical and high first, then the rest of critical, high and medium,
//! and low and info as counts only.

use crate::domain::{AlertState, Severity};
use crate::state::{AlertEntry, AlertStatus, Model};

use super::Ctx;
use super::md::{esc, hm, span, table, title_cell};

/// Stations listed per alert before "+N more".
const MAX_STATIONS: usize = 5;

/// The model's alerts open as of the report's time: reported by then and
/// neither resolved nor retired.
pub(super) fn open_alerts_of<'a>(cx: &Ctx<'a>) -> Vec<(&'a AlertEntry, AlertStatus<'a>)> {
    let model: &'a Model = cx.model;
    let mut open: Vec<_> = model
        .alerts
        .entries
        .iter()
        .filter(|e| e.alert.reported_at <= cx.as_of)
        .map(|e| (e, model.status(e, cx.as_of)))
        .filter(|(_, st)| st.state != AlertState::Resolved && !st.retired)
        .collect();
    // Most severe first; within a severity new before acknowledged, then
    // the longest waiting first.
    open.sort_by(|(a, sa), (b, sb)| {
        (
            std::cmp::Reverse(a.alert.severity),
            sa.state,
            a.alert.reported_at,
            &a.alert.id,
        )
            .cmp(&(
                std::cmp::Reverse(b.alert.severity),
                sb.state,
                b.alert.reported_at,
                &b.alert.id,
            ))
    });
    open
}

/// Critical or high, nobody has acknowledged it, and it is neither cleared
/// by its source nor snoozed: what the status bar counts as new, so the
/// handover's "needs action" and the console say the same number. A
/// cleared or snoozed one is listed with the other open alerts, saying so.
fn needs_attention(e: &AlertEntry, st: &AlertStatus) -> bool {
    e.alert.severity >= Severity::High && st.state == AlertState::New && !st.cleared && !st.snoozed
}

/// Low and info are counted, not listed.
fn counted_only(s: Severity) -> bool {
    s <= Severity::Low
}

/// The header's lines about the open alerts: "- **Needs action:** 3
/// unacknowledged critical or high" and "- **Open:** 10 alerts (2
/// critical, 3 high)".
pub fn open_summary(cx: &Ctx) -> String {
    let open = open_alerts_of(cx);
    if open.is_empty() {
        return "- **Open:** no alerts\n".to_string();
    }
    let attention = open.iter().filter(|(e, st)| needs_attention(e, st)).count();
    let counts: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter_map(|&s| {
            let n = open.iter().filter(|(e, _)| e.alert.severity == s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let attention = match attention {
        0 => "nothing unacknowledged at critical or high".to_string(),
        n => format!("{n} unacknowledged critical or high"),
    };
    format!(
        "- **Needs action:** {attention}\n- **Open:** {} alert{} ({})\n",
        open.len(),
        plural(open.len()),
        counts.join(", ")
    )
}

/// The unacknowledged critical and high alerts under a heading per
/// severity, most severe and longest waiting first.
pub fn attention(cx: &Ctx) -> Option<String> {
    let open = open_alerts_of(cx);
    let mut out = String::new();
    for sev in [Severity::Critical, Severity::High] {
        let rows: Vec<Vec<String>> = open
            .iter()
            .filter(|(e, st)| e.alert.severity == sev && needs_attention(e, st))
            .map(|(e, st)| {
                let a = &e.alert;
                let mut notes = Vec::new();
                if let Some(j) = st.journal.filter(|j| j.escalation_level > 0) {
                    notes.push(format!(
                        "escalated, step {}: {}",
                        j.escalation_level,
                        esc(j.escalation_target.as_deref().unwrap_or("?"))
                    ));
                }
                let also = flags(cx, st);
                if !also.is_empty() {
                    notes.push(also);
                }
                vec![
                    esc(&a.id),
                    title_cell(&a.title),
                    stations(a.stations.iter().map(|s| s.id.as_str())),
                    raised_cell(cx, a.reported_at),
                    notes.join("; "),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("### {} ({})\n\n", title_case(sev), rows.len()));
        out.push_str(&table(
            &["Alert", "Title", "Stations", "Raised", "Notes"],
            &rows,
        ));
    }
    (!out.is_empty()).then_some(out)
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

/// The other open alerts down to medium, then low and info by count.
pub fn others(cx: &Ctx) -> Option<String> {
    let open = open_alerts_of(cx);
    let rows: Vec<Vec<String>> = open
        .iter()
        .filter(|(e, st)| !needs_attention(e, st) && !counted_only(e.alert.severity))
        .map(|(e, st)| {
            let a = &e.alert;
            let mut state = vec![state_text(cx, st)];
            let also = flags(cx, st);
            if !also.is_empty() {
                state.push(also);
            }
            vec![
                esc(&a.id),
                a.severity.as_str().to_string(),
                title_cell(&a.title),
                stations(a.stations.iter().map(|s| s.id.as_str())),
                raised_cell(cx, a.reported_at),
                state.join("; "),
            ]
        })
        .collect();
    let counted = count_line(
        "Low and info, not listed",
        open.iter()
            .filter(|(e, _)| counted_only(e.alert.severity))
            .map(|(e, st)| (e.alert.severity, st.state == AlertState::New)),
    );
    if rows.is_empty() && counted.is_none() {
        return None;
    }
    let mut out = String::new();
    if !rows.is_empty() {
        out.push_str(&table(
            &["Alert", "Severity", "Title", "Stations", "Raised", "State"],
            &rows,
        ));
    }
    if let Some(line) = counted {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    Some(out)
}

/// "Low and info, not listed: 3 low (1 unacknowledged), 1 info." from
/// (severity, unacknowledged) pairs; `None` when there are none.
pub(super) fn count_line(
    lead: &str,
    items: impl Iterator<Item = (Severity, bool)>,
) -> Option<String> {
    let items: Vec<(Severity, bool)> = items.collect();
    let parts: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter_map(|&s| {
            let n = items.iter().filter(|(sev, _)| *sev == s).count();
            let new = items.iter().filter(|(sev, new)| *sev == s && *new).count();
            match (n, new) {
                (0, _) => None,
                (n, 0) => Some(format!("{n} {s}")),
                (n, new) => Some(format!("{n} {s} ({new} unacknowledged)")),
            }
        })
        .collect();
    (!parts.is_empty()).then(|| format!("{lead}: {}.\n", parts.join(", ")))
}

/// The source's time of the alert and how long ago that was.
pub(super) fn raised_cell(cx: &Ctx, at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{} ({} ago)", hm(at, cx.base), span(at, cx.as_of))
}

/// Snoozed, cleared by the source, station muted.
fn flags(cx: &Ctx, st: &AlertStatus) -> String {
    let mut parts = Vec::new();
    if st.snoozed {
        if let Some(t) = st.journal.and_then(|j| j.snoozed_until) {
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

fn state_text(cx: &Ctx, st: &AlertStatus) -> String {
    let j = st.journal;
    let mut text = match st.state {
        AlertState::Acknowledged => {
            let by = j.and_then(|j| j.acked_by.as_deref()).unwrap_or("?");
            match j.and_then(|j| j.acked_at) {
                Some(at) => format!("acknowledged by {} at {}", esc(by), hm(at, cx.base)),
                None => format!("acknowledged by {}", esc(by)),
            }
        }
        other => other.as_str().to_string(),
    };
    if let Some(n) = j.map(|j| j.escalation_level).filter(|n| *n > 0) {
        text.push_str(&format!(", escalation step {n}"));
    }
    text
}

/// "KBL, MGQ", at most five then "+N more"; "-" for none.
pub(super) fn stations<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.collect();
    let mut out: Vec<String> = ids.iter().take(MAX_STATIONS).map(|s| esc(s)).collect();
    if ids.len() > MAX_STATIONS {
        out.push(format!("+{} more", ids.len() - MAX_STATIONS));
    }
    out.join(", ")
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
