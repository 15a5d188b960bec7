//! `[watch]` (time zone, day start, shifts) and `[[escalation]]` validation.

use std::time::Duration;

use chrono::NaiveTime;
use chrono_tz::Tz;

use super::file::{FileEscalation, FileWatch, S};
use super::validate::{R, V};
use super::{EscalationPolicy, EscalationStep, Shift, WatchConfig};
use crate::domain::severity::Severity;

pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

fn time(s: &S<String>, key: &str, v: &V<'_>) -> R<NaiveTime> {
    match parse_time(s.get_ref()) {
        Some(t) => Ok(t),
        None => v.err(
            s,
            key,
            format!(
                "bad time {:?} (use 24-hour HH:MM, e.g. \"06:00\" or \"22:30\")",
                s.get_ref()
            ),
        ),
    }
}

pub(crate) fn watch(w: &FileWatch, v: &V<'_>) -> R<WatchConfig> {
    let timezone = match &w.timezone {
        None => Tz::UTC,
        Some(t) => match t.get_ref().trim().parse::<Tz>() {
            Ok(tz) => tz,
            Err(_) => {
                let msg = format!(
                    "unknown time zone {:?} (use an IANA name such as \"UTC\", \"Europe/Zurich\" or \"Asia/Kabul\")",
                    t.get_ref()
                );
                return v.err(t, "watch.timezone", msg);
            }
        },
    };
    let day_starts = match &w.day_starts {
        None => NaiveTime::from_hms_opt(6, 0, 0).unwrap_or(NaiveTime::MIN),
        Some(d) => time(d, "watch.day_starts", v)?,
    };
    let mut shifts = match &w.shifts {
        None => [("Alpha", 6), ("Bravo", 14), ("Charlie", 22)]
            .iter()
            .map(|(n, h)| Shift {
                name: n.to_string(),
                start: NaiveTime::from_hms_opt(*h, 0, 0).unwrap_or(NaiveTime::MIN),
            })
            .collect(),
        Some(list) => {
            if list.get_ref().is_empty() {
                return v.err(
                    list,
                    "watch.shifts",
                    "no shifts (give at least one, e.g. { name = \"Alpha\", start = \"06:00\" })",
                );
            }
            let mut out: Vec<Shift> = Vec::new();
            for (i, s) in list.get_ref().iter().enumerate() {
                let s = s.get_ref();
                let name = s.name.get_ref().trim();
                if name.is_empty() {
                    return v.err(
                        &s.name,
                        format!("watch.shifts[{i}].name"),
                        "empty shift name",
                    );
                }
                if out.iter().any(|o| o.name == name) {
                    return v.err(
                        &s.name,
                        format!("watch.shifts[{i}].name"),
                        format!("shift {name:?} is named twice"),
                    );
                }
                let start = time(&s.start, &format!("watch.shifts[{i}].start"), v)?;
                if let Some(o) = out.iter().find(|o| o.start == start) {
                    let msg = format!(
                        "shift {name:?} starts at {} like shift {:?} (each shift needs its own start)",
                        start.format("%H:%M"),
                        o.name
                    );
                    return v.err(&s.start, format!("watch.shifts[{i}].start"), msg);
                }
                out.push(Shift {
                    name: name.to_string(),
                    start,
                });
            }
            out
        }
    };
    // Chronological from day_starts, so "the next shift" is the next one.
    shifts.sort_by_key(|s| (s.start - day_starts).num_seconds().rem_euclid(86_400));
    let reports_dir = w
        .reports_dir
        .as_ref()
        .map(|r| v.path(r, "watch.reports_dir"))
        .transpose()?;
    Ok(WatchConfig {
        timezone,
        day_starts,
        shifts,
        reports_dir,
    })
}

fn default_escalation() -> Vec<EscalationPolicy> {
    let step = |m: u64, to: &str| EscalationStep {
        after: Duration::from_secs(m * 60),
        to: to.to_string(),
    };
    vec![
        EscalationPolicy {
            severity: Severity::Critical,
            steps: vec![
                step(5, "desk-officer"),
                step(15, "chief-regional-operations"),
                step(30, "duty-director"),
            ],
            ack_timeout: Some(Duration::from_secs(2 * 3600)),
        },
        EscalationPolicy {
            severity: Severity::High,
            steps: vec![step(15, "desk-officer")],
            ack_timeout: None,
        },
    ]
}

pub(crate) fn escalation(
    e: Option<&S<Vec<FileEscalation>>>,
    v: &V<'_>,
) -> R<Vec<EscalationPolicy>> {
    let Some(list) = e else {
        return Ok(default_escalation());
    };
    let mut out: Vec<EscalationPolicy> = Vec::new();
    for (i, p) in list.get_ref().iter().enumerate() {
        let key = format!("escalation[{i}]");
        let severity = p
            .severity
            .get_ref()
            .parse::<Severity>()
            .or_else(|e| v.err(&p.severity, format!("{key}.severity"), e.to_string()))?;
        if out.iter().any(|o| o.severity == severity) {
            let msg = format!(
                "a second policy for severity {severity} (one [[escalation]] per severity)"
            );
            return v.err(&p.severity, format!("{key}.severity"), msg);
        }
        if p.steps.get_ref().is_empty() {
            return v.err(
                &p.steps,
                format!("{key}.steps"),
                "no steps (e.g. steps = [ { after = \"5m\", to = \"desk-officer\" } ])",
            );
        }
        let mut steps: Vec<EscalationStep> = Vec::new();
        for (j, s) in p.steps.get_ref().iter().enumerate() {
            let s = s.get_ref();
            let after = v.duration(&s.after, &format!("{key}.steps[{j}].after"))?;
            if let Some(prev) = steps.last()
                && after <= prev.after
            {
                let msg = format!(
                    "step after {:?} does not come later than the step before it ({}); steps' after must strictly increase",
                    s.after.get_ref(),
                    crate::domain::duration::format_compact(prev.after)
                );
                return v.err(&s.after, format!("{key}.steps[{j}].after"), msg);
            }
            let to = s.to.get_ref().trim();
            if to.is_empty() {
                return v.err(
                    &s.to,
                    format!("{key}.steps[{j}].to"),
                    "empty target (name who is escalated to, e.g. \"desk-officer\")",
                );
            }
            steps.push(EscalationStep {
                after,
                to: to.to_string(),
            });
        }
        let ack_timeout = match &p.ack_timeout {
            // parse_duration refuses zero: an acknowledgement always holds a while.
            Some(d) => Some(v.duration(d, &format!("{key}.ack_timeout"))?),
            None => None,
        };
        out.push(EscalationPolicy {
            severity,
            steps,
            ack_timeout,
        });
    }
    Ok(out)
}
