//! At most one notification per window: the first goes out at once; the
//! rest of the window's notices are held and sent as one summary when the
//! window ends ("5 new alerts: 2 critical, 3 high"). Sending a summary
//! opens a new window, so a long burst yields one notification per window.
//!
//! Pure: the caller passes the time, sends what comes back, and calls
//! [`Coalescer::due`] at [`Coalescer::next_due`] (a timer, or its tick).

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Notice;
use crate::domain::Severity;

/// The SPEC's window: one notification per 10 seconds.
pub const WINDOW: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Coalescer {
    window: chrono::Duration,
    /// End of the window opened by the last notification sent.
    window_end: Option<DateTime<Utc>>,
    /// Notices waiting for the window to end, oldest first.
    held: Vec<Notice>,
}

impl Coalescer {
    pub fn new(window: Duration) -> Self {
        Coalescer {
            window: chrono::Duration::from_std(window).unwrap_or(chrono::Duration::seconds(10)),
            window_end: None,
            held: Vec::new(),
        }
    }

    /// A notice happened at `now`. Returns (title, body) to send now, or
    /// `None` when it is held for the window's summary. Notices that are not
    /// [`Notice::notifiable`] (alerts below high) are ignored.
    pub fn push(&mut self, now: DateTime<Utc>, n: Notice) -> Option<(String, String)> {
        if !n.notifiable() {
            return None;
        }
        self.held.push(n);
        if self.in_window(now) {
            return None;
        }
        // No window open (or a summary was never collected): send everything now.
        self.flush(now)
    }

    /// The held summary, if its window has ended by `now`.
    pub fn due(&mut self, now: DateTime<Utc>) -> Option<(String, String)> {
        if self.held.is_empty() || self.in_window(now) {
            return None;
        }
        self.flush(now)
    }

    /// When [`Coalescer::due`] will have something: the end of the window,
    /// while notices are held.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        if self.held.is_empty() {
            None
        } else {
            self.window_end
        }
    }

    /// Notices held for the next summary.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// Inside the open window. A clock that stepped back before the window
    /// began does not hold notices for longer than one window.
    fn in_window(&self, now: DateTime<Utc>) -> bool {
        self.window_end
            .is_some_and(|end| now < end && now >= end - self.window)
    }

    fn flush(&mut self, now: DateTime<Utc>) -> Option<(String, String)> {
        let text = summary(&self.held)?;
        self.held.clear();
        self.window_end = Some(now + self.window);
        Some(text)
    }
}

/// One notice's own text; several as "5 new alerts: 2 critical, 3 high.
/// 3 escalations, up to step 2. Most severe: TITLE at KBL".
pub fn summary(notices: &[Notice]) -> Option<(String, String)> {
    match notices {
        [] => return None,
        [one] => return Some(one.text()),
        _ => {}
    }
    let mut counts = [0usize; 5];
    let mut alerts = 0;
    let mut worst: Option<(Severity, &str, Option<&str>)> = None;
    let mut escalations = 0;
    let mut top_step = 0;
    let mut escalated: Vec<String> = Vec::new();
    let mut expired: Vec<String> = Vec::new();
    for n in notices {
        match n {
            Notice::NewAlert {
                severity,
                title,
                station,
                ..
            } => {
                alerts += 1;
                counts[*severity as usize] += 1;
                if worst.is_none_or(|(s, _, _)| *severity > s) {
                    worst = Some((*severity, title, station.as_deref()));
                }
            }
            Notice::Escalated { step, .. } => {
                escalations += 1;
                top_step = top_step.max(*step);
                if let Some(a) = n.escalated_alert() {
                    escalated.push(format!("{a} (step {step})"));
                }
            }
            Notice::AckExpired { id, by, .. } => expired.push(format!("{id} (by {by})")),
        }
    }
    let mut heads = Vec::new();
    let mut body = Vec::new();
    if alerts > 0 {
        let head = format!("{alerts} new alert{}", plural(alerts));
        let by: Vec<String> = Severity::ALL_DESC
            .iter()
            .filter(|&&s| counts[s as usize] > 0)
            .map(|&s| format!("{} {s}", counts[s as usize]))
            .collect();
        body.push(format!("{head}: {}", by.join(", ")));
        heads.push(head);
    }
    if escalations > 0 {
        let head = format!("{escalations} escalation{}", plural(escalations));
        // Name them: the officer must know which alerts, not only how many.
        const NAMED: usize = 3;
        let mut named = escalated
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if escalated.len() > NAMED {
            named.push_str(&format!(" and {} more", escalated.len() - NAMED));
        }
        body.push(format!("{head}, up to step {top_step}: {named}"));
        heads.push(head);
    }
    if !expired.is_empty() {
        let n = expired.len();
        let head = format!("{n} acknowledgement{} expired", plural(n));
        body.push(format!("{head}, not resolved: {}", expired.join(", ")));
        heads.push(head);
    }
    if let Some((_, title, station)) = worst {
        let label = if alerts > 1 { "Most severe" } else { "Alert" };
        body.push(match station {
            Some(s) => format!("{label}: {title} at {s}"),
            None => format!("{label}: {title}"),
        });
    }
    Some((heads.join(", "), body.join(". ")))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
